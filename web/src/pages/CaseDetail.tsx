import { LinkOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Button, Card, Col, Descriptions, Result, Row, Skeleton, Space, Table, Tag, Timeline, Tooltip, Typography } from 'antd';
import { useState } from 'react';
import { ActionModal } from '../components/ActionModal';
import type { JsonSchema } from '../components/SchemaForm';
import { ApiFailure, api, call, type CaseView } from '../api/client';
import type { Actor } from '../auth';
import { day, dueState, instant, yuan } from '../format';
import { actionName, deptName, enumName, fieldName, orgName, roleName, statusName, stepName, typeName } from '../labels';
import { Link } from '../router';

type Json = Record<string, unknown>;

function historyDetail(e: Json): string {
  // The entry's own facts in Chinese where we know the field; nested records stay in the audit trail.
  const shown = Object.entries(e).filter(([k, v]) => !['seq', 'at', 'actor', 'action', 'summary', 'dueAt'].includes(k) && v !== null && typeof v !== 'object');
  const value = (k: string, v: unknown) =>
    typeof v === 'number' && /Fen$/.test(k)
      ? yuan(v)
      : typeof v === 'boolean'
        ? v ? '是' : '否'
        : typeof v === 'string' && /^\d{4}-\d{2}-\d{2}T/.test(v)
          ? instant(v) // an instant, in Shanghai time
          : String(v);
  return shown.map(([k, v]) => `${fieldName(k)}：${value(k, v)}`).join('；');
}

