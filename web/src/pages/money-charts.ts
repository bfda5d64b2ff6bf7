import type { ChartOption } from '../components/Chart';
import { yuan } from '../format';
import { orgName } from '../labels';
import { spendingType } from './money-labels';

// The payroll's and the spending page's chart options: small pure functions of API data, in 元.

export interface StreetTypeAmount {
  orgCode: string;
  type: string;
  amountFen: number;
}
export interface MonthTypeAmount {
  month: string;
  type: string;
  amountFen: number;
}

const shortOrg = (code: string) => orgName(code).replace(/（\d+）$/, '').replace(/^.*区 |^.*县 /, '');
const keysOf = <T,>(items: T[], key: (t: T) => string) => [...new Set(items.map(key))].sort();
const sum = <T,>(items: T[], match: (t: T) => boolean, fen: (t: T) => number) => items.filter(match).reduce((s, i) => s + fen(i), 0);

/** Amounts by street, one stacked bar per type. */
export function amountByStreet(items: StreetTypeAmount[]): ChartOption {
  const streets = keysOf(items, (i) => i.orgCode);
  const types = keysOf(items, (i) => i.type);
  return {
    tooltip: { trigger: 'axis', valueFormatter: (v: unknown) => yuan(Math.round(Number(v) * 100)) },
    legend: { top: 0, data: types.map(spendingType) },
    grid: { left: 80, right: 16, bottom: 40, top: 40 },
    xAxis: { type: 'category', data: streets.map(shortOrg), axisLabel: { interval: 0 } },
    yAxis: { type: 'value', name: '元' },
    series: types.map((t) => ({
      name: spendingType(t),
      type: 'bar',
      stack: 'amount',
      barMaxWidth: 64,
      data: streets.map((s) => sum(items, (i) => i.orgCode === s && i.type === t, (i) => i.amountFen) / 100),
    })),
  };
}

/** Every month from `from` to `to` (YYYY-MM), in order (at most ten years). */
function monthsBetween(from: string, to: string): string[] {
  const out: string[] = [];
  let year = Number(from.slice(0, 4));
  let month = Number(from.slice(5, 7));
  for (let key = from; key <= to && out.length < 120; key = `${year}-${String(month).padStart(2, '0')}`) {
    out.push(key);
    if (month === 12) year += 1;
    month = month === 12 ? 1 : month + 1;
  }
  return out;
}

/** Amounts by month over the whole span (a month without payments shows as 0): a stacked bar per type and the month's total as a line. */
export function amountByMonth(items: MonthTypeAmount[], from: string, to: string): ChartOption {
  const months = monthsBetween(from, to);
  const types = keysOf(items, (i) => i.type);
  return {
    tooltip: { trigger: 'axis', valueFormatter: (v: unknown) => yuan(Math.round(Number(v) * 100)) },
    legend: { top: 0, data: [...types.map(spendingType), '合计'] },
    grid: { left: 80, right: 16, bottom: 32, top: 40 },
    xAxis: { type: 'category', data: months },
    yAxis: { type: 'value', name: '元' },
    series: [
      ...types.map((t) => ({ name: spendingType(t), type: 'bar', stack: 'amount', barMaxWidth: 48, data: months.map((m) => sum(items, (i) => i.month === m && i.type === t, (i) => i.amountFen) / 100) })),
      { name: '合计', type: 'line', data: months.map((m) => sum(items, (i) => i.month === m, (i) => i.amountFen) / 100), itemStyle: { color: '#c0392b' } },
    ],
  };
}
