import { useInfiniteQuery, useMutation } from '@tanstack/react-query';
import { Button, Card, Form, Input, Radio, Select, Space, Table, Tag, Tooltip, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { api, call, type CaseSummary } from '../api/client';
import type { Actor } from '../auth';
import { day, dueState, instant } from '../format';
import { deptName, orgName, ORGS, STEPS, TYPES, statusName, stepName, typeName } from '../labels';
import { Link, navigate, usePath } from '../router';

type Scope = 'mine' | 'all' | 'overdue';
type CaseType = 'dibao' | 'tekun' | 'medical' | 'housing' | 'education' | 'temporary' | 'employment' | 'legal-aid' | 'orphan' | 'defacto-orphan';
type Step = 'economic-check' | 'school-investigation' | 'street-review' | 'home-visit' | 'publicity' | 'decision' | 'closed' | 'approval' | 'county-review' | 'deliberation' | 'payment' | 'paperwork' | 'installments';

const ID_NUMBER = /^\d{17}[\dXx]$/;

/** 临期: due before four days from now — taken when the list is fetched, so a page left open past midnight asks for the right days. */
const dueSoonBefore = () => new Date(Date.now() + 4 * 86_400_000).toISOString().slice(0, 10);

/** 我的待办: the cases waiting on the signed-in person, soonest due first; or every case, or the overdue ones. */
export default function Queue({ actor }: { actor: Actor }) {
  const path = usePath();
  const params = useMemo(() => new URLSearchParams(path.split('?')[1] ?? ''), [path]);
  const acts = actor.role === 'caseworker' || actor.role === 'approver';
  const scope: Scope = (params.get('scope') as Scope | null) ?? (params.get('overdue') === 'true' ? 'overdue' : acts ? 'mine' : 'all');
  const type = (params.get('type') ?? undefined) as CaseType | undefined;
  const step = (params.get('step') ?? undefined) as Step | undefined;
  const orgCode = params.get('orgCode') ?? undefined;
  const dueSoon = params.get('dueSoon') === 'true';
  const status = (params.get('status') ?? undefined) as 'open' | 'approved' | 'rejected' | 'withdrawn' | 'revoked' | undefined;

  const setParam = (name: string, value: string | undefined) => {
    const next = new URLSearchParams(params);
    if (value) next.set(name, value);
    else next.delete(name);
    if (name === 'scope') next.delete('overdue');
    const q = next.toString();
    navigate(q ? `/?${q}` : '/');
  };

  const list = useInfiniteQuery({
    queryKey: ['cases', scope, type, step, orgCode, dueSoon, status],
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam }) =>
      call(
        api.GET('/v1/cases', {
          params: {
            query: {
              sort: 'due',
              limit: 50,
              ...(scope === 'mine' ? { waitingOn: 'me' as const } : {}),
              ...(scope === 'overdue' ? { overdue: 'true' as const } : {}),
              ...(dueSoon ? { overdue: 'false' as const, status: 'open' as const, dueBefore: dueSoonBefore() } : {}),
              ...(status ? { status } : {}),
              ...(type ? { type } : {}),
              ...(step ? { step } : {}),
              ...(orgCode ? { orgCode } : {}),
              ...(pageParam ? { cursor: pageParam } : {}),
            },
          },
        }),
      ),
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });

  const [searchText, setSearchText] = useState('');
  const [searchError, setSearchError] = useState<string | null>(null);
  const search = useMutation({
    // A full ID goes in a body (never in the address); a 受理编号 or a name is the list's `q`.
    mutationFn: (text: string) =>
      ID_NUMBER.test(text)
        ? call(api.POST('/v1/cases/searches', { body: { idNumber: text.toUpperCase(), limit: 50 } }))
        : call(api.GET('/v1/cases', { params: { query: { q: text, limit: 100 } } })),
    onError: (err) => setSearchError((err as Error).message),
  });

  const rows: CaseSummary[] = search.data ? search.data.items : (list.data?.pages.flatMap((p) => p.items) ?? []);
  const streets = Object.keys(ORGS).filter((c) => c.length === 9 && (actor.role === 'caseworker' ? c === actor.org : c.startsWith(actor.org.slice(0, 6))));

  return (
    <Card title={<Typography.Title level={4} style={{ margin: 0 }}>{scope === 'mine' ? '我的待办' : scope === 'overdue' ? '超期案件' : '案件列表'}</Typography.Title>}>
      <Space wrap style={{ marginBottom: 16 }}>
        <Radio.Group value={scope} onChange={(e) => setParam('scope', e.target.value as string)} optionType="button" aria-label="范围">
          {acts && <Radio.Button value="mine">待我办理</Radio.Button>}
          <Radio.Button value="all">全部</Radio.Button>
          <Radio.Button value="overdue">已超期</Radio.Button>
        </Radio.Group>
        <Select aria-label="救助类型" placeholder="救助类型" allowClear style={{ width: 160 }} value={type} onChange={(v?: string) => setParam('type', v)} options={Object.entries(TYPES).map(([value, label]) => ({ value, label }))} />
        <Select aria-label="办理环节" placeholder="办理环节" allowClear style={{ width: 160 }} value={step} onChange={(v?: string) => setParam('step', v)} options={Object.entries(STEPS).map(([value, label]) => ({ value, label }))} />
        {actor.role !== 'caseworker' && (
          <Select aria-label="街道" placeholder="街道" allowClear style={{ width: 200 }} value={orgCode} onChange={(v?: string) => setParam('orgCode', v)} options={streets.map((c) => ({ value: c, label: orgName(c) }))} />
        )}
        {dueSoon && (
          <Tag closable onClose={() => setParam('dueSoon', undefined)} color="orange">
            临期（3天内）
          </Tag>
        )}
      </Space>
      <Form
        layout="inline"
        style={{ marginBottom: 16 }}
        onFinish={() => {
          setSearchError(null);
          if (searchText.trim()) search.mutate(searchText.trim());
          else search.reset();
        }}
      >
        <Form.Item label="查找案件" validateStatus={searchError ? 'error' : undefined} help={searchError ?? '受理编号、姓名或完整18位身份证号（身份证号不出现在地址栏）'}>
          <Input.Search
            aria-label="受理编号、姓名或身份证号"
            allowClear
            value={searchText}
            onChange={(e) => setSearchText(e.target.value)}
            onSearch={(v) => {
              setSearchError(null);
              if (v.trim()) search.mutate(v.trim());
              else search.reset();
            }}
            style={{ width: 320 }}
            enterButton="查找"
            loading={search.isPending}
          />
        </Form.Item>
        {search.data && <Button onClick={() => { search.reset(); setSearchText(''); }}>清除查找结果</Button>}
      </Form>
      <Table<CaseSummary>
        rowKey="caseId"
        size="middle"
        loading={list.isLoading || search.isPending}
        dataSource={rows}
        pagination={false}
        scroll={{ x: 1280 }}
        locale={{ emptyText: scope === 'mine' ? '暂无待办案件' : '暂无案件' }}
        onRow={(c) => ({ onDoubleClick: () => navigate(`/cases/${c.caseId}`) })}
        columns={[
          { title: '受理编号', dataIndex: 'caseNumber', width: 170, render: (n: string, c) => <Link to={`/cases/${c.caseId}`}>{n}</Link> },
          { title: '申请人', key: 'applicant', width: 96, render: (_, c) => <Link to={`/cases/${c.caseId}`}>{c.applicant.name}</Link> },
          { title: '身份证号', key: 'id', width: 180, render: (_, c) => <Typography.Text type="secondary">{c.applicant.idNumberMasked}</Typography.Text> },
          { title: '救助类型', dataIndex: 'type', render: typeName },
          { title: '街道', dataIndex: 'orgCode', render: orgName },
          { title: '部门', dataIndex: 'department', width: 64, render: deptName },
          { title: '环节', key: 'step', render: (_, c) => <Space size={4}>{stepName(c.step)}{c.suspended && <Tag>补正中</Tag>}</Space> },
          { title: '状态', dataIndex: 'status', width: 80, render: statusName },
          { title: '受理时间', dataIndex: 'acceptedAt', render: instant },
          {
            title: '办理期限',
            key: 'due',
            render: (_, c) => {
              const s = dueState(c);
              return (
                <Space size={4} wrap>
                  <span>{day(c.dueDate)}</span>
                  {c.dueProvisional && (
                    <Tooltip title="该期间的节假日安排尚未公布，期限为暂定">
                      <Tag>暂定</Tag>
                    </Tooltip>
                  )}
                  <Tag color={s.color}>{s.text}</Tag>
                </Space>
              );
            },
          },
          { title: '公示截止', dataIndex: 'publicityClosesAt', render: (v: string | null) => (v ? instant(v) : '—') },
        ]}
      />
      {!search.data && list.hasNextPage && (
        <Button style={{ marginTop: 16 }} onClick={() => void list.fetchNextPage()} loading={list.isFetchingNextPage}>
          加载更多
        </Button>
      )}
    </Card>
  );
}