/** 案件详情: header, history, decision, payments, and the steps the caller may take now. */
export default function CaseDetail({ caseId, actor }: { caseId: string; actor: Actor }) {
  const view = useQuery({ queryKey: ['case', caseId], queryFn: () => call(api.GET('/v1/cases/{caseId}', { params: { path: { caseId } } })) });
  const config = useQuery({ queryKey: ['console-config'], queryFn: () => call(api.GET('/console-config')) });
  const [action, setAction] = useState<string | null>(null);

  if (view.isLoading) return <Skeleton active />;
  if (view.error) {
    const status = view.error instanceof ApiFailure ? view.error.status : 500;
    return <Result status={status === 404 ? '404' : status === 403 ? '403' : 'error'} title={status === 404 ? '案件不存在' : status === 403 ? '无权查看此案件' : '加载失败'} subTitle={view.error.message} />;
  }
  const c = view.data as CaseView & Json;
  const due = dueState(c);
  const decision = c.decision as Json | null | undefined;
  const temporary = c.temporary as (Json & { installments: Json[] }) | null | undefined;
  const oversight = actor.role === 'supervisor' || actor.role === 'auditor';
  const temporalUi = config.data?.temporalUiUrl;

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
      >
        {oversight && (
          <Space wrap style={{ marginBottom: 12 }}>
            <Link to={`/audit?caseId=${encodeURIComponent(c.caseId)}`}>审计记录</Link>
            {temporalUi && (
              <a href={`${temporalUi}/namespaces/${config.data?.temporalNamespace ?? 'default'}/workflows/${encodeURIComponent(c.caseId)}`} target="_blank" rel="noreferrer">
                <LinkOutlined /> Temporal 工作流
              </a>
            )}
          </Space>
        )}
        <Descriptions column={{ xs: 1, sm: 2, lg: 3 }} size="small">
          <Descriptions.Item label="案件编号">{c.caseId}</Descriptions.Item>
          <Descriptions.Item label="身份证号">{c.applicant.idNumberMasked}</Descriptions.Item>
          <Descriptions.Item label="街道">{orgName(c.orgCode)}</Descriptions.Item>
          <Descriptions.Item label="承办部门">{deptName(c.department)}</Descriptions.Item>
          <Descriptions.Item label="当前环节">
            {stepName(c.step)}
            {c.suspended && <Tag style={{ marginLeft: 8 }}>补正中，计时暂停</Tag>}
          </Descriptions.Item>
          <Descriptions.Item label="受理时间">{instant(c.acceptedAt)}</Descriptions.Item>
          <Descriptions.Item label="办理期限">
            <Space size={4} wrap>
              {day(c.dueDate)}
              {c.dueProvisional && (
                <Tooltip title="该期间的节假日安排尚未公布，期限为暂定，公布后自动重算">
                  <Tag>暂定</Tag>
                </Tooltip>
              )}
              <Tag color={due.color}>{due.text}</Tag>
            </Space>
          </Descriptions.Item>
          {c.amountFen != null && <Descriptions.Item label="金额">{yuan(c.amountFen)}</Descriptions.Item>}
          {c.dishonesty?.flagged && <Descriptions.Item label="失信名单">{c.dishonesty.review ? (c.dishonesty.review.proceed ? '已复核，继续办理' : '已复核，不予办理') : <Tag color="red">待区县复核</Tag>}</Descriptions.Item>}
        </Descriptions>
      </Card>

      <Card title="可办理事项">
        {c.allowedActions.length === 0 ? (
          <Typography.Text type="secondary">当前没有需要您办理的事项</Typography.Text>
        ) : (
          <Space wrap>
            {c.allowedActions.map((a) => (
              <Button key={a} type={['decide', 'approve', 'record-economic-check', 'record-home-visit'].includes(a) ? 'primary' : 'default'} onClick={() => setAction(a)}>
                {actionName(a)}
              </Button>
            ))}
          </Space>
        )}
      </Card>
      {action && <ActionModal caseId={c.caseId} action={action} schema={c.actionForms.find((f) => f.action === action)?.schema as JsonSchema | undefined} onClose={() => setAction(null)} />}

      <Row gutter={[16, 16]}>
        <Col xs={24} lg={14}>
          <Card title="办理过程">
            <Timeline
              items={c.history.map((e) => ({
                color: e.action === 'overdue' || e.action === 'payment-escalated' ? 'red' : 'blue',
                content: (
                  <div>
                    <Typography.Text strong>{actionName(e.action)}</Typography.Text>
                    <Typography.Text type="secondary" style={{ marginLeft: 8 }}>
                      {instant(e.at)} · {roleName(e.actor.role)} {e.actor.sub === 'jiuzhu' ? '（系统）' : e.actor.sub}
                    </Typography.Text>
                    {historyDetail(e as Json) && <div style={{ color: '#666', fontSize: 12 }}>{historyDetail(e as Json)}</div>}
                  </div>
                ),
              }))}
            />
          </Card>
        </Col>
        <Col xs={24} lg={10}>
          <Space orientation="vertical" size={16} style={{ width: '100%' }}>
            <Card title="审批决定">
              {decision ? (
                <Descriptions column={1} size="small">
                  <Descriptions.Item label="决定">{enumName(String(decision.decision))}</Descriptions.Item>
                  <Descriptions.Item label="时间">{instant(decision.at as string)}</Descriptions.Item>
                  {decision.monthlyAmountFen != null && <Descriptions.Item label="月保障金额">{yuan(decision.monthlyAmountFen as number)}</Descriptions.Item>}
                  {decision.approvedAmountFen != null && <Descriptions.Item label="核准金额">{yuan(decision.approvedAmountFen as number)}</Descriptions.Item>}
                  {decision.reason != null && <Descriptions.Item label="理由">{String(decision.reason)}</Descriptions.Item>}
                  <Descriptions.Item label="是否超期">{decision.late ? <Tag color="red">超期决定</Tag> : '按期'}</Descriptions.Item>
                </Descriptions>
              ) : temporary?.approval ? (
                <Descriptions column={1} size="small">
                  <Descriptions.Item label="批准金额">{yuan((temporary.approval as Json).amountFen as number)}</Descriptions.Item>
                  <Descriptions.Item label="审批层级">{({ street: '街道', county: '区县', committee: '协调小组一事一议' } as Json)[String((temporary.approval as Json).by)] as string}</Descriptions.Item>
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
