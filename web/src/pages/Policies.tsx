import { useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Col, Form, Row, Select, Skeleton, Space, Statistic, Table, Tag, Typography } from 'antd';
import { Suspense, useMemo, useRef, useState, type ReactNode } from 'react';
import type { paths } from '../../../clients/typescript/schema';
import { api, call } from '../api/client';
import type { Actor } from '../auth';
import { LazyForm } from '../components/forms';
import type { Json, JsonSchemaFormHandle } from '../components/JsonSchemaForm';
import { QueryError } from '../components/QueryError';
import { day, yuan } from '../format';
import { enumName, fieldName, orgName, typeName } from '../labels';

type Simulation = paths['/v1/policies/{region}/simulations']['post']['responses'][200]['content']['application/json'];
type Draft = { value: unknown; effectiveFrom: string; source?: string };

/** Regions a national policy office chooses from; any other office has its own. */
const REGIONS = ['000000', '420106', '510121'];
const regionName = (r: string) => (r === '000000' ? '全国（默认）' : orgName(r));
const SIMULATED_TYPE_NAMES: Record<string, string> = { dibao: '低保', 'low-income': '低收入' };

/** A field's name: the form's label, else an aid type (a deadline per type), else the code. */
const nameOf = (k: string) => (fieldName(k) !== k ? fieldName(k).replace(/（元）$/, '') : typeName(k));

/** The policy table's own codes (src/domain/policy-values.ts, eligibility.ts, votes.ts). */
const POLICY_CODES: Record<string, string> = {
  'of-members': '全体成员过半数',
  'of-votes-cast': '投票成员过半数',
  gap: '补差',
  tiers: '分档',
  fen: '精确到分',
  yuan: '向上取整到元',
  fixed: '固定金额',
  'dibao-standard-multiple': '低保标准的倍数',
};
const codeName = (v: string) => POLICY_CODES[v] ?? enumName(v);
/** The form's names for what a key's schema leaves unnamed: the value's fields and codes. */
const NAMES = {
  field: (k: string) => (fieldName(k) !== k ? fieldName(k) : typeName(k) !== k ? typeName(k) : undefined),
  code: (v: string) => (codeName(v) !== v ? codeName(v) : undefined),
};

/** A policy value as people read it: names in Chinese, money in 元 (a …Fen field, or every figure of one), yes/no, lists one per line. */
function ValueView({ value, money = false }: { value: unknown; money?: boolean }): ReactNode {
  const show = (k: string, v: unknown): ReactNode => {
    const inYuan = money || /Fen$/.test(k);
    if (v === null || v === undefined) return '—';
    if (typeof v === 'number') return inYuan ? yuan(v) : String(v);
    if (typeof v === 'boolean') return v ? '是' : '否';
    if (typeof v === 'string') return codeName(v);
    if (Array.isArray(v)) return v.length === 0 ? '无' : v.map((x, i) => <div key={i}>{typeof x === 'object' ? <ValueView value={x} money={inYuan} /> : show(k, x)}</div>);
    return <ValueView value={v} money={inYuan} />;
  };
  if (typeof value !== 'object' || value === null) return show('', value);
  return (
    <div>
      {Object.entries(value as Record<string, unknown>).map(([k, v]) => (
        <div key={k}>
          <Typography.Text type="secondary">{nameOf(k)}：</Typography.Text>
          {typeof v === 'object' && v !== null && !Array.isArray(v) ? <div style={{ paddingLeft: 16 }}>{show(k, v)}</div> : show(k, v)}
        </div>
      ))}
    </div>
  );
}

