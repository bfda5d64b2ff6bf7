import {
  AlertOutlined,
  AccountBookOutlined,
  AuditOutlined,
  BarChartOutlined,
  BellOutlined,
  DashboardOutlined,
  FileAddOutlined,
  FileSearchOutlined,
  HeartOutlined,
  LogoutOutlined,
  MoneyCollectOutlined,
  ProfileOutlined,
  ReadOutlined,
  StopOutlined,
  SwapOutlined,
  TeamOutlined,
  WalletOutlined,
} from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Badge, Button, Grid, Layout, Menu, Result, Space, Spin, Typography } from 'antd';
import { lazy, Suspense, useEffect, useSyncExternalStore, type ReactNode } from 'react';
import { api, call } from './api/client';
import { currentActor, onAuthChange, signOut, type Actor } from './auth';
import { QueryError } from './components/QueryError';
import { useMeQuery, type Capability, type MenuKey } from './me';
import { deptName, orgName, roleName } from './labels';
import { Link, match, navigate, usePath } from './router';

// Each page is its own chunk, loaded when first opened.
const SignIn = lazy(() => import('./pages/SignIn'));
const Queue = lazy(() => import('./pages/Queue'));
const CaseDetail = lazy(() => import('./pages/CaseDetail'));
const Intake = lazy(() => import('./pages/Intake'));
const Board = lazy(() => import('./pages/Board'));
const Reserves = lazy(() => import('./pages/Reserves'));
const Deliberations = lazy(() => import('./pages/Deliberations'));
const Messages = lazy(() => import('./pages/Messages'));
const Audit = lazy(() => import('./pages/Audit'));
const Print = lazy(() => import('./pages/Print'));
const Benefits = lazy(() => import('./pages/Benefits'));
const BenefitDetail = lazy(() => import('./pages/BenefitDetail'));
const Payrolls = lazy(() => import('./pages/Payrolls'));
const PayrollDetail = lazy(() => import('./pages/PayrollDetail'));
const Policies = lazy(() => import('./pages/Policies'));
const Spending = lazy(() => import('./pages/Spending'));
const Cooperation = lazy(() => import('./pages/Cooperation'));
const Dishonesty = lazy(() => import('./pages/Dishonesty'));
const Discoveries = lazy(() => import('./pages/Discoveries'));
const Services = lazy(() => import('./pages/Services'));

interface Page {
  path: string;
  label: string;
  icon: ReactNode;
  /** The menu the page is (or, for a record's own page, belongs to): shown when GET /v1/me lists it. */
  menu: MenuKey;
  /** A record's own page may also need one of these capabilities (a case: listing or taking cases in). */
  anyOf?: Capability[];
  render: (params: Record<string, string>, actor: Actor) => ReactNode;
  /** Not in the menu (a record's own page). */
  hidden?: boolean;
}

const PAGES: Page[] = [
  { path: '/', label: '我的待办', icon: <ProfileOutlined />, menu: 'queue', render: (_p, a) => <Queue actor={a} /> },
  { path: '/intake', label: '受理', icon: <FileAddOutlined />, menu: 'intake', render: (_p, a) => <Intake actor={a} /> },
  { path: '/board', label: '监管看板', icon: <DashboardOutlined />, menu: 'board', render: (_p, a) => <Board actor={a} /> },
  { path: '/reserves', label: '备用金', icon: <MoneyCollectOutlined />, menu: 'reserves', render: (_p, a) => <Reserves actor={a} /> },
  { path: '/deliberations', label: '一事一议', icon: <TeamOutlined />, menu: 'deliberations', render: (_p, a) => <Deliberations actor={a} /> },
  { path: '/deliberations/:id', label: '一事一议', icon: null, hidden: true, menu: 'deliberations', render: (p, a) => <Deliberations actor={a} id={p.id} /> },
  { path: '/audit', label: '审计', icon: <AuditOutlined />, menu: 'audit', render: () => <Audit /> },
  { path: '/messages', label: '消息', icon: <BellOutlined />, menu: 'messages', render: () => <Messages /> },
  { path: '/benefits', label: '待遇', icon: <WalletOutlined />, menu: 'benefits', render: (_p, a) => <Benefits actor={a} /> },
  { path: '/benefits/:benefitId', label: '待遇详情', icon: null, hidden: true, menu: 'benefits', render: (p, a) => <BenefitDetail benefitId={p.benefitId ?? ''} actor={a} /> },
  { path: '/payrolls', label: '发放', icon: <AccountBookOutlined />, menu: 'payrolls', render: (_p, a) => <Payrolls actor={a} /> },
  { path: '/payrolls/:payrollId', label: '发放批次', icon: null, hidden: true, menu: 'payrolls', render: (p, a) => <PayrollDetail payrollId={p.payrollId ?? ''} actor={a} /> },
  { path: '/policies', label: '政策标准', icon: <ReadOutlined />, menu: 'policies', render: (_p, a) => <Policies actor={a} /> },
  { path: '/cooperation', label: '异地协查', icon: <SwapOutlined />, menu: 'cooperation', render: (_p, a) => <Cooperation actor={a} /> },
  { path: '/spending', label: '支出统计', icon: <BarChartOutlined />, menu: 'spending', render: (_p, a) => <Spending actor={a} /> },
  { path: '/dishonesty', label: '失信名单', icon: <StopOutlined />, menu: 'dishonesty', render: () => <Dishonesty /> },
  { path: '/discoveries', label: '主动发现台账', icon: <FileSearchOutlined />, menu: 'discoveries', render: (_p, a) => <Discoveries actor={a} /> },
  { path: '/services', label: '服务救助', icon: <HeartOutlined />, menu: 'services', render: (_p, a) => <Services actor={a} /> },
  // A case: whoever lists cases, or took this one in (an importing system reads the cases it started).
  { path: '/cases/:caseId', label: '案件详情', icon: null, hidden: true, menu: 'queue', anyOf: ['cases.list', 'cases.start'], render: (p, a) => <CaseDetail caseId={p.caseId ?? ''} actor={a} /> },
];

