import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Descriptions, Form, Input, InputNumber, Progress, Radio, Result, Skeleton, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { ApiFailure, api, call, type Deliberation } from '../api/client';
import type { Actor } from '../auth';
import { day, instant, yuan } from '../format';
import { orgName, typeName } from '../labels';
import { DataTable, type DataColumn } from '../components/DataTable';
import { QueryError } from '../components/QueryError';
import { useCan } from '../me';
import { Link, navigate } from '../router';

const STATUS: Record<string, { text: string; color: string }> = {
  open: { text: '表决中', color: 'blue' },
  approved: { text: '通过', color: 'green' },
  rejected: { text: '未通过', color: 'default' },
};

/** 一事一议: the county's deliberations; one opened is a ballot for a committee member, with the tally. */
export default function Deliberations({ actor, id }: { actor: Actor; id?: string }) {
  if (id) return <Ballot actor={actor} id={id} />;
  return <List actor={actor} />;
}

function List({ actor }: { actor: Actor }) {
  const can = useCan();
  const [status, setStatus] = useState<'open' | 'all'>(can('deliberations.vote') ? 'open' : 'all');
  const columns: DataColumn<Deliberation>[] = [
    { key: 'reason', title: '事由', value: (d) => d.reason, render: (d) => <Link to={`/deliberations/${encodeURIComponent(d.deliberationId)}`}>{d.reason}</Link> },
    { key: 'caseNumber', title: '受理编号', value: (d) => d.caseNumber ?? '—' },
    { key: 'applicantName', title: '申请人', value: (d) => d.applicantName ?? '—' },
    { key: 'orgCode', title: '街道', sortBy: 'orgCode', value: (d) => orgName(d.orgCode) },
    { key: 'proposedAmountFen', title: '建议金额', align: 'right', value: (d) => yuan(d.proposedAmountFen) },
    { key: 'votes', title: '已投票', value: (d) => `${d.votes.length} / ${d.members}` },
    { key: 'dueDate', title: '表决期限', value: (d) => day(d.dueDate) },
    { key: 'status', title: '状态', sortBy: 'status', value: (d) => STATUS[d.status]?.text ?? d.status, render: (d) => <Tag color={STATUS[d.status]?.color}>{STATUS[d.status]?.text ?? d.status}</Tag> },
    {
      key: 'go',
      title: '操作',
      value: () => '',
      render: (d) =>
        can('deliberations.vote') && d.status === 'open' && !d.votes.some((v) => v.sub === actor.sub) ? (
          <Button type="primary" size="small" onClick={() => navigate(`/deliberations/${encodeURIComponent(d.deliberationId)}`)}>
            去表决
          </Button>
        ) : null,
    },
  ];
  return (
    <Card title={<Typography.Title level={4} style={{ margin: 0 }}>{can('deliberations.vote') ? '待表决事项（一事一议）' : '一事一议'}</Typography.Title>}>
      <DataTable<Deliberation>
        id="deliberations"
        what="一事一议"
        columns={columns}
        rowKey={(d) => d.deliberationId}
        filters={status}
        emptyText={status === 'open' ? '暂无待表决事项' : '暂无一事一议'}
        toolbar={
          <Radio.Group value={status} onChange={(e) => setStatus(e.target.value as 'open' | 'all')} optionType="button" aria-label="范围">
            <Radio.Button value="open">表决中</Radio.Button>
            <Radio.Button value="all">全部</Radio.Button>
          </Radio.Group>
        }
        fetch={(page) => call(api.GET('/v1/deliberations', { params: { query: { ...page, ...(status === 'open' ? { status: 'open' as const } : {}) } as never } }))}
      />
    </Card>
  );
}