/** 政策标准: the values in force and scheduled for a region; the policy office loads new ones and runs a what-if first. */
export default function Policies({ actor }: { actor: Actor }) {
  const national = actor.role === 'policy' && actor.org === '000000';
  const [region, setRegion] = useState(national ? '420106' : actor.org.slice(0, 6));
  const q = useQuery({ queryKey: ['policies', region], queryFn: () => call(api.GET('/v1/policies/{region}', { params: { path: { region } } })) });
  const names = Object.fromEntries((q.data?.keys ?? []).map((k) => [k.key, k.name]));

  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Space wrap>
        <Typography.Title level={4} style={{ margin: 0 }}>
          政策标准
        </Typography.Title>
        {national ? (
          <Select aria-label="地区" value={region} onChange={setRegion} style={{ width: 220 }} options={REGIONS.map((r) => ({ value: r, label: regionName(r) }))} />
        ) : (
          <Typography.Text>{regionName(region)}</Typography.Text>
        )}
      </Space>
      {q.isError && <QueryError error={q.error} what="政策标准" />}
      {q.data && (
        <>
          <Card size="small" title={`现行与待施行（${day(q.data.asOf)}）`}>
            <Table
              rowKey={(r) => `${r.key}/${r.regionCode}/${r.effectiveFrom}`}
              size="small"
              pagination={false}
              dataSource={q.data.items}
              scroll={{ x: 'max-content' }}
              columns={[
                { title: '项目', dataIndex: 'key', render: (k: string) => names[k] ?? k },
                { title: '状态', dataIndex: 'status', render: (s: string, r) => <Space>{s === 'in-force' ? <Tag color="green">现行</Tag> : <Tag color="blue">待施行</Tag>}{r.placeholder && <Tag color="orange">预置值</Tag>}</Space> },
                { title: '施行日期', dataIndex: 'effectiveFrom', render: day },
                { title: '适用地区', dataIndex: 'regionCode', render: regionName },
                { title: '标准', dataIndex: 'value', render: (v: unknown) => <ValueView value={v} /> },
                { title: '依据', dataIndex: 'source', render: (s: string | null) => s ?? '—' },
              ]}
            />
          </Card>
          {(q.data.mayLoad || q.data.maySimulate) && <Load region={region} data={q.data} />}
        </>
      )}
    </Space>
  );
}

type PolicyList = paths['/v1/policies/{region}']['get']['responses'][200]['content']['application/json'];

/** The dated value's form: when it takes effect, the document it comes from (to load it), and the key's own value. */
function draftSchema(described: PolicyList['keys'][number], current: unknown, withSource: boolean) {
  return {
    type: 'object',
    required: ['effectiveFrom', 'value'],
    properties: {
      effectiveFrom: { type: 'string', format: 'date', title: '施行日期', description: '须晚于今天：已施行的标准不能更改' },
      ...(withSource ? { source: { type: 'string', title: '文件依据', maxLength: 500 } } : {}),
      value: { ...described.schema, title: `${described.name}的取值`, ...(current === undefined ? {} : { default: current }) },
    },
  };
}

