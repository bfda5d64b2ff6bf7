import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Descriptions, Form, Input, InputNumber, Progress, Radio, Result, Skeleton, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { ApiFailure, api, call, type Deliberation } from '../api/client';
import type { Actor } from '../auth';
import { day, instant, yuan } from '../format';
import { orgName, typeName } from '../labels';
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
  const [status, setStatus] = useState<'open' | 'all'>(actor.role === 'committee' ? 'open' : 'all');
  const list = useQuery({
    queryKey: ['deliberations', status],
    queryFn: () => call(api.GET('/v1/deliberations', { params: { query: status === 'open' ? { status: 'open', limit: 100 } : { limit: 100 } } })),
  });
  return (
    <Card title={<Typography.Title level={4} style={{ margin: 0 }}>{actor.role === 'committee' ? '待表决事项（一事一议）' : '一事一议'}</Typography.Title>}>
      <Radio.Group value={status} onChange={(e) => setStatus(e.target.value as 'open' | 'all')} optionType="button" style={{ marginBottom: 16 }} aria-label="范围">
        <Radio.Button value="open">表决中</Radio.Button>
        <Radio.Button value="all">全部</Radio.Button>
      </Radio.Group>
      <Table<Deliberation>
        rowKey="deliberationId"
        loading={list.isLoading}
        dataSource={list.data?.items ?? []}
        locale={{ emptyText: '暂无待表决事项' }}
        pagination={false}
        scroll={{ x: 800 }}
        columns={[
          { title: '事由', dataIndex: 'reason', render: (r: string, d) => <Link to={`/deliberations/${encodeURIComponent(d.deliberationId)}`}>{r}</Link> },
          { title: '受理编号', dataIndex: 'caseNumber', render: (n: string | null) => n ?? '—' },
          { title: '申请人', dataIndex: 'applicantName', render: (n: string | null) => n ?? '—' },
          { title: '街道', dataIndex: 'orgCode', render: orgName },
          { title: '建议金额', dataIndex: 'proposedAmountFen', render: yuan },
          { title: '已投票', key: 'votes', render: (_, d) => `${d.votes.length} / ${d.members}` },
          { title: '表决期限', dataIndex: 'dueDate', render: day },
          { title: '状态', dataIndex: 'status', render: (s: string) => <Tag color={STATUS[s]?.color}>{STATUS[s]?.text ?? s}</Tag> },
          { title: '', key: 'go', render: (_, d) => (actor.role === 'committee' && d.status === 'open' && !d.votes.some((v) => v.sub === actor.sub) ? <Button type="primary" size="small" onClick={() => navigate(`/deliberations/${encodeURIComponent(d.deliberationId)}`)}>去表决</Button> : null) },
        ]}
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
  if (d.error || !d.data) return <Result status="404" title="未找到该一事一议" subTitle={d.error?.message} />;
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
