import { useQuery } from '@tanstack/react-query';
import { Card, DatePicker, Select, Skeleton, Space, Statistic, Table, Typography } from 'antd';
import dayjs from 'dayjs';
import { lazy, Suspense, useMemo, useState } from 'react';
import { api, call } from '../api/client';
import type { Actor } from '../auth';
import { QueryError } from '../components/QueryError';
import { month, yuan } from '../format';
import { ORGS, orgName } from '../labels';
import { amountByMonth, amountByStreet } from './money-charts';
import { spendingType } from './money-labels';

const Chart = lazy(() => import('../components/Chart').then((m) => ({ default: m.Chart })));

/** 支出统计: what was paid, by month × type × street, over a span of months (the last twelve by default). */
export default function Spending({ actor }: { actor: Actor }) {
  const county = actor.org.slice(0, 6);
  const [span, setSpan] = useState<[string, string]>([dayjs().subtract(11, 'month').format('YYYY-MM'), dayjs().format('YYYY-MM')]);
  const [orgCode, setOrgCode] = useState<string | undefined>(undefined);
  const q = useQuery({
    queryKey: ['spending', orgCode, span],
    queryFn: () => call(api.GET('/v1/stats/spending', { params: { query: { orgCode, from: span[0], to: span[1] } } })),
  });
  const items = useMemo(() => q.data?.items ?? [], [q.data]);
  const byMonth = useMemo(() => amountByMonth(items, span[0], span[1]), [items, span]);
  const byStreet = useMemo(() => amountByStreet(items), [items]);
  const streets = Object.keys(ORGS).filter((c) => c.length === 9 && c.startsWith(county));

  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Space wrap>
        <Typography.Title level={4} style={{ margin: 0 }}>
          支出统计
        </Typography.Title>
        <DatePicker.RangePicker
          picker="month"
          format="YYYY年MM月"
          allowClear={false}
          value={[dayjs(`${span[0]}-01`), dayjs(`${span[1]}-01`)]}
          onChange={(v) => v?.[0] && v[1] && setSpan([v[0].format('YYYY-MM'), v[1].format('YYYY-MM')])}
        />
        <Select aria-label="街道" allowClear placeholder={`${orgName(county)} 全部街道`} style={{ width: 240 }} value={orgCode} onChange={setOrgCode} options={streets.map((s) => ({ value: s, label: orgName(s) }))} />
      </Space>
      {q.isError && <QueryError error={q.error} what="支出统计" />}
      {q.isLoading && <Skeleton active />}
      {q.data && (
        <>
          <Card size="small">
            <Statistic title={`${month(q.data.from)}至${month(q.data.to)} 支出合计`} value={yuan(q.data.totalFen)} />
          </Card>
          {items.length > 0 && (
            <Suspense fallback={<Skeleton active />}>
              <Card size="small" title="按月">
                <Chart option={byMonth} label="按月、类型的支出金额" />
              </Card>
              <Card size="small" title="按街道">
                <Chart option={byStreet} label="按街道、类型的支出金额" />
              </Card>
            </Suspense>
          )}
          <Card size="small" title="明细">
            <Table
              rowKey={(r) => `${r.month}/${r.type}/${r.orgCode}`}
              size="small"
              dataSource={items}
              pagination={{ pageSize: 50, hideOnSinglePage: true }}
              locale={{ emptyText: '所选期间没有支出' }}
              columns={[
                { title: '月份', dataIndex: 'month', render: month },
                { title: '类型', dataIndex: 'type', render: spendingType },
                { title: '街道', dataIndex: 'orgCode', render: orgName },
                { title: '人数', dataIndex: 'recipients', align: 'right' },
                { title: '笔数', dataIndex: 'payments', align: 'right' },
                { title: '金额', dataIndex: 'amountFen', align: 'right', render: yuan },
              ]}
            />
          </Card>
        </>
      )}
    </Space>
  );
}