function Ballot({ actor, id }: { actor: Actor; id: string }) {
  const d = useQuery({ queryKey: ['deliberation', id], queryFn: () => call(api.GET('/v1/deliberations/{id}', { params: { path: { id } } })) });
  const c = useQuery({
    queryKey: ['case', d.data?.caseId],
    enabled: Boolean(d.data && actor.role !== 'committee'),
    queryFn: () => call(api.GET('/v1/cases/{caseId}', { params: { path: { caseId: d.data?.caseId ?? '' } } })),
  });
  const [form] = Form.useForm<{ vote: 'approve' | 'reject'; amountFen?: number; reason: string }>();
  const vote = Form.useWatch('vote', form);
  const [problem, setProblem] = useState<string | null>(null);
  const queryClient = useQueryClient();
  const { message } = App.useApp();
  const submit = useMutation({
    mutationFn: (body: { vote: 'approve' | 'reject'; amountFen?: number; reason: string }) => call(api.POST('/v1/deliberations/{id}/votes', { params: { path: { id } }, body })),
    onSuccess: (view) => {
      queryClient.setQueryData(['deliberation', id], view);
      void queryClient.invalidateQueries({ queryKey: ['deliberations'] });
      void message.success('已投票');
    },
    onError: (err) => {
      if (err instanceof ApiFailure && err.status === 400 && err.fields.length > 0) {
        form.setFields(err.fields.map((f) => ({ name: f.path.split('.'), errors: [f.message] })) as never);
        return;
      }
      setProblem(err instanceof ApiFailure && err.status === 409 ? `不能投票：${err.message}` : `投票失败：${err.message}`);
    },
  });

  if (d.isLoading) return <Skeleton active />;
  if (d.error) return <QueryError error={d.error} what="该一事一议" retry={() => d.refetch()} />;
  if (!d.data) return <Result status="404" title="未找到该一事一议" />;
  const v = d.data;
  const approvals = v.votes.filter((x) => x.vote === 'approve').length;
  const rejections = v.votes.length - approvals;
  const mine = v.votes.find((x) => x.sub === actor.sub);

  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Card title={<Space><Typography.Title level={4} style={{ margin: 0 }}>一事一议</Typography.Title><Tag color={STATUS[v.status]?.color}>{STATUS[v.status]?.text}</Tag></Space>}>
        <Descriptions column={{ xs: 1, md: 2 }} size="small">
          <Descriptions.Item label="事由">{v.reason}</Descriptions.Item>
          <Descriptions.Item label="街道">{orgName(v.orgCode)}</Descriptions.Item>
          <Descriptions.Item label="建议金额">{yuan(v.proposedAmountFen)}</Descriptions.Item>
          <Descriptions.Item label="表决期限">{day(v.dueDate)}</Descriptions.Item>
          <Descriptions.Item label="受理编号">{actor.role === 'committee' ? (v.caseNumber ?? '—') : <Link to={`/cases/${v.caseId}`}>{v.caseNumber ?? c.data?.caseNumber ?? '查看案件'}</Link>}</Descriptions.Item>
          <Descriptions.Item label="申请人">
            {v.applicantName ?? c.data?.applicant.name ?? '—'}
            {c.data && ` · ${typeName(c.data.type)}`}
          </Descriptions.Item>
          <Descriptions.Item label="规则">
            成员 {v.members} 人，法定人数 {v.quorum} 人，{v.majority === 'of-votes-cast' ? '以到会票数过半' : `须 ${v.needed} 票赞成`}
          </Descriptions.Item>
        </Descriptions>
      </Card>
      <Card title="计票">
        <Space size={32} wrap>
          <Progress type="circle" percent={Math.round((approvals / v.members) * 100)} format={() => `赞成 ${approvals}`} strokeColor="#389e0d" />
          <Progress type="circle" percent={Math.round((rejections / v.members) * 100)} format={() => `反对 ${rejections}`} strokeColor="#cf1322" />
          <Typography.Text>
            已投 {v.votes.length} / {v.members} 票{v.outcome ? `；结果：${v.outcome.approved ? `通过，金额 ${yuan(v.outcome.amountFen)}` : '未通过'}（${instant(v.outcome.decidedAt)}）` : ''}
          </Typography.Text>
        </Space>
        <Table
          style={{ marginTop: 16 }}
          size="small"
          rowKey="sub"
          pagination={false}
          dataSource={v.votes}
          columns={[
            { title: '成员', dataIndex: 'sub' },
            { title: '表决', dataIndex: 'vote', render: (x: string) => (x === 'approve' ? <Tag color="green">赞成</Tag> : <Tag color="red">反对</Tag>) },
            { title: '金额', dataIndex: 'amountFen', render: (x?: number) => (x ? yuan(x) : '—') },
            { title: '理由', dataIndex: 'reason' },
            { title: '时间', dataIndex: 'at', render: instant },
          ]}
        />
      </Card>
      {actor.role === 'committee' && v.status === 'open' && !mine && (
        <Card title="我的表决">
          {problem && <Alert type="error" showIcon title={problem} style={{ marginBottom: 16 }} />}
          <Form form={form} layout="vertical" onFinish={(b) => { setProblem(null); submit.mutate(b); }}>
            <Form.Item name="vote" label="表决" rules={[{ required: true, message: '请选择赞成或反对' }]}>
              <Radio.Group options={[{ value: 'approve', label: '赞成' }, { value: 'reject', label: '反对' }]} />
            </Form.Item>
            {vote === 'approve' && (
              <Form.Item
                name="amountFen"
                label="支持金额（元）"
                extra="不填则按建议金额"
                getValueProps={(fen: number | undefined) => ({ value: fen == null ? fen : fen / 100 })}
                normalize={(y: number | null) => (y == null ? undefined : Math.round(y * 100))}
              >
                <InputNumber min={0.01} precision={2} style={{ width: 220 }} />
              </Form.Item>
            )}
            <Form.Item name="reason" label="理由" rules={[{ required: true, message: '请填写理由' }]}>
              <Input.TextArea rows={3} maxLength={2000} />
            </Form.Item>
            <Button type="primary" htmlType="submit" loading={submit.isPending}>
              提交表决
            </Button>
          </Form>
        </Card>
      )}
      {mine && <Alert type="success" showIcon title={`您已投票：${mine.vote === 'approve' ? '赞成' : '反对'}（${instant(mine.at)}）`} />}
    </Space>
  );
}
