import { PrinterOutlined } from '@ant-design/icons';
import { useQueries, useQuery } from '@tanstack/react-query';
import { Alert, Button, Descriptions, Result, Skeleton, Table, Typography } from 'antd';
import type { ReactNode } from 'react';
import { publicityName } from '../../../src/domain/publicity';
import { ApiFailure, api, call, type CaseView, type Schemas } from '../api/client';
import { datesIn, day, instant, shanghaiDateOf, yuan } from '../format';
import { deptName, orgName, typeName } from '../labels';
import { match } from '../router';
import { CaseSteps, HouseholdSection, applicationFacts } from './case-sections';
import { actorText, historyFacts } from './case-text';

// Print views (A4, without the console around them): 受理回执, 审批表 and a street's 公示名单.

const PRINT_CSS = `
@page { size: A4; margin: 15mm 15mm 18mm; }
.print-page { max-width: 180mm; margin: 0 auto; padding: 16px; background: #fff; color: #000; font-size: 13px; }
.print-page h1 { text-align: center; font-size: 22px; margin: 8px 0 16px; letter-spacing: 2px; }
.print-page .signatures { display: grid; grid-template-columns: repeat(3, 1fr); gap: 16px; margin-top: 32px; }
.print-page .signatures div { border-top: 1px solid #000; padding-top: 6px; min-height: 64px; }
@media print {
  .no-print { display: none !important; }
  body { background: #fff !important; }
  .print-page { padding: 0; max-width: none; }
  .ant-table, .ant-descriptions { font-size: 12px; }
}
`;

function PrintPage({ title, children }: { title: string; children: ReactNode }) {
  return (
    <div className="print-page">
      <style>{PRINT_CSS}</style>
      <div className="no-print" style={{ textAlign: 'right', marginBottom: 8 }}>
        <Button type="primary" icon={<PrinterOutlined />} onClick={() => window.print()}>
          打印
        </Button>
      </div>
      <h1>{title}</h1>
      {children}
    </div>
  );
}

function useCase(caseId: string) {
  return useQuery({ queryKey: ['case', caseId], queryFn: () => call(api.GET('/v1/cases/{caseId}', { params: { path: { caseId } } })) });
}

function Failed({ error }: { error: Error }) {
  const status = error instanceof ApiFailure ? error.status : 500;
  return <Result status={status === 404 ? '404' : status === 403 ? '403' : 'error'} title={status === 404 ? '案件不存在' : status === 403 ? '无权查看' : '加载失败'} subTitle={error.message} />;
}

type Commitments = { economicCheckAuthorized: boolean; truthfulnessPledged: boolean } | null | undefined;

/** What the window received: the ID, the application, the signed 一证两书, and the proofs a commitment stands in for. */
function materialsOf(c: CaseView, commitments: Commitments): string[] {
  return [
    '申请人居民身份证（复印件）',
    '社会救助申请书',
    ...(commitments?.economicCheckAuthorized ? ['家庭经济状况核对授权书'] : []),
    ...(commitments?.truthfulnessPledged ? ['申请人承诺书'] : []),
    ...(c.pledges?.items.length ? [`告知承诺代替的证明：${c.pledges.items.join('、')}（${day(c.pledges.dueDate)} 前核查）`] : []),
  ];
}

/** 受理回执: what the applicant takes home — who, which cases by number, when accepted and due, where. */
function PrintReceipt({ caseId }: { caseId: string }) {
  const view = useCase(caseId);
  const c = view.data as CaseView | undefined;
  const application = useQuery({
    queryKey: ['application', c?.applicationId],
    enabled: !!c?.applicationId,
    queryFn: () => call(api.GET('/v1/applications/{applicationId}', { params: { path: { applicationId: c!.applicationId! } } })),
  });
  if (view.isLoading || application.isLoading) return <Skeleton active />;
  if (view.error || !c) return <Failed error={view.error ?? new Error('加载失败')} />;
  const cases = application.data?.cases ?? [{ caseId: c.caseId, caseNumber: c.caseNumber, type: c.type, department: c.department, dueDate: c.dueDate }];
  return (
    <PrintPage title="社会救助申请受理回执">
      <Descriptions bordered size="small" column={2}>
        <Descriptions.Item label="申请人">{c.applicant.name}</Descriptions.Item>
        <Descriptions.Item label="身份证号">{c.applicant.idNumberMasked}</Descriptions.Item>
        <Descriptions.Item label="受理时间">{instant(c.acceptedAt)}</Descriptions.Item>
        <Descriptions.Item label="受理窗口">{orgName(c.orgCode)}</Descriptions.Item>
      </Descriptions>
      <Typography.Title level={5} style={{ marginTop: 16 }}>
        受理事项
      </Typography.Title>
      <Table
        size="small"
        bordered
        pagination={false}
        rowKey="caseId"
        dataSource={cases}
        columns={[
          { title: '受理编号', dataIndex: 'caseNumber', render: (n: string | null, r) => n ?? r.caseId },
          { title: '救助类型', dataIndex: 'type', render: typeName },
          { title: '承办部门', dataIndex: 'department', render: deptName },
          { title: '办理期限', dataIndex: 'dueDate', render: (d: string | null) => (d ? day(d) : '—') },
        ]}
      />
      <Typography.Title level={5} style={{ marginTop: 16 }}>
        已收材料
      </Typography.Title>
      <ol aria-label="已收材料">
        {materialsOf(c, (application.data as { commitments?: Commitments } | undefined)?.commitments ?? (c as CaseView & { commitments?: Commitments }).commitments).map((m) => (
          <li key={m}>{m}</li>
        ))}
      </ol>
      <p>请凭受理编号查询办理进度。如需补正材料，经办人员将另行告知。</p>
      <div className="signatures">
        <div>经办人（签字）：</div>
        <div>受理单位（盖章）：{orgName(c.orgCode)}</div>
        <div>日期：{day(shanghaiDateOf(c.acceptedAt))}</div>
      </div>
    </PrintPage>
  );
}

