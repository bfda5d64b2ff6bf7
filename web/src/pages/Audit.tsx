import { useQuery } from '@tanstack/react-query';
import { Card, Form, Input, Typography } from 'antd';
import { api, call, type Schemas } from '../api/client';
import { DataTable, type DataColumn } from '../components/DataTable';
import { QueryError } from '../components/QueryError';
import { datesIn, instant } from '../format';
import { actionName, orgName, roleName } from '../labels';
import { Link, navigate, usePath } from '../router';
import { actorText } from './case-text';

/** A 受理编号 (420106-2026-000123) is searched as one; anything else as an internal case id. */
const searchPath = (text: string) => (/^\d{6}-\d{4}-\d+$/.test(text) ? `/audit?caseNumber=${encodeURIComponent(text)}` : `/audit?caseId=${encodeURIComponent(text)}`);

type Entry = Schemas['AuditEntry'];

const COLUMNS: DataColumn<Entry>[] = [
  { key: 'seq', title: '序号', sortBy: 'seq', width: 64, value: (e) => e.seq },
  { key: 'at', title: '时间', sortBy: 'at', value: (e) => instant(e.at) },
  { key: 'action', title: '事项', value: (e) => actionName(e.action) },
  { key: 'role', title: '角色', value: (e) => roleName(e.actor.role) },
  { key: 'sub', title: '操作人', value: (e) => actorText(e.actor) },
  { key: 'org', title: '机构', value: (e) => orgName(e.actor.org) },
  { key: 'summary', title: '摘要', value: (e) => datesIn(e.summary) },
  { key: 'recordedAt', title: '记录时间', sortBy: 'recordedAt', value: (e) => instant(e.recordedAt) },
];

/** 审计: every recorded step of one case, found by its 受理编号, who did it, when and under which role (auditors, supervisors). */
export default function Audit() {
  const path = usePath();
  const params = new URLSearchParams(path.split('?')[1] ?? '');
  const caseNumber = params.get('caseNumber') ?? '';
  const caseId = caseNumber ? '' : (params.get('caseId') ?? '');
  const asked = caseNumber || caseId;
  const which = caseNumber ? { caseNumber } : { caseId };
  // The case the trail is of (its number and applicant); the table pages through the trail itself.
  const trail = useQuery({
    queryKey: ['audit', caseNumber, caseId, 'head'],
    enabled: Boolean(asked),
    queryFn: () => call(api.GET('/v1/audit', { params: { query: { ...which, limit: 1 } } })),
  });
  const found = trail.data;
  return (
    <Card title={<Typography.Title level={4} style={{ margin: 0 }}>审计记录</Typography.Title>}>
      <Form layout="inline" style={{ marginBottom: 16 }} onFinish={(v: { search: string }) => navigate(searchPath(v.search.trim()))} initialValues={{ search: asked }}>
        <Form.Item name="search" label="受理编号" rules={[{ required: true, message: '请输入受理编号' }]}>
          <Input.Search style={{ width: 360 }} placeholder="如 420106-2026-000123" enterButton="查询" onSearch={(v) => v.trim() && navigate(searchPath(v.trim()))} />
        </Form.Item>
      </Form>
      {trail.error && <QueryError error={trail.error} what="审计记录" retry={() => trail.refetch()} />}
      {found && (
        <>
          <Typography.Paragraph>
            案件 <Link to={`/cases/${encodeURIComponent(found.caseId)}`}>{found.caseNumber}</Link> · {found.applicantName}
          </Typography.Paragraph>
          <DataTable<Entry>
            id="audit"
            what="审计记录"
            columns={COLUMNS}
            rowKey={(e) => e.seq}
            filters={which}
            pageSize={50}
            defaultSort={{ sortBy: 'seq', sortOrder: 'asc' }}
            fetch={(page) => call(api.GET('/v1/audit', { params: { query: { ...which, ...page } as never } }))}
          />
        </>
      )}
    </Card>
  );
}
