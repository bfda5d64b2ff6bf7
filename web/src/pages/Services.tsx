import { useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Select, Space, Tag, Tooltip, Typography } from 'antd';
import { Suspense, useState } from 'react';
import { api, call, type ListItem } from '../api/client';
import type { Actor } from '../auth';
import { pageBySeq } from '../components/cursor-list';
import { DataTable, type DataColumn } from '../components/DataTable';
import { LazyFormModal } from '../components/forms';
import { MonthSelect } from '../components/MonthSelect';
import { useIdempotencyKeys } from '../components/idempotency';
import { QueryError } from '../components/QueryError';
import { instant, month, thisMonth, yuan } from '../format';
import { orgName, roleName } from '../labels';
import { useCan } from '../me';
import { SERVICE_ACTIONS, SERVICE_STATUS_OPTIONS, serviceStatus } from './care-labels';
import { ServiceSettlements } from './ServiceSettlements';

type Order = ListItem<'/v1/service-orders'>;
type Status = Order['status'];
type Action = Order['allowedActions'][number];
type CatalogueItem = { service: string; name: string; unit: string; unitPriceFen: number };

const MONTH_FIELD = { type: 'string', title: '服务月份', description: '格式 YYYY-MM', pattern: '^\\d{4}-(0[1-9]|1[0-2])$' };

/** What each action carries (POST /v1/service-orders/:orderId/actions). */
const ACTION_SCHEMAS: Record<Action, Record<string, unknown>> = {
  deliver: { type: 'object', properties: { note: { type: 'string', title: '服务情况', description: '可不填', maxLength: 500 } } },
  verify: { type: 'object', properties: { note: { type: 'string', title: '核验说明', description: '可不填', maxLength: 500 } } },
  cancel: { type: 'object', required: ['reason'], properties: { reason: { type: 'string', title: '取消理由', minLength: 1, maxLength: 500 } } },
};

/** 新建服务订单 (POST /v1/service-orders): whose (a case's applicant or a benefit's person), what from the county's catalogue, how many, by whom, when. */
const orderSchema = (items: CatalogueItem[]) => ({
  type: 'object',
  required: ['service', 'units', 'provider', 'month'],
  properties: {
    caseId: { type: 'string', title: '案件编号', description: '为案件申请人下单时填写（与待遇编号二者填一项）', maxLength: 64 },
    benefitId: { type: 'string', title: '待遇编号', description: '为待遇对象下单时填写（与案件编号二者填一项）', maxLength: 64 },
    service: { type: 'string', title: '服务项目', enum: items.map((i) => i.service), 'x-labels': Object.fromEntries(items.map((i) => [i.service, `${i.name}（${yuan(i.unitPriceFen)}/${i.unit}）`])) },
    units: { type: 'integer', title: '数量', minimum: 1, maximum: 1000, default: 1 },
    provider: { type: 'string', title: '服务机构', description: '提供服务的机构或个人（结算时按此名称付款）', minLength: 1, maxLength: 100 },
    month: { ...MONTH_FIELD, default: thisMonth() },
  },
});

function OrderModal({ items, onClose }: { items: CatalogueItem[]; onClose: () => void }) {
  const keyOf = useIdempotencyKeys();
  const queryClient = useQueryClient();
  const { message } = App.useApp();
  return (
    <LazyFormModal
      title="新建服务订单"
      schema={orderSchema(items)}
      send={(body) => call(api.POST('/v1/service-orders', { params: { header: { 'idempotency-key': keyOf(body) } }, body: body as never }))}
      onDone={(result) => {
        const o = result as Order;
        void queryClient.invalidateQueries({ queryKey: ['service-orders'] });
        void message.success(`已下单：${o.personName} ${o.serviceName} ${yuan(o.amountFen)}`);
      }}
      onClose={onClose}
    />
  );
}

function ActionModal({ order, action, onClose }: { order: Order; action: Action; onClose: () => void }) {
  const queryClient = useQueryClient();
  const { message } = App.useApp();
  const label = SERVICE_ACTIONS[action] ?? action;
  return (
    <LazyFormModal
      title={`${label}：${order.personName} ${order.serviceName}`}
      schema={ACTION_SCHEMAS[action]}
      notFound="服务订单不存在"
      send={(values) => call(api.POST('/v1/service-orders/{orderId}/actions', { params: { path: { orderId: order.orderId } }, body: { ...values, action } as never }))}
      onDone={() => {
        void queryClient.invalidateQueries({ queryKey: ['service-orders'] });
        void message.success(`${label}：已办理`);
      }}
      onClose={onClose}
    />
  );
}

/** The county's catalogue in force today: one query for the page's form and its list. */
const catalogueQuery = (countyCode: string) => ({ queryKey: ['catalogue', countyCode], queryFn: () => call(api.GET('/v1/service-catalogue/{countyCode}', { params: { path: { countyCode } } })) });

