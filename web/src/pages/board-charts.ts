import type { paths } from '../../../clients/typescript/schema';
import type { ChartOption } from '../components/Chart';
import { orgName, typeName } from '../labels';

// The board's chart options: small pure functions of API data.

/** The items the board draws, as the API's own types say (generated from its OpenAPI document). */
type Json<P extends keyof paths> = paths[P] extends { get: { responses: { 200: { content: { 'application/json': infer J } } } } } ? J : never;
export type SlaItem = Json<'/v1/stats/sla'>['items'][number];
export type MonthItem = Json<'/v1/stats/sla/monthly'>['items'][number];
export type ReserveItem = Pick<Json<'/v1/reserve-funds'>['items'][number], 'orgCode' | 'balanceFen' | 'presetFen' | 'low'>;

const sumBy = <T,>(items: T[], key: (t: T) => string, value: (t: T) => number) => {
  const out = new Map<string, number>();
  for (const i of items) out.set(key(i), (out.get(key(i)) ?? 0) + value(i));
  return out;
};

const shortOrg = (code: string) => orgName(code).replace(/（\d+）$/, '').replace(/^.*区 |^.*县 /, '');

/** Overdue and near-due open cases, by street or by type, stacked. */
export function overdueBy(items: SlaItem[], by: 'orgCode' | 'type'): { option: ChartOption; keys: string[] } {
  const keys = [...new Set(items.map((i) => i[by]))].sort();
  const overdue = sumBy(items, (i) => i[by], (i) => i.overdueNow);
  const soon = sumBy(items, (i) => i[by], (i) => i.dueSoon);
  return {
    keys,
    option: {
      tooltip: { trigger: 'axis' },
      legend: { top: 0, data: ['已超期', '临期（3天内）'] },
      grid: { left: 40, right: 16, bottom: 40, top: 40 },
      xAxis: { type: 'category', data: keys.map(by === 'orgCode' ? shortOrg : typeName), axisLabel: { interval: 0 } },
      yAxis: { type: 'value', minInterval: 1 },
      series: [
        { name: '已超期', type: 'bar', stack: 'due', data: keys.map((k) => overdue.get(k) ?? 0), itemStyle: { color: '#cf1322' } },
        { name: '临期（3天内）', type: 'bar', stack: 'due', data: keys.map((k) => soon.get(k) ?? 0), itemStyle: { color: '#fa8c16' } },
      ],
    },
  };
}

type CareItem = Json<'/v1/stats/sla'>['care'][number];

/** 走访联系 per street: discoveries unvisited and benefits uncontacted past their deadline. */
export function careBy(items: CareItem[]): ChartOption {
  return {
    tooltip: { trigger: 'axis' },
    legend: { top: 0, data: ['逾期未走访', '逾期未联系'] },
    grid: { left: 40, right: 16, bottom: 40, top: 40 },
    xAxis: { type: 'category', data: items.map((i) => shortOrg(i.orgCode)), axisLabel: { interval: 0 } },
    yAxis: { type: 'value', minInterval: 1 },
    series: [
      { name: '逾期未走访', type: 'bar', data: items.map((i) => i.discoveriesOverdue), itemStyle: { color: '#cf1322' } },
      { name: '逾期未联系', type: 'bar', data: items.map((i) => i.contactsOverdue), itemStyle: { color: '#d46b08' } },
    ],
  };
}

/** On-time decision rate by month, with decided counts. */
export function onTimeByMonth(months: MonthItem[]): ChartOption {
  return {
    tooltip: { trigger: 'axis' },
    legend: { top: 0, data: ['按期办结率', '办结数'] },
    grid: { left: 48, right: 48, bottom: 32, top: 40 },
    xAxis: { type: 'category', data: months.map((m) => m.month) },
    yAxis: [
      { type: 'value', min: 0, max: 100, axisLabel: { formatter: '{value}%' } },
      { type: 'value', minInterval: 1 },
    ],
    series: [
      { name: '按期办结率', type: 'line', data: months.map((m) => (m.onTimeRate == null ? null : Math.round(m.onTimeRate * 1000) / 10)), connectNulls: true, itemStyle: { color: '#389e0d' } },
      { name: '办结数', type: 'bar', yAxisIndex: 1, data: months.map((m) => m.decided), itemStyle: { color: '#91caff' } },
    ],
  };
}

/** 急难型 payouts within and after 24 hours, by month. */
export function emergencyCompliance(months: MonthItem[]): ChartOption {
  return {
    tooltip: { trigger: 'axis' },
    legend: { top: 0, data: ['24小时内发放', '超24小时发放'] },
    grid: { left: 40, right: 16, bottom: 32, top: 40 },
    xAxis: { type: 'category', data: months.map((m) => m.month) },
    yAxis: { type: 'value', minInterval: 1 },
    series: [
      { name: '24小时内发放', type: 'bar', stack: 'paid', data: months.map((m) => m.emergencyPaid - m.emergencyPaidLate), itemStyle: { color: '#389e0d' } },
      { name: '超24小时发放', type: 'bar', stack: 'paid', data: months.map((m) => m.emergencyPaidLate), itemStyle: { color: '#cf1322' } },
    ],
  };
}

/** Reserve balance per street in 元, low ones red. */
export function reserveBalances(items: ReserveItem[]): ChartOption {
  return {
    tooltip: { trigger: 'axis', valueFormatter: (v: unknown) => `¥${Number(v).toFixed(2)}` },
    grid: { left: 72, right: 16, bottom: 40, top: 24 },
    xAxis: { type: 'category', data: items.map((i) => shortOrg(i.orgCode)), axisLabel: { interval: 0 } },
    yAxis: { type: 'value', axisLabel: { formatter: (v: number) => `${v / 10000}万` } },
    series: [
      {
        name: '余额',
        type: 'bar',
        data: items.map((i) => ({ value: i.balanceFen / 100, itemStyle: { color: i.low ? '#cf1322' : '#1677ff' } })),
      },
    ],
  };
}

/** Overdue cases by how long they have been overdue. */
export const AGING_BUCKETS = [
  { label: '1–7天', max: 7 },
  { label: '8–30天', max: 30 },
  { label: '31–90天', max: 90 },
  { label: '90天以上', max: Infinity },
];

export function agingCounts(overdueSince: (string | null)[], now = Date.now()): number[] {
  const counts = AGING_BUCKETS.map(() => 0);
  for (const since of overdueSince) {
    if (!since) continue;
    const days = Math.max(1, Math.ceil((now - Date.parse(since)) / 86_400_000));
    const i = AGING_BUCKETS.findIndex((b) => days <= b.max);
    counts[i] = (counts[i] ?? 0) + 1;
  }
  return counts;
}

export function aging(counts: number[]): ChartOption {
  return {
    tooltip: { trigger: 'axis' },
    grid: { left: 40, right: 16, bottom: 32, top: 24 },
    xAxis: { type: 'category', data: AGING_BUCKETS.map((b) => b.label) },
    yAxis: { type: 'value', minInterval: 1 },
    series: [{ name: '超期案件', type: 'bar', data: counts, itemStyle: { color: '#a8071a' } }],
  };
}