/** Where a menu lives. */
const pathOf = (menu: MenuKey) => PAGES.find((p) => !p.hidden && p.menu === menu)?.path ?? '/';

function useActor(): Actor | null {
  return useSyncExternalStore(onAuthChange, () => sessionStorage.getItem('jiuzhu.token')) ? currentActor() : null;
}

function UnreadBadge() {
  const { data } = useQuery({
    queryKey: ['notifications', 'unread'],
    queryFn: () => call(api.GET('/v1/notifications', { params: { query: { unread: 'true', limit: 1 } } })),
    refetchInterval: 30_000,
  });
  const count = data?.total ?? 0;
  return (
    <Badge count={count} size="small" offset={[6, 0]} overflowCount={199} aria-label={`未读消息 ${count} 条`}>
      <span>消息</span>
    </Badge>
  );
}

export function Shell() {
  const actor = useActor();
  if (actor) return <SignedIn actor={actor} />;
  return (
    <Suspense fallback={<Spin fullscreen />}>
      <SignIn />
    </Suspense>
  );
}

/** The console of a signed-in person: its menus and home page as GET /v1/me says. */
function SignedIn({ actor }: { actor: Actor }) {
  const path = usePath();
  const screens = Grid.useBreakpoint();
  const narrow = !screens.md;
  const me = useMeQuery();
  const home = me.data ? pathOf(me.data.home) : undefined;

  // The work queue is the default address: someone who does not work one starts at its own home.
  const redirect = home && (path.startsWith('/signin') || ((path === '/' || path.startsWith('/?')) && home !== '/' && !me.data?.menus.includes('queue')));
  useEffect(() => {
    if (redirect && home) navigate(home);
  }, [redirect, home]);

  if (me.isError) {
    return (
      <div style={{ padding: 48 }}>
        <QueryError error={me.error} what="当前用户" retry={() => me.refetch()} />
        <div style={{ textAlign: 'center' }}>
          <Button onClick={signOut}>退出</Button>
        </div>
      </div>
    );
  }
  if (!me.data || redirect) return <Spin fullscreen />;
  const can = (c: Capability) => me.data.capabilities.includes(c);
  const mayOpen = (p: Page) => me.data.menus.includes(p.menu) && (!p.anyOf || p.anyOf.some(can));
  const homePath = home ?? '/';

  // Print views stand alone: A4 pages without the menu and header.
  if (path.startsWith('/print/')) {
    return (
      <Suspense fallback={<Spin fullscreen />}>
        <Print path={path} />
      </Suspense>
    );
  }

  const found = PAGES.map((p) => ({ page: p, params: match(p.path, path) })).find((m) => m.params);
  // A case needs no menu of its own: an importing system opens the cases it started.
  const allowed = found && (found.page.anyOf ? found.page.anyOf.some(can) : mayOpen(found.page));
  const menu = PAGES.filter((p) => !p.hidden && mayOpen(p));
  // A record's own page lights its list's entry (/benefits/:id → 待遇); a case, the work queue.
  const selected = found?.page.hidden ? (PAGES.find((p) => !p.hidden && p.path !== '/' && found.page.path.startsWith(`${p.path}/`))?.path ?? '/') : found?.page.path;

  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Layout.Sider breakpoint="md" collapsedWidth={0} width={200} theme="light" style={{ borderRight: '1px solid #f0f0f0' }}>
        <div style={{ padding: '16px 20px', fontSize: 18, fontWeight: 600, color: '#c0392b' }}>救助工作台</div>
        <Menu
          mode="inline"
          selectedKeys={selected ? [selected] : []}
          items={menu.map((p) => ({
            key: p.path,
            icon: p.icon,
            label: (
              <Link to={p.path} aria-current={selected === p.path ? 'page' : undefined}>
                {p.path === '/messages' ? <UnreadBadge /> : p.label}
              </Link>
            ),
          }))}
        />
      </Layout.Sider>
      <Layout>
        <Layout.Header style={{ background: '#fff', padding: narrow ? '0 12px' : '0 24px', borderBottom: '1px solid #f0f0f0', display: 'flex', justifyContent: 'flex-end', alignItems: 'center', gap: 12 }}>
          <Space wrap size={narrow ? 4 : 12}>
            <AlertOutlined style={{ color: '#999' }} aria-hidden />
            <Typography.Text>
              {actor.name ? `${actor.name} · ` : ''}
              {roleName(actor.role)}
              {actor.role === 'approver' ? `（${deptName(actor.dept)}）` : ''} · {orgName(actor.org)}
            </Typography.Text>
            <Button icon={<LogoutOutlined />} onClick={signOut}>
              退出
            </Button>
          </Space>
        </Layout.Header>
        <Layout.Content style={{ padding: narrow ? 12 : 24 }}>
          <Suspense fallback={<Spin style={{ display: 'block', marginTop: 80 }} />}>
            {found && allowed ? found.page.render(found.params ?? {}, actor) : <Result status="404" title="页面不存在或无权访问" extra={<Link to={homePath}>返回首页</Link>} />}
          </Suspense>
        </Layout.Content>
      </Layout>
    </Layout>
  );
}
