import { Card, Checkbox, DatePicker, Form, Select, Space, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { api, call, type ListItem } from '../api/client';
import type { Actor } from '../auth';
import { DataTable, type DataColumn } from '../components/DataTable';
import { day, month, shanghaiToday, yuan } from '../format';
import { ORGS, orgName, typeName } from '../labels';
import { Link } from '../router';
import { BENEFIT_STATUS_OPTIONS, benefitStatus } from './money-labels';

type Filters = { orgCode?: string; status?: 'active' | 'suspended' | 'phasing-out' | 'stopped'; type?: 'dibao' | 'tekun' | 'housing'; reviewDueBefore?: string; contactOverdue?: 'true' };
type FormValues = Omit<Filters, 'reviewDueBefore' | 'contactOverdue'> & { due?: dayjs.Dayjs | null; reviewDue?: boolean; contactOverdue?: boolean };

/** The form's choices as the API's query: 复核到期 is due by today, unless a later date is picked. */
const filtersOf = (all: FormValues): Filters => ({
  orgCode: all.orgCode,
  status: all.status,
  type: all.type,
  reviewDueBefore: all.due ? all.due.format('YYYY-MM-DD') : all.reviewDue ? shanghaiToday() : undefined,
  ...(all.contactOverdue ? { contactOverdue: 'true' as const } : {}),
});

const TYPE_OPTIONS = (['dibao', 'tekun', 'housing'] as const).map((t) => ({ value: t, label: typeName(t) }));

type Row = ListItem<'/v1/benefits'>;

const COLUMNS: DataColumn<Row>[] = [
  { key: 'applicantName', title: '姓名', sortBy: 'applicantName', value: (r) => r.applicantName, render: (r) => <Link to={`/benefits/${r.benefitId}`}>{r.applicantName}</Link> },
  { key: 'type', title: '类型', sortBy: 'type', value: (r) => typeName(r.type) },
  { key: 'orgCode', title: '街道', sortBy: 'orgCode', value: (r) => orgName(r.orgCode) },
  { key: 'status', title: '状态', sortBy: 'status', value: (r) => benefitStatus(r.status).text, render: (r) => <Tag color={benefitStatus(r.status).color}>{benefitStatus(r.status).text}</Tag> },
  { key: 'monthlyAmountFen', title: '月发放金额', align: 'right', value: (r) => yuan(r.monthlyAmountFen) },
  { key: 'firstMonth', title: '首次发放', sortBy: 'firstMonth', value: (r) => month(r.firstMonth) },
  { key: 'lastMonth', title: '发放至', value: (r) => (r.lastMonth ? month(r.lastMonth) : '持续') },
  { key: 'reviewDueDate', title: '复核日期', sortBy: 'reviewDueDate', value: (r) => `${day(r.reviewDueDate)}${r.reviewOverdue ? '（复核逾期）' : ''}`, render: (r) => <Space>{day(r.reviewDueDate)}{r.reviewOverdue && <Tag color="red">复核逾期</Tag>}</Space> },
  {
    key: 'contact',
    title: '下次联系',
    value: (r) => (r.status === 'stopped' ? '—' : `${day(r.contact.nextDueOn)}${r.contact.overdue ? '（联系逾期）' : ''}`),
    render: (r) => (r.status === 'stopped' ? '—' : <Space>{day(r.contact.nextDueOn)}{r.contact.overdue && <Tag color="red">联系逾期</Tag>}</Space>),
  },
  { key: 'caseId', title: '案件', value: (r) => r.caseId, render: (r) => <Link to={`/cases/${r.caseId}`}>查看案件</Link> },
];

/** 待遇: the benefits in the caller's scope, filtered by street, status, type, reviews falling due and contacts overdue. */
export default function Benefits({ actor }: { actor: Actor }) {
  const [filters, setFilters] = useState<Filters>({});
  const streets = Object.keys(ORGS).filter((code) => code.length === 9 && code.startsWith(actor.org.slice(0, 6)));

  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Typography.Title level={4} style={{ margin: 0 }}>
        待遇
      </Typography.Title>
      <Card size="small">
        <DataTable<Row>
          id="benefits"
          what="待遇"
          columns={COLUMNS}
          rowKey={(r) => r.benefitId}
          filters={filters}
          emptyText="没有符合条件的待遇"
          fetch={(page) => call(api.GET('/v1/benefits', { params: { query: { ...filters, ...page } as never } }))}
          toolbar={
            <Form layout="inline" onValuesChange={(_c, all: FormValues) => setFilters(filtersOf(all))}>
              {actor.role !== 'caseworker' && (
                <Form.Item name="orgCode" label="街道">
                  <Select allowClear placeholder="全部街道" style={{ width: 220 }} options={streets.map((s) => ({ value: s, label: orgName(s) }))} />
                </Form.Item>
              )}
              <Form.Item name="status" label="状态">
                <Select allowClear placeholder="全部" style={{ width: 140 }} options={BENEFIT_STATUS_OPTIONS} />
              </Form.Item>
              <Form.Item name="type" label="类型">
                <Select allowClear placeholder="全部" style={{ width: 180 }} options={TYPE_OPTIONS} />
              </Form.Item>
              <Form.Item name="reviewDue" valuePropName="checked">
                <Checkbox>复核到期</Checkbox>
              </Form.Item>
              <Form.Item name="contactOverdue" valuePropName="checked">
                <Checkbox>联系逾期</Checkbox>
              </Form.Item>
              <Form.Item name="due" label="复核到期不晚于">
                <DatePicker />
              </Form.Item>
            </Form>
          }
        />
      </Card>
    </Space>
  );
}
