import { DownloadOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Descriptions, Modal, Skeleton, Space, Table, Tag, Typography } from 'antd';
import { Suspense, useState } from 'react';
import { api, call, type ListItem } from '../api/client';
import { pageBySeq } from '../components/cursor-list';
import { DataTable, type DataColumn } from '../components/DataTable';
import { downloadFile } from '../components/download';
import { LazyFormModal } from '../components/forms';
import { MonthSelect } from '../components/MonthSelect';
import { QueryError } from '../components/QueryError';
import { instant, month, thisMonth, yuan } from '../format';
import { orgName } from '../labels';
import { useCan } from '../me';
import { settlementLineStatus } from './care-labels';

// Paying the providers (民政): their accounts, and a month's verified orders settled in one settlement with a
// line per provider, its bank file in the payroll's format.

type Settlement = ListItem<'/v1/service-settlements'>;
type Provider = ListItem<'/v1/service-providers/{countyCode}'>;

const SETTLE_SCHEMA = {
  type: 'object',
  required: ['month'],
  properties: { month: { type: 'string', title: '服务月份', description: '结算该月已核验、尚未结算的服务订单（格式 YYYY-MM）', pattern: '^\\d{4}-(0[1-9]|1[0-2])$', default: thisMonth() } },
};

const PROVIDER_SCHEMA = {
  type: 'object',
  required: ['name', 'bankName', 'accountNumber'],
  properties: {
    name: { type: 'string', title: '服务机构', description: '与服务订单上的名称一致', minLength: 1, maxLength: 100 },
    bankName: { type: 'string', title: '开户银行', minLength: 1, maxLength: 100 },
    accountNumber: { type: 'string', title: '银行账号', description: '8 至 30 位数字，加密保存', pattern: '^\\d{8,30}$' },
  },
};

function SettleModal({ countyCode, onClose, onMade }: { countyCode: string; onClose: () => void; onMade: (id: string) => void }) {
  const queryClient = useQueryClient();
  const { message } = App.useApp();
  return (
    <LazyFormModal
      title="新建服务结算"
      schema={SETTLE_SCHEMA}
      send={(values) => call(api.POST('/v1/service-settlements', { body: { ...values, countyCode } as never }))}
      onDone={(result) => {
        const s = result as Settlement;
        void queryClient.invalidateQueries({ queryKey: ['service-settlements'] });
        void queryClient.invalidateQueries({ queryKey: ['service-orders'] });
        void message.success(`已结算：${s.orders} 笔订单，${yuan(s.amountFen)}`);
        onMade(s.settlementId);
      }}
      onClose={onClose}
    />
  );
}

function ProviderModal({ countyCode, onClose }: { countyCode: string; onClose: () => void }) {
  const queryClient = useQueryClient();
  const { message } = App.useApp();
  return (
    <LazyFormModal
      title="登记服务机构收款账户"
      schema={PROVIDER_SCHEMA}
      send={(body) => call(api.PUT('/v1/service-providers/{countyCode}', { params: { path: { countyCode } }, body: body as never }))}
      onDone={(result) => {
        const p = result as Provider;
        void queryClient.invalidateQueries({ queryKey: ['service-providers'] });
        void message.success(`已登记：${p.name} ${p.accountMasked}`);
      }}
      onClose={onClose}
    />
  );
}

/** A settlement: its lines (accounts masked), the providers still waiting for an account, and the bank file. */
function SettlementDetail({ settlementId, onClose }: { settlementId: string; onClose: () => void }) {
  const q = useQuery({ queryKey: ['service-settlement', settlementId], queryFn: () => call(api.GET('/v1/service-settlements/{settlementId}', { params: { path: { settlementId } } })) });
  const [problem, setProblem] = useState('');
  const download = useMutation({ mutationFn: () => downloadFile(`/v1/service-settlements/${encodeURIComponent(settlementId)}/file`, `${settlementId}.csv`), onError: (err) => setProblem(`下载失败：${err.message}`) });
  const s = q.data;
  return (
    <Modal open title={`服务结算单 ${settlementId}`} onCancel={onClose} footer={<Button onClick={onClose}>关闭</Button>} width={860} destroyOnHidden>
      {q.isError ? (
        <QueryError error={q.error} what="服务结算单" retry={() => q.refetch()} />
      ) : !s ? (
        <Skeleton active />
      ) : (
        <Space orientation="vertical" size={12} style={{ width: '100%' }}>
          <Descriptions size="small" column={{ xs: 1, md: 3 }}>
            <Descriptions.Item label="区县">{orgName(s.countyCode)}</Descriptions.Item>
            <Descriptions.Item label="服务月份">{month(s.month)}</Descriptions.Item>
            <Descriptions.Item label="结算时间">{instant(s.createdAt)}</Descriptions.Item>
            <Descriptions.Item label="订单笔数">{s.orders}</Descriptions.Item>
            <Descriptions.Item label="结算金额">{yuan(s.amountFen)}</Descriptions.Item>
            <Descriptions.Item label="银行退回">{s.failedLines} 笔</Descriptions.Item>
          </Descriptions>
          {s.withoutAccount.length > 0 && <Alert type="warning" showIcon title={`以下服务机构尚未登记收款账户，其订单待下次结算：${s.withoutAccount.join('、')}`} />}
          <Table
            rowKey="line"
            size="small"
            pagination={false}
            dataSource={s.items}
            columns={[
              { title: '行', dataIndex: 'line', width: 50 },
              { title: '服务机构', dataIndex: 'provider' },
              { title: '开户银行', dataIndex: 'bankName' },
              { title: '账号', dataIndex: 'accountMasked' },
              { title: '订单笔数', dataIndex: 'orders', align: 'right' },
              { title: '金额', dataIndex: 'amountFen', align: 'right', render: yuan },
              { title: '状态', dataIndex: 'status', render: (v: string, l) => <Tag color={settlementLineStatus(v).color} title={l.failureReason ?? undefined}>{settlementLineStatus(v).text}</Tag> },
              { title: '摘要（参考号）', dataIndex: 'reference' },
            ]}
          />
          {problem && <Alert type="error" showIcon title={problem} />}
          {s.allowedActions.includes('file') && (
            <Button icon={<DownloadOutlined />} onClick={() => download.mutate()} loading={download.isPending}>
              下载银行代发文件
            </Button>
          )}
        </Space>
      )}
    </Modal>
  );
}

