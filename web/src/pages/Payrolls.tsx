import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Card, DatePicker, Form, Space, Tag, Typography } from 'antd';
import type dayjs from 'dayjs';
import { useState } from 'react';
import { api, call, type ListItem } from '../api/client';
import type { Actor } from '../auth';
import { showApiError } from '../components/BodyForm';
import { DataTable, type DataColumn } from '../components/DataTable';
import { useCan } from '../me';
import { instant, month } from '../format';
import { orgName } from '../labels';
import { Link, navigate } from '../router';
import { payrollStatus } from './money-labels';

type Row = ListItem<'/v1/payrolls'>;

const COLUMNS: DataColumn<Row>[] = [
  { key: 'month', title: '月份', sortBy: 'month', value: (r) => month(r.month), render: (r) => <Link to={`/payrolls/${r.payrollId}`}>{month(r.month)}</Link> },
  { key: 'status', title: '状态', sortBy: 'status', value: (r) => payrollStatus(r.status).text, render: (r) => <Tag color={payrollStatus(r.status).color}>{payrollStatus(r.status).text}</Tag> },
  { key: 'requestedAt', title: '生成时间', sortBy: 'requestedAt', value: (r) => instant(r.requestedAt) },
  { key: 'releasedAt', title: '放款时间', hidden: true, value: (r) => (r.releasedAt ? instant(r.releasedAt) : '') },
  { key: 'sentAt', title: '发放时间', value: (r) => (r.sentAt ? instant(r.sentAt) : '') },
];

/** 发放: the county's monthly payrolls; its civil-affairs approver prepares a month. */
export default function Payrolls({ actor }: { actor: Actor }) {
  const county = actor.org.slice(0, 6);
  const can = useCan();
  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Typography.Title level={4} style={{ margin: 0 }}>
        发放 · {orgName(county)}
      </Typography.Title>
      {can('payrolls.run') && <Prepare countyCode={county} />}
      <Card size="small" title="各月发放批次">
        <DataTable<Row>
          id="payrolls"
          what="发放批次"
          columns={COLUMNS}
          rowKey={(r) => r.payrollId}
          filters={county}
          emptyText="尚未生成发放批次"
          pageSize={12}
          fetch={(page) => call(api.GET('/v1/payrolls', { params: { query: { countyCode: county, ...page } as never } }))}
        />
      </Card>
    </Space>
  );
}

/** Prepares a month (the same month again opens the payroll it already has). */
function Prepare({ countyCode }: { countyCode: string }) {
  const [form] = Form.useForm<{ month: dayjs.Dayjs }>();
  const [problem, setProblem] = useState('');
  const queryClient = useQueryClient();
  const prepare = useMutation({
    mutationFn: (m: string) => call(api.POST('/v1/payrolls', { body: { countyCode, month: m } })),
    onSuccess: (p) => {
      void queryClient.invalidateQueries({ queryKey: ['payrolls'] });
      navigate(`/payrolls/${p.payrollId}`);
    },
    onError: (err) => setProblem(showApiError(form, err)),
  });
  return (
    <Card size="small" title="生成发放批次">
      {problem && <Alert type="error" showIcon title={problem} style={{ marginBottom: 12 }} />}
      <Form form={form} layout="inline" onFinish={(v) => { setProblem(''); prepare.mutate(v.month.format('YYYY-MM')); }}>
        <Form.Item name="month" label="发放月份" rules={[{ required: true, message: '请选择发放月份' }]}>
          <DatePicker picker="month" format="YYYY年MM月" />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={prepare.isPending}>
          生成
        </Button>
      </Form>
    </Card>
  );
}
