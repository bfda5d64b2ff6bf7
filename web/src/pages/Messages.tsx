import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App, Badge, Button, Radio, Select, Space, Typography, Card } from 'antd';
import { useState } from 'react';
import { api, call, type ListItem } from '../api/client';
import { DataTable, type DataColumn } from '../components/DataTable';
import { instant } from '../format';
import { NOTIFICATION_KINDS, notificationKind } from '../labels';
import { Link } from '../router';

type Note = ListItem<'/v1/notifications'>;

/** 消息: the inbox of the caller's role at its street or county; one or many marked read. */
export default function Messages() {
  const [unread, setUnread] = useState(false);
  const [kind, setKind] = useState<string | undefined>();
  const queryClient = useQueryClient();
  const { message } = App.useApp();
  const refresh = () => void queryClient.invalidateQueries({ queryKey: ['notifications'] });
  const read = useMutation({
    mutationFn: (ids: number[]) => call(api.POST('/v1/notifications/reads', { body: { ids } })),
    onSuccess: (r) => {
      void message.success(`已标为已读 ${r.items.length} 条`);
      refresh();
    },
    onError: (err) => void message.error(`标记失败：${err.message}`),
  });

  const columns: DataColumn<Note>[] = [
    { key: 'state', title: '状态', width: 80, value: (n) => (n.readAt ? '已读' : '未读'), render: (n) => (n.readAt ? <Typography.Text type="secondary">已读</Typography.Text> : <Badge status="processing" text="未读" />) },
    { key: 'kind', title: '类型', sortBy: 'kind', value: (n) => notificationKind(n.kind) },
    { key: 'message', title: '内容', value: (n) => n.message },
    { key: 'createdAt', title: '时间', sortBy: 'createdAt', value: (n) => instant(n.createdAt) },
    { key: 'readAt', title: '阅读时间', sortBy: 'readAt', hidden: true, value: (n) => (n.readAt ? instant(n.readAt) : '') },
    { key: 'case', title: '案件', value: (n) => n.caseId ?? '', render: (n) => (n.caseId ? <Link to={`/cases/${n.caseId}`}>查看案件</Link> : '—') },
    {
      key: 'act',
      title: '操作',
      value: () => '',
      render: (n) => (n.readAt ? null : <Button size="small" onClick={() => read.mutate([n.id])}>标为已读</Button>),
    },
  ];

  return (
    <Card title={<Typography.Title level={4} style={{ margin: 0 }}>消息</Typography.Title>}>
      <DataTable<Note>
        id="notifications"
        what="消息"
        columns={columns}
        rowKey={(n) => n.id}
        filters={{ unread, kind }}
        emptyText={unread ? '没有未读消息' : '暂无消息'}
        choosable={(n) => !n.readAt}
        batch={(chosen, done) => (
          <Button type="primary" disabled={chosen.length === 0} loading={read.isPending} onClick={() => read.mutate(chosen.map((n) => n.id), { onSuccess: done })}>
            批量标为已读
          </Button>
        )}
        toolbar={
          <Space wrap>
            <Radio.Group value={unread} onChange={(e) => setUnread(e.target.value as boolean)} optionType="button" aria-label="范围">
              <Radio.Button value={false}>全部</Radio.Button>
              <Radio.Button value={true}>未读</Radio.Button>
            </Radio.Group>
            <Select aria-label="消息类型" placeholder="消息类型" allowClear style={{ width: 180 }} value={kind} onChange={(v?: string) => setKind(v)} options={Object.entries(NOTIFICATION_KINDS).map(([value, label]) => ({ value, label }))} />
          </Space>
        }
        fetch={async (page) => call(api.GET('/v1/notifications', { params: { query: { ...page, ...(unread ? { unread: 'true' as const } : {}), ...(kind ? { kind } : {}) } as never } }))}
      />
    </Card>
  );
}