/** 审批表: the case, its household, its steps as they were taken, the decision, and the signatures. */
function PrintApproval({ caseId }: { caseId: string }) {
  const view = useCase(caseId);
  if (view.isLoading) return <Skeleton active />;
  if (view.error || !view.data) return <Failed error={view.error ?? new Error('加载失败')} />;
  const c = view.data;
  const decision = c.decision as { decision: string; at: string; reason?: string; monthlyAmountFen?: number; approvedAmountFen?: number; amountFen?: number } | null;
  const approval = c.temporary?.approval as { amountFen: number } | null | undefined;
  const amount = decision?.monthlyAmountFen ?? decision?.approvedAmountFen ?? decision?.amountFen ?? approval?.amountFen;
  const decided = decision ? ({ approve: '批准', reject: '不予批准', 'low-income': '认定为低收入家庭' } as Record<string, string>)[decision.decision] : approval ? '批准' : '尚未决定';
  const acceptedBy = c.history.find((e) => e.action === 'accept');
  const decidedBy = [...c.history].reverse().find((e) => ['decide', 'approve', 'reject', 'deliberation-approved', 'deliberation-rejected'].includes(e.action));
  return (
    <PrintPage title={`${typeName(c.type)}审批表`}>
      <Descriptions bordered size="small" column={2}>
        <Descriptions.Item label="受理编号">{c.caseNumber ?? c.caseId}</Descriptions.Item>
        <Descriptions.Item label="救助类型">{typeName(c.type)}</Descriptions.Item>
        <Descriptions.Item label="申请人">{c.applicant.name}</Descriptions.Item>
        <Descriptions.Item label="身份证号">{c.applicant.idNumberMasked}</Descriptions.Item>
        <Descriptions.Item label="街道">{orgName(c.orgCode)}</Descriptions.Item>
        <Descriptions.Item label="受理时间">{instant(c.acceptedAt)}</Descriptions.Item>
        {applicationFacts(c).map((f) => (
          <Descriptions.Item key={f.label} label={f.label}>
            {f.value}
          </Descriptions.Item>
        ))}
      </Descriptions>
      <Typography.Title level={5} style={{ marginTop: 16 }}>
        家庭情况
      </Typography.Title>
      <HouseholdSection c={c} bordered />
      <Typography.Title level={5} style={{ marginTop: 16 }}>
        办理步骤
      </Typography.Title>
      <CaseSteps c={c} size="small" />
      <Table
        size="small"
        bordered
        pagination={false}
        rowKey="seq"
        style={{ marginTop: 8 }}
        dataSource={c.history}
        columns={[
          { title: '时间', dataIndex: 'at', render: instant, width: 150 },
          { title: '办理人', dataIndex: 'actor', render: actorText, width: 150 },
          { title: '办理情况', render: (_: unknown, e) => [datesIn(e.summary), ...historyFacts(e).map((f) => `${f.label}：${f.value}`)].join('；') },
        ]}
      />
      <Typography.Title level={5} style={{ marginTop: 16 }}>
        审批意见
      </Typography.Title>
      <Descriptions bordered size="small" column={2}>
        <Descriptions.Item label="决定">{decided}</Descriptions.Item>
        <Descriptions.Item label="金额">{amount != null ? yuan(amount) : '—'}</Descriptions.Item>
        <Descriptions.Item label="决定时间">{instant(decision?.at ?? c.decidedAt)}</Descriptions.Item>
        <Descriptions.Item label="理由">{decision?.reason ?? '—'}</Descriptions.Item>
      </Descriptions>
      <div className="signatures" aria-label="签字">
        <div>
          经办人：{acceptedBy ? actorText(acceptedBy.actor) : ''}
          <br />
          日期：{acceptedBy ? day(shanghaiDateOf(acceptedBy.at)) : BLANK_DATE}
        </div>
        <div>
          审核人：
          <br />
          日期：{BLANK_DATE}
        </div>
        <div>
          审批人：{decidedBy ? actorText(decidedBy.actor) : ''}
          <br />
          日期：{decidedBy ? day(shanghaiDateOf(decidedBy.at)) : BLANK_DATE}
        </div>
      </div>
    </PrintPage>
  );
}

