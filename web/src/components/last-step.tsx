import { Tooltip } from 'antd';
import { instant } from '../format';
import { roleName } from '../labels';
import type { DataColumn } from './DataTable';

/** A step of a record's history (失信 entries, corrections): what, when, by whom, and why. */
interface Step {
  action: string;
  at: string;
  by: { role: string; name?: string };
  reason?: string;
  note?: string;
}

/** 最近办理: a record's last step, named from `names`, its reason (or note) on hover. */
export function lastStepColumn<T extends { history: readonly Step[] }>(names: Readonly<Record<string, string>>): DataColumn<T> {
  return {
    key: 'last',
    title: '最近办理',
    value: (r) => {
      const s = r.history.at(-1);
      return s ? `${names[s.action] ?? s.action} ${instant(s.at)}` : '';
    },
    render: (r) => {
      const s = r.history.at(-1);
      if (!s) return '—';
      return (
        <Tooltip title={s.reason ?? s.note}>
          {names[s.action] ?? s.action} · {s.by.name ?? roleName(s.by.role)} · {instant(s.at)}
        </Tooltip>
      );
    },
  };
}
