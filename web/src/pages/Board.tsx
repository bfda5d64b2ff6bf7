import { useQuery } from '@tanstack/react-query';
import { Alert, Card, Col, Row, Statistic, Typography } from 'antd';
import { useMemo } from 'react';
import { api, call } from '../api/client';
import type { Actor } from '../auth';
import { Chart } from '../components/Chart';
import { QueryError } from '../components/QueryError';
import { useCan } from '../me';
import { shanghaiToday, yuan } from '../format';
import { orgName } from '../labels';
import { Link, navigate } from '../router';
import { aging, agingCounts, careBy, emergencyCompliance, onTimeByMonth, overdueBy, reserveBalances } from './board-charts';

const county = (actor: Actor) => actor.org.slice(0, 6);

/** The last twelve months, YYYY-MM, in Shanghai. */
function lastMonths(n: number): { from: string; to: string } {
  const today = shanghaiToday();
  const y = Number(today.slice(0, 4));
  const m = Number(today.slice(5, 7));
  const start = new Date(Date.UTC(y, m - n, 1));
  return { from: `${start.getUTCFullYear()}-${String(start.getUTCMonth() + 1).padStart(2, '0')}`, to: today.slice(0, 7) };
}

/** 监管看板: overdue and near-due by street and type, on-time rate by month, 24-hour compliance, reserves, overdue aging. */
export default function Board({ actor }: { actor: Actor }) {
  const months = useMemo(() => lastMonths(12), []);
  const can = useCan();
  // Each part of the board only for who may read it (GET /v1/me); a part that fails says so.
  const seesReserves = can('reserveFunds.overview');
  const listsCases = can('cases.list');
  const sla = useQuery({ queryKey: ['sla'], queryFn: () => call(api.GET('/v1/stats/sla', { params: { query: {} } })) });
  const monthly = useQuery({ queryKey: ['sla-monthly', months], queryFn: () => call(api.GET('/v1/stats/sla/monthly', { params: { query: months } })) });
  const reserves = useQuery({ queryKey: ['reserves', county(actor)], enabled: seesReserves, queryFn: () => call(api.GET('/v1/reserve-funds', { params: { query: {} } })) });
  const overdue = useQuery({ queryKey: ['cases', 'overdue-aging'], enabled: listsCases, queryFn: () => call(api.GET('/v1/cases', { params: { query: { overdue: 'true', limit: 100, sort: 'newest' } } })) });
  // The KPI cards and charts open the case list, for those who have one.
  const go = (to: string) => listsCases && navigate(to);

  const items = sla.data?.items ?? [];
  const total = (k: 'open' | 'overdueNow' | 'dueSoon' | 'decidedOnTime' | 'decidedLate') => items.reduce((s, i) => s + i[k], 0);
  const decided = total('decidedOnTime') + total('decidedLate');
  const byStreet = overdueBy(items, 'orgCode');
  const byType = overdueBy(items, 'type');
  const low = (reserves.data?.items ?? []).filter((r) => r.low);
  // 走访联系: opened on their own pages, for those who read them.
  const care = sla.data?.care ?? [];
  const careCards = [
    { title: '逾期未走访', value: care.reduce((s, c) => s + c.discoveriesOverdue, 0), to: '/discoveries', may: can('discoveries.read') },
    { title: '逾期未联系', value: care.reduce((s, c) => s + c.contactsOverdue, 0), to: '/contacts', may: can('benefits.read') },
  ];

  return (
    <div>
      <Typography.Title level={4} style={{ marginTop: 0 }}>
        监管看板 · {orgName(county(actor))}
      </Typography.Title>
      <Row gutter={[16, 16]}>
        {(sla.isError || monthly.isError) && (
          <Col span={24}>
            <QueryError compact error={sla.error ?? monthly.error} what="办理时限统计" retry={() => Promise.all([sla.refetch(), monthly.refetch()])} />
          </Col>
        )}
        {[
          { title: '已超期', value: total('overdueNow'), color: '#cf1322', to: '/?scope=overdue' },
          { title: '临期（3天内）', value: total('dueSoon'), color: '#fa8c16', to: '/?scope=all&dueSoon=true' },
          { title: '办理中', value: total('open'), color: undefined, to: '/?scope=all&status=open' },
          { title: '按期办结率', value: decided ? `${((total('decidedOnTime') / decided) * 100).toFixed(1)}%` : '—', color: '#389e0d', to: '/?scope=all' },
          // 居住地申办: requests this county sent or must answer, past their working-day due date.
          { title: '异地协查超期', value: sla.data?.cooperationOverdue ?? 0, color: '#cf1322', to: '/cooperation?status=overdue' },
        ].map((k) => (
          <Col xs={12} md={k.title === '异地协查超期' ? 8 : 6} key={k.title}>
            <Card hoverable onClick={() => go(k.to)} role={listsCases ? 'link' : undefined} tabIndex={listsCases ? 0 : undefined} onKeyDown={(e) => e.key === 'Enter' && go(k.to)} aria-label={`${k.title}：${k.value}`}>
              <Statistic title={k.title} value={k.value} styles={{ content: { color: k.color } }} loading={sla.isLoading} />
            </Card>
          </Col>
        ))}
        {careCards.map((k) => (
          <Col xs={12} md={8} key={k.title}>
            <Card hoverable onClick={() => k.may && navigate(k.to)} role={k.may ? 'link' : undefined} tabIndex={k.may ? 0 : undefined} onKeyDown={(e) => e.key === 'Enter' && k.may && navigate(k.to)} aria-label={`${k.title}：${k.value}`}>
              <Statistic title={k.title} value={k.value} styles={{ content: { color: '#cf1322' } }} loading={sla.isLoading} />
            </Card>
          </Col>
        ))}
        {low.length > 0 && (
          <Col span={24}>
            <Alert
              type="warning"
              showIcon
              title={`备用金余额偏低：${low.map((r) => `${orgName(r.orgCode)} ${yuan(r.balanceFen)}`).join('，')}`}
              action={<Link to="/reserves">查看备用金</Link>}
            />
          </Col>
        )}
        <Col xs={24} lg={12}>
          <Card title="超期与临期 · 按街道" size="small">
            <Chart label="各街道超期与临期案件数" option={byStreet.option} onClick={(p) => go(`/?scope=${p.seriesName === '已超期' ? 'overdue' : 'all&dueSoon=true'}&orgCode=${byStreet.keys[p.dataIndex] ?? ''}`)} />
          </Card>
        </Col>
        <Col xs={24} lg={12}>
          <Card title="超期与临期 · 按救助类型" size="small">
            <Chart label="各救助类型超期与临期案件数" option={byType.option} onClick={(p) => go(`/?scope=${p.seriesName === '已超期' ? 'overdue' : 'all&dueSoon=true'}&type=${byType.keys[p.dataIndex] ?? ''}`)} />
          </Card>
        </Col>
        <Col xs={24} lg={12}>
          <Card title="逾期未走访与未联系 · 按街道" size="small">
            <Chart label="各街道逾期未走访的主动发现与逾期未联系的待遇对象" option={careBy(care)} onClick={(p) => {
                const k = careCards[p.seriesName === '逾期未走访' ? 0 : 1]!;
                if (k.may) navigate(k.to);
              }} />
          </Card>
        </Col>
        <Col xs={24} lg={12}>
          <Card title="按期办结率 · 按月" size="small">
            <Chart label="各月按期办结率" option={onTimeByMonth(monthly.data?.items ?? [])} onClick={() => go('/?scope=all&status=approved')} />
          </Card>
        </Col>
        <Col xs={24} lg={12}>
          <Card title="临时救助急难型 · 24小时发放" size="small">
            <Chart label="急难型临时救助24小时内发放情况" option={emergencyCompliance(monthly.data?.items ?? [])} onClick={() => go('/?scope=all&type=temporary')} />
          </Card>
        </Col>
        {seesReserves && (
          <Col xs={24} lg={12}>
            <Card title="备用金余额 · 按街道" size="small">
              {reserves.isError ? (
                <QueryError compact error={reserves.error} what="备用金余额" retry={() => reserves.refetch()} />
              ) : (
                <Chart label="各街道备用金余额" option={reserveBalances(reserves.data?.items ?? [])} onClick={(p) => navigate(`/reserves?orgCode=${reserves.data?.items[p.dataIndex]?.orgCode ?? ''}`)} />
              )}
            </Card>
          </Col>
        )}
        {listsCases && (
          <Col xs={24} lg={12}>
            <Card title="超期时长分布" size="small">
              {overdue.isError ? (
                <QueryError compact error={overdue.error} what="超期案件" retry={() => overdue.refetch()} />
              ) : (
                <Chart label="超期案件按超期时长分布" option={aging(agingCounts((overdue.data?.items ?? []).map((c) => c.overdueSince)))} onClick={() => go('/?scope=overdue')} />
              )}
            </Card>
          </Col>
        )}
      </Row>
    </div>
  );
}
