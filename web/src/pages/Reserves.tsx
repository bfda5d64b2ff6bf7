import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Col, Form, Input, InputNumber, Row, Space, Statistic, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { ApiFailure, api, call } from '../api/client';
import type { Actor } from '../auth';
import { instant, yuan } from '../format';
import { orgName, RESERVE_KINDS } from '../labels';
import { Link, navigate, usePath } from '../router';

/** 备用金: a street's balance and ledger; the county's overview; replenishment for the county's 民政 approver. */
export default function Reserves({ actor }: { actor: Actor }) {
  const path = usePath();
  const county = actor.role !== 'caseworker';
  const overview = useQuery({ queryKey: ['reserves', actor.org], enabled: county, queryFn: () => call(api.GET('/v1/reserve-funds', { params: { query: {} } })) });
  const selected = new URLSearchParams(path.split('?')[1] ?? '').get('orgCode') ?? (county ? overview.data?.items[0]?.orgCode : actor.org);
  const fund = useQuery({
    queryKey: ['reserve', selected],
    enabled: Boolean(selected),
    queryFn: () => call(api.GET('/v1/reserve-funds/{orgCode}', { params: { path: { orgCode: selected ?? '' }, query: { limit: 100 } } })),
  });
  const canReplenish = actor.role === 'approver' && (actor.dept ?? 'minzheng') === 'minzheng';

  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Typography.Title level={4} style={{ margin: 0 }}>
        临时救助备用金
      </Typography.Title>
      {county && (
        <Card title={`${orgName(actor.org)} 各街道`} size="small">
          <Table
            rowKey="orgCode"
            size="small"
            pagination={false}
            loading={overview.isLoading}
            dataSource={overview.data?.items ?? []}
            rowClassName={(r) => (r.orgCode === selected ? 'ant-table-row-selected' : '')}
            onRow={(r) => ({ onClick: () => navigate(`/reserves?orgCode=${r.orgCode}`), style: { cursor: 'pointer' } })}
            columns={[
              { title: '街道', dataIndex: 'orgCode', render: orgName },
              { title: '余额', dataIndex: 'balanceFen', render: (v: number, r) => <Space>{yuan(v)}{r.low && <Tag color="red">余额偏低</Tag>}</Space> },
              { title: '预拨额度', dataIndex: 'presetFen', render: yuan },
              { title: '最近变动', dataIndex: 'updatedAt', render: (v: string | null) => (v ? instant(v) : '未使用') },
            ]}
          />
        </Card>
      )}
      {selected && (
        <Card title={orgName(selected)}>
          <Row gutter={16} style={{ marginBottom: 16 }}>
            <Col xs={12} md={6}>
              <Statistic title="当前余额" value={fund.data ? yuan(fund.data.balanceFen) : '—'} loading={fund.isLoading} />
            </Col>
            <Col xs={12} md={6}>
              <Statistic title="预拨额度" value={fund.data ? yuan(fund.data.presetFen) : '—'} loading={fund.isLoading} />
            </Col>
          </Row>
          {canReplenish && <Replenish orgCode={selected} />}
          <Table
            rowKey="id"
            size="small"
            loading={fund.isLoading}
            dataSource={fund.data?.entries ?? []}
            locale={{ emptyText: '尚无变动：余额即预拨额度' }}
            columns={[
              { title: '时间', dataIndex: 'at', render: instant },
              { title: '类型', dataIndex: 'kind', render: (k: string) => RESERVE_KINDS[k] ?? k },
              { title: '金额', dataIndex: 'amountFen', render: (v: number) => <span style={{ color: v < 0 ? '#cf1322' : '#389e0d' }}>{yuan(v)}</span> },
              { title: '变动后余额', dataIndex: 'balanceAfterFen', render: yuan },
              { title: '案件', dataIndex: 'caseId', render: (id: string | null) => (id ? <Link to={`/cases/${id}`}>{id}</Link> : '—') },
              { title: '经办', dataIndex: 'actorSub' },
              { title: '备注', dataIndex: 'note' },
            ]}
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
