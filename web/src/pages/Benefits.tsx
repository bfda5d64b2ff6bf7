import { useQuery } from '@tanstack/react-query';
import { Card, Checkbox, DatePicker, Form, Select, Space, Table, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { api, call } from '../api/client';
import type { Actor } from '../auth';
import { LoadError } from '../components/LoadError';
import { CursorPager, useCursorPages } from '../components/CursorPager';
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
const PAGE = 20;

/** 待遇: the benefits in the caller's scope, filtered by street, status, type, reviews falling due and contacts overdue. */
export default function Benefits({ actor }: { actor: Actor }) {
  const [filters, setFilters] = useState<Filters>({});
  const pages = useCursorPages(filters);
  const list = useQuery({
    queryKey: ['benefits', filters, pages.cursor],
    queryFn: () => call(api.GET('/v1/benefits', { params: { query: { ...filters, cursor: pages.cursor, limit: PAGE } } })),
  });
  const streets = Object.keys(ORGS).filter((code) => code.length === 9 && code.startsWith(actor.org.slice(0, 6)));

  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Typography.Title level={4} style={{ margin: 0 }}>
        待遇
      </Typography.Title>
      <Card size="small">
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
      </Card>
      {list.isError ? (
        <LoadError error={list.error} what="待遇" />
      ) : (
        <Card size="small">
          <Table
            rowKey="benefitId"
            size="small"
            loading={list.isLoading}
            dataSource={list.data?.items ?? []}
            pagination={false}
            scroll={{ x: 'max-content' }}
            locale={{ emptyText: '没有符合条件的待遇' }}
            columns={[
              { title: '姓名', dataIndex: 'applicantName', render: (name: string, r) => <Link to={`/benefits/${r.benefitId}`}>{name}</Link> },
              { title: '类型', dataIndex: 'type', render: typeName },
              { title: '街道', dataIndex: 'orgCode', render: orgName },
              { title: '状态', dataIndex: 'status', render: (s: string) => <Tag color={benefitStatus(s).color}>{benefitStatus(s).text}</Tag> },
              { title: '月发放金额', dataIndex: 'monthlyAmountFen', align: 'right', render: yuan },
              { title: '首次发放', dataIndex: 'firstMonth', render: month },
              { title: '发放至', dataIndex: 'lastMonth', render: (m: string | null) => (m ? month(m) : '持续') },
              { title: '复核日期', dataIndex: 'reviewDueDate', render: (d: string, r) => <Space>{day(d)}{r.reviewOverdue && <Tag color="red">复核逾期</Tag>}</Space> },
              {
                title: '下次联系',
                dataIndex: 'contact',
                render: (c: { nextDueOn: string; overdue: boolean }, r) => (r.status === 'stopped' ? '—' : <Space>{day(c.nextDueOn)}{c.overdue && <Tag color="red">联系逾期</Tag>}</Space>),
              },
              { title: '案件', dataIndex: 'caseId', render: (id: string) => <Link to={`/cases/${id}`}>查看案件</Link> },
            ]}
          />
          <CursorPager pages={pages} nextCursor={list.data?.nextCursor} />
        </Card>
      )}
    </Space>
  );
}
