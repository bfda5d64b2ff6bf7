import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Card, Checkbox, Col, DatePicker, Form, Input, InputNumber, Radio, Result, Row, Select, Skeleton, Space, Table, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { ApiFailure, api, call } from '../api/client';
import type { Actor } from '../auth';
import { day, dueState } from '../format';
import { deptName, enumName, orgName, stepName, TYPES, typeName } from '../labels';
import { QueryError } from '../components/QueryError';
import { Link, queryParam } from '../router';

type Json = Record<string, unknown>;
type Application = Awaited<ReturnType<typeof submitApplication>>;

const submitApplication = (body: Json, key: string) =>
  call(api.POST('/v1/applications', { body: body as never, params: { header: { 'idempotency-key': key } } }));

/**
 * 引导申请 from a visited discovery: the application is the invitation's (once per discovery, keyed by it
 * at the API), and what it opened is read back as the window's own answer reads.
 */
async function invite(discoveryId: string, body: Json) {
  const d = await call(api.POST('/v1/discoveries/{discoveryId}/actions', { params: { path: { discoveryId } }, body: { action: 'invite', application: body } as never }));
  return call(api.GET('/v1/applications/{applicationId}', { params: { path: { applicationId: d.applicationId! } } }));
}

/** 受理, or (`?discovery=`) the application a visited discovery's person is invited to make, filled in from it. */
export default function IntakePage({ actor }: { actor: Actor }) {
  const discoveryId = queryParam('discovery');
  const discovery = useQuery({
    queryKey: ['discoveries', discoveryId],
    enabled: discoveryId !== null,
    queryFn: () => call(api.GET('/v1/discoveries/{discoveryId}', { params: { path: { discoveryId: discoveryId! } } })),
  });
  if (discoveryId === null) return <Intake actor={actor} />;
  if (discovery.isError) return <QueryError error={discovery.error} what="主动发现记录" retry={() => discovery.refetch()} />;
  if (!discovery.data) return <Skeleton active />;
  const d = discovery.data;
  return (
    <Intake
      actor={actor}
      invitation={{
        discoveryId: d.discoveryId,
        name: d.person.name,
        initial: { orgCode: d.orgCode, applicant: { name: d.person.name }, household: { size: 1, address: d.address } },
      }}
    />
  );
}

/** 元 in the form, integer 分 in the body. */
const fenProps = {
  getValueProps: (fen: number | undefined) => ({ value: fen == null ? fen : fen / 100 }),
  normalize: (yuan: number | null) => (yuan == null ? undefined : Math.round(yuan * 100)),
};
const dateProps = {
  getValueProps: (v?: string) => ({ value: v ? dayjs(v) : undefined }),
  normalize: (d: dayjs.Dayjs | null) => (d ? d.format('YYYY-MM-DD') : undefined),
};
/** Form.Item hands its child id, value and onChange: passed on, so the label and the value reach the input. */
const Money = (props: React.ComponentProps<typeof InputNumber>) => <InputNumber min={0} precision={2} style={{ width: 200 }} {...props} />;

const LEGAL_AID_KINDS: Record<string, string> = { labour: '劳动保障', family: '婚姻家庭', education: '教育', medical: '医疗', 'criminal-defence': '刑事辩护', other: '其他' };
const PARENT_SITUATIONS: Record<string, string> = { 'severe-disability': '重残', 'serious-illness': '重病', imprisoned: '服刑在押', 'compulsory-rehab': '强制隔离戒毒', deceased: '死亡', missing: '失踪' };

interface Invitation {
  discoveryId: string;
  name: string;
  initial: Json;
}

