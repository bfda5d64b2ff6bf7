import { DownloadOutlined, UploadOutlined } from '@ant-design/icons';
import type { WidgetProps } from '@rjsf/utils';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Col, Descriptions, Row, Select, Skeleton, Space, Statistic, Table, Tag, Typography, Upload } from 'antd';
import { createContext, lazy, Suspense, useContext, useMemo, useState } from 'react';
import { api, call, type Schemas } from '../api/client';
import type { Actor } from '../auth';
import { downloadFile } from '../components/download';
import { LazyForm } from '../components/forms';
import { QueryError } from '../components/QueryError';
import { CursorPager, useCursorPages } from '../components/CursorPager';
import { instant, month, yuan } from '../format';
import { orgName } from '../labels';
import { Link } from '../router';
import { amountByStreet } from './money-charts';
import { payeeName, paymentStatus, payrollStatus, spendingType } from './money-labels';

const Chart = lazy(() => import('../components/Chart').then((m) => ({ default: m.Chart })));

type Payroll = Schemas['Payroll'];
const LINES = 50;

/** 发放批次: totals by street and type, the lines, and the approver's release, bank file and returns. */
export default function PayrollDetail({ payrollId }: { payrollId: string; actor: Actor }) {
  const q = useQuery({
    queryKey: ['payroll', payrollId],
    queryFn: () => call(api.GET('/v1/payrolls/{payrollId}', { params: { path: { payrollId } } })),
    // Preparing and sending run in the background: watch until they are done.
    refetchInterval: (query) => (query.state.data && ['preparing', 'released'].includes(query.state.data.status) ? 1000 : false),
  });
  if (q.isError) return <QueryError error={q.error} what="发放批次" />;
  const p = q.data;
  if (!p) return <Skeleton active />;
  const status = payrollStatus(p.status);
  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Space wrap>
        <Typography.Title level={4} style={{ margin: 0 }}>
          {orgName(p.countyCode)} {month(p.month)} 发放
        </Typography.Title>
        <Tag color={status.color}>{status.text}</Tag>
        <Link to="/payrolls">返回发放列表</Link>
      </Space>
      <Card size="small">
        <Row gutter={16}>
          <Col xs={12} md={6}>
            <Statistic title="笔数" value={p.totals.payments} />
          </Col>
          <Col xs={12} md={6}>
            <Statistic title="金额" value={yuan(p.totals.amountFen)} />
          </Col>
          <Col xs={12} md={6}>
            <Statistic title="转入后续批次" value={p.totals.movedToLaterPayrolls} />
          </Col>
        </Row>
        <Descriptions size="small" column={{ xs: 1, md: 3 }} style={{ marginTop: 12 }}>
          <Descriptions.Item label="生成">{instant(p.requestedAt)}（{p.requestedBy}）</Descriptions.Item>
          <Descriptions.Item label="生成完成">{instant(p.preparedAt)}</Descriptions.Item>
          <Descriptions.Item label="发放">{p.releasedAt ? `${instant(p.releasedAt)}（${p.releasedBy ?? ''}）` : '—'}</Descriptions.Item>
        </Descriptions>
        <Actions payroll={p} />
      </Card>
      <ByStreet payroll={p} />
      <Card size="small" title="按状态">
        <Table
          rowKey="status"
          size="small"
          pagination={false}
          dataSource={Object.entries(p.totals.byStatus).map(([s, a]) => ({ status: s, ...a }))}
          columns={[
            { title: '状态', dataIndex: 'status', render: (s: string) => <Tag color={paymentStatus(s).color}>{paymentStatus(s).text}</Tag> },
            { title: '笔数', dataIndex: 'payments', align: 'right' },
            { title: '金额', dataIndex: 'amountFen', align: 'right', render: yuan },
          ]}
        />
      </Card>
      <Lines payrollId={p.payrollId} status={p.status} />
      {p.allowedActions.includes('returns') && <Returns payrollId={p.payrollId} />}
    </Space>
  );
}

