import { Button, Space, Tooltip } from 'antd';
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

/**
 * 操作: a button per action the record allows now (its `allowedActions`), named from `names`; `danger`
 * marks the ones that end or refuse something, `primary` the one a reader usually takes.
 */
export function actionsColumn<T, A extends string>(
  actionsOf: (r: T) => readonly A[],
  names: Readonly<Record<string, string>>,
  act: (r: T, a: A) => void,
  kinds: { danger?: readonly A[]; primary?: readonly A[] } = {},
): DataColumn<T> {
  return {
    key: 'act',
    title: '操作',
    value: () => '',
    render: (r) => (
      <Space wrap>
        {actionsOf(r).map((a) => (
          <Button key={a} size="small" type={kinds.primary?.includes(a) ? 'primary' : 'default'} danger={kinds.danger?.includes(a)} onClick={() => act(r, a)}>
            {names[a] ?? a}
          </Button>
        ))}
      </Space>
    ),
  };
}
