import { EditOutlined, LinkOutlined, PrinterOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Button, Card, Col, Descriptions, Row, Skeleton, Space, Table, Tag, Tooltip, Typography } from 'antd';
import { Suspense, lazy, useEffect, useState } from 'react';
import { api, call, type CaseView } from '../api/client';
import type { Actor } from '../auth';
import { day, dueState, instant, yuan } from '../format';
import { COOPERATION_STATUS, deptName, enumName, orgName, statusName, stepName, typeName } from '../labels';
import { Link } from '../router';
import { useCan } from '../me';
import { CORRECTION_PATHS } from './care-labels';
import { ProposeCorrectionModal } from './Corrections';
import { QueryError } from '../components/QueryError';
import { CaseSteps, FindingsSection, HistoryTimeline, HouseholdSection, Section, applicationFacts } from './case-sections';
import { APPROVAL_LEVEL, emergencyClock } from './case-text';

type Json = Record<string, unknown>;

/** An action's form (react-jsonschema-form and its validator), loaded when one is opened. */
const ActionForm = lazy(() => import('../components/ActionForm'));

/** Opens a print view in its own tab: the page without the console around it. */
const openPrint = (path: string) => window.open(path, '_blank', 'noopener');

/** 案件详情: the case and its household, its steps, history, decision and payments, and what the caller may do now. */
export default function CaseDetail({ caseId, actor }: { caseId: string; actor: Actor }) {
  const view = useQuery({ queryKey: ['case', caseId], queryFn: () => call(api.GET('/v1/cases/{caseId}', { params: { path: { caseId } } })) });
  const config = useQuery({ queryKey: ['console-config'], queryFn: () => call(api.GET('/console-config')) });
  const [action, setAction] = useState<string | null>(null);
  const [correcting, setCorrecting] = useState(false);
  const can = useCan();
  const now = useNow(30_000);

  if (view.isLoading) return <Skeleton active />;
  if (view.error) return <QueryError error={view.error} what="案件" retry={() => view.refetch()} />;
  const c = view.data as CaseView;
  const due = dueState(c);
  const clock = emergencyClock(c, now);
  const decision = c.decision as Json | null | undefined;
  const temporary = c.temporary as (Json & { installments: Json[] }) | null | undefined;
  const oversight = actor.role === 'supervisor' || actor.role === 'auditor';
  const temporalUi = config.data?.temporalUiUrl;
  const form = c.actionForms.find((f) => f.action === action);
  const number = c.caseNumber ?? c.caseId;

  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Card
        title={
          <Space wrap>
            <Typography.Title level={4} style={{ margin: 0 }}>
              {c.applicant.name} · {typeName(c.type)}
            </Typography.Title>
            <Tag color={c.status === 'open' ? 'blue' : c.status === 'approved' ? 'green' : 'default'}>{statusName(c.status)}</Tag>
            {c.overdue && <Tag color="red">已超期</Tag>}
          </Space>
        }
        extra={
          <Space wrap>
            <Button icon={<PrinterOutlined />} onClick={() => openPrint(`/print/receipt/${encodeURIComponent(c.caseId)}`)}>
              打印受理回执
            </Button>
            <Button icon={<PrinterOutlined />} onClick={() => openPrint(`/print/approval/${encodeURIComponent(c.caseId)}`)}>
              打印审批表
            </Button>
            {c.step === 'publicity' && (
              <Button icon={<PrinterOutlined />} onClick={() => openPrint(`/print/publicity/${encodeURIComponent(c.orgCode)}`)}>
                打印公示名单
              </Button>
            )}
            {can('corrections.propose') && actor.org === c.orgCode && (
              <Button icon={<EditOutlined />} onClick={() => setCorrecting(true)}>
                申请更正
              </Button>
            )}
          </Space>
        }
      >
        {oversight && (
          <Space wrap style={{ marginBottom: 12 }}>
            <Link to={`/audit?caseNumber=${encodeURIComponent(number)}`}>审计记录</Link>
            {temporalUi && (
              <a href={`${temporalUi}/namespaces/${config.data?.temporalNamespace ?? 'default'}/workflows/${encodeURIComponent(c.caseId)}`} target="_blank" rel="noreferrer">
                <LinkOutlined /> Temporal 工作流
              </a>
            )}
          </Space>
        )}
        <Descriptions column={{ xs: 1, sm: 2, lg: 3 }} size="small">
          <Descriptions.Item label="受理编号">
            <Typography.Text strong copyable>
              {number}
            </Typography.Text>
          </Descriptions.Item>
          <Descriptions.Item label="身份证号">{c.applicant.idNumberMasked}</Descriptions.Item>
          <Descriptions.Item label="街道">{orgName(c.orgCode)}</Descriptions.Item>
          <Descriptions.Item label="承办部门">{deptName(c.department)}</Descriptions.Item>
          <Descriptions.Item label="当前环节">
            {stepName(c.step)}
            {c.suspended && <Tag style={{ marginLeft: 8 }}>补正中，计时暂停</Tag>}
          </Descriptions.Item>
          <Descriptions.Item label="受理时间">{instant(c.acceptedAt)}</Descriptions.Item>
          <Descriptions.Item label={clock ? '急难发放时限' : '办理期限'}>
            {clock ? (
              <Space size={4} wrap>
                {instant(c.dueAt)}
                <Tag color={clock.color} data-testid="emergency-clock">
                  {clock.text}
                </Tag>
              </Space>
            ) : (
              <Space size={4} wrap>
                {day(c.dueDate)}
                {c.dueProvisional && (
                  <Tooltip title="该期间的节假日安排尚未公布，期限为暂定，公布后自动重算">
                    <Tag>暂定</Tag>
                  </Tooltip>
                )}
                <Tag color={due.color}>{due.text}</Tag>
              </Space>
            )}
          </Descriptions.Item>
          {c.amountFen != null && <Descriptions.Item label="金额">{yuan(c.amountFen)}</Descriptions.Item>}
          {applicationFacts(c).map((f) => (
            <Descriptions.Item key={f.label} label={f.label}>
              {f.value}
            </Descriptions.Item>
          ))}
          {c.cooperation && (
            <Descriptions.Item label="异地协查">
              <Space size={4} wrap>
                户籍地 {orgName(c.cooperation.toCounty)}，{day(c.cooperation.dueDate)} 前答复
                <Tag color={COOPERATION_STATUS[c.cooperation.status].color}>{COOPERATION_STATUS[c.cooperation.status].text}</Tag>
                {c.cooperation.findings && <span>协查结果：{c.cooperation.findings}</span>}
              </Space>
            </Descriptions.Item>
          )}
          {c.dishonesty?.flagged && <Descriptions.Item label="失信名单">{c.dishonesty.review ? (c.dishonesty.review.proceed ? '已复核，继续办理' : '已复核，不予办理') : <Tag color="red">待区县复核</Tag>}</Descriptions.Item>}
          {decision?.benefitId != null && (
            <Descriptions.Item label="待遇">
              <Link to={`/benefits/${encodeURIComponent(String(decision.benefitId))}`}>查看待遇</Link>
            </Descriptions.Item>
          )}
        </Descriptions>
        <div style={{ marginTop: 16 }}>
          <CaseSteps c={c} />
        </div>
      </Card>

      <Card title="可办理事项">
        {c.actionForms.length === 0 ? (
          <Typography.Text type="secondary">当前没有需要您办理的事项</Typography.Text>
        ) : (
          <Space wrap>
            {c.actionForms.map((f) => (
              <Button key={f.action} type={['decide', 'approve', 'record-economic-check', 'record-home-visit'].includes(f.action) ? 'primary' : 'default'} onClick={() => setAction(f.action)}>
                {f.label}
              </Button>
            ))}
          </Space>
        )}
      </Card>
      {correcting && (
        <Suspense fallback={null}>
          <ProposeCorrectionModal caseId={c.caseId} onClose={() => setCorrecting(false)} />
        </Suspense>
      )}
      {c.corrections.length > 0 && (
        <Section title="更正记录">
          <Table
            size="small"
            pagination={false}
            rowKey="correctionId"
            dataSource={c.corrections}
            columns={[
              { title: '更正事项', render: (_v, r) => CORRECTION_PATHS[r.path] ?? r.path },
              { title: '原值', render: (_v, r) => (r.before === null ? '—' : String(r.before)) },
              { title: '更正后', render: (_v, r) => String(r.after) },
              { title: '批准时间', render: (_v, r) => instant(r.approvedAt) },
            ]}
          />
        </Section>
      )}
      {form && (
        <Suspense fallback={null}>
          <ActionForm caseId={c.caseId} action={form.action} label={form.label} schema={form.schema} onClose={() => setAction(null)} />
        </Suspense>
      )}

      <Section title="家庭情况">
        <HouseholdSection c={c} />
      </Section>

      <Row gutter={[16, 16]}>
        <Col xs={24} lg={14}>
          <Card title="办理过程">
            <HistoryTimeline c={c} />
          </Card>
        </Col>
        <Col xs={24} lg={10}>
          <Space orientation="vertical" size={16} style={{ width: '100%' }}>
            <Card title="调查核对与材料">
              <FindingsSection c={c} />
            </Card>
            <Card title="审批决定">
              {decision ? (
                <Descriptions column={1} size="small">
                  <Descriptions.Item label="决定">{enumName(String(decision.decision))}</Descriptions.Item>
                  <Descriptions.Item label="时间">{instant(decision.at as string)}</Descriptions.Item>
                  {decision.monthlyAmountFen != null && <Descriptions.Item label="月保障金额">{yuan(decision.monthlyAmountFen as number)}</Descriptions.Item>}
                  {decision.approvedAmountFen != null && <Descriptions.Item label="核准金额">{yuan(decision.approvedAmountFen as number)}</Descriptions.Item>}
                  {decision.amountFen != null && <Descriptions.Item label="救助金额">{yuan(decision.amountFen as number)}</Descriptions.Item>}
                  {decision.reason != null && <Descriptions.Item label="理由">{String(decision.reason)}</Descriptions.Item>}
                  <Descriptions.Item label="是否超期">{decision.late ? <Tag color="red">超期决定</Tag> : '按期'}</Descriptions.Item>
                </Descriptions>
              ) : temporary?.approval ? (
                <Descriptions column={1} size="small">
                  <Descriptions.Item label="批准金额">{yuan((temporary.approval as Json).amountFen as number)}</Descriptions.Item>
                  <Descriptions.Item label="审批层级">{APPROVAL_LEVEL[String((temporary.approval as Json).by)]}</Descriptions.Item>
                </Descriptions>
              ) : (
                <Typography.Text type="secondary">尚未决定</Typography.Text>
              )}
            </Card>
            {temporary && (
              <Card title="发放记录">
                <Table
                  size="small"
                  rowKey="instalment"
                  pagination={false}
                  dataSource={temporary.installments}
                  columns={[
                    { title: '期次', dataIndex: 'instalment' },
                    { title: '日期', dataIndex: 'dueDate', render: day },
                    { title: '金额', dataIndex: 'amountFen', render: yuan },
                    { title: '状态', dataIndex: 'status', render: (s: string) => ({ scheduled: '待发放', 'awaiting-follow-up': '待跟进核查', paying: '发放中', 'awaiting-funds': '待补充备用金', paid: '已发放', skipped: '已跳过', stopped: '已停止' })[s] ?? s },
                    { title: '发放时间', dataIndex: 'paidAt', render: instant },
                  ]}
                />
                {temporary.deliberationId != null && (
                  <div style={{ marginTop: 12 }}>
                    <Link to={`/deliberations/${encodeURIComponent(String(temporary.deliberationId))}`}>查看一事一议</Link>
                  </div>
                )}
              </Card>
            )}
          </Space>
        </Col>
      </Row>
    </Space>
  );
}

/** The time now, renewed every `everyMs` (the 急难型 clock counts down while the page is open). */
function useNow(everyMs: number): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = window.setInterval(() => setNow(Date.now()), everyMs);
    return () => window.clearInterval(timer);
  }, [everyMs]);
  return now;
}