/** Release (after a confirmation) and the bank file: only what the API says the caller may do now. */
function Actions({ payroll: p }: { payroll: Payroll }) {
  const { modal, message } = App.useApp();
  const [problem, setProblem] = useState('');
  const queryClient = useQueryClient();
  const release = useMutation({
    mutationFn: () => call(api.POST('/v1/payrolls/{payrollId}/release', { params: { path: { payrollId: p.payrollId } } })),
    onSuccess: (next) => {
      queryClient.setQueryData(['payroll', p.payrollId], next);
      void queryClient.invalidateQueries({ queryKey: ['payroll-lines', p.payrollId] });
      void queryClient.invalidateQueries({ queryKey: ['payrolls'] });
      void message.success('已发放');
    },
    onError: (err) => setProblem(`发放失败：${err.message}`),
  });
  const download = useMutation({ mutationFn: () => downloadFile(`/v1/payrolls/${encodeURIComponent(p.payrollId)}/file`, `${p.payrollId}.csv`), onError: (err) => setProblem(`下载失败：${err.message}`) });
  const confirmRelease = () =>
    modal.confirm({
      title: `确认发放 ${month(p.month)} 的待遇？`,
      content: `共 ${p.totals.byStatus.prepared?.payments ?? 0} 笔、${yuan(p.totals.byStatus.prepared?.amountFen ?? 0)} 将发送银行，发放后不能撤回。`,
      okText: '确认发放',
      cancelText: '取消',
      onOk: () => release.mutateAsync(),
    });
  if (p.allowedActions.length === 0 && !problem) return null;
  return (
    <Space orientation="vertical" style={{ marginTop: 12, width: '100%' }}>
      {problem && <Alert type="error" showIcon title={problem} />}
      <Space wrap>
        {p.allowedActions.includes('release') && (
          <Button type="primary" onClick={() => void confirmRelease()} loading={release.isPending}>
            发放
          </Button>
        )}
        {p.allowedActions.includes('file') && (
          <Button icon={<DownloadOutlined />} onClick={() => download.mutate()} loading={download.isPending}>
            下载银行代发文件
          </Button>
        )}
      </Space>
    </Space>
  );
}

/** Totals by street and type: a stacked bar and the table it draws. */
function ByStreet({ payroll: p }: { payroll: Payroll }) {
  const rows = p.totals.byStreetAndType;
  const option = useMemo(() => amountByStreet(rows), [rows]);
  return (
    <Card size="small" title="按街道、类型汇总">
      {rows.length > 0 && (
        <Suspense fallback={<Skeleton active />}>
          <Chart option={option} label="按街道、类型的发放金额" />
        </Suspense>
      )}
      <Table
        rowKey={(r) => `${r.orgCode}/${r.type}`}
        size="small"
        pagination={false}
        dataSource={rows}
        locale={{ emptyText: '本批次没有发放' }}
        columns={[
          { title: '街道', dataIndex: 'orgCode', render: orgName },
          { title: '类型', dataIndex: 'type', render: spendingType },
          { title: '人数', dataIndex: 'recipients', align: 'right' },
          { title: '笔数', dataIndex: 'payments', align: 'right' },
          { title: '金额', dataIndex: 'amountFen', align: 'right', render: yuan },
        ]}
      />
    </Card>
  );
}

/** The payroll's payments, a page at a time (accounts masked). */
function Lines({ payrollId, status }: { payrollId: string; status: string }) {
  const pages = useCursorPages(payrollId);
  const q = useQuery({
    queryKey: ['payroll-lines', payrollId, status, pages.cursor],
    queryFn: () => call(api.GET('/v1/payrolls/{payrollId}/payments', { params: { path: { payrollId }, query: { cursor: pages.cursor, limit: LINES } } })),
    placeholderData: keepPreviousData,
  });
  if (q.isError) return <QueryError error={q.error} what="发放明细" />;
  return (
    <Card size="small" title="发放明细">
      <Table
        rowKey="reference"
        size="small"
        loading={q.isLoading}
        dataSource={q.data?.items ?? []}
        pagination={false}
        scroll={{ x: 'max-content' }}
        columns={[
          { title: '姓名', dataIndex: 'name', render: (n: string, r) => <Link to={`/benefits/${r.benefitId}`}>{n}</Link> },
          { title: '收款人', dataIndex: 'payee', render: (v: string) => payeeName(v) },
          { title: '街道', dataIndex: 'orgCode', render: orgName },
          { title: '类型', dataIndex: 'type', render: spendingType },
          { title: '月份', dataIndex: 'month', render: month },
          { title: '账号', dataIndex: 'accountMasked', render: (v: string | null) => v ?? '未登记' },
          { title: '金额', dataIndex: 'amountFen', align: 'right', render: yuan },
          { title: '状态', dataIndex: 'status', render: (s: string) => <Tag color={paymentStatus(s).color}>{paymentStatus(s).text}</Tag> },
          { title: '退回原因', dataIndex: 'failureReason', render: (v: string | null) => v ?? '' },
          { title: '摘要', dataIndex: 'reference' },
        ]}
      />
      <CursorPager pages={pages} nextCursor={q.data?.nextCursor} />
    </Card>
  );
}

type ReturnRow = { reference?: string; reason?: string };

