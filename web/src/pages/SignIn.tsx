import { useQuery } from '@tanstack/react-query';
import { Alert, Button, Card, Form, Select, Spin, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { api, call } from '../api/client';
import { signIn, type Role } from '../auth';
import { ROLE_NAMES, deptName, orgName } from '../labels';

type Person = { sub: string; name: string; role: Role; org: string; dept?: string };

/** How the picker names a person: 张秀英 · 街道经办人 · 武昌区 积玉桥街道（420106001）. */
const describePerson = (p: Person) => `${p.name} · ${ROLE_NAMES[p.role]}${p.role === 'approver' ? `（${deptName(p.dept)}）` : ''} · ${orgName(p.org)}`;

/** Sign-in: a development picker of named people, or the configured OpenID Connect issuer (names from its token). */
export default function SignIn() {
  const config = useQuery({ queryKey: ['console-config'], queryFn: () => call(api.GET('/console-config')) });
  const people = useQuery({ queryKey: ['dev-people'], queryFn: () => call(api.GET('/dev/people')), enabled: config.data?.devSignIn === true });
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [form] = Form.useForm<{ sub: string }>();

  const oidc = config.data?.oidc;
  useEffect(() => {
    if (!oidc) return;
    void import('../oidc').then(async (m) => {
      if (!m.isOidcCallback()) return;
      try {
        signIn(await m.finishOidcSignIn(oidc));
      } catch {
        setError('统一身份认证登录失败，请重试');
      }
    });
  }, [oidc]);

  const list: Person[] = people.data?.people ?? [];

  async function devSignIn({ sub }: { sub: string }) {
    const p = list.find((x) => x.sub === sub);
    if (!p) return;
    setBusy(true);
    setError(null);
    try {
      const { token } = await call(api.POST('/dev/token', { body: { sub: p.sub, name: p.name, role: p.role, org: p.org, ...(p.dept ? { dept: p.dept as 'minzheng' } : {}) } }));
      signIn(token);
    } catch (err) {
      setError(`登录失败：${(err as Error).message}`);
    } finally {
      setBusy(false);
    }
  }

  // Grouped by role, in the order of the roles' names.
  const groups = Object.entries(ROLE_NAMES)
    .map(([role, label]) => ({ label, options: list.filter((p) => p.role === role).map((p) => ({ value: p.sub, label: describePerson(p) })) }))
    .filter((g) => g.options.length > 0);

  return (
    <div style={{ minHeight: '100vh', display: 'flex', alignItems: 'center', justifyContent: 'center', background: '#f5f5f5', padding: 16 }}>
      <Card style={{ width: 480, maxWidth: '100%' }}>
        <Typography.Title level={3} style={{ color: '#c0392b', marginTop: 0 }}>
          救助工作台
        </Typography.Title>
        <Typography.Paragraph type="secondary">社会救助审批 · 一门受理、协同办理</Typography.Paragraph>
        {(config.isLoading || people.isLoading) && <Spin />}
        {error && <Alert type="error" title={error} showIcon style={{ marginBottom: 16 }} />}
        {oidc && (
          <Button type="primary" block size="large" onClick={() => void import('../oidc').then((m) => m.startOidcSignIn(oidc))}>
            统一身份认证登录
          </Button>
        )}
        {config.data?.devSignIn && (
          <>
            {oidc && <Typography.Paragraph style={{ marginTop: 16 }}>或使用开发环境账号：</Typography.Paragraph>}
            <Alert type="warning" showIcon title="开发环境登录：选择一位工作人员即可获得令牌（生产环境不提供）" style={{ marginBottom: 16 }} />
            {people.error && <Alert type="error" showIcon title={`无法加载开发环境人员：${people.error.message}`} style={{ marginBottom: 16 }} />}
            {list.length > 0 && (
              <Form form={form} layout="vertical" initialValues={{ sub: list[0]?.sub }} onFinish={(values) => void devSignIn(values)} requiredMark={false}>
                <Form.Item label="工作人员" name="sub" rules={[{ required: true, message: '请选择工作人员' }]}>
                  <Select showSearch={{ optionFilterProp: 'label' }} options={groups} listHeight={400} />
                </Form.Item>
                <Button type="primary" htmlType="submit" block loading={busy}>
                  登录
                </Button>
              </Form>
            )}
          </>
        )}
        {config.data && !config.data.devSignIn && !oidc && <Alert type="error" title="未配置登录方式（OIDC_ISSUER / OIDC_CLIENT_ID）" />}
      </Card>
    </div>
  );
}