/** A new dated value: the key's own form, what-if first where it can run, then loaded. */
function Load({ region, data }: { region: string; data: PolicyList }) {
  const [key, setKey] = useState<string | undefined>(undefined);
  const [simulation, setSimulation] = useState<Simulation | null>(null);
  const [pending, setPending] = useState<'load' | 'simulate' | null>(null);
  const what = useRef<'load' | 'simulate'>('load');
  const form = useRef<JsonSchemaFormHandle>(null);
  const queryClient = useQueryClient();
  const { message } = App.useApp();
  const described = data.keys.find((k) => k.key === key);
  const simulable = key !== undefined && (data.simulatedKeys as string[]).includes(key) && data.maySimulate;
  const schema = useMemo(
    () => (described ? draftSchema(described, data.items.find((i) => i.key === described.key && i.status === 'in-force')?.value, data.mayLoad) : undefined),
    [described, data],
  );

  /** Loads the value, or runs the what-if on it (which needs no 文件依据): the form checks it first, the API after. */
  const send = async (v: Json) => {
    const draft = v as Draft;
    if (what.current === 'simulate') {
      return { kind: 'simulated' as const, simulated: await call(api.POST('/v1/policies/{region}/simulations', { params: { path: { region } }, body: { key: key as 'dibao-standard', value: draft.value, effectiveFrom: draft.effectiveFrom } })) };
    }
    return { kind: 'loaded' as const, loaded: await call(api.PUT('/v1/policies/{region}/{key}', { params: { path: { region, key: key as 'dibao' } }, body: { value: draft.value, effectiveFrom: draft.effectiveFrom, source: draft.source as string } })) };
  };
  const run = (w: 'load' | 'simulate') => {
    what.current = w;
    form.current?.submit();
  };

  return (
    <Card size="small" title={data.mayLoad ? '录入新标准' : '政策试算'}>
      <Form layout="vertical">
        <Form.Item name="key" label="项目" style={{ maxWidth: 360 }}>
          <Select
            value={key}
            // Many keys: typing a name finds one.
            showSearch={{ optionFilterProp: 'label' }}
            onChange={(k: string) => {
              setKey(k);
              setSimulation(null);
            }}
            options={data.keys.filter((k) => data.mayLoad || (data.simulatedKeys as string[]).includes(k.key)).map((k) => ({ value: k.key, label: k.name }))}
          />
        </Form.Item>
      </Form>
      {described && schema && (
        <Suspense fallback={<Skeleton active />}>
          <LazyForm
            key={`${region}/${described.key}`}
            schema={schema}
            names={NAMES}
            ui={{ source: { 'ui:widget': 'text', 'ui:placeholder': '如：武汉市民政局 2026 年第 12 号' } }}
            handle={form}
            onPending={(p) => setPending(p ? what.current : null)}
            send={send}
            onDone={(r) => {
              const result = r as Awaited<ReturnType<typeof send>>;
              if (result.kind === 'simulated') setSimulation(result.simulated);
              else {
                void queryClient.invalidateQueries({ queryKey: ['policies', region] });
                void message.success(`已录入，${day(result.loaded.effectiveFrom)}起施行${result.loaded.adjustedBenefits > 0 ? `；调整待遇 ${result.loaded.adjustedBenefits} 户` : ''}`);
              }
            }}
          />
          <Space wrap>
            {simulable && (
              <Button onClick={() => run('simulate')} loading={pending === 'simulate'}>
                试算
              </Button>
            )}
            {data.mayLoad && (
              <Button type="primary" onClick={() => run('load')} loading={pending === 'load'}>
                录入
              </Button>
            )}
          </Space>
        </Suspense>
      )}
      {simulation && <SimulationView simulation={simulation} />}
    </Card>
  );
}

/** The what-if: per street and type who is covered, enters, leaves or phases out, and the monthly cost before and after. */
function SimulationView({ simulation: s }: { simulation: Simulation }) {
  const t = s.totals;
  return (
    <Card size="small" type="inner" title={`试算结果（${s.month} 起，${t.households} 户）`} style={{ marginTop: 16 }}>
      <Row gutter={16} style={{ marginBottom: 12 }}>
        <Col xs={12} md={4}><Statistic title="现保障" value={t.coveredBefore} /></Col>
        <Col xs={12} md={4}><Statistic title="调整后保障" value={t.coveredAfter} /></Col>
        <Col xs={12} md={4}><Statistic title="新增" value={t.entering} /></Col>
        <Col xs={12} md={4}><Statistic title="退出" value={t.leaving} /></Col>
        <Col xs={12} md={4}><Statistic title="月支出（现）" value={yuan(t.monthlyCostBeforeFen)} /></Col>
        <Col xs={12} md={4}><Statistic title="月支出（调整后）" value={yuan(t.monthlyCostAfterFen)} /></Col>
      </Row>
      <Table
        rowKey={(r) => `${r.orgCode}/${r.type}`}
        size="small"
        pagination={false}
        dataSource={s.rows}
        scroll={{ x: 'max-content' }}
        locale={{ emptyText: '该地区没有可试算的家庭' }}
        columns={[
          { title: '街道', dataIndex: 'orgCode', render: orgName },
          { title: '类型', dataIndex: 'type', render: (v: string) => SIMULATED_TYPE_NAMES[v] ?? v },
          { title: '现保障', dataIndex: 'coveredBefore', align: 'right' },
          { title: '调整后', dataIndex: 'coveredAfter', align: 'right' },
          { title: '新增', dataIndex: 'entering', align: 'right' },
          { title: '退出', dataIndex: 'leaving', align: 'right' },
          { title: '渐退', dataIndex: 'phasingOut', align: 'right' },
          { title: '月支出（现）', dataIndex: 'monthlyCostBeforeFen', align: 'right', render: yuan },
          { title: '月支出（调整后）', dataIndex: 'monthlyCostAfterFen', align: 'right', render: yuan },
        ]}
      />
    </Card>
  );
}