/** 受理: the one-door application (一证两书, household, needs, type fields) and the cases it opened. */
function Intake({ actor, invitation }: { actor: Actor; invitation?: Invitation }) {
  const [form] = Form.useForm<Json>();
  const requested = (Form.useWatch('requested', form) as string[] | undefined) ?? [];
  const [problem, setProblem] = useState<string | null>(null);
  // One key per filled form: a double click or a retried request files one application.
  const [key, setKey] = useState(() => crypto.randomUUID());

  const queryClient = useQueryClient();
  const submit = useMutation({
    mutationFn: (body: Json) => (invitation ? invite(invitation.discoveryId, body) : submitApplication(body, key)),
    // The new cases belong in every list, the work queue first.
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: ['cases'] });
      if (invitation) void queryClient.invalidateQueries({ queryKey: ['discoveries'] });
    },
    onError: (err) => {
      if (err instanceof ApiFailure && err.status === 400 && err.fields.length > 0) {
        // An invitation's fields are its `application`'s.
        form.setFields(err.fields.map((f) => ({ name: f.path.replace(/^application\./, '').split('.'), errors: [f.message] })));
        setProblem('请按提示修改标红的内容');
        return;
      }
      setProblem(`受理失败：${err.message}`);
    },
  });

  if (submit.data && invitation) return <Opened application={submit.data} invited={invitation.name} />;
  if (submit.data) return <Opened application={submit.data} onNext={() => { submit.reset(); form.resetFields(); setKey(crypto.randomUUID()); }} />;

  return (
    <Card title={<Typography.Title level={4} style={{ margin: 0 }}>{invitation ? `引导申请：${invitation.name}（主动发现）` : '受理申请（一门受理）'}</Typography.Title>}>
      {problem && <Alert type="error" showIcon title={problem} style={{ marginBottom: 16 }} />}
      <Form
        form={form}
        layout="vertical"
        initialValues={{ orgCode: actor.org, household: { size: 1 }, requested: ['dibao'], ...invitation?.initial }}
        onFinish={(values) => {
          setProblem(null);
          // 父亲, 母亲: the two selects name only the situation.
          const parents = (values.parents as Array<{ situation: string }> | undefined)?.map((p, i) => ({ relation: i === 0 ? 'father' : 'mother', situation: p.situation }));
          submit.mutate({ ...values, ...(parents ? { parents } : {}) });
        }}
        scrollToFirstError
      >
        <Form.Item name="orgCode" label="受理街道">
          <Select disabled options={[{ value: actor.org, label: orgName(actor.org) }]} style={{ width: 320 }} />
        </Form.Item>
        <Card size="small" title="申请人" style={{ marginBottom: 16 }}>
          <Row gutter={16}>
            <Col xs={24} md={8}>
              <Form.Item name={['applicant', 'name']} label="姓名" rules={[{ required: true, message: '请填写姓名' }]}>
                <Input maxLength={64} />
              </Form.Item>
            </Col>
            <Col xs={24} md={8}>
              <Form.Item name={['applicant', 'idNumber']} label="身份证号" rules={[{ required: true, message: '请填写身份证号' }, { pattern: /^\d{17}[\dXx]$/, message: '应为18位居民身份证号' }]}>
                <Input maxLength={18} autoComplete="off" />
              </Form.Item>
            </Col>
            <Col xs={24} md={8}>
              <Form.Item name={['applicant', 'phone']} label="联系电话">
                <Input maxLength={20} />
              </Form.Item>
            </Col>
          </Row>
        </Card>
        <Card size="small" title="家庭情况" style={{ marginBottom: 16 }}>
          <Space wrap size={24}>
            <Form.Item name={['household', 'size']} label="家庭人口" rules={[{ required: true, message: '请填写家庭人口' }]}>
              <InputNumber min={1} max={50} precision={0} />
            </Form.Item>
            <Form.Item name={['household', 'monthlyIncomeFen']} label="家庭月收入（元）" rules={[{ required: true, message: '请填写家庭月收入' }]} {...fenProps}>
              <Money />
            </Form.Item>
            <Form.Item name={['household', 'assetsFen']} label="家庭财产（元）" {...fenProps}>
              <Money />
            </Form.Item>
            <Form.Item name={['household', 'address']} label="住址">
              <Input style={{ width: 320 }} maxLength={200} />
            </Form.Item>
          </Space>
        </Card>
        <Form.Item name="requested" label="申请救助事项" rules={[{ required: true, type: 'array', min: 1, message: '至少选择一项' }]}>
          {/* 受灾人员救助 is opened per disaster event by 应急, not at the window. */}
          <Checkbox.Group options={Object.entries(TYPES).filter(([value]) => value !== 'disaster').map(([value, label]) => ({ value, label }))} />
        </Form.Item>
        {requested.includes('temporary') && (
          <Card size="small" title="临时救助" style={{ marginBottom: 16 }}>
            <Space wrap size={24}>
              <Form.Item name={['temporary', 'kind']} label="类型" rules={[{ required: true, message: '请选择类型' }]}>
                <Radio.Group options={[{ value: 'emergency', label: enumName('emergency') }, { value: 'expense', label: enumName('expense') }]} />
              </Form.Item>
              <Form.Item name={['temporary', 'amountFen']} label="申请金额（元）" rules={[{ required: true, message: '请填写申请金额' }]} {...fenProps}>
                <Money />
              </Form.Item>
              <Form.Item name={['temporary', 'reason']} label="事由">
                <Input style={{ width: 360 }} maxLength={2000} />
              </Form.Item>
            </Space>
          </Card>
        )}
        {requested.includes('medical') && (
          <Card size="small" title="医疗救助" style={{ marginBottom: 16 }}>
            <Space wrap size={24}>
              <Form.Item name={['medical', 'billFen']} label="医疗费用（元）" rules={[{ required: true, message: '请填写医疗费用' }]} {...fenProps}>
                <Money />
              </Form.Item>
              <Form.Item name={['medical', 'hospital']} label="医院" rules={[{ required: true, message: '请填写医院' }]}>
                <Input maxLength={200} />
              </Form.Item>
              <Form.Item name={['medical', 'admittedOn']} label="入院日期" rules={[{ required: true, message: '请选择入院日期' }]} {...dateProps}>
                <DatePicker />
              </Form.Item>
              <Form.Item name={['medical', 'category']} label="类别" rules={[{ required: true, message: '请选择类别' }]}>
                <Radio.Group options={[{ value: 'general', label: '一般住院' }, { value: 'serious', label: '大病住院' }]} />
              </Form.Item>
            </Space>
          </Card>
        )}
        {requested.includes('education') && (
          <Card size="small" title="教育救助" style={{ marginBottom: 16 }}>
            <Space wrap size={24}>
              <Form.Item name={['education', 'studentName']} label="学生姓名" rules={[{ required: true, message: '请填写学生姓名' }]}>
                <Input maxLength={64} />
              </Form.Item>
              <Form.Item name={['education', 'school']} label="学校" rules={[{ required: true, message: '请填写学校' }]}>
                <Input maxLength={200} />
              </Form.Item>
            </Space>
          </Card>
        )}
        {requested.includes('employment') && (
          <Card size="small" title="就业救助" style={{ marginBottom: 16 }}>
            <Space wrap size={24}>
              <Form.Item name={['employment', 'wish']} label="就业意愿" rules={[{ required: true, message: '请填写就业或培训意愿' }]}>
                <Input style={{ width: 360 }} maxLength={500} />
              </Form.Item>
              <Form.Item name={['employment', 'skills']} label="技能">
                <Input maxLength={500} />
              </Form.Item>
            </Space>
          </Card>
        )}
        {requested.includes('legal-aid') && (
          <Card size="small" title="法律援助" style={{ marginBottom: 16 }}>
            <Space wrap size={24}>
              <Form.Item name={['legalAid', 'kind']} label="事项类别" rules={[{ required: true, message: '请选择事项类别' }]}>
                <Radio.Group options={Object.entries(LEGAL_AID_KINDS).map(([value, label]) => ({ value, label }))} />
              </Form.Item>
              <Form.Item name={['legalAid', 'matter']} label="法律援助事项" rules={[{ required: true, message: '请填写事项' }]}>
                <Input style={{ width: 360 }} maxLength={2000} />
              </Form.Item>
            </Space>
          </Card>
        )}
        {(requested.includes('orphan') || requested.includes('defacto-orphan')) && (
          <Card size="small" title="监护人（领取人；申请人为儿童本人）" style={{ marginBottom: 16 }}>
            <Space wrap size={24}>
              <Form.Item name={['guardian', 'name']} label="监护人姓名" rules={[{ required: true, message: '请填写监护人姓名' }]}>
                <Input maxLength={64} />
              </Form.Item>
              <Form.Item name={['guardian', 'idNumber']} label="监护人身份证号" rules={[{ required: true, message: '请填写监护人身份证号' }]}>
                <Input maxLength={18} style={{ width: 220 }} />
              </Form.Item>
              <Form.Item name={['guardian', 'relation']} label="与儿童关系" rules={[{ required: true, message: '请填写与儿童关系' }]}>
                <Input maxLength={32} />
              </Form.Item>
            </Space>
          </Card>
        )}
        {requested.includes('defacto-orphan') && (
          <Card size="small" title="父母情况（事实无人抚养儿童）" style={{ marginBottom: 16 }}>
            <Space wrap size={24}>
              {(['father', 'mother'] as const).map((relation, i) => (
                <Form.Item key={relation} name={['parents', i, 'situation']} label={relation === 'father' ? '父亲情形' : '母亲情形'} rules={[{ required: true, message: '请选择情形' }]}>
                  <Select style={{ width: 180 }} options={Object.entries(PARENT_SITUATIONS).map(([value, label]) => ({ value, label }))} />
                </Form.Item>
              ))}
            </Space>
          </Card>
        )}
        <Card size="small" title="一证两书" style={{ marginBottom: 16 }}>
          <Form.Item name={['commitments', 'economicCheckAuthorized']} valuePropName="checked" rules={[{ validator: (_, v) => (v ? Promise.resolve() : Promise.reject(new Error('须签署家庭经济状况核对授权书'))) }]}>
            <Checkbox>已签署家庭经济状况核对授权书</Checkbox>
          </Form.Item>
          <Form.Item name={['commitments', 'truthfulnessPledged']} valuePropName="checked" rules={[{ validator: (_, v) => (v ? Promise.resolve() : Promise.reject(new Error('须签署信息填报真实性承诺书'))) }]}>
            <Checkbox>已签署信息填报真实性承诺书</Checkbox>
          </Form.Item>
        </Card>
        <Button type="primary" htmlType="submit" size="large" loading={submit.isPending}>
          提交受理
        </Button>
      </Form>
    </Card>
  );
}

