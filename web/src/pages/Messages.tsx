import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Badge, Button, Card, List, Radio, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { api, call } from '../api/client';
import { instant } from '../format';
import { notificationKind } from '../labels';
import { Link } from '../router';

/** 消息: the inbox of the caller's role at its street or county, unread first to mark. */
export default function Messages() {
  const [unread, setUnread] = useState(false);
  const queryClient = useQueryClient();
  const inbox = useQuery({
    queryKey: ['notifications', unread ? 'unread-list' : 'all'],
    queryFn: () => call(api.GET('/v1/notifications', { params: { query: { limit: 100, ...(unread ? { unread: 'true' as const } : {}) } } })),
  });
  const read = useMutation({
    mutationFn: (id: number) => call(api.POST('/v1/notifications/{id}/read', { params: { path: { id } } })),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: ['notifications'] }),
  });
  return (
    <Card title={<Typography.Title level={4} style={{ margin: 0 }}>消息</Typography.Title>}>
      <Radio.Group value={unread} onChange={(e) => setUnread(e.target.value as boolean)} optionType="button" style={{ marginBottom: 16 }} aria-label="范围">
        <Radio.Button value={false}>全部</Radio.Button>
        <Radio.Button value={true}>未读</Radio.Button>
      </Radio.Group>
      <List
        loading={inbox.isLoading}
        dataSource={inbox.data?.items ?? []}
        locale={{ emptyText: '暂无消息' }}
        renderItem={(n) => (
          <List.Item
            actions={[n.readAt ? <Typography.Text type="secondary" key="r">已读</Typography.Text> : <Button key="r" size="small" onClick={() => read.mutate(n.id)}>标为已读</Button>]}
          >
            <List.Item.Meta
              title={
                <Space>
                  {!n.readAt && <Badge status="processing" />}
                  <Tag>{notificationKind(n.kind)}</Tag>
                  {n.caseId ? <Link to={`/cases/${n.caseId}`}>查看案件</Link> : null}
                </Space>
              }
              description={
                <span>
                  {n.message} <Typography.Text type="secondary">· {instant(n.createdAt)}</Typography.Text>
                </span>
              }
            />
          </List.Item>
        )}
      />
    </Card>
  );
}
