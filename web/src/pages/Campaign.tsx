import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, InputNumber, Space, Table, Typography } from 'antd';
import { useState } from 'react';
import { ApiFailure, api, call } from '../api/client';
import { instant, shanghaiToday } from '../format';
import { orgName } from '../labels';
import { useCan } from '../me';

/**
 * 摸底排查: the county's yearly campaign ledger, street by street, read when asked (a year not yet opened
 * is a 404 the page says in words), and opened by the county's 民政 approver or supervisor.
 */
export function Campaign({ countyCode }: { countyCode: string }) {
  const can = useCan();
  const queryClient = useQueryClient();
  const { message } = App.useApp();
  const [year, setYear] = useState(Number(shanghaiToday().slice(0, 4)));
  const [shown, setShown] = useState<number | null>(null);
  const campaignId = `campaign-${countyCode}-${shown ?? year}`;
  const ledger = useQuery({
    queryKey: ['campaign', campaignId],
    enabled: shown !== null,
    retry: false,
    queryFn: () => call(api.GET('/v1/campaigns/{campaignId}', { params: { path: { campaignId } } })),
  });
  const open = useMutation({
    mutationFn: () => call(api.POST('/v1/campaigns', { body: { year, countyCode } })),
    onSuccess: (c) => {
      queryClient.setQueryData(['campaign', c.campaignId], c);
      setShown(c.year);
      void message.success(`${c.year} 年摸底排查已开展，已通知各街道`);
    },
    onError: (err) => void message.error(`开展失败：${err.message}`),
  });
  const notOpened = ledger.error instanceof ApiFailure && ledger.error.status === 404;

  return (
    <Card size="small" title="摸底排查台账">
      <Space wrap style={{ marginBottom: 12 }}>
        <InputNumber aria-label="年度" min={2000} max={2100} value={year} onChange={(v) => v && setYear(v)} suffix="年" />
        <Button onClick={() => setShown(year)}>查看台账</Button>
        {can('campaigns.open') && (
          <Button type="primary" loading={open.isPending} onClick={() => open.mutate()}>
            开展摸底排查
          </Button>
        )}
      </Space>
      {notOpened && <Alert type="info" showIcon title={`${shown} 年尚未开展摸底排查`} />}
      {ledger.isError && !notOpened && <Alert type="error" showIcon title={`台账暂时无法读取：${ledger.error.message}`} />}
      {ledger.data && (
        <>
          <Typography.Paragraph>
            {ledger.data.year} 年：发现 {ledger.data.totals.discovered} 人，已走访 {ledger.data.totals.visited} 人，已引导申请 {ledger.data.totals.invited} 人，逾期未走访 {ledger.data.totals.overdue} 人
          </Typography.Paragraph>
          <Table
            rowKey="orgCode"
            size="small"
            pagination={false}
            dataSource={ledger.data.streets}
            locale={{ emptyText: '本年度尚无主动发现记录' }}
            columns={[
              { title: '街道', dataIndex: 'orgCode', render: orgName },
              { title: '发现', dataIndex: 'discovered', align: 'right' },
              { title: '已走访', dataIndex: 'visited', align: 'right' },
              { title: '已引导申请', dataIndex: 'invited', align: 'right' },
              { title: '逾期未走访', dataIndex: 'overdue', align: 'right' },
              { title: '名单推送', dataIndex: 'pushedAt', render: (at: string | null) => (at ? instant(at) : '未推送') },
            ]}
          />
        </>
      )}
    </Card>
  );
}

/**
 * 向县级部门推送名单: a street's caseworker pushes the street's list of the year to the county (the
 * county's 民政 approvers and supervisors are told the counts); pushed again whenever there is news.
 */
export function CampaignPush({ street }: { street: string }) {
  const { message } = App.useApp();
  const [year, setYear] = useState(Number(shanghaiToday().slice(0, 4)));
  const push = useMutation({
    mutationFn: () => call(api.POST('/v1/campaigns/{campaignId}/pushes', { params: { path: { campaignId: `campaign-${street.slice(0, 6)}-${year}` } } })),
    onSuccess: (p) => void message.success(`已向区县推送 ${year} 年名单：发现 ${p.discovered} 人，已走访 ${p.visited} 人，已引导申请 ${p.invited} 人，逾期未走访 ${p.overdue} 人`),
  });
  const notOpened = push.error instanceof ApiFailure && push.error.status === 404;
  return (
    <Card size="small" title="摸底排查名单推送">
      <Space wrap>
        <InputNumber aria-label="推送年度" min={2000} max={2100} value={year} onChange={(v) => v && setYear(v)} suffix="年" />
        <Button type="primary" loading={push.isPending} onClick={() => push.mutate()}>
          向区县推送本街道名单
        </Button>
      </Space>
      {notOpened && <Alert type="info" showIcon style={{ marginTop: 12 }} title={`区县尚未开展 ${year} 年摸底排查，暂不能推送`} />}
      {push.isError && !notOpened && <Alert type="error" showIcon style={{ marginTop: 12 }} title={`推送失败：${push.error.message}`} />}
    </Card>
  );
}
