import { Button, Card, Form, Input, Radio, Select, Space, Tag, Tooltip, Typography } from 'antd';
import { DataTable, type DataColumn, type PageRequest } from '../components/DataTable';
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

  const listQuery = {
    ...(scope === 'mine' ? { waitingOn: 'me' as const } : {}),
    ...(scope === 'overdue' ? { overdue: 'true' as const } : {}),
    ...(dueSoon ? { overdue: 'false' as const, status: 'open' as const, dueBefore: dueSoonBefore() } : {}),
    ...(status ? { status } : {}),
    ...(type ? { type } : {}),
    ...(step ? { step } : {}),
    ...(orgCode ? { orgCode } : {}),
  };

  const [searchText, setSearchText] = useState('');
  // What was searched for: a 受理编号 or a name is the list's `q`; a full ID goes in a body (never in the address).
  const [searched, setSearched] = useState<string | null>(null);
  const search = (text: string) => setSearched(text.trim() || null);

  const fetch = async (page: PageRequest) => {
    if (searched && ID_NUMBER.test(searched)) {
      const found = await call(api.POST('/v1/cases/searches', { body: { idNumber: searched.toUpperCase(), limit: 100 } }));
      return { items: found.items.slice(page.offset, page.offset + page.limit), total: found.items.length };
    }
    return call(api.GET('/v1/cases', { params: { query: { ...(searched ? { q: searched } : listQuery), sort: 'due', ...page } as never } }));
  };
  const streets = Object.keys(ORGS).filter((c) => c.length === 9 && (actor.role === 'caseworker' ? c === actor.org : c.startsWith(actor.org.slice(0, 6))));

  return (
    <Card title={<Typography.Title level={4} style={{ margin: 0 }}>{searched ? '查找结果' : scope === 'mine' ? '我的待办' : scope === 'overdue' ? '超期案件' : '案件列表'}</Typography.Title>}>
      <Form layout="inline" style={{ marginBottom: 16 }} onFinish={() => search(searchText)}>
        <Form.Item label="查找案件" help="受理编号、姓名或完整18位身份证号（身份证号不出现在地址栏）">
          <Input.Search
            aria-label="受理编号、姓名或身份证号"
            allowClear
            value={searchText}
            onChange={(e) => setSearchText(e.target.value)}
            onSearch={(v) => search(v)}
            style={{ width: 320 }}
            enterButton="查找"
          />
        </Form.Item>
        {searched && <Button onClick={() => { setSearched(null); setSearchText(''); }}>清除查找结果</Button>}
      </Form>
      <DataTable<CaseSummary>
        id="cases"
        what="案件"
        columns={COLUMNS}
        rowKey={(c) => c.caseId}
        filters={searched ? { searched } : listQuery}
        defaultSort={searched && ID_NUMBER.test(searched) ? undefined : { sortBy: 'dueDate', sortOrder: 'asc' }}
        emptyText={searched ? '没有找到案件' : scope === 'mine' ? '暂无待办案件' : '暂无案件'}
        onRow={(c) => ({ onDoubleClick: () => navigate(`/cases/${c.caseId}`) })}
        fetch={fetch}
        toolbar={
          searched ? null : (
            <Space wrap>
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
          )
        }
      />
    </Card>
  );
}

function dueText(c: CaseSummary): string {
  return `${day(c.dueDate)}${c.dueProvisional ? '（暂定）' : ''} ${dueState(c).text}`;
}

const COLUMNS: DataColumn<CaseSummary>[] = [
  { key: 'caseNumber', title: '受理编号', sortBy: 'caseNumber', width: 170, value: (c) => c.caseNumber, render: (c) => <Link to={`/cases/${c.caseId}`}>{c.caseNumber}</Link> },
  { key: 'applicant', title: '申请人', sortBy: 'applicantName', width: 96, value: (c) => c.applicant.name, render: (c) => <Link to={`/cases/${c.caseId}`}>{c.applicant.name}</Link> },
  { key: 'id', title: '身份证号', width: 180, value: (c) => c.applicant.idNumberMasked, render: (c) => <Typography.Text type="secondary">{c.applicant.idNumberMasked}</Typography.Text> },
  { key: 'type', title: '救助类型', sortBy: 'type', value: (c) => typeName(c.type) },
  { key: 'orgCode', title: '街道', value: (c) => orgName(c.orgCode) },
  { key: 'department', title: '部门', width: 64, value: (c) => deptName(c.department) },
  { key: 'step', title: '环节', value: (c) => `${stepName(c.step)}${c.suspended ? '（补正中）' : ''}`, render: (c) => <Space size={4}>{stepName(c.step)}{c.suspended && <Tag>补正中</Tag>}</Space> },
  { key: 'status', title: '状态', sortBy: 'status', width: 80, value: (c) => statusName(c.status) },
  { key: 'acceptedAt', title: '受理时间', sortBy: 'acceptedAt', value: (c) => instant(c.acceptedAt) },
  {
    key: 'due',
    title: '办理期限',
    sortBy: 'dueDate',
    value: dueText,
    render: (c) => {
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
  { key: 'publicityClosesAt', title: '公示截止', value: (c) => (c.publicityClosesAt ? instant(c.publicityClosesAt) : '—') },
];
