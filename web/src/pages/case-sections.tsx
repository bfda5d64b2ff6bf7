import { useQuery } from '@tanstack/react-query';
import { Alert, Card, Descriptions, Empty, Skeleton, Space, Steps, Table, Tag, Timeline, Typography } from 'antd';
import { api, call, type CaseView, type Schemas } from '../api/client';
import { datesIn, day, instant, yuan } from '../format';
import { actionName, enumName } from '../labels';
import { ELIGIBILITY_TYPES, INCOME_KINDS, MEDICAL_CATEGORY, REASONS, RELATIONS, WORK_ABILITY, actorText, historyFacts } from './case-text';

// The parts of a case the case page and its print views both show: its steps, its own facts, its
// household, what was found, and its history.

type Json = Record<string, unknown>;
type Household = Schemas['Household'];

/** The type's steps (from the case's `steps`) with the case's current one. */
export function CaseSteps({ c, size }: { c: CaseView; size?: 'small' }) {
  const current = Math.max(0, c.steps.findIndex((s) => s.step === c.step));
  const closed = c.step === 'closed';
  return (
    <Steps
      size={size}
      current={current}
      status={closed ? 'finish' : c.overdue ? 'error' : 'process'}
      items={c.steps.map((s) => ({ title: s.label }))}
      aria-label="办理步骤"
    />
  );
}

/** What was applied for: contact, amount and kind, and the type's own application fields. */
export function applicationFacts(c: CaseView): Array<{ label: string; value: string }> {
  const v = c as CaseView & Json;
  const household = v.household as { size: number; monthlyIncomeFen: number; assetsFen?: number; address?: string } | undefined;
  const t = c.temporary;
  const medical = v.medical as { billFen: number; hospital: string; admittedOn: string; dischargedOn?: string; category: string } | null;
  const education = v.education as { studentName: string; school: string; grade?: string } | null;
  const housing = v.housing as { currentRentFen?: number; address?: string } | null;
  const tekun = v.tekun as { livesAlone?: boolean; disabilityLevel?: string } | null;
  const facts: Array<[string, string | undefined | null | false]> = [
    ['联系电话', c.applicant.phone],
    ['家庭住址', household?.address],
    ['救助类别', t && enumName(t.kind)],
    ['申请金额', t && yuan(t.requestedAmountFen)],
    ['申请事由', t && ((t as Json).reason as string | null)],
    ['医院', medical?.hospital],
    ['住院类别', medical && (MEDICAL_CATEGORY[medical.category] ?? medical.category)],
    ['医疗费用', medical && yuan(medical.billFen)],
    ['入院日期', medical && day(medical.admittedOn)],
    ['出院日期', medical?.dischargedOn && day(medical.dischargedOn)],
    ['学生姓名', education?.studentName],
    ['学校', education?.school],
    ['年级', education?.grade],
    ['现租金（月）', housing?.currentRentFen != null && yuan(housing.currentRentFen)],
    ['租住地址', housing?.address],
    ['独居', tekun?.livesAlone != null && (tekun.livesAlone ? '是' : '否')],
    ['残疾等级', tekun?.disabilityLevel],
  ];
  return facts.flatMap(([label, value]) => (value ? [{ label, value }] : []));
}

const incomeText = (incomes: Array<{ kind: string; monthlyFen: number }>) =>
  incomes.length === 0 ? '无' : incomes.map((i) => `${INCOME_KINDS[i.kind] ?? i.kind} ${yuan(i.monthlyFen)}`).join('；');

