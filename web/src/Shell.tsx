import {
  AlertOutlined,
  AccountBookOutlined,
  AuditOutlined,
  BarChartOutlined,
  BellOutlined,
  DashboardOutlined,
  FileAddOutlined,
  LogoutOutlined,
  MoneyCollectOutlined,
  ProfileOutlined,
  ReadOutlined,
  SwapOutlined,
  TeamOutlined,
  WalletOutlined,
} from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Badge, Button, Grid, Layout, Menu, Result, Space, Spin, Typography } from 'antd';
import { lazy, Suspense, useEffect, useSyncExternalStore, type ReactNode } from 'react';
import { api, call } from './api/client';
import { currentActor, onAuthChange, signOut, type Actor, type Role } from './auth';
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

interface Page {
  path: string;
  label: string;
  icon: ReactNode;
  roles: readonly Role[];
  render: (params: Record<string, string>, actor: Actor) => ReactNode;
  /** Not in the menu (a record's own page). */
  hidden?: boolean;
}

const PAGES: Page[] = [
  { path: '/', label: '我的待办', icon: <ProfileOutlined />, roles: ['caseworker', 'approver', 'supervisor', 'auditor', 'system'], render: (_p, a) => <Queue actor={a} /> },
  { path: '/intake', label: '受理', icon: <FileAddOutlined />, roles: ['caseworker'], render: (_p, a) => <Intake actor={a} /> },
  { path: '/board', label: '监管看板', icon: <DashboardOutlined />, roles: ['supervisor', 'approver', 'auditor'], render: (_p, a) => <Board actor={a} /> },
  { path: '/reserves', label: '备用金', icon: <MoneyCollectOutlined />, roles: ['caseworker', 'approver', 'supervisor', 'auditor'], render: (_p, a) => <Reserves actor={a} /> },
  { path: '/deliberations', label: '一事一议', icon: <TeamOutlined />, roles: ['committee', 'approver', 'supervisor', 'auditor', 'caseworker'], render: (_p, a) => <Deliberations actor={a} /> },
  { path: '/deliberations/:id', label: '一事一议', icon: null, hidden: true, roles: ['committee', 'approver', 'supervisor', 'auditor', 'caseworker'], render: (p, a) => <Deliberations actor={a} id={p.id} /> },
  { path: '/audit', label: '审计', icon: <AuditOutlined />, roles: ['auditor', 'supervisor'], render: () => <Audit /> },
  { path: '/messages', label: '消息', icon: <BellOutlined />, roles: ['caseworker', 'approver', 'committee', 'supervisor', 'auditor', 'system'], render: () => <Messages /> },
  { path: '/benefits', label: '待遇', icon: <WalletOutlined />, roles: ['caseworker', 'approver', 'supervisor', 'auditor'], render: (_p, a) => <Benefits actor={a} /> },
  { path: '/benefits/:benefitId', label: '待遇详情', icon: null, hidden: true, roles: ['caseworker', 'approver', 'supervisor', 'auditor'], render: (p, a) => <BenefitDetail benefitId={p.benefitId ?? ''} actor={a} /> },
  { path: '/payrolls', label: '发放', icon: <AccountBookOutlined />, roles: ['approver', 'supervisor', 'auditor'], render: (_p, a) => <Payrolls actor={a} /> },
  { path: '/payrolls/:payrollId', label: '发放批次', icon: null, hidden: true, roles: ['approver', 'supervisor', 'auditor'], render: (p, a) => <PayrollDetail payrollId={p.payrollId ?? ''} actor={a} /> },
  { path: '/policies', label: '政策标准', icon: <ReadOutlined />, roles: ['policy', 'supervisor', 'approver', 'auditor'], render: (_p, a) => <Policies actor={a} /> },
  { path: '/cooperation', label: '异地协查', icon: <SwapOutlined />, roles: ['caseworker', 'approver', 'supervisor'], render: (_p, a) => <Cooperation actor={a} /> },
  { path: '/spending', label: '支出统计', icon: <BarChartOutlined />, roles: ['supervisor', 'approver', 'auditor', 'policy'], render: (_p, a) => <Spending actor={a} /> },
  { path: '/cases/:caseId', label: '案件详情', icon: null, hidden: true, roles: ['caseworker', 'approver', 'supervisor', 'auditor', 'system'], render: (p, a) => <CaseDetail caseId={p.caseId ?? ''} actor={a} /> },
];

/** The committee's first page is its ballots, the policy office's its standards; everyone else's the work queue. */
const HOMES: Partial<Record<Role, string>> = { committee: '/deliberations', policy: '/policies' };
const homeOf = (actor: Actor) => HOMES[actor.role] ?? '/';

function useActor(): Actor | null {
  return useSyncExternalStore(onAuthChange, () => sessionStorage.getItem('jiuzhu.token')) ? currentActor() : null;
}

function UnreadBadge() {
  const { data } = useQuery({
    queryKey: ['notifications', 'unread'],
    queryFn: () => call(api.GET('/v1/notifications', { params: { query: { unread: 'true', limit: 200 } } })),
    refetchInterval: 30_000,
  });
  const count = data?.items.length ?? 0;
  return (
    <Badge count={count} size="small" offset={[6, 0]} overflowCount={199} aria-label={`未读消息 ${count} 条`}>
      <span>消息</span>
    </Badge>
  );
}

export function Shell() {
  const actor = useActor();
  const path = usePath();
  const screens = Grid.useBreakpoint();
  const narrow = !screens.md;

  useEffect(() => {
    if (actor && path.startsWith('/signin')) navigate(homeOf(actor));
    if (actor && path === '/' && homeOf(actor) !== '/') navigate(homeOf(actor));
  }, [actor, path]);

  if (!actor) {
    return (
      <Suspense fallback={<Spin fullscreen />}>
        <SignIn />
      </Suspense>
    );
  }

  // Print views stand alone: A4 pages without the menu and header.
  if (path.startsWith('/print/')) {
    return (
      <Suspense fallback={<Spin fullscreen />}>
        <Print path={path} />
      </Suspense>
    );
  }

  const found = PAGES.map((p) => ({ page: p, params: match(p.path, path) })).find((m) => m.params);
  const allowed = found && found.page.roles.includes(actor.role);
  const menu = PAGES.filter((p) => !p.hidden && p.roles.includes(actor.role));
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
            {found && allowed ? found.page.render(found.params ?? {}, actor) : <Result status="404" title="页面不存在或无权访问" extra={<Link to={homeOf(actor)}>返回首页</Link>} />}
          </Suspense>
        </Layout.Content>
      </Layout>
    </Layout>
  );
}