/** 服务目录: the county's services and prices in force today. */
function Catalogue({ countyCode }: { countyCode: string }) {
  const queryClient = useQueryClient();
  const columns: DataColumn<CatalogueItem>[] = [
    { key: 'name', title: '服务项目', value: (i) => i.name },
    { key: 'unit', title: '计量单位', value: (i) => i.unit },
    { key: 'price', title: '单价', value: (i) => yuan(i.unitPriceFen), align: 'right' },
  ];
  return (
    <DataTable<CatalogueItem>
      id="service-catalogue"
      what="服务目录"
      columns={columns}
      rowKey={(i) => i.service}
      pageSize={10}
      emptyText="本区县尚无服务目录"
      fetch={async () => {
        const c = await queryClient.fetchQuery(catalogueQuery(countyCode));
        return { items: c.items, total: c.items.length };
      }}
    />
  );
}

/** 服务救助: the county's catalogue, the orders (placed by the street, verified by 民政) and, for 民政, the settlements with the providers. */
export default function Services({ actor }: { actor: Actor }) {
  const can = useCan();
  const countyCode = actor.org.slice(0, 6);
  const [status, setStatus] = useState<Status | undefined>();
  const [serviceMonth, setServiceMonth] = useState<string | undefined>();
  const [ordering, setOrdering] = useState(false);
  const [acting, setActing] = useState<{ order: Order; action: Action } | null>(null);
  const catalogue = useQuery(catalogueQuery(countyCode));

  const columns: DataColumn<Order>[] = [
    { key: 'orderId', title: '订单号', value: (o) => o.orderId },
    { key: 'person', title: '服务对象', value: (o) => o.personName },
    { key: 'orgCode', title: '街道', value: (o) => orgName(o.orgCode), hidden: actor.role === 'caseworker' },
    { key: 'service', title: '服务项目', value: (o) => o.serviceName },
    { key: 'units', title: '数量', value: (o) => `${o.units} ${o.unit}` },
    { key: 'amount', title: '金额', value: (o) => yuan(o.amountFen), align: 'right' },
    { key: 'provider', title: '服务机构', value: (o) => o.provider },
    { key: 'month', title: '服务月份', value: (o) => month(o.month) },
    { key: 'status', title: '状态', value: (o) => serviceStatus(o.status).text, render: (o) => <Tag color={serviceStatus(o.status).color}>{serviceStatus(o.status).text}</Tag> },
    { key: 'settlement', title: '结算单', value: (o) => o.settlementId ?? '', hidden: actor.role === 'caseworker' },
    {
      key: 'last',
      title: '最近办理',
      value: (o) => {
        const s = o.history.at(-1);
        return s ? `${SERVICE_ACTIONS[s.action] ?? s.action} ${instant(s.at)}` : '';
      },
      render: (o) => {
        const s = o.history.at(-1);
        return s ? (
          <Tooltip title={s.note}>
            {SERVICE_ACTIONS[s.action] ?? s.action} · {s.by.name ?? roleName(s.by.role)} · {instant(s.at)}
          </Tooltip>
        ) : (
          '—'
        );
      },
    },
    {
      key: 'act',
      title: '操作',
      value: () => '',
      render: (o) => (
        <Space wrap>
          {o.allowedActions.map((a) => (
            <Button key={a} size="small" danger={a === 'cancel'} onClick={() => setActing({ order: o, action: a })}>
              {SERVICE_ACTIONS[a] ?? a}
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
          服务救助
        </Typography.Title>
        {can('services.order') && (
          <Button type="primary" disabled={!catalogue.data} onClick={() => setOrdering(true)}>
            新建服务订单
          </Button>
        )}
      </Space>
      <Card size="small" title="服务目录" extra={catalogue.data?.placeholder ? <Tag color="orange">示例价格，待本区县公布</Tag> : null}>
        {catalogue.isError ? <QueryError error={catalogue.error} what="服务目录" retry={() => catalogue.refetch()} compact /> : <Catalogue countyCode={countyCode} />}
      </Card>
      <Card size="small" title="服务订单">
        <DataTable<Order>
          id="service-orders"
          what="服务订单"
          columns={columns}
          rowKey={(o) => o.orderId}
          filters={{ status, serviceMonth }}
          emptyText="没有符合条件的服务订单"
          fetch={(page) =>
            pageBySeq((before, limit) => call(api.GET('/v1/service-orders', { params: { query: { limit, ...(status ? { status } : {}), ...(serviceMonth ? { month: serviceMonth } : {}), ...(before ? { before } : {}) } } })), page)
          }
          toolbar={
            <Space wrap>
              <Select aria-label="状态" placeholder="全部状态" allowClear style={{ width: 140 }} value={status} onChange={(v?: Status) => setStatus(v)} options={SERVICE_STATUS_OPTIONS} />
              <MonthSelect label="服务月份" value={serviceMonth} onChange={setServiceMonth} />
            </Space>
          }
        />
      </Card>
      {can('serviceSettlements.read') && <ServiceSettlements countyCode={countyCode} />}
      <Suspense fallback={null}>
        {ordering && catalogue.data && <OrderModal items={catalogue.data.items} onClose={() => setOrdering(false)} />}
        {acting && <ActionModal order={acting.order} action={acting.action} onClose={() => setActing(null)} />}
      </Suspense>
    </Space>
  );
}