/** The household in the register: members (masked IDs), income and assets, and eligibility with its reasons. */
export function HouseholdSection({ c, bordered }: { c: CaseView; bordered?: boolean }) {
  const household = useQuery({
    queryKey: ['household', c.householdId],
    enabled: c.householdId !== null,
    queryFn: () => call(api.GET('/v1/households/{householdId}', { params: { path: { householdId: c.householdId! } } })),
  });
  const declared = (c as CaseView & Json).household as { size: number; monthlyIncomeFen: number; assetsFen?: number } | undefined;
  if (c.householdId === null) {
    return (
      <Descriptions size="small" bordered={bordered} column={2}>
        <Descriptions.Item label="家庭人口">{declared?.size ?? '—'} 人</Descriptions.Item>
        <Descriptions.Item label="家庭月收入">{yuan(declared?.monthlyIncomeFen)}</Descriptions.Item>
        {declared?.assetsFen != null && <Descriptions.Item label="家庭财产">{yuan(declared.assetsFen)}</Descriptions.Item>}
      </Descriptions>
    );
  }
  if (household.isLoading) return <Skeleton active />;
  if (household.error) return <Alert type="error" showIcon title={`家庭信息加载失败：${household.error.message}`} />;
  const h = household.data as Household;
  return (
    <Space orientation="vertical" size={12} style={{ width: '100%' }}>
      <Descriptions size="small" bordered={bordered} column={bordered ? 2 : { xs: 1, sm: 2, lg: 4 }}>
        <Descriptions.Item label="家庭人口">{h.size} 人</Descriptions.Item>
        <Descriptions.Item label="家庭月收入">{yuan(h.monthlyIncomeFen)}</Descriptions.Item>
        <Descriptions.Item label="人均月收入">{yuan(h.perCapitaIncomeFen)}</Descriptions.Item>
        <Descriptions.Item label="当地低保标准">{yuan(h.dibaoStandardFen)}</Descriptions.Item>
        {h.assets && (
          <>
            <Descriptions.Item label="存款">{yuan(h.assets.depositsFen)}</Descriptions.Item>
            <Descriptions.Item label="有价证券">{yuan(h.assets.securitiesFen)}</Descriptions.Item>
            <Descriptions.Item label="机动车">{h.assets.vehicles} 辆</Descriptions.Item>
            <Descriptions.Item label="住房">{h.assets.homes} 套</Descriptions.Item>
            <Descriptions.Item label="工商登记">{h.assets.businessRegistered ? '有' : '无'}</Descriptions.Item>
          </>
        )}
      </Descriptions>
      {h.members.length > 0 && (
        <Table
          size="small"
          rowKey="memberId"
          pagination={false}
          bordered={bordered}
          aria-label="家庭成员"
          dataSource={h.members}
          columns={[
            { title: '姓名', dataIndex: 'name' },
            { title: '身份证号', dataIndex: 'idNumberMasked' },
            { title: '与申请人关系', dataIndex: 'relation', render: (r: string) => RELATIONS[r] ?? r },
            { title: '共同生活', dataIndex: 'livesTogether', render: (b: boolean) => (b ? '是' : '否') },
            { title: '劳动能力', dataIndex: 'workAbility', render: (w: string) => WORK_ABILITY[w] ?? w },
            { title: '就业', dataIndex: 'employed', render: (b: boolean) => (b ? '是' : '否') },
            { title: '残疾等级', dataIndex: 'disabilityLevel', render: (d: number | null) => (d == null ? '—' : `${d} 级`) },
            { title: '月收入', dataIndex: 'incomes', render: incomeText },
          ]}
        />
      )}
      {h.supporters.length > 0 && (
        <Descriptions size="small" bordered={bordered} column={1} title="赡养（抚养、扶养）义务人">
          {h.supporters.map((s, i) => (
            <Descriptions.Item key={i} label={`${s.name}（${s.relation}）`}>
              月收入 {yuan(s.monthlyIncomeFen)}，{s.ableToSupport ? '有赡养能力' : '无赡养能力'}
            </Descriptions.Item>
          ))}
        </Descriptions>
      )}
      <div aria-label="资格审核">
        {h.eligibility.map((e) => (
          <div key={e.type} style={{ marginBottom: 4 }}>
            <Tag color={e.eligible ? 'green' : 'default'}>
              {ELIGIBILITY_TYPES[e.type] ?? e.type}：{e.eligible ? '符合条件' : '不符合条件'}
            </Tag>
            {e.eligible && e.monthlyAmountFen != null && <Typography.Text>测算金额 {yuan(e.monthlyAmountFen)}/月</Typography.Text>}
            {e.reasons.length > 0 && <Typography.Text type="secondary">原因：{e.reasons.map((r) => REASONS[r] ?? r).join('；')}</Typography.Text>}
          </div>
        ))}
      </div>
    </Space>
  );
}