/** `reference,reason` per line (a header line and blank lines skipped): the bank's returns file. */
function parseReturns(text: string): ReturnRow[] {
  return text
    .replace(/^\uFEFF/, '')
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line && !/^摘要|^reference/i.test(line))
    .map((line) => {
      const [reference = '', ...reason] = line.split(',');
      return { reference: reference.trim(), reason: reason.join(',').trim() };
    });
}

/** The payments this payroll sent, as the returns form offers them (by name, month and amount). */
const SentPayments = createContext<{ value: string; label: string }[]>([]);

/** A returned payment chosen from those sent; a reference read from the bank's file shows as it is. */
function ReferenceWidget({ id, value, onChange, onBlur, onFocus, disabled }: WidgetProps) {
  const options = useContext(SentPayments);
  return (
    <Select
      id={id}
      showSearch
      allowClear
      style={{ width: 420 }}
      options={options}
      placeholder="姓名、月份或摘要"
      optionFilterProp="label"
      aria-label="退回的发放"
      value={typeof value === 'string' && value ? value : undefined}
      disabled={disabled}
      onChange={(v: string | undefined) => onChange(v ?? undefined)}
      onBlur={() => onBlur(id, value)}
      onFocus={() => onFocus(id, value)}
    />
  );
}

/** What POST …/returns takes: each returned payment and the bank's reason. */
const returnsSchema = (rows: ReturnRow[]) => ({
  type: 'object',
  required: ['items'],
  properties: {
    items: {
      type: 'array',
      title: '退回明细',
      minItems: 1,
      default: rows,
      items: {
        type: 'object',
        title: '退回',
        required: ['reference', 'reason'],
        properties: { reference: { type: 'string', title: '退回的发放' }, reason: { type: 'string', title: '退回原因', maxLength: 500 } },
      },
    },
  },
});

/** 银行退回: the payments the bank could not pay, chosen or read from the bank's file; the next payroll pays them again. */
function Returns({ payrollId }: { payrollId: string }) {
  // A file read, or a return recorded, draws the form afresh with its rows: the form keeps its own data.
  const [drawn, setDrawn] = useState<{ n: number; rows: ReturnRow[] }>({ n: 0, rows: [{}] });
  const [problem, setProblem] = useState('');
  const queryClient = useQueryClient();
  const { message } = App.useApp();
  const sent = useQuery({
    queryKey: ['payroll-lines', payrollId, 'sent-all'],
    queryFn: () => call(api.GET('/v1/payrolls/{payrollId}/payments', { params: { path: { payrollId }, query: { limit: 1000 } } })),
  });
  const options = (sent.data?.items ?? []).filter((l) => l.status === 'sent').map((l) => ({ value: l.reference, label: `${l.name}（${payeeName(l.payee)}） ${month(l.month)} ${yuan(l.amountFen)}` }));
  const schema = useMemo(() => returnsSchema(drawn.rows), [drawn]);
  return (
    <Card size="small" title="登记银行退回">
      {problem && <Alert type="error" showIcon title={problem} style={{ marginBottom: 12 }} />}
      <Upload
        accept=".csv,.txt"
        showUploadList={false}
        beforeUpload={(file) => {
          void file.text().then((text) => {
            const rows = parseReturns(text);
            if (rows.length === 0) setProblem('文件中没有退回记录（每行：摘要,退回原因）');
            else {
              setProblem('');
              setDrawn((d) => ({ n: d.n + 1, rows }));
            }
          });
          return false;
        }}
      >
        <Button icon={<UploadOutlined />} style={{ marginBottom: 12 }}>
          从银行退回文件导入
        </Button>
      </Upload>
      <SentPayments.Provider value={options}>
        <Suspense fallback={<Skeleton active />}>
          <LazyForm
            key={drawn.n}
            schema={schema}
            ui={{ items: { items: { reference: { 'ui:widget': ReferenceWidget } } } }}
            submitText="登记退回"
            send={(body) => call(api.POST('/v1/payrolls/{payrollId}/returns', { params: { path: { payrollId } }, body: body as { items: { reference: string; reason: string }[] } }))}
            onDone={(result) => {
              const r = result as { failed: number; payroll: Payroll };
              queryClient.setQueryData(['payroll', payrollId], r.payroll);
              void queryClient.invalidateQueries({ queryKey: ['payroll-lines', payrollId] });
              void message.success(`已登记退回 ${r.failed} 笔`);
              setDrawn((d) => ({ n: d.n + 1, rows: [{}] }));
            }}
          />
        </Suspense>
      </SentPayments.Provider>
    </Card>
  );
}
