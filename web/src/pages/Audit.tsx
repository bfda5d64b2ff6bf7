import { useQuery } from '@tanstack/react-query';
import { Card, Form, Input, Table, Typography } from 'antd';
import { api, call } from '../api/client';
import { LoadError } from '../components/LoadError';
import { datesIn, instant } from '../format';
import { actionName, orgName, roleName } from '../labels';
import { Link, navigate, usePath } from '../router';
import { actorText } from './case-text';

/** A 受理编号 (420106-2026-000123) is searched as one; anything else as an internal case id. */
const searchPath = (text: string) => (/^\d{6}-\d{4}-\d+$/.test(text) ? `/audit?caseNumber=${encodeURIComponent(text)}` : `/audit?caseId=${encodeURIComponent(text)}`);

/** 审计: every recorded step of one case, found by its 受理编号, who did it, when and under which role (auditors, supervisors). */
export default function Audit() {
  const path = usePath();
  const params = new URLSearchParams(path.split('?')[1] ?? '');
  const caseNumber = params.get('caseNumber') ?? '';
  const caseId = caseNumber ? '' : (params.get('caseId') ?? '');
  const asked = caseNumber || caseId;
  const trail = useQuery({
    queryKey: ['audit', caseNumber, caseId],
    enabled: Boolean(asked),
    queryFn: () => call(api.GET('/v1/audit', { params: { query: caseNumber ? { caseNumber } : { caseId } } })),
  });
  const found = trail.data;
  return (
    <Card title={<Typography.Title level={4} style={{ margin: 0 }}>审计记录</Typography.Title>}>
      <Form layout="inline" style={{ marginBottom: 16 }} onFinish={(v: { search: string }) => navigate(searchPath(v.search.trim()))} initialValues={{ search: asked }}>
        <Form.Item name="search" label="受理编号" rules={[{ required: true, message: '请输入受理编号' }]}>
          <Input.Search style={{ width: 360 }} placeholder="如 420106-2026-000123" enterButton="查询" onSearch={(v) => v.trim() && navigate(searchPath(v.trim()))} />
        </Form.Item>
      </Form>
      {trail.error && (
        <div style={{ marginBottom: 16 }}>
          <LoadError error={trail.error} what="审计记录" />
        </div>
      )}
      {found && (
        <Typography.Paragraph>
          案件 <Link to={`/cases/${encodeURIComponent(found.caseId)}`}>{found.caseNumber}</Link> · {found.applicantName}
        </Typography.Paragraph>
      )}
      <Table
        rowKey="seq"
        size="small"
        loading={trail.isLoading && Boolean(asked)}
        dataSource={found?.items ?? []}
        pagination={false}
        scroll={{ x: 900 }}
        columns={[
          { title: '序号', dataIndex: 'seq', width: 64 },
          { title: '时间', dataIndex: 'at', render: instant },
          { title: '事项', dataIndex: 'action', render: actionName },
          { title: '角色', key: 'role', render: (_, e) => roleName(e.actor.role) },
          { title: '操作人', key: 'sub', render: (_, e) => actorText(e.actor) },
          { title: '机构', key: 'org', render: (_, e) => orgName(e.actor.org) },
          { title: '摘要', dataIndex: 'summary', render: (s: string) => datesIn(s) },
          { title: '记录时间', dataIndex: 'recordedAt', render: instant },
        ]}
      />
    </Card>
  );
}