/** What the steps found and the materials the case holds: 核对, 入户调查, 公示, 补正, 承诺, 补办材料. */
export function FindingsSection({ c }: { c: CaseView }) {
  const v = c as CaseView & Json;
  const check = v.economicCheck as { perCapitaIncomeFen: number | null; assetsWithinLimits: boolean | null; report?: { reference: string; checkedOn: string }; at: string } | null;
  const visit = v.homeVisit as { findings: string; at: string } | null;
  const publicity = v.publicity as { opensAt: string; closesAt: string; closedAt: string | null; objections: Array<{ summary: string }> } | null;
  const supplement = v.supplement as { requestedAt: string; items: string[] } | null;
  const pledges = c.pledges as { items: string[]; dueDate: string; verifiedAt: string | null; truthful: boolean | null } | null;
  const paperwork = c.temporary?.paperwork as { dueDate: string; submittedAt: string | null; documents?: string[] } | null | undefined;
  const rows: Array<[string, string]> = [];
  if (check) {
    rows.push(['经济状况核对', check.report ? `核对报告 ${check.report.reference}（${day(check.report.checkedOn)}）` : `人均月收入 ${yuan(check.perCapitaIncomeFen)}，财产${check.assetsWithinLimits ? '符合' : '不符合'}规定（${instant(check.at)}）`]);
  }
  if (visit) rows.push(['入户调查', `${visit.findings}（${instant(visit.at)}）`]);
  if (publicity) rows.push(['公示', `${instant(publicity.opensAt)} 至 ${instant(publicity.closesAt)}，异议 ${publicity.objections.length} 件${publicity.closedAt ? '，已结束' : ''}`]);
  if (supplement) rows.push(['补正材料', `${supplement.items.join('、')}（${instant(supplement.requestedAt)} 要求）`]);
  if (pledges) rows.push(['告知承诺事项', `${pledges.items.join('、')}，核查期限 ${day(pledges.dueDate)}${pledges.verifiedAt ? `，核查结果：${pledges.truthful ? '属实' : '不属实'}` : ''}`]);
  if (paperwork) rows.push(['事后补办材料', paperwork.submittedAt ? `已提交：${(paperwork.documents ?? []).join('、')}（${instant(paperwork.submittedAt)}）` : `须于 ${day(paperwork.dueDate)} 前提交`]);
  if (rows.length === 0) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="尚无调查核对记录" />;
  return (
    <Descriptions size="small" column={1}>
      {rows.map(([label, value]) => (
        <Descriptions.Item key={label} label={label}>
          {value}
        </Descriptions.Item>
      ))}
    </Descriptions>
  );
}

/** The history in Chinese: what was done, when, by whom (by name), and its facts with Chinese labels. */
export function HistoryTimeline({ c }: { c: CaseView }) {
  return (
    <Timeline
      aria-label="办理过程"
      items={c.history.map((e) => {
        const facts = historyFacts(e as Json);
        return {
          color: e.action === 'overdue' || e.action === 'payment-escalated' ? 'red' : 'blue',
          content: (
            <div data-testid="history-entry">
              <Typography.Text strong>{actionName(e.action)}</Typography.Text>
              <Typography.Text type="secondary" style={{ marginLeft: 8 }}>
                {instant(e.at)} · {actorText(e.actor)}
              </Typography.Text>
              <div>{datesIn(e.summary)}</div>
              {facts.length > 0 && <div style={{ color: '#666', fontSize: 12 }}>{facts.map((f) => `${f.label}：${f.value}`).join('；')}</div>}
            </div>
          ),
        };
      })}
    />
  );
}

export function Section({ title, children, extra }: { title: string; children: React.ReactNode; extra?: React.ReactNode }) {
  return (
    <Card title={title} extra={extra} size="small">
      {children}
    </Card>
  );
}
