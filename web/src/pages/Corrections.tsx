import { useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Input, Select, Space, Tag, Typography } from 'antd';
import { Suspense, useState } from 'react';
import { api, call, type ListItem } from '../api/client';
import { pageBySeq } from '../components/cursor-list';
import { DataTable, type DataColumn } from '../components/DataTable';
import { LazyFormModal } from '../components/forms';
import { useIdempotencyKeys } from '../components/idempotency';
import { actionsColumn, lastStepColumn } from '../components/step-columns';
import { yuan } from '../format';
import { useCan } from '../me';
import { Link } from '../router';
import { NUMERIC_CORRECTION_PATHS } from '../../../src/domain/corrections';
import { CORRECTION_ACTIONS, CORRECTION_PATHS, CORRECTION_STATUS_OPTIONS, correctionStatus } from './care-labels';

type Correction = ListItem<'/v1/corrections'>;
type Status = Correction['status'];
type Action = Correction['allowedActions'][number];
type Value = Correction['value'] | null;

const MONEY_PATHS = ['household.monthlyIncomeFen', 'decision.monthlyAmountFen'];

/** A value as a person reads it: money in 元, nothing as —. */
const shown = (path: string, value: Value) => (value === null ? '—' : MONEY_PATHS.includes(path) && typeof value === 'number' ? yuan(value) : String(value));

/** 补发 or recovery over the months already sent, as an approved amount's correction computed it. */
export function effectText(c: Pick<Correction, 'effect'>): string {
  if (!c.effect) return '';
  if (c.effect.backPayFen) return `应补发 ${yuan(c.effect.backPayFen)}（${c.effect.months.length} 个月）`;
  if (c.effect.recoveryFen) return `须追回 ${yuan(c.effect.recoveryFen)}（${c.effect.months.length} 个月）`;
  return '已发月份无差额';
}

const proposalSchema = (withCase: boolean) => ({
  type: 'object',
  required: [...(withCase ? ['caseId'] : []), 'path', 'value', 'reason', 'evidence'],
  properties: {
    ...(withCase ? { caseId: { type: 'string', title: '案件编号', minLength: 1, maxLength: 100 } } : {}),
    path: { type: 'string', title: '更正事项', enum: Object.keys(CORRECTION_PATHS), 'x-labels': CORRECTION_PATHS },
    value: { type: 'string', title: '更正后的值', description: '金额、收入以“分”为单位填写整数；家庭人口填写人数', minLength: 1, maxLength: 200 },
    reason: { type: 'string', title: '更正理由', minLength: 1, maxLength: 500 },
    evidence: { type: 'string', title: '证明材料', description: '证明正确值的材料，以及存放处', minLength: 1, maxLength: 2000 },
  },
});

/** A number where the path takes one (as typed: a value the API refuses is refused at its field). */
const valueOf = (path: unknown, value: unknown) => ((NUMERIC_CORRECTION_PATHS as readonly string[]).includes(String(path)) && typeof value === 'string' && /^-?\d+(\.\d+)?$/.test(value.trim()) ? Number(value) : value);

/** 申请更正: a correction of a case's record, from the case's page (its id given) or from the list (typed in). */
export function ProposeCorrectionModal({ caseId, onClose }: { caseId?: string; onClose: () => void }) {
  const keyOf = useIdempotencyKeys();
  const queryClient = useQueryClient();
  const { message } = App.useApp();
  return (
    <LazyFormModal
      title="申请更正"
      schema={proposalSchema(caseId === undefined)}
      notFound="案件不存在或无权查看"
      send={({ caseId: typed, ...values }) => {
        const body = { ...values, value: valueOf(values.path, values.value) };
        const id = caseId ?? String(typed);
        return call(api.POST('/v1/cases/{caseId}/corrections', { params: { path: { caseId: id }, header: { 'idempotency-key': keyOf({ id, body }) } }, body: body as never }));
      }}
      onDone={() => {
        void queryClient.invalidateQueries({ queryKey: ['corrections'] });
        void message.success('已提出更正，待区县民政部门审批');
      }}
      onClose={onClose}
    />
  );
}

const ACTION_SCHEMAS: Record<Action, Record<string, unknown>> = {
  approve: { type: 'object', properties: { note: { type: 'string', title: '审批意见', maxLength: 500 } } },
  refuse: { type: 'object', required: ['reason'], properties: { reason: { type: 'string', title: '不予批准的理由', minLength: 1, maxLength: 500 } } },
};

