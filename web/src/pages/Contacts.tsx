import { Button, Card, Radio, Select, Space, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { Suspense, useState } from 'react';
import { api, call, type ListItem } from '../api/client';
import type { Actor } from '../auth';
import { DataTable, type DataColumn } from '../components/DataTable';
import { day, shanghaiToday } from '../format';
import { ORGS, orgName, typeName } from '../labels';
import { useCan } from '../me';
import { Link } from '../router';
import { ContactModalOf } from './ContactModal';

type Row = ListItem<'/v1/benefits'>;

/** How far ahead the list looks: the overdue ones only, or those falling due within the days. */
const WINDOWS = [
  { value: 0, label: '已逾期' },
  { value: 7, label: '7 天内到期' },
  { value: 30, label: '30 天内到期' },
] as const;
type Window = (typeof WINDOWS)[number]['value'];

/** The last day the window takes in: yesterday for the overdue ones (due before today). */
const dueBy = (days: Window) => dayjs(shanghaiToday()).add(days === 0 ? -1 : days, 'day').format('YYYY-MM-DD');

/** 走访联系: the benefits in the caller's scope due or overdue a visit or a call, the earliest due (the overdue) first. */
export default function Contacts({ actor }: { actor: Actor }) {
  const can = useCan();
  const [within, setWithin] = useState<Window>(7);
  const [orgCode, setOrgCode] = useState<string | undefined>();
  const [recording, setRecording] = useState<string | null>(null);
  const streets = Object.keys(ORGS).filter((code) => code.length === 9 && code.startsWith(actor.org.slice(0, 6)));

  const columns: DataColumn<Row>[] = [
    { key: 'applicantName', title: '姓名', sortBy: 'applicantName', value: (r) => r.applicantName, render: (r) => <Link to={`/benefits/${r.benefitId}`}>{r.applicantName}</Link> },
    { key: 'type', title: '类型', sortBy: 'type', value: (r) => typeName(r.type) },
    { key: 'orgCode', title: '街道', sortBy: 'orgCode', value: (r) => orgName(r.orgCode), hidden: actor.role === 'caseworker' },
    { key: 'everyDays', title: '联系周期', value: (r) => `每 ${r.contact.everyDays} 天` },
    { key: 'lastOn', title: '上次联系', value: (r) => (r.contact.lastOn ? day(r.contact.lastOn) : '尚未联系') },
    {
      key: 'nextDueOn',
      title: '下次联系',
      sortBy: 'nextContactOn',
      value: (r) => `${day(r.contact.nextDueOn)}${r.contact.overdue ? '（逾期）' : ''}`,
      render: (r) => (
        <Space>
          {day(r.contact.nextDueOn)}
          {r.contact.overdue && <Tag color="red">逾期</Tag>}
        </Space>
      ),
    },
    {
      key: 'act',
      title: '操作',
      value: () => '',
      hidden: !can('contacts.record'),
      render: (r) => (
        <Button size="small" onClick={() => setRecording(r.benefitId)}>
          记录联系
        </Button>
      ),
    },
  ];

  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Typography.Title level={4} style={{ margin: 0 }}>
        走访联系
      </Typography.Title>
      <Card size="small">
        <DataTable<Row>
          id="contacts"
          what="走访联系"
          columns={columns}
          rowKey={(r) => r.benefitId}
          filters={{ within, orgCode }}
          defaultSort={{ sortBy: 'nextContactOn', sortOrder: 'asc' }}
          emptyText="没有需要走访联系的待遇对象"
          fetch={(page) => call(api.GET('/v1/benefits', { params: { query: { ...page, contactDueBefore: dueBy(within), ...(orgCode ? { orgCode } : {}) } as never } }))}
          toolbar={
            <Space wrap>
              {actor.role !== 'caseworker' && <Select aria-label="街道" placeholder="全部街道" allowClear style={{ width: 220 }} value={orgCode} onChange={(v?: string) => setOrgCode(v)} options={streets.map((s) => ({ value: s, label: orgName(s) }))} />}
              <Radio.Group aria-label="到期范围" optionType="button" value={within} onChange={(e) => setWithin(e.target.value as Window)} options={WINDOWS.map((w) => ({ value: w.value, label: w.label }))} />
            </Space>
          }
        />
      </Card>
      <Suspense fallback={null}>{recording && <ContactModalOf benefitId={recording} onClose={() => setRecording(null)} />}</Suspense>
    </Space>
  );
}
