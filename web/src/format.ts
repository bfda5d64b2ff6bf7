// The console's one money format and one date format, used on every page: money as `5,000.00 元`
// (the API speaks integer 分), instants as `2026年11月03日 14:05` and dates as `2026年11月03日`, in Asia/Shanghai.

const yuanFormat = new Intl.NumberFormat('zh-CN', { minimumFractionDigits: 2, maximumFractionDigits: 2 });

/** 元 with two decimals and grouping, without the unit: for chart axes and spreadsheets. */
export const yuanNumber = (yuanValue: number): string => yuanFormat.format(yuanValue);

export const yuan = (fen: number | null | undefined): string => (fen == null ? '—' : `${yuanFormat.format(fen / 100)} 元`);

/** 元 as typed (up to two decimals) → integer 分, exactly: no floating-point cents. */
export function toFen(yuanText: string | number): number {
  const [whole = '0', frac = ''] = String(yuanText).trim().split('.');
  const sign = whole.startsWith('-') ? -1 : 1;
  return sign * (Math.abs(Number(whole)) * 100 + Number((frac + '00').slice(0, 2)));
}

const dateTime = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Asia/Shanghai',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});
const dateOnly = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' });

/** An instant as 2026年11月03日 14:05, Shanghai time. */
export function instant(iso: string | null | undefined): string {
  if (!iso) return '—';
  const part = Object.fromEntries(dateTime.formatToParts(new Date(iso)).map((p) => [p.type, p.value]));
  return `${part.year}年${part.month}月${part.day}日 ${part.hour}:${part.minute}`;
}
/** Today's date in Shanghai, YYYY-MM-DD. */
export const shanghaiToday = (): string => dateOnly.format(new Date());
export const shanghaiDateOf = (iso: string): string => dateOnly.format(new Date(iso));

/** This month (Asia/Shanghai), as the API writes months. */
export const thisMonth = () => shanghaiToday().slice(0, 7);

/** The months a list is filtered by: from a year back to next month, the latest first. */
export function recentMonths(): string[] {
  const [y, m] = thisMonth().split('-').map(Number) as [number, number];
  return Array.from({ length: 14 }, (_, i) => {
    // Months counted from 0: y × 12 + m is next month's.
    const index = y * 12 + m - i;
    return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;
  });
}

/** YYYY-MM as 2026年11月. */
export const month = (m: string | null | undefined): string => (m ? `${m.slice(0, 4)}年${m.slice(5, 7)}月` : '—');

/** YYYY-MM-DD as 2026年11月03日. */
export const day = (d: string | null | undefined): string => (d ? `${d.slice(0, 4)}年${d.slice(5, 7)}月${d.slice(8, 10)}日` : '—');

/**
 * A text the service wrote (a history entry's summary) with its ISO dates and months in the console's
 * format: 2026-12-07 as 2026年12月07日, 2026-12 as 2026年12月. A reference such as benefit-1/2026-12/applicant is left as it is.
 */
export const datesIn = (text: string): string =>
  text
    .replace(/(?<![\w/-])(\d{4})-(\d{2})-(\d{2})(?![\w/-])/g, '$1年$2月$3日')
    .replace(/(?<![\w/-])(\d{4})-(\d{2})(?![\w/-])/g, '$1年$2月');

/**
 * How the due date stands, in working days as the API counts them (workingDaysLeft: those after today
 * through the due date; 0 on the due day, negative once past): overdue, near due (3 or less), or fine.
 */
export function dueState(c: { dueAt: string | null; workingDaysLeft: number | null; overdue: boolean; step?: string }): {
  color: 'red' | 'orange' | 'green' | 'default';
  text: string;
} {
  if (c.step === 'closed') return { color: 'default', text: '已办结' };
  const left = c.workingDaysLeft;
  if (!c.dueAt || left === null) return { color: 'default', text: '未开始计时' };
  if (c.overdue || left < 0) return { color: 'red', text: left < 0 ? `已超期 ${-left} 个工作日` : '已超期' };
  if (left === 0) return { color: 'orange', text: '今日到期' };
  if (left <= 3) return { color: 'orange', text: `剩余 ${left} 个工作日` };
  return { color: 'green', text: `剩余 ${left} 个工作日` };
}

/** A span of time as hours and minutes (急难型's 24-hour clock): 23 小时 05 分钟. */
export function hoursAndMinutes(ms: number): string {
  const minutes = Math.floor(Math.abs(ms) / 60_000);
  return `${Math.floor(minutes / 60)} 小时 ${String(minutes % 60).padStart(2, '0')} 分钟`;
}
