import { useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Checkbox, Select, Space, Tag, Tooltip, Typography } from 'antd';
import { Suspense, useState } from 'react';
import { api, call, type ListItem } from '../api/client';
import type { Actor } from '../auth';
import { pageBySeq } from '../components/cursor-list';
import { DataTable, type DataColumn } from '../components/DataTable';
import { LazyFormModal } from '../components/forms';
import { useIdempotencyKeys } from '../components/idempotency';
import { day } from '../format';
import { ORGS, orgName } from '../labels';
import { useCan } from '../me';
import { Link } from '../router';
import { Campaign, CampaignPush } from './Campaign';
import { DISCOVERY_ACTIONS, DISCOVERY_SOURCES, DISCOVERY_STATUS_OPTIONS, discoverySource, discoveryStatus } from './care-labels';

type Discovery = ListItem<'/v1/discoveries'>;
type Status = Discovery['status'];
/** The actions drawn here; an invitation opens a whole application (受理), filled in with the person. */
type FormAction = Exclude<Discovery['allowedActions'][number], 'invite'>;

const ACTION_SCHEMAS: Record<FormAction, Record<string, unknown>> = {
  visit: {
    type: 'object',
    required: ['findings'],
    properties: {
      findings: { type: 'string', title: '走访情况', description: '家庭、收入、住房、健康等核实情况', minLength: 1, maxLength: 2000 },
      on: { type: 'string', format: 'date', title: '走访日期', description: '不填为今天' },
    },
  },
  close: { type: 'object', required: ['reason'], properties: { reason: { type: 'string', title: '办结理由', minLength: 1, maxLength: 500 } } },
  refer: {
    type: 'object',
    required: ['receivingOrg'],
    properties: {
      receivingOrg: { type: 'string', title: '转介单位', minLength: 1, maxLength: 100 },
      note: { type: 'string', title: '转介说明', maxLength: 500 },
    },
  },
};

/** 登记: a person found in hardship at the caseworker's street (POST /v1/discoveries). */
const reportSchema = (street: string) => ({
  type: 'object',
  required: ['source', 'orgCode', 'person', 'address', 'situation'],
  properties: {
    source: { type: 'string', title: '发现渠道', enum: Object.keys(DISCOVERY_SOURCES), 'x-labels': DISCOVERY_SOURCES },
    orgCode: { type: 'string', title: '所在街道', default: street, const: street },
    person: {
      type: 'object',
      title: '困难对象',
      required: ['name'],
      properties: { name: { type: 'string', title: '姓名', minLength: 1, maxLength: 64 }, idNumber: { type: 'string', title: '身份证号', description: '知道时填写', minLength: 18, maxLength: 18 } },
    },
    address: { type: 'string', title: '住址', minLength: 1, maxLength: 200 },
    situation: { type: 'string', title: '困难情况', minLength: 1, maxLength: 2000 },
    foundOn: { type: 'string', format: 'date', title: '发现日期', description: '不填为今天' },
  },
});

function ReportModal({ street, onClose }: { street: string; onClose: () => void }) {
  const keyOf = useIdempotencyKeys();
  const queryClient = useQueryClient();
  const { message } = App.useApp();
  return (
    <LazyFormModal
      title="登记主动发现"
      schema={reportSchema(street)}
      ui={{ orgCode: { 'ui:widget': 'hidden' } }}
      send={(body) => call(api.POST('/v1/discoveries', { params: { header: { 'idempotency-key': keyOf(body) } }, body: body as never }))}
      onDone={(result) => {
        const d = result as Discovery;
        void queryClient.invalidateQueries({ queryKey: ['discoveries'] });
        void message.success(d.existing ? `${d.person.name} 已在台账中（同一渠道尚未办结），未重复登记` : `已登记，请于 ${day(d.visitDueDate)} 前入户走访`);
      }}
      onClose={onClose}
    />
  );
}

function ActionModal({ discovery, action, onClose }: { discovery: Discovery; action: FormAction; onClose: () => void }) {
  const queryClient = useQueryClient();
  const { message } = App.useApp();
  const label = DISCOVERY_ACTIONS[action] ?? action;
  return (
    <LazyFormModal
      title={`${label}：${discovery.person.name}`}
      schema={ACTION_SCHEMAS[action]}
      notFound="主动发现记录不存在"
      send={(values) => call(api.POST('/v1/discoveries/{discoveryId}/actions', { params: { path: { discoveryId: discovery.discoveryId } }, body: { ...values, action } as never }))}
      onDone={() => {
        void queryClient.invalidateQueries({ queryKey: ['discoveries'] });
        void message.success(`${label}：已办理`);
      }}
      onClose={onClose}
    />
  );
}

const due = (d: Discovery) => (
  <Space>
    {day(d.visitDueDate)}
    {d.overdue && <Tag color="red">逾期</Tag>}
  </Space>
);

