import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Card, DatePicker, Form, Space, Table, Tag, Typography } from 'antd';
import type dayjs from 'dayjs';
import { useState } from 'react';
import { api, call } from '../api/client';
import type { Actor } from '../auth';
import { LoadError, showApiError } from '../components/BodyForm';
import { instant, month } from '../format';
import { orgName } from '../labels';
import { Link, navigate } from '../router';
import { payrollStatus } from './money-labels';

/** 发放: the county's monthly payrolls; its civil-affairs approver prepares a month. */
export default function Payrolls({ actor }: { actor: Actor }) {
  const county = actor.org.slice(0, 6);
  const list = useQuery({ queryKey: ['payrolls', county], queryFn: () => call(api.GET('/v1/payrolls', { params: { query: { countyCode: county } } })) });
  if (list.isError) return <LoadError error={list.error} what="发放" />;
  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Typography.Title level={4} style={{ margin: 0 }}>
        发放 · {orgName(county)}
      </Typography.Title>
      {list.data?.mayPrepare && <Prepare countyCode={county} />}
      <Card size="small" title="各月发放批次">
        <Table
          rowKey="payrollId"
          size="small"
          loading={list.isLoading}
          dataSource={list.data?.items ?? []}
          pagination={false}
          locale={{ emptyText: '尚未生成发放批次' }}
          columns={[
            { title: '月份', dataIndex: 'month', render: (m: string, r) => <Link to={`/payrolls/${r.payrollId}`}>{month(m)}</Link> },
            { title: '状态', dataIndex: 'status', render: (s: string) => <Tag color={payrollStatus(s).color}>{payrollStatus(s).text}</Tag> },
            { title: '生成时间', dataIndex: 'requestedAt', render: instant },
            { title: '发放时间', dataIndex: 'sentAt', render: instant },
          ]}
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