/** What an application opened; after an invitation, the way back to the 主动发现台账 instead of the next application. */
function Opened({ application, onNext, invited }: { application: Application; onNext?: () => void; invited?: string }) {
  return (
    <Card>
      <Result
        status="success"
        title={invited ? `已引导 ${invited} 申请并受理` : '已受理'}
        subTitle={`共开立 ${application.cases.length} 件案件`}
        extra={
          <Space>
            {application.cases[0] && <Button onClick={() => window.open(`/print/receipt/${encodeURIComponent(application.cases[0]!.caseId)}`, '_blank', 'noopener')}>打印受理回执</Button>}
            {onNext && <Button type="primary" onClick={onNext}>继续受理</Button>}
            {invited && (
              <Link to="/discoveries">
                <Button type="primary">返回主动发现台账</Button>
              </Link>
            )}
          </Space>
        }
      />
      {application.flagged && <Alert type="warning" showIcon title="申请人在失信名单中：各案件须经区县复核后方可决定" style={{ marginBottom: 16 }} />}
      <Table
        rowKey="caseId"
        pagination={false}
        dataSource={application.cases}
        columns={[
          { title: '受理编号', dataIndex: 'caseNumber', render: (n: string | null, c) => <Link to={`/cases/${c.caseId}`}>{n ?? c.caseId}</Link> },
          { title: '救助事项', dataIndex: 'type', render: (t: string, c) => <Link to={`/cases/${c.caseId}`}>{typeName(t)}</Link> },
          { title: '承办部门', dataIndex: 'department', render: deptName },
          { title: '当前环节', dataIndex: 'step', render: stepName },
          { title: '办理期限', key: 'due', render: (_, c) => <Space>{day(c.dueDate)}<Tag color={dueState(c).color}>{dueState(c).text}</Tag></Space> },
        ]}
      />
    </Card>
  );
}