/** 批准 or 不予批准 through its form; an approved amount says its 补发 or recovery. */
function ActionModal({ correction, action, onClose }: { correction: Correction; action: Action; onClose: () => void }) {
  const queryClient = useQueryClient();
  const { message } = App.useApp();
  const keyOf = useIdempotencyKeys();
  const label = CORRECTION_ACTIONS[action] ?? action;
  return (
    <LazyFormModal
      title={`${label}更正：${correction.pathLabel}`}
      schema={ACTION_SCHEMAS[action]}
      notFound="更正记录不存在"
      send={(values) => {
        const body = { ...values, action };
        return call(api.POST('/v1/corrections/{correctionId}/actions', { params: { path: { correctionId: correction.correctionId }, header: { 'idempotency-key': keyOf(body) } }, body: body as never }));
      }}
      onDone={(done) => {
        void queryClient.invalidateQueries({ queryKey: ['corrections'] });
        void queryClient.invalidateQueries({ queryKey: ['case', correction.caseId] });
        const effect = effectText(done as Correction);
        void message.success(`${label}：已办理${effect ? `，${effect}` : ''}`);
      }}
      onClose={onClose}
    />
  );
}

/** 纠错: the street's or the county's corrections by status and case, both values, an amount's effect, and each one's decision as `allowedActions` says. */
export default function Corrections() {
  const can = useCan();
  const [status, setStatus] = useState<Status | undefined>();
  const [caseId, setCaseId] = useState<string | undefined>();
  const [proposing, setProposing] = useState(false);
  const [acting, setActing] = useState<{ correction: Correction; action: Action } | null>(null);

  const columns: DataColumn<Correction>[] = [
    { key: 'case', title: '案件', value: (c) => c.caseId, render: (c) => <Link to={`/cases/${c.caseId}`}>{c.caseId}</Link> },
    { key: 'path', title: '更正事项', value: (c) => c.pathLabel },
    { key: 'before', title: '原值', value: (c) => shown(c.path, c.before) },
    { key: 'value', title: '更正后', value: (c) => shown(c.path, c.value) },
    { key: 'status', title: '状态', value: (c) => correctionStatus(c.status).text, render: (c) => <Tag color={correctionStatus(c.status).color}>{correctionStatus(c.status).text}</Tag> },
    { key: 'effect', title: '补发或追回', value: (c) => [c.fromMonth ? `${c.fromMonth} 起` : '', effectText(c)].filter(Boolean).join('，') || '—' },
    { key: 'reason', title: '理由及证明', value: (c) => `${c.reason}；${c.evidence}`, render: (c) => <Typography.Paragraph ellipsis={{ rows: 2, tooltip: `${c.reason}；${c.evidence}` }} style={{ margin: 0, maxWidth: 260 }}>{c.reason}；{c.evidence}</Typography.Paragraph> },
    lastStepColumn<Correction>(CORRECTION_ACTIONS),
    actionsColumn<Correction, Action>((c) => c.allowedActions, CORRECTION_ACTIONS, (correction, action) => setActing({ correction, action }), { primary: ['approve'], danger: ['refuse'] }),
  ];

  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Space style={{ width: '100%', justifyContent: 'space-between' }}>
        <Typography.Title level={4} style={{ margin: 0 }}>
          纠错
        </Typography.Title>
        {can('corrections.propose') && (
          <Button type="primary" onClick={() => setProposing(true)}>
            申请更正
          </Button>
        )}
      </Space>
      <Card size="small">
        <DataTable<Correction>
          id="corrections"
          what="更正记录"
          columns={columns}
          rowKey={(c) => c.correctionId}
          filters={{ status, caseId }}
          emptyText="没有符合条件的更正记录"
          fetch={(page) =>
            pageBySeq((before, limit) => call(api.GET('/v1/corrections', { params: { query: { limit, ...(status ? { status } : {}), ...(caseId ? { caseId } : {}), ...(before ? { before } : {}) } } })), page)
          }
          toolbar={
            <Space wrap>
              <Select aria-label="状态" placeholder="全部状态" allowClear style={{ width: 160 }} value={status} onChange={(v?: Status) => setStatus(v)} options={CORRECTION_STATUS_OPTIONS} />
              <Input.Search aria-label="案件编号" placeholder="案件编号" allowClear style={{ width: 260 }} onSearch={(v) => setCaseId(v.trim() || undefined)} />
            </Space>
          }
        />
      </Card>
      <Suspense fallback={null}>
        {proposing && <ProposeCorrectionModal onClose={() => setProposing(false)} />}
        {acting && <ActionModal correction={acting.correction} action={acting.action} onClose={() => setActing(null)} />}
      </Suspense>
    </Space>
  );
}
