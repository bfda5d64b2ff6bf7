import { useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Select, Space, Tag, Typography } from 'antd';
import { Suspense, useState } from 'react';
import { api, call, type ListItem } from '../api/client';
import { pageBySeq } from '../components/cursor-list';
import { DataTable, type DataColumn } from '../components/DataTable';
import { LazyFormModal } from '../components/forms';
import { useIdempotencyKeys } from '../components/idempotency';
import { actionsColumn, lastStepColumn } from '../components/step-columns';
import { day } from '../format';
import { useCan } from '../me';
import { Link } from '../router';
import { DISHONESTY_ACTIONS, DISHONESTY_KINDS, DISHONESTY_STATUS_OPTIONS, dishonestyKind, dishonestyStatus } from './care-labels';

type Entry = ListItem<'/v1/dishonesty-entries'>;
type Status = Entry['status'];
type Action = Entry['allowedActions'][number];

const reason = (title: string) => ({ type: 'object', required: ['reason'], properties: { reason: { type: 'string', title, minLength: 1, maxLength: 500 } } });

/** What each action carries (POST /v1/dishonesty-entries/:entryId/actions). */
const ACTION_SCHEMAS: Record<Action, Record<string, unknown>> = {
  confirm: { type: 'object', properties: { listedUntil: { type: 'string', format: 'date', title: '列入期限至', description: '不填则按政策规定的期限' } } },
  reject: reason('不予列入的理由'),
  appeal: reason('申诉理由'),
  remove: reason('移出理由'),
};

/** A 失信 proposal: a person by ID number, or an organisation by 统一社会信用代码 and name (POST /v1/dishonesty-entries). */
const PROPOSAL_SCHEMA = {
  type: 'object',
  required: ['subject', 'kind', 'evidence'],
  properties: {
    subject: {
      title: '失信对象',
      oneOf: [
        { type: 'object', title: '个人', required: ['kind', 'idNumber'], properties: { kind: { type: 'string', const: 'person', default: 'person' }, idNumber: { type: 'string', title: '身份证号', minLength: 18, maxLength: 18 } } },
        {
          type: 'object',
          title: '单位',
          required: ['kind', 'creditCode', 'name'],
          properties: {
            kind: { type: 'string', const: 'organisation', default: 'organisation' },
            creditCode: { type: 'string', title: '统一社会信用代码', minLength: 18, maxLength: 18 },
            name: { type: 'string', title: '单位名称', minLength: 1, maxLength: 128 },
          },
        },
      ],
    },
    kind: { type: 'string', title: '失信情形', enum: Object.keys(DISHONESTY_KINDS), 'x-labels': DISHONESTY_KINDS },
    evidence: { type: 'string', title: '失信事实及证据', description: '查实的情况，以及证明材料的存放处', minLength: 1, maxLength: 2000 },
    sourceCaseId: { type: 'string', title: '来源案件编号', description: '在哪个案件中发现（可不填）', maxLength: 64 },
  },
};

const subjectText = (e: Entry) => (e.subject.kind === 'person' ? `个人 ${e.subject.idNumberMasked}` : `单位 ${e.subject.name}（${e.subject.creditCode}）`);

/** 提出失信: the proposal form, for the county's approvers. */
function ProposeModal({ onClose }: { onClose: () => void }) {
  const keyOf = useIdempotencyKeys();
  const queryClient = useQueryClient();
  const { message } = App.useApp();
  return (
    <LazyFormModal
      title="提出失信名单"
      schema={PROPOSAL_SCHEMA}
      send={(body) => call(api.POST('/v1/dishonesty-entries', { params: { header: { 'idempotency-key': keyOf(body) } }, body: body as never }))}
      onDone={() => {
        void queryClient.invalidateQueries({ queryKey: ['dishonesty-entries'] });
        void message.success('已提出，待民政部门确认');
      }}
      onClose={onClose}
    />
  );
}

