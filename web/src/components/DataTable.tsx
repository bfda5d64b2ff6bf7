import { DownloadOutlined, SettingOutlined } from '@ant-design/icons';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { App, Button, Checkbox, Popover, Space, Table, Typography } from 'antd';
import type { TableProps } from 'antd';
import { useState, type Key, type ReactNode } from 'react';
import { QueryError } from './QueryError';

// The console's one list: page numbers and a total from the API (offset/limit/total), sorting by the API
// on the columns that allow it, the page's filters above it, columns to show or hide (remembered in this
// browser), a horizontal scroll rather than cut columns, and what it shows exported to Excel (.xlsx, the
// writer loaded only when asked). A list that could not be read is an error, never an empty table.

export interface DataColumn<T> {
  key: string;
  /** The column's Chinese header, in the table and the export. */
  title: string;
  /** What the table shows. */
  render?: (row: T) => ReactNode;
  /** The cell as text or number, for the export (and the table when there is no render). */
  value: (row: T) => string | number | null | undefined;
  /** The API's `sortBy` for this column: sorted by the server. */
  sortBy?: string;
  width?: number;
  align?: 'left' | 'right' | 'center';
  /** Hidden until the user shows it. */
  hidden?: boolean;
}

export interface PageRequest {
  offset: number;
  limit: number;
  sortBy?: string;
  sortOrder?: 'asc' | 'desc';
}

export interface DataTableProps<T> {
  /** Names the list: its remembered columns and its query. */
  id: string;
  /** What the list is, in Chinese: the export's file and sheet, the error's subject. */
  what: string;
  columns: DataColumn<T>[];
  rowKey: (row: T) => Key;
  /** The filters: a new value starts again at page 1. */
  filters?: unknown;
  fetch: (page: PageRequest) => Promise<{ items: T[]; total: number }>;
  /** The filter controls, shown above the table. */
  toolbar?: ReactNode;
  pageSize?: number;
  emptyText?: string;
  /** Rows may be chosen, and these buttons act on the chosen ones. */
  batch?: (chosen: T[], done: () => void) => ReactNode;
  /** A row the user may not choose. */
  choosable?: (row: T) => boolean;
  onRow?: TableProps<T>['onRow'];
  /** Defaults for the order before the user sorts. */
  defaultSort?: { sortBy: string; sortOrder: 'asc' | 'desc' };
}

const storageKey = (id: string) => `jiuzhu.columns.${id}`;

function rememberedHidden<T>(id: string, columns: DataColumn<T>[]): string[] {
  try {
    const saved = localStorage.getItem(storageKey(id));
    if (saved) return (JSON.parse(saved) as string[]).filter((k) => columns.some((c) => c.key === k));
  } catch {
    // A broken entry: the defaults.
  }
  return columns.filter((c) => c.hidden).map((c) => c.key);
}