/** 主动发现台账: the street's (or the county's streets') discoveries by status, the overdue ones, and their visits. */
export default function Discoveries({ actor }: { actor: Actor }) {
  const can = useCan();
  const [status, setStatus] = useState<Status | undefined>();
  const [overdue, setOverdue] = useState(false);
  const [orgCode, setOrgCode] = useState<string | undefined>();
  const [reporting, setReporting] = useState(false);
  const [acting, setActing] = useState<{ discovery: Discovery; action: FormAction } | null>(null);
  const streets = Object.keys(ORGS).filter((code) => code.length === 9 && code.startsWith(actor.org.slice(0, 6)));

  const columns: DataColumn<Discovery>[] = [
    { key: 'name', title: '姓名', value: (d) => d.person.name },
    { key: 'id', title: '身份证号', value: (d) => d.person.idNumberMasked, hidden: true },
    { key: 'orgCode', title: '街道', value: (d) => orgName(d.orgCode), hidden: actor.role === 'caseworker' },
    { key: 'source', title: '发现渠道', value: (d) => discoverySource(d.source) },
    { key: 'address', title: '住址', value: (d) => d.address },
    { key: 'situation', title: '困难情况', value: (d) => d.situation, render: (d) => <Typography.Paragraph ellipsis={{ rows: 2, tooltip: d.situation }} style={{ margin: 0, maxWidth: 220 }}>{d.situation}</Typography.Paragraph> },
    { key: 'foundOn', title: '发现日期', value: (d) => day(d.foundOn) },
    { key: 'visitDueDate', title: '走访期限', value: (d) => `${day(d.visitDueDate)}${d.overdue ? '（逾期）' : ''}`, render: due },
    { key: 'status', title: '状态', value: (d) => discoveryStatus(d.status).text, render: (d) => <Tag color={discoveryStatus(d.status).color}>{discoveryStatus(d.status).text}</Tag> },
    { key: 'visitedOn', title: '走访日期', value: (d) => (d.visitedOn ? day(d.visitedOn) : ''), render: (d) => (d.visitedOn ? <Tooltip title={d.findings}>{day(d.visitedOn)}</Tooltip> : '—') },
    {
      key: 'outcome',
      title: '结果',
      value: (d) => d.outcome ?? d.applicationId ?? '',
      render: (d) => (d.applicationId ? <Link to={`/cases/${d.applicationId}`}>已申请</Link> : (d.outcome ?? '—')),
    },
    {
      key: 'act',
      title: '操作',
      value: () => '',
      render: (d) => (
        <Space wrap>
          {d.allowedActions
            .filter((a): a is FormAction => a !== 'invite')
            .map((a) => (
              <Button key={a} size="small" onClick={() => setActing({ discovery: d, action: a })}>
                {DISCOVERY_ACTIONS[a] ?? a}
              </Button>
            ))}
        </Space>
      ),
    },
  ];

  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Space style={{ width: '100%', justifyContent: 'space-between' }}>
        <Typography.Title level={4} style={{ margin: 0 }}>
          主动发现台账
        </Typography.Title>
        {can('discoveries.report') && actor.role === 'caseworker' && (
          <Button type="primary" onClick={() => setReporting(true)}>
            登记
          </Button>
        )}
      </Space>
      <Card size="small">
        <DataTable<Discovery>
          id="discoveries"
          what="主动发现台账"
          columns={columns}
          rowKey={(d) => d.discoveryId}
          filters={{ status, overdue, orgCode }}
          emptyText="没有符合条件的主动发现记录"
          fetch={(page) =>
            pageBySeq(
              (before, limit) =>
                call(api.GET('/v1/discoveries', { params: { query: { limit, ...(orgCode ? { orgCode } : {}), ...(status ? { status } : {}), ...(overdue ? { overdue: 'true' as const } : {}), ...(before ? { before } : {}) } } })),
              page,
            )
          }
          toolbar={
            <Space wrap>
              {actor.role !== 'caseworker' && <Select aria-label="街道" placeholder="全部街道" allowClear style={{ width: 220 }} value={orgCode} onChange={(v?: string) => setOrgCode(v)} options={streets.map((s) => ({ value: s, label: orgName(s) }))} />}
              <Select aria-label="状态" placeholder="全部状态" allowClear style={{ width: 160 }} value={status} onChange={(v?: Status) => setStatus(v)} options={DISCOVERY_STATUS_OPTIONS} />
              <Checkbox checked={overdue} onChange={(e) => setOverdue(e.target.checked)}>
                只看逾期未走访
              </Checkbox>
            </Space>
          }
        />
      </Card>
      {can('campaigns.read') && <Campaign countyCode={actor.org} />}
      {can('campaigns.push') && <CampaignPush street={actor.org} />}
      {can('cases.start') && (
        <Typography.Text type="secondary">
          已走访、需要救助的对象，请在<Link to="/intake">受理</Link>页与本人一同填写申请。
        </Typography.Text>
      )}
      <Suspense fallback={null}>
        {reporting && <ReportModal street={actor.org} onClose={() => setReporting(false)} />}
        {acting && <ActionModal discovery={acting.discovery} action={acting.action} onClose={() => setActing(null)} />}
      </Suspense>
    </Space>
  );
}