/** One action on an entry through its form. */
function ActionModal({ entry, action, onClose }: { entry: Entry; action: Action; onClose: () => void }) {
  const queryClient = useQueryClient();
  const { message } = App.useApp();
  const label = DISHONESTY_ACTIONS[action] ?? action;
  return (
    <LazyFormModal
      title={`${label}：${subjectText(entry)}`}
      schema={ACTION_SCHEMAS[action]}
      notFound="失信名单条目不存在"
      send={(values) => call(api.POST('/v1/dishonesty-entries/{entryId}/actions', { params: { path: { entryId: entry.entryId } }, body: { ...values, action } as never }))}
      onDone={() => {
        void queryClient.invalidateQueries({ queryKey: ['dishonesty-entries'] });
        void message.success(`${label}：已办理`);
      }}
      onClose={onClose}
    />
  );
}

/** 失信名单: the county's entries by status, a proposal for its approvers, and each entry's actions as `allowedActions` says. */
export default function Dishonesty() {
  const can = useCan();
  const [status, setStatus] = useState<Status | undefined>();
  const [proposing, setProposing] = useState(false);
  const [acting, setActing] = useState<{ entry: Entry; action: Action } | null>(null);

  const columns: DataColumn<Entry>[] = [
    { key: 'subject', title: '失信对象', value: subjectText },
    { key: 'kind', title: '失信情形', value: (e) => dishonestyKind(e.kind) },
    { key: 'status', title: '状态', value: (e) => dishonestyStatus(e.status).text, render: (e) => <Tag color={dishonestyStatus(e.status).color}>{dishonestyStatus(e.status).text}</Tag> },
    { key: 'evidence', title: '失信事实及证据', value: (e) => e.evidence ?? '', render: (e) => <Typography.Paragraph ellipsis={{ rows: 2, tooltip: e.evidence }} style={{ margin: 0, maxWidth: 280 }}>{e.evidence ?? '—'}</Typography.Paragraph> },
    { key: 'source', title: '来源案件', value: (e) => e.sourceCaseId ?? '', render: (e) => (e.sourceCaseId ? <Link to={`/cases/${e.sourceCaseId}`}>{e.sourceCaseId}</Link> : '—') },
    { key: 'period', title: '列入期限', value: (e) => (e.startDate && e.listedUntil ? `${day(e.startDate)} 至 ${day(e.listedUntil)}` : '') , render: (e) => (e.startDate && e.listedUntil ? `${day(e.startDate)} 至 ${day(e.listedUntil)}` : '—') },
    lastStepColumn<Entry>(DISHONESTY_ACTIONS),
    actionsColumn<Entry, Action>((e) => e.allowedActions, DISHONESTY_ACTIONS, (entry, action) => setActing({ entry, action }), { danger: ['remove', 'reject'] }),
  ];

  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Space style={{ width: '100%', justifyContent: 'space-between' }}>
        <Typography.Title level={4} style={{ margin: 0 }}>
          失信名单
        </Typography.Title>
        {can('dishonesty.propose') && (
          <Button type="primary" onClick={() => setProposing(true)}>
            提出失信名单
          </Button>
        )}
      </Space>
      <Card size="small">
        <DataTable<Entry>
          id="dishonesty-entries"
          what="失信名单"
          columns={columns}
          rowKey={(e) => e.entryId}
          filters={{ status }}
          emptyText="没有符合条件的失信名单条目"
          fetch={(page) => pageBySeq((before, limit) => call(api.GET('/v1/dishonesty-entries', { params: { query: { limit, ...(status ? { status } : {}), ...(before ? { before } : {}) } } })), page)}
          toolbar={<Select aria-label="状态" placeholder="全部状态" allowClear style={{ width: 160 }} value={status} onChange={(v?: Status) => setStatus(v)} options={DISHONESTY_STATUS_OPTIONS} />}
        />
      </Card>
      <Suspense fallback={null}>
        {proposing && <ProposeModal onClose={() => setProposing(false)} />}
        {acting && <ActionModal entry={acting.entry} action={acting.action} onClose={() => setActing(null)} />}
      </Suspense>
    </Space>
  );
}
