import type { WidgetProps } from '@rjsf/utils';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Card, DatePicker, Space, Table, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { Suspense } from 'react';
import { api, call } from '../api/client';
import type { Actor } from '../auth';
import { LazyForm } from '../components/forms';
import { LoadError } from '../components/LoadError';
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

/** A month as the picker shows it (2026年11月), kept as the API takes it (2026-11). */
function MonthWidget({ id, value, onChange, onBlur, onFocus, disabled }: WidgetProps) {
  return (
    <DatePicker
      id={id}
      picker="month"
      format="YYYY年MM月"
      value={typeof value === 'string' && value ? dayjs(`${value}-01`) : null}
      disabled={disabled}
      onChange={(d: dayjs.Dayjs | null) => onChange(d ? d.format('YYYY-MM') : undefined)}
      onBlur={() => onBlur(id, value)}
      onFocus={() => onFocus(id, value)}
    />
  );
}

const PREPARE_SCHEMA = { type: 'object', required: ['month'], properties: { month: { type: 'string', title: '发放月份' } } };

/** Prepares a month (the same month again opens the payroll it already has). */
function Prepare({ countyCode }: { countyCode: string }) {
  const queryClient = useQueryClient();
  return (
    <Card size="small" title="生成发放批次">
      <Suspense fallback={null}>
        <LazyForm
          schema={PREPARE_SCHEMA}
          ui={{ month: { 'ui:widget': MonthWidget } }}
          submitText="生成"
          send={(v) => call(api.POST('/v1/payrolls', { body: { countyCode, month: v.month as string } }))}
          onDone={(p) => {
            void queryClient.invalidateQueries({ queryKey: ['payrolls'] });
            navigate(`/payrolls/${(p as { payrollId: string }).payrollId}`);
          }}
        />
      </Suspense>
    </Card>
  );
}
