import { useQuery } from '@tanstack/react-query';
import { Alert, Button, Card, Form, Select, Spin, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { api, call } from '../api/client';
import { signIn, type Role } from '../auth';
import { DEPTS, ORGS, ROLE_NAMES } from '../labels';

interface Pick {
  role: Role;
  org: string;
  dept?: string;
}

const STREETS = Object.keys(ORGS).filter((c) => c.length === 9);
const COUNTIES = Object.keys(ORGS).filter((c) => c.length === 6);

/** Sign-in: a development picker (role, org, department) or the configured OpenID Connect issuer. */
export default function SignIn() {
  const config = useQuery({ queryKey: ['console-config'], queryFn: () => call(api.GET('/console-config')) });
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [form] = Form.useForm<Pick>();
  const role = Form.useWatch('role', form);

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

  async function devSignIn(values: Pick) {
    setBusy(true);
    setError(null);
    try {
      const { token } = await call(api.POST('/dev/token', { body: { role: values.role, org: values.org, ...(values.role === 'approver' && values.dept ? { dept: values.dept as 'minzheng' } : {}) } }));
      signIn(token);
    } catch (err) {
      setError(`登录失败：${(err as Error).message}`);
    } finally {
      setBusy(false);
    }
  }

  const orgs = role === 'caseworker' ? STREETS : COUNTIES;
  return (
    <div style={{ minHeight: '100vh', display: 'flex', alignItems: 'center', justifyContent: 'center', background: '#f5f5f5', padding: 16 }}>
      <Card style={{ width: 420, maxWidth: '100%' }}>
        <Typography.Title level={3} style={{ color: '#c0392b', marginTop: 0 }}>
          救助工作台
        </Typography.Title>
        <Typography.Paragraph type="secondary">社会救助审批 · 一门受理、协同办理</Typography.Paragraph>
        {config.isLoading && <Spin />}
        {error && <Alert type="error" title={error} showIcon style={{ marginBottom: 16 }} />}
        {oidc && (
          <Button type="primary" block size="large" onClick={() => void import('../oidc').then((m) => m.startOidcSignIn(oidc))}>
            统一身份认证登录
          </Button>
        )}
        {config.data?.devSignIn && (
          <>
            {oidc && <Typography.Paragraph style={{ marginTop: 16 }}>或使用开发环境账号：</Typography.Paragraph>}
            <Alert type="warning" showIcon title="开发环境登录：选择角色与机构即可获得令牌（生产环境不提供）" style={{ marginBottom: 16 }} />
            <Form form={form} layout="vertical" initialValues={{ role: 'caseworker', org: STREETS[0] }} onFinish={(values) => void devSignIn(values)} requiredMark={false}>
              <Form.Item label="角色" name="role" rules={[{ required: true }]}>
                <Select
                  options={Object.entries(ROLE_NAMES).map(([value, label]) => ({ value, label }))}
                  onChange={(r: Role) => form.setFieldsValue({ org: r === 'caseworker' ? STREETS[0] : COUNTIES[0] })}
                />
              </Form.Item>
              <Form.Item label={role === 'caseworker' ? '街道/镇' : '区/县'} name="org" rules={[{ required: true, pattern: role === 'caseworker' ? /^\d{9}$/ : /^\d{6}$/, message: role === 'caseworker' ? '请选择或输入9位街道代码' : '请选择或输入6位区县代码' }]}>
                <Select showSearch options={orgs.map((c) => ({ value: c, label: `${ORGS[c]}（${c}）` }))} />
              </Form.Item>
              {role === 'approver' && (
                <Form.Item label="部门" name="dept" initialValue="minzheng">
                  <Select options={Object.entries(DEPTS).map(([value, label]) => ({ value, label }))} />
                </Form.Item>
              )}
              <Button type="primary" htmlType="submit" block loading={busy}>
                登录
              </Button>
            </Form>
          </>
        )}
        {config.data && !config.data.devSignIn && !oidc && <Alert type="error" title="未配置登录方式（OIDC_ISSUER / OIDC_CLIENT_ID）" />}
      </Card>
    </div>
  );
}
