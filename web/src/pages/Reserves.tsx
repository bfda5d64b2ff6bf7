import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Col, Form, Input, InputNumber, Row, Space, Statistic, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { ApiFailure, api, call, type Schemas } from '../api/client';
import { DataTable, type DataColumn } from '../components/DataTable';
import { QueryError } from '../components/QueryError';
import { useCan } from '../me';
import type { Actor } from '../auth';
import { instant, yuan } from '../format';
import { orgName, RESERVE_KINDS } from '../labels';
import { Link, navigate, usePath } from '../router';

type Entry = Schemas['ReserveFund']['entries'][number];

const LEDGER: DataColumn<Entry>[] = [
  { key: 'at', title: '时间', sortBy: 'at', value: (e) => instant(e.at) },
  { key: 'kind', title: '类型', value: (e) => RESERVE_KINDS[e.kind] ?? e.kind },
  { key: 'amountFen', title: '金额', sortBy: 'amountFen', align: 'right', value: (e) => yuan(e.amountFen), render: (e) => <span style={{ color: e.amountFen < 0 ? '#cf1322' : '#389e0d' }}>{yuan(e.amountFen)}</span> },
  { key: 'balanceAfterFen', title: '变动后余额', align: 'right', value: (e) => yuan(e.balanceAfterFen) },
  { key: 'caseId', title: '案件', value: (e) => e.caseId ?? '—', render: (e) => (e.caseId ? <Link to={`/cases/${e.caseId}`}>{e.caseId}</Link> : '—') },
  { key: 'actorSub', title: '经办', value: (e) => e.actorSub },
  { key: 'note', title: '备注', value: (e) => e.note ?? '' },
];

/** 备用金: a street's balance and ledger; the county's overview; replenishment for the county's 民政 approver. */
export default function Reserves({ actor }: { actor: Actor }) {
  const path = usePath();
  const can = useCan();
  const county = can('reserveFunds.overview');
  const overview = useQuery({ queryKey: ['reserves', actor.org], enabled: county, queryFn: () => call(api.GET('/v1/reserve-funds', { params: { query: {} } })) });
  const selected = new URLSearchParams(path.split('?')[1] ?? '').get('orgCode') ?? (county ? overview.data?.items[0]?.orgCode : actor.org);
  const fund = useQuery({
    queryKey: ['reserve', selected],
    enabled: Boolean(selected),
    queryFn: () => call(api.GET('/v1/reserve-funds/{orgCode}', { params: { path: { orgCode: selected ?? '' }, query: { limit: 1 } } })),
  });

  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Typography.Title level={4} style={{ margin: 0 }}>
        临时救助备用金
      </Typography.Title>
      {county && (
        <Card title={`${orgName(actor.org)} 各街道`} size="small">
          {overview.isError ? (
            <QueryError error={overview.error} what="各街道备用金" retry={() => overview.refetch()} />
          ) : (
            <Table
              rowKey="orgCode"
              size="small"
              pagination={false}
              scroll={{ x: 'max-content' }}
              loading={overview.isLoading}
              dataSource={overview.data?.items ?? []}
              locale={{ emptyText: '本区县尚无街道使用备用金' }}
              rowClassName={(r) => (r.orgCode === selected ? 'ant-table-row-selected' : '')}
              onRow={(r) => ({ onClick: () => navigate(`/reserves?orgCode=${r.orgCode}`), style: { cursor: 'pointer' } })}
              columns={[
                { title: '街道', dataIndex: 'orgCode', render: orgName },
                { title: '余额', dataIndex: 'balanceFen', render: (v: number, r) => <Space>{yuan(v)}{r.low && <Tag color="red">余额偏低</Tag>}</Space> },
                { title: '预拨额度', dataIndex: 'presetFen', render: yuan },
                { title: '最近变动', dataIndex: 'updatedAt', render: (v: string | null) => (v ? instant(v) : '未使用') },
              ]}
            />
          )}
        </Card>
      )}
      {selected && (
        <Card title={orgName(selected)}>
          {fund.isError ? (
            <QueryError error={fund.error} what="备用金" retry={() => fund.refetch()} />
          ) : (
            <Row gutter={16} style={{ marginBottom: 16 }}>
              <Col xs={12} md={6}>
                <Statistic title="当前余额" value={fund.data ? yuan(fund.data.balanceFen) : '—'} loading={fund.isLoading} />
              </Col>
              <Col xs={12} md={6}>
                <Statistic title="预拨额度" value={fund.data ? yuan(fund.data.presetFen) : '—'} loading={fund.isLoading} />
              </Col>
            </Row>
          )}
          {can('reserveFunds.replenish') && <Replenish orgCode={selected} />}
          <DataTable<Entry>
            id="reserve-ledger"
            what="备用金台账"
            columns={LEDGER}
            rowKey={(e) => e.id}
            filters={selected}
            emptyText="尚无变动：余额即预拨额度"
            fetch={async (page) => {
              const f = await call(api.GET('/v1/reserve-funds/{orgCode}', { params: { path: { orgCode: selected }, query: page as never } }));
              return { items: f.entries, total: f.entriesTotal };
            }}
          />
        </Card>
      )}
    </Space>
  );
}

function Replenish({ orgCode }: { orgCode: string }) {
  const [form] = Form.useForm<{ amountFen: number; note?: string }>();
  const [problem, setProblem] = useState<string | null>(null);
  const [key, setKey] = useState(() => crypto.randomUUID());
  const queryClient = useQueryClient();
  const { message } = App.useApp();
  const submit = useMutation({
    mutationFn: (body: { amountFen: number; note?: string }) =>
      call(api.POST('/v1/reserve-funds/{orgCode}/replenishments', { params: { path: { orgCode }, header: { 'idempotency-key': key } }, body })),
    onSuccess: () => {
      void message.success('已补充备用金');
      form.resetFields();
      setKey(crypto.randomUUID());
      void queryClient.invalidateQueries({ queryKey: ['reserve', orgCode] });
      void queryClient.invalidateQueries({ queryKey: ['reserve-ledger'] });
      void queryClient.invalidateQueries({ queryKey: ['reserves'] });
    },
    onError: (err) => {
      if (err instanceof ApiFailure && err.fields.length > 0) form.setFields(err.fields.map((f) => ({ name: f.path.split('.'), errors: [f.message] })) as never);
      else setProblem(err.message);
    },
  });
  return (
    <Card size="small" title="补充备用金（区县民政审批人）" style={{ marginBottom: 16 }}>
      {problem && <Alert type="error" title={problem} style={{ marginBottom: 8 }} />}
      <Form form={form} layout="inline" onFinish={(v) => { setProblem(null); submit.mutate(v); }}>
        <Form.Item
          name="amountFen"
          label="金额（元）"
          rules={[{ required: true, message: '请填写金额' }]}
          getValueProps={(fen: number | undefined) => ({ value: fen == null ? fen : fen / 100 })}
          normalize={(v: number | null) => (v == null ? undefined : Math.round(v * 100))}
        >
          <InputNumber min={0.01} precision={2} style={{ width: 200 }} />
        </Form.Item>
        <Form.Item name="note" label="备注">
          <Input maxLength={200} />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={submit.isPending}>
          补充
        </Button>
      </Form>
    </Card>
  );
}
