import { Button, Space, Typography } from 'antd';
import { useState } from 'react';

// Pages of a list the API hands out by cursor ({ items, nextCursor }): the cursors seen so far, so the
// pager goes back as well as on.

export function useCursorPages(reset: unknown) {
  const [state, setState] = useState<{ reset: unknown; cursors: (string | undefined)[] }>({ reset, cursors: [undefined] });
  // New filters start again at the first page.
  const cursors = Object.is(state.reset, reset) ? state.cursors : [undefined];
  const page = cursors.length - 1;
  return {
    cursor: cursors[page],
    page,
    back: () => setState({ reset, cursors: cursors.slice(0, -1) }),
    on: (next: string) => setState({ reset, cursors: [...cursors, next] }),
  };
}

export function CursorPager({ pages, nextCursor }: { pages: ReturnType<typeof useCursorPages>; nextCursor: string | null | undefined }) {
  return (
    <Space style={{ marginTop: 12 }}>
      <Typography.Text type="secondary">第 {pages.page + 1} 页</Typography.Text>
      <Button disabled={pages.page === 0} onClick={pages.back}>
        上一页
      </Button>
      <Button disabled={!nextCursor} onClick={() => nextCursor && pages.on(nextCursor)}>
        下一页
      </Button>
    </Space>
  );
}