export function DataTable<T extends object>(props: DataTableProps<T>) {
  const { id, what, columns, rowKey, fetch, filters, pageSize: initialSize = 20 } = props;
  const { message } = App.useApp();
  const [paging, setPaging] = useState<{ filters: string; page: number; size: number; sort?: PageRequest['sortBy']; order?: PageRequest['sortOrder'] }>({
    filters: JSON.stringify(filters ?? null),
    page: 1,
    size: initialSize,
  });
  // New filters start again at page 1.
  const filterKey = JSON.stringify(filters ?? null);
  const state = paging.filters === filterKey ? paging : { ...paging, filters: filterKey, page: 1 };
  const sortBy = state.sort ?? props.defaultSort?.sortBy;
  const sortOrder = state.sort ? state.order : props.defaultSort?.sortOrder;
  const request: PageRequest = { offset: (state.page - 1) * state.size, limit: state.size, ...(sortBy ? { sortBy, sortOrder: sortOrder ?? 'asc' } : {}) };

  const list = useQuery({ queryKey: [id, filterKey, request], queryFn: () => fetch(request), placeholderData: keepPreviousData });
  const [hidden, setHidden] = useState<string[]>(() => rememberedHidden(id, columns));
  const [chosen, setChosen] = useState<Key[]>([]);
  const [exporting, setExporting] = useState(false);

  const shown = columns.filter((c) => !hidden.includes(c.key));
  const rows = list.data?.items ?? [];

  const setColumns = (visible: string[]) => {
    const next = columns.filter((c) => !visible.includes(c.key)).map((c) => c.key);
    setHidden(next);
    localStorage.setItem(storageKey(id), JSON.stringify(next));
  };

  const exportShown = async () => {
    setExporting(true);
    try {
      const { exportXlsx } = await import('./export-xlsx');
      await exportXlsx(
        what,
        shown.map((c) => c.title),
        rows.map((r) => shown.map((c) => c.value(r) ?? '')),
      );
    } catch (err) {
      void message.error(`导出失败：${err instanceof Error ? err.message : String(err)}`);
    } finally {
      setExporting(false);
    }
  };

  const settings = (
    <Checkbox.Group value={shown.map((c) => c.key)} onChange={(v) => setColumns(v as string[])} aria-label="显示的列">
      <Space orientation="vertical">
        {columns.map((c) => (
          <Checkbox key={c.key} value={c.key} disabled={shown.length === 1 && !hidden.includes(c.key)}>
            {c.title}
          </Checkbox>
        ))}
      </Space>
    </Checkbox.Group>
  );

  const chosenRows = rows.filter((r) => chosen.includes(rowKey(r)));

  return (
    <Space orientation="vertical" size={12} style={{ width: '100%' }}>
      <div style={{ display: 'flex', flexWrap: 'wrap', gap: 12, justifyContent: 'space-between', alignItems: 'center' }}>
        <div>{props.toolbar}</div>
        <Space wrap>
          {props.batch && (
            <>
              <Typography.Text type="secondary">已选 {chosenRows.length} 项</Typography.Text>
              {props.batch(chosenRows, () => setChosen([]))}
            </>
          )}
          <Popover content={settings} title="显示的列" trigger="click" placement="bottomRight">
            <Button icon={<SettingOutlined />}>列设置</Button>
          </Popover>
          <Button icon={<DownloadOutlined />} onClick={() => void exportShown()} loading={exporting} disabled={rows.length === 0}>
            导出 Excel
          </Button>
        </Space>
      </div>
      {list.isError ? (
        <QueryError error={list.error} what={what} retry={() => list.refetch()} />
      ) : (
        // aria-busy while a page is fetched: the rows shown until then are the previous filters' (keepPreviousData).
        <div aria-busy={list.isFetching} data-list={id}>
          <Table<T>
            rowKey={(r) => rowKey(r)}
            size="small"
            loading={list.isFetching}
            dataSource={rows}
            scroll={{ x: 'max-content' }}
            locale={{ emptyText: props.emptyText ?? `暂无${what}` }}
            onRow={props.onRow}
            rowSelection={
              props.batch
                ? { selectedRowKeys: chosen, onChange: (keys) => setChosen(keys), getCheckboxProps: (r) => ({ disabled: props.choosable ? !props.choosable(r) : false }) }
                : undefined
            }
            pagination={{
              current: state.page,
              pageSize: state.size,
              total: list.data?.total ?? 0,
              showSizeChanger: true,
              pageSizeOptions: [10, 20, 50, 100],
              showTotal: (total) => `共 ${total} 条`,
            }}
            onChange={(pagination, _filters, sorter) => {
              const s = Array.isArray(sorter) ? sorter[0] : sorter;
              const column = columns.find((c) => c.key === s?.columnKey);
              const order = s?.order === 'descend' ? 'desc' : s?.order === 'ascend' ? 'asc' : undefined;
              const sort = order && column?.sortBy ? column.sortBy : undefined;
              // Against the order in force (the default's too): a page turn keeps it, a new order starts at page 1.
              const sortChanged = sort !== sortBy || (sort !== undefined && order !== (sortOrder ?? 'asc'));
              setChosen([]);
              setPaging({ filters: filterKey, page: sortChanged ? 1 : (pagination.current ?? 1), size: pagination.pageSize ?? state.size, ...(sort ? { sort, order } : {}) });
            }}
            columns={shown.map((c) => ({
              key: c.key,
              title: c.title,
              width: c.width,
              align: c.align,
              sorter: Boolean(c.sortBy),
              sortOrder: c.sortBy && c.sortBy === sortBy ? (sortOrder === 'desc' ? 'descend' : 'ascend') : null,
              render: (_: unknown, r: T) => (c.render ? c.render(r) : (c.value(r) ?? '—')),
            }))}
          />
        </div>
      )}
    </Space>
  );
}
