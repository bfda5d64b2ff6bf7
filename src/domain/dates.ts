// Calendar-date helpers for Asia/Shanghai (UTC+8, no DST since 1991).
// Pure integer arithmetic so it runs unchanged in the Temporal workflow sandbox.

/** 'YYYY-MM-DD', an Asia/Shanghai calendar date. */
export type IsoDate = string;

const DAY_MS = 86_400_000;
const SHANGHAI_OFFSET_MS = 8 * 3_600_000;
const ISO_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

function isLeap(y: number): boolean {
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
}

function daysInMonth(y: number, m: number): number {
  return m === 2 ? (isLeap(y) ? 29 : 28) : [4, 6, 9, 11].includes(m) ? 30 : 31;
}

function parts(s: string): [number, number, number] | null {
  const m = ISO_RE.exec(s);
  if (!m) return null;
  const y = Number(m[1]), mo = Number(m[2]), d = Number(m[3]);
  if (mo < 1 || mo > 12 || d < 1 || d > daysInMonth(y, mo)) return null;
  return [y, mo, d];
}

export function isIsoDate(s: string): boolean {
  return typeof s === 'string' && parts(s) !== null;
}

function mustParse(date: IsoDate): [number, number, number] {
  const p = parts(date);
  if (!p) throw new RangeError(`Invalid ISO date: ${String(date)}`);
  return p;
}

// Days since 1970-01-01 (H. Hinnant's days_from_civil); avoids Date.UTC's 0–99 year quirk.
function toEpochDay(date: IsoDate): number {
  const [y0, m, d] = mustParse(date);
  const y = m <= 2 ? y0 - 1 : y0;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

function fromEpochDay(z0: number): IsoDate {
  const z = z0 + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  const y = yoe + era * 400 + (m <= 2 ? 1 : 0);
  if (y < 0 || y > 9999) throw new RangeError(`Date out of range (year ${y})`);
  return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/** The Asia/Shanghai calendar date of an instant. */
export function shanghaiDate(instant: Date | number | string): IsoDate {
  const ms = instant instanceof Date ? instant.getTime() : typeof instant === 'number' ? instant : new Date(instant).getTime();
  if (!Number.isFinite(ms)) throw new RangeError(`Invalid instant: ${String(instant)}`);
  return fromEpochDay(Math.floor((ms + SHANGHAI_OFFSET_MS) / DAY_MS));
}

/** An instant as Asia/Shanghai date and time to the minute, 2026-11-03 24:00 style for a day's end. */
export function shanghaiDateTime(instant: string): string {
  const ms = new Date(instant).getTime();
  const minutes = Math.floor(((ms + SHANGHAI_OFFSET_MS) % DAY_MS + DAY_MS) % DAY_MS / 60_000);
  // The end of a due day reads as that day's 24:00, not the next day's 00:00.
  if (minutes === 0) return `${shanghaiDate(ms - 1)} 24:00`;
  return `${shanghaiDate(ms)} ${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
}

/** 00:00 +08:00 of the date (= previous day 16:00Z). */
export function startOfShanghaiDay(date: IsoDate): Date {
  return new Date(toEpochDay(date) * DAY_MS - SHANGHAI_OFFSET_MS);
}

/** The instant the date ends: next day's 00:00 +08:00 (= `${date}T16:00:00.000Z`). */
export function endOfShanghaiDay(date: IsoDate): Date {
  return new Date((toEpochDay(date) + 1) * DAY_MS - SHANGHAI_OFFSET_MS);
}

export function addCalendarDays(date: IsoDate, n: number): IsoDate {
  if (!Number.isInteger(n)) throw new RangeError(`Day count must be an integer: ${n}`);
  return fromEpochDay(toEpochDay(date) + n);
}

/** 0 = Sunday … 6 = Saturday. */
export function dayOfWeek(date: IsoDate): number {
  // 1970-01-01 was a Thursday.
  return (((toEpochDay(date) + 4) % 7) + 7) % 7;
}

export function yearOf(date: IsoDate): number {
  return mustParse(date)[0];
}

