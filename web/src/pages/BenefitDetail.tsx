import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Descriptions, Skeleton, Space, Table, Tag, Timeline, Typography } from 'antd';
import { Suspense, useState } from 'react';
import { api, call, type Schemas } from '../api/client';
import type { Actor } from '../auth';
import { LazyFormModal } from '../components/forms';
import { useIdempotencyKeys } from '../components/idempotency';
import { QueryError } from '../components/QueryError';
import { datesIn, day, instant, month, yuan } from '../format';
import { enumName, fieldName, orgName, roleName, typeName } from '../labels';
import { Link } from '../router';
import { ContactModal } from './ContactModal';
import { BENEFIT_EVENTS, CONTACT_KINDS, payeeName, benefitStatus, paymentStatus } from './money-labels';

type Benefit = Schemas['Benefit'];

/** Chinese names for a benefit form's fields and codes the API leaves unnamed. */
const NAMES = { field: (k: string) => (fieldName(k) !== k ? fieldName(k) : undefined), code: (v: string) => (enumName(v) !== v ? enumName(v) : undefined) };

/** One of the benefit's actions through the form the API describes for it (`actionForms`). */
function ActionModal({ benefitId, form: described, onClose }: { benefitId: string; form: Benefit['actionForms'][number]; onClose: () => void }) {
  const keyOf = useIdempotencyKeys();
  const queryClient = useQueryClient();
  const { message } = App.useApp();
  return (
    <LazyFormModal
      title={described.label}
      schema={described.schema}
      names={NAMES}
      send={(values) =>
        call(api.POST('/v1/benefits/{benefitId}/actions', { params: { path: { benefitId }, header: { 'idempotency-key': keyOf(values) } }, body: { ...values, action: described.action } as never }))
      }
      onDone={(benefit) => {
        queryClient.setQueryData(['benefit', benefitId], benefit);
        void queryClient.invalidateQueries({ queryKey: ['benefits'] });
        void message.success(`${described.label}：已办理`);
      }}
      onClose={onClose}
    />
  );
}

/** What a payee's account takes; the API checks the number (digits only) and says so at its field. */
const ACCOUNT_SCHEMA = {
  type: 'object',
  required: ['bankName', 'accountNumber'],
  properties: {
    bankName: { type: 'string', title: '开户银行', minLength: 1, maxLength: 100 },
    accountNumber: { type: 'string', title: '银行账号', description: '保存后只显示后四位', minLength: 1, maxLength: 30 },
  },
};

/** A payee's bank account: the number goes to the API once and is shown masked from then on. */
function AccountModal({ benefitId, payee, onClose }: { benefitId: string; payee: string; onClose: () => void }) {
  const queryClient = useQueryClient();
  const { message } = App.useApp();
  return (
    <LazyFormModal
      title={`收款账户（${payeeName(payee)}）`}
      okText="保存"
      width={520}
      schema={ACCOUNT_SCHEMA}
      ui={{ accountNumber: { 'ui:autocomplete': 'off' } }}
      send={(body) => call(api.PUT('/v1/benefits/{benefitId}/payees/{payee}/account', { params: { path: { benefitId, payee: payee as 'applicant' } }, body: body as { bankName: string; accountNumber: string } }))}
      onDone={(benefit) => {
        queryClient.setQueryData(['benefit', benefitId], benefit);
        void message.success('收款账户已保存');
      }}
      onClose={onClose}
    />
  );
}

