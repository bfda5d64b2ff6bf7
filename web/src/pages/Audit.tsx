import { useQuery } from '@tanstack/react-query';
import { Alert, Card, Form, Input, Table, Typography } from 'antd';
import { api, call } from '../api/client';
import { instant } from '../format';
import { actionName, roleName } from '../labels';
import { Link, navigate, usePath } from '../router';

/** 审计: every recorded step of one case, who did it, when and under which role (auditors, supervisors). */
export default function Audit() {
  const path = usePath();
  const caseId = new URLSearchParams(path.split('?')[1] ?? '').get('caseId') ?? '';
  const trail = useQuery({
    queryKey: ['audit', caseId],
    enabled: Boolean(caseId),
    queryFn: () => call(api.GET('/v1/audit', { params: { query: { caseId } } })),
  });
  return (
    <Card title={<Typography.Title level={4} style={{ margin: 0 }}>审计记录</Typography.Title>}>
      <Form layout="inline" style={{ marginBottom: 16 }} onFinish={(v: { caseId: string }) => navigate(`/audit?caseId=${encodeURIComponent(v.caseId.trim())}`)} initialValues={{ caseId }}>
        <Form.Item name="caseId" label="案件编号" rules={[{ required: true, message: '请输入案件编号' }]}>
          <Input.Search style={{ width: 360 }} enterButton="查询" onSearch={(v) => v.trim() && navigate(`/audit?caseId=${encodeURIComponent(v.trim())}`)} />
        </Form.Item>
      </Form>
      {trail.error && <Alert type="error" showIcon title={trail.error.message} style={{ marginBottom: 16 }} />}
      {caseId && (
        <Typography.Paragraph>
          案件 <Link to={`/cases/${caseId}`}>{caseId}</Link>
        </Typography.Paragraph>
      )}
      <Table
        rowKey="seq"
        size="small"
        loading={trail.isLoading && Boolean(caseId)}
        dataSource={trail.data?.items ?? []}
        pagination={false}
        scroll={{ x: 900 }}
        columns={[
          { title: '序号', dataIndex: 'seq', width: 64 },
          { title: '时间', dataIndex: 'at', render: instant },
          { title: '事项', dataIndex: 'action', render: actionName },
          { title: '角色', key: 'role', render: (_, e) => roleName(e.actor.role) },
          { title: '操作人', key: 'sub', render: (_, e) => (e.actor.sub === 'jiuzhu' ? '系统' : e.actor.sub) },
          { title: '机构', key: 'org', render: (_, e) => e.actor.org },
          { title: '摘要', dataIndex: 'summary' },
          { title: '记录时间', dataIndex: 'recordedAt', render: instant },
        ]}
      />
    </Card>
  );
}
