import { Select } from 'antd';
import { month, recentMonths } from '../format';

/** A list's month filter: a year back to next month, the latest first; cleared, every month. */
export function MonthSelect({ label, value, onChange }: { label: string; value: string | undefined; onChange: (month: string | undefined) => void }) {
  return <Select aria-label={label} placeholder="全部月份" allowClear style={{ width: 150 }} value={value} onChange={(v?: string) => onChange(v)} options={recentMonths().map((m) => ({ value: m, label: month(m) }))} />;
}