/** 待遇详情: who is paid what, the months paid, what happened, and the actions the caller may take now. */
export default function BenefitDetail({ benefitId }: { benefitId: string; actor: Actor }) {
  const q = useQuery({ queryKey: ['benefit', benefitId], queryFn: () => call(api.GET('/v1/benefits/{benefitId}', { params: { path: { benefitId } } })) });
  const [action, setAction] = useState<string | null>(null);
  const [accountOf, setAccountOf] = useState<string | null>(null);
  const [recording, setRecording] = useState(false);
  if (q.isError) return <QueryError error={q.error} what="待遇" />;
  const b = q.data;
  if (!b) return <Skeleton active />;
  const status = benefitStatus(b.status);
  const form = b.actionForms.find((f) => f.action === action);

  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Space wrap>
        <Typography.Title level={4} style={{ margin: 0 }}>
          {b.applicantName} · {typeName(b.type)}
        </Typography.Title>
        <Tag color={status.color}>{status.text}</Tag>
        {b.reviewOverdue && <Tag color="red">复核逾期</Tag>}
        {b.contact.overdue && <Tag color="red">联系逾期</Tag>}
      </Space>
      {b.standardPlaceholder && <Alert type="warning" showIcon title="本待遇所依据的标准仍为预置值，尚未录入正式标准" />}
      <Card size="small" title="待遇" extra={<Link to={`/cases/${b.caseId}`}>查看案件</Link>}>
        <Descriptions size="small" column={{ xs: 1, md: 3 }}>
          <Descriptions.Item label="街道">{orgName(b.orgCode)}</Descriptions.Item>
          <Descriptions.Item label="月发放金额">{yuan(b.monthlyAmountFen)}</Descriptions.Item>
          <Descriptions.Item label="首次发放">{month(b.firstMonth)}</Descriptions.Item>
          <Descriptions.Item label="发放至">{b.lastMonth ? month(b.lastMonth) : '持续发放'}</Descriptions.Item>
          <Descriptions.Item label="下次复核">{day(b.reviewDueDate)}</Descriptions.Item>
          {b.reviewDeadline && <Descriptions.Item label="复核期限">{day(b.reviewDeadline)}</Descriptions.Item>}
          {b.stopReason && <Descriptions.Item label="停止原因">{enumName(b.stopReason)}</Descriptions.Item>}
        </Descriptions>
        {b.actionForms.length > 0 && (
          <Space wrap style={{ marginTop: 12 }}>
            {b.actionForms.map((f) => (
              <Button key={f.action} danger={f.action === 'stop'} onClick={() => setAction(f.action)}>
                {f.label}
              </Button>
            ))}
          </Space>
        )}
      </Card>
      <Card size="small" title="收款人">
        <Table
          rowKey="payee"
          size="small"
          pagination={false}
          dataSource={b.payees}
          columns={[
            { title: '收款人', dataIndex: 'payee', render: (p: string) => payeeName(p) },
            { title: '姓名', dataIndex: 'name' },
            { title: '月金额', dataIndex: 'monthlyAmountFen', align: 'right', render: yuan },
            { title: '开户银行', dataIndex: 'bankName', render: (v: string | null) => v ?? '—' },
            { title: '账号', dataIndex: 'accountMasked', render: (v: string | null) => v ?? <Tag color="orange">未登记（发放暂缓）</Tag> },
            ...(b.accountEditable
              ? [{ title: '操作', key: 'edit', render: (_: unknown, p: { payee: string }) => <Button size="small" onClick={() => setAccountOf(p.payee)}>设置账户</Button> }]
              : []),
          ]}
        />
      </Card>
      <Card size="small" title="走访联系" extra={b.contactForm && <Button size="small" onClick={() => setRecording(true)}>{b.contactForm.label}</Button>}>
        <Descriptions size="small" column={{ xs: 1, md: 3 }}>
          <Descriptions.Item label="联系周期">每 {b.contact.everyDays} 天</Descriptions.Item>
          <Descriptions.Item label="上次联系">{b.contact.lastOn ? day(b.contact.lastOn) : '尚未联系'}</Descriptions.Item>
          <Descriptions.Item label="下次联系">
            <Space>
              {day(b.contact.nextDueOn)}
              {b.contact.overdue && <Tag color="red">已逾期</Tag>}
            </Space>
          </Descriptions.Item>
        </Descriptions>
        <Table
          rowKey="contactId"
          size="small"
          dataSource={b.contacts}
          pagination={{ pageSize: 10, hideOnSinglePage: true }}
          locale={{ emptyText: '尚无联系记录' }}
          columns={[
            { title: '日期', dataIndex: 'on', render: day },
            { title: '方式', dataIndex: 'kind', render: (k: string) => CONTACT_KINDS[k] ?? k },
            { title: '联系情况', dataIndex: 'findings' },
            { title: '登记人', dataIndex: 'recordedBy', render: (r: { role: string; name?: string }) => r.name ?? roleName(r.role) },
            { title: '登记时间', dataIndex: 'recordedAt', render: instant },
          ]}
        />
      </Card>
      <Card size="small" title="发放记录">
        <Table
          rowKey={(p) => `${p.month}/${p.payee}`}
          size="small"
          dataSource={b.payments}
          pagination={{ pageSize: 12, hideOnSinglePage: true }}
          locale={{ emptyText: '尚未发放' }}
          columns={[
            { title: '月份', dataIndex: 'month', render: month },
            { title: '收款人', dataIndex: 'payee', render: (p: string) => payeeName(p) },
            { title: '金额', dataIndex: 'amountFen', align: 'right', render: yuan },
            { title: '状态', dataIndex: 'status', render: (s: string) => <Tag color={paymentStatus(s).color}>{paymentStatus(s).text}</Tag> },
            { title: '发放批次', dataIndex: 'payrollId', render: (id: string) => <Link to={`/payrolls/${id}`}>{id}</Link> },
            { title: '发送次数', dataIndex: 'attempts' },
            { title: '退回原因', dataIndex: 'failureReason', render: (v: string | null) => v ?? '' },
          ]}
        />
      </Card>
      <Card size="small" title="办理记录">
        <Timeline
          items={[...b.history].reverse().map((e) => ({
            key: `${e.at}-${e.action}`,
            content: (
              <div>
                <Typography.Text strong>{BENEFIT_EVENTS[e.action] ?? e.action}</Typography.Text>
                <Typography.Text type="secondary" style={{ marginLeft: 8 }}>
                  {instant(e.at)} · {roleName(e.actor.role)}
                </Typography.Text>
                <div>{datesIn(e.summary)}</div>
              </div>
            ),
          }))}
        />
      </Card>
      <Suspense fallback={null}>
        {form && <ActionModal benefitId={b.benefitId} form={form} onClose={() => setAction(null)} />}
        {accountOf && <AccountModal benefitId={b.benefitId} payee={accountOf} onClose={() => setAccountOf(null)} />}
        {recording && b.contactForm && <ContactModal benefitId={b.benefitId} form={b.contactForm} onClose={() => setRecording(false)} />}
      </Suspense>
    </Space>
  );
}