/** 服务结算 and the providers' accounts: the county's 民政 approver settles; supervisors and auditors read. */
export function ServiceSettlements({ countyCode }: { countyCode: string }) {
  const can = useCan();
  const mayRun = can('serviceSettlements.run');
  const [serviceMonth, setServiceMonth] = useState<string | undefined>();
  const [settling, setSettling] = useState(false);
  const [recording, setRecording] = useState(false);
  const [open, setOpen] = useState<string | null>(null);

  const columns: DataColumn<Settlement>[] = [
    { key: 'id', title: '结算单号', value: (s) => s.settlementId, render: (s) => <Typography.Link onClick={() => setOpen(s.settlementId)}>{s.settlementId}</Typography.Link> },
    { key: 'month', title: '服务月份', value: (s) => month(s.month) },
    { key: 'lines', title: '服务机构数', value: (s) => s.lines, align: 'right' },
    { key: 'orders', title: '订单笔数', value: (s) => s.orders, align: 'right' },
    { key: 'amount', title: '结算金额', value: (s) => yuan(s.amountFen), align: 'right' },
    { key: 'failed', title: '银行退回', value: (s) => s.failedLines, render: (s) => (s.failedLines > 0 ? <Tag color="red">{s.failedLines} 笔</Tag> : '—') },
    { key: 'createdAt', title: '结算时间', value: (s) => instant(s.createdAt) },
  ];
  const providerColumns: DataColumn<Provider>[] = [
    { key: 'name', title: '服务机构', value: (p) => p.name },
    { key: 'bank', title: '开户银行', value: (p) => p.bankName },
    { key: 'account', title: '账号', value: (p) => p.accountMasked },
    { key: 'updatedAt', title: '登记时间', value: (p) => instant(p.updatedAt) },
  ];

  return (
    <>
      <Card
        size="small"
        title="服务结算"
        extra={
          mayRun && (
            <Button type="primary" onClick={() => setSettling(true)}>
              新建结算
            </Button>
          )
        }
      >
        <DataTable<Settlement>
          id="service-settlements"
          what="服务结算"
          columns={columns}
          rowKey={(s) => s.settlementId}
          filters={{ serviceMonth }}
          emptyText="尚无服务结算"
          fetch={(page) => pageBySeq((before, limit) => call(api.GET('/v1/service-settlements', { params: { query: { countyCode, limit, ...(serviceMonth ? { month: serviceMonth } : {}), ...(before ? { before } : {}) } } })), page)}
          toolbar={<MonthSelect label="结算月份" value={serviceMonth} onChange={setServiceMonth} />}
        />
      </Card>
      <Card
        size="small"
        title="服务机构收款账户"
        extra={
          mayRun && (
            <Button onClick={() => setRecording(true)}>
              登记收款账户
            </Button>
          )
        }
      >
        <DataTable<Provider>
          id="service-providers"
          what="服务机构收款账户"
          columns={providerColumns}
          rowKey={(p) => p.name}
          emptyText="尚未登记服务机构收款账户"
          fetch={async (page) => {
            const { items } = await call(api.GET('/v1/service-providers/{countyCode}', { params: { path: { countyCode } } }));
            return { items: items.slice(page.offset, page.offset + page.limit), total: items.length };
          }}
        />
      </Card>
      <Suspense fallback={null}>
        {settling && <SettleModal countyCode={countyCode} onClose={() => setSettling(false)} onMade={setOpen} />}
        {recording && <ProviderModal countyCode={countyCode} onClose={() => setRecording(false)} />}
      </Suspense>
      {open && <SettlementDetail settlementId={open} onClose={() => setOpen(null)} />}
    </>
  );
}
