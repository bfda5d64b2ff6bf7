import type { WidgetProps } from '@rjsf/utils';
import { useQueryClient } from '@tanstack/react-query';
import { Card, DatePicker, Space, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { Suspense } from 'react';
import { api, call, type ListItem } from '../api/client';
import type { Actor } from '../auth';
import { LazyForm } from '../components/forms';
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
