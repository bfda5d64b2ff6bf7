import { useQuery } from '@tanstack/react-query';
import { Button, Card, Radio, Segmented, Space, Table, Tag, Typography } from 'antd';
import { lazy, Suspense, useState } from 'react';
import { api, call, type Schemas } from '../api/client';
import type { Actor } from '../auth';
import { QueryError } from '../components/QueryError';
import { day, instant } from '../format';
import { COOPERATION_STATUS, orgName } from '../labels';
import { queryParam } from '../router';

const CooperationAnswer = lazy(() => import('../components/CooperationAnswer'));

type Request = Schemas['CooperationRequest'];
type Status = Request['status'];


/**
 * 异地协查 (居住地申办): the requests the caller's county must answer as the 户籍 county — the applicant's
 * name and masked ID, where they live, the due date — with the answer form for its caseworkers; and the
 * requests the county's own cases sent, with their status.
 */
export default function Cooperation({ actor }: { actor: Actor }) {
  const initial = queryParam('status');
  const [status, setStatus] = useState<Status | undefined>(initial === 'open' || initial === 'overdue' || initial === 'answered' ? initial : undefined);
  const [direction, setDirection] = useState<'incoming' | 'outgoing'>(queryParam('direction') === 'outgoing' ? 'outgoing' : 'incoming');
  const [answering, setAnswering] = useState<Request | null>(null);
  const list = useQuery({
    queryKey: ['cooperation-requests', direction, status],
    queryFn: () => call(api.GET('/v1/cooperation-requests', { params: { query: { direction, ...(status ? { status } : {}), limit: 200 } } })),
  });

  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Typography.Title level={4} style={{ margin: 0 }}>
        异地协查 · {orgName(actor.org.slice(0, 6))}
      </Typography.Title>
      <Card size="small">
        <Space wrap size={16}>
          <Segmented
            value={direction}
            onChange={(v) => setDirection(v as 'incoming' | 'outgoing')}
            options={[
              { value: 'incoming', label: '待本区县答复（户籍地）' },
              { value: 'outgoing', label: '本区县发出（居住地）' },
            ]}
          />
          <Radio.Group value={status ?? 'all'} onChange={(e) => setStatus(e.target.value === 'all' ? undefined : (e.target.value as Status))} optionType="button">
            <Radio.Button value="all">全部</Radio.Button>
            <Radio.Button value="open">待答复</Radio.Button>
            <Radio.Button value="overdue">已超期</Radio.Button>
            <Radio.Button value="answered">已答复</Radio.Button>
          </Radio.Group>
        </Space>
      </Card>
      {list.error ? (
        <QueryError error={list.error} what="协查请求" retry={() => list.refetch()} />
      ) : (
        <Table<Request>
          rowKey="requestId"
          loading={list.isLoading}
          dataSource={list.data?.items ?? []}
          pagination={false}
          aria-label="协查请求"
          columns={[
            { title: '申请人', render: (_v, r) => `${r.applicant.name}（${r.applicant.idNumberMasked}）` },
            { title: '居住地', dataIndex: 'orgCode', render: (o: string) => orgName(o) },
            { title: '户籍地', dataIndex: 'toCounty', render: (o: string) => orgName(o) },
            { title: '居住证号码', dataIndex: 'permitNumber' },
            { title: '发出时间', dataIndex: 'requestedAt', render: instant },
            { title: '答复期限', dataIndex: 'dueDate', render: day },
            { title: '状态', dataIndex: 'status', render: (s: Status) => <Tag color={COOPERATION_STATUS[s].color}>{COOPERATION_STATUS[s].text}</Tag> },
            { title: '协查结果', render: (_v, r) => (r.findings ? `${r.findings}${r.householdSituation ? `；${r.householdSituation}` : ''}` : '—') },
            {
              title: '操作',
              render: (_v, r) =>
                r.mayAnswer ? (
                  <Button type="primary" size="small" onClick={() => setAnswering(r)}>
                    答复
                  </Button>
                ) : null,
            },
          ]}
        />
      )}
      {answering && (
        <Suspense fallback={null}>
          <CooperationAnswer requestId={answering.requestId} applicant={answering.applicant.name} onClose={() => setAnswering(null)} />
        </Suspense>
      )}
    </Space>
  );
}