type Household = Schemas['Household'];

/** A date line to fill in by hand (full-width spaces hold the room). */
const BLANK_DATE = '\u3000\u3000年\u3000\u3000月\u3000\u3000日';

/** 公示名单: a street's cases in publicity — masked names, household size, amount; no ID numbers, no addresses. */
function PrintPublicity({ orgCode }: { orgCode: string }) {
  const list = useQuery({
    queryKey: ['cases', 'publicity', orgCode],
    queryFn: () => call(api.GET('/v1/cases', { params: { query: { orgCode, step: 'publicity', limit: 100 } } })),
  });
  const items = list.data?.items ?? [];
  const cases = useQueries({
    queries: items.map((i) => ({ queryKey: ['case', i.caseId], queryFn: () => call(api.GET('/v1/cases/{caseId}', { params: { path: { caseId: i.caseId } } })) })),
  });
  const households = useQueries({
    queries: cases.map((q) => ({
      queryKey: ['household', q.data?.householdId],
      enabled: !!q.data?.householdId,
      queryFn: () => call(api.GET('/v1/households/{householdId}', { params: { path: { householdId: q.data!.householdId! } } })),
    })),
  });
  if (list.isLoading || cases.some((q) => q.isLoading) || households.some((q) => q.isLoading)) return <Skeleton active />;
  if (list.error) return <Failed error={list.error} />;
  const rows = cases.flatMap((q, i) => {
    const c = q.data;
    if (!c) return [];
    const h = households[i]?.data as Household | undefined;
    const proposed = h?.eligibility.find((e) => e.type === c.type && e.eligible)?.monthlyAmountFen ?? c.amountFen;
    const publicity = (c as CaseView & { publicity?: { closesAt: string } | null }).publicity;
    return [{ key: c.caseId, number: c.caseNumber, name: publicityName(c.applicant.name), type: typeName(c.type), size: h?.size ?? (c as CaseView & { household?: { size: number } }).household?.size, amount: proposed, closesAt: publicity?.closesAt }];
  });
  return (
    <PrintPage title={`${orgName(orgCode)} 社会救助对象公示名单`}>
      {cases.some((q) => q.error) && <Alert className="no-print" type="warning" showIcon title="部分案件无法读取，未列入名单" />}
      <Table
        size="small"
        bordered
        pagination={false}
        rowKey="key"
        dataSource={rows}
        locale={{ emptyText: '本街道当前没有公示中的案件' }}
        columns={[
          { title: '序号', render: (_: unknown, _r, i) => i + 1, width: 60 },
          { title: '受理编号', dataIndex: 'number' },
          { title: '姓名', dataIndex: 'name' },
          { title: '救助类型', dataIndex: 'type' },
          { title: '家庭人口', dataIndex: 'size', render: (n: number | undefined) => (n ? `${n} 人` : '—') },
          { title: '拟保障金额（月）', dataIndex: 'amount', render: (f: number | null | undefined) => (f != null ? yuan(f) : '—') },
          { title: '公示截止', dataIndex: 'closesAt', render: instant },
        ]}
      />
      <p style={{ marginTop: 16 }}>
        公示期内，对公示对象有异议的，可向{orgName(orgCode)}或区县民政部门反映。
      </p>
      <p style={{ textAlign: 'right' }}>{orgName(orgCode)} {day(shanghaiDateOf(new Date().toISOString()))}</p>
    </PrintPage>
  );
}

/** The print routes, outside the console's layout: /print/receipt/:caseId, /print/approval/:caseId, /print/publicity/:orgCode. */
export default function PrintRoute({ path }: { path: string }) {
  const receipt = match('/print/receipt/:caseId', path);
  if (receipt) return <PrintReceipt caseId={receipt.caseId ?? ''} />;
  const approval = match('/print/approval/:caseId', path);
  if (approval) return <PrintApproval caseId={approval.caseId ?? ''} />;
  const publicity = match('/print/publicity/:orgCode', path);
  if (publicity) return <PrintPublicity orgCode={publicity.orgCode ?? ''} />;
  return <Result status="404" title="页面不存在" />;
}
