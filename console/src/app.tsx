import { Component, type ErrorInfo, lazy, type ReactNode, Suspense, useEffect, useState } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { createBrowserRouter, matchPath, NavLink, Outlet, RouterProvider, useLocation, useRouteError } from 'react-router';
import { useApi } from './api/api-context';
import { pagedQuery } from './api/use-paged';
import { LocaleSwitch } from './components/locale-switch';
import { type GatedRoute, useCan } from './roles/permissions';
import { useT } from './i18n/locale';
import { shellMessages } from './shell-messages';

// Every screen is its own chunk: sign-in and the dashboard load nothing of the rule builder or charts
// they do not show (the bench measures both sizes).
const loaders = {
  dashboard: () => import('./screens/dashboard/dashboard-screen'),
  start: () => import('./screens/tasks/start-screen'),
  tasks: () => import('./screens/tasks/tasks-screen'),
  campaigns: () => import('./screens/campaigns/campaigns-screen'),
  campaign: () => import('./screens/campaigns/campaign-screen'),
  campaignEdit: () => import('./screens/campaigns/campaign-edit-screen'),
  forms: () => import('./screens/forms/forms-screen'),
  form: () => import('./screens/forms/form-screen'),
  imports: () => import('./screens/imports/imports-screen'),
  importWizard: () => import('./screens/imports/import-wizard-screen'),
  importReport: () => import('./screens/imports/import-report-screen'),
  contacts: () => import('./screens/contacts/contacts-screen'),
  contact: () => import('./screens/contacts/contact-screen'),
  duplicates: () => import('./screens/contacts/duplicates-screen'),
  companies: () => import('./screens/companies/companies-screen'),
  company: () => import('./screens/companies/company-screen'),
  segments: () => import('./screens/segments/segments-screen'),
  segment: () => import('./screens/segments/segment-screen'),
  templates: () => import('./screens/templates/templates-screen'),
  template: () => import('./screens/templates/template-screen'),
  mailings: () => import('./screens/mailings/mailings-screen'),
  mailing: () => import('./screens/mailings/mailing-screen'),
  journeys: () => import('./screens/journeys/journeys-screen'),
  journey: () => import('./screens/journeys/journey-screen'),
  topics: () => import('./screens/topics/topics-screen'),
  suppressions: () => import('./screens/suppressions/suppressions-screen'),
  fields: () => import('./screens/fields/fields-screen'),
  scoring: () => import('./screens/scoring/scoring-screen'),
  audit: () => import('./screens/audit/audit-screen'),
};
const screens = Object.fromEntries(Object.entries(loaders).map(([name, load]) => [name, lazy(load)])) as Record<
  keyof typeof loaders,
  React.LazyExoticComponent<() => React.JSX.Element>
>;

/**
 * Once the first screen is shown and the browser is idle, the list screens of the menu are fetched,
 * so a click in the menu waits only for its data. The editors (rule builder, code editor, charts of
 * a campaign) load when opened.
 */
const MENU_SCREENS = [
  'tasks',
  'campaigns',
  'forms',
  'imports',
  'contacts',
  'companies',
  'segments',
  'templates',
  'mailings',
  'journeys',
  'topics',
  'suppressions',
  'fields',
  'contact',
] as const;
function prefetchMenuScreens(): void {
  const idle = window.requestIdleCallback ?? ((run: () => void) => window.setTimeout(run, 200));
  idle(() => {
    for (const name of MENU_SCREENS) void loaders[name]().catch(() => undefined);
  });
}

function Loading() {
  const t = useT(shellMessages);
  return (
    <p className="muted" role="status">
      {t('loading')}
    </p>
  );
}

class ScreenBoundary extends Component<{ children: ReactNode; title: string; retry: string }, { error?: Error }> {
  override state: { error?: Error } = {};
  static getDerivedStateFromError(error: Error) {
    return { error };
  }
  override componentDidCatch(_error: Error, _info: ErrorInfo) {}
  override render() {
    if (!this.state.error) return this.props.children;
    return (
      <div className="notice error" role="alert">
        <h1>{this.props.title}</h1>
        <p>{this.state.error.message}</p>
        <button type="button" onClick={() => this.setState({ error: undefined })}>
          {this.props.retry}
        </button>
      </div>
    );
  }
}

function RouteError() {
  const t = useT(shellMessages);
  const error = useRouteError() as { status?: number } | undefined;
  return (
    <div className="notice error" role="alert">
      <h1>{error?.status === 404 ? t('notFound') : t('errorTitle')}</h1>
    </div>
  );
}

type Label = keyof (typeof shellMessages)['en'];
/**
 * A menu entry; `list` is the API list its screen shows first (asked for as the link is pressed); `route`
 * the API route a user must be allowed to call to see the entry (a settings screen's write, else its list).
 */
interface NavItem {
  to: string;
  label: Label;
  screen: keyof typeof loaders;
  list?: string;
  route?: GatedRoute;
}
const NAV: Array<{ group?: 'groupAudience' | 'groupMarketing' | 'groupSettings'; items: NavItem[] }> = [
  {
    items: [
      { to: '/', label: 'dashboard', screen: 'start' },
      { to: '/tasks', label: 'tasks', screen: 'tasks', route: 'GET /v1/tasks' },
    ],
  },
  {
    group: 'groupMarketing',
    items: [
      { to: '/campaigns', label: 'campaigns', screen: 'campaigns', route: 'GET /v1/campaigns' },
      { to: '/forms', label: 'forms', screen: 'forms', list: '/v1/forms', route: 'GET /v1/forms' },
      { to: '/imports', label: 'imports', screen: 'imports', list: '/v1/imports', route: 'GET /v1/imports' },
      { to: '/segments', label: 'segments', screen: 'segments', list: '/v1/segments', route: 'GET /v1/segments' },
      { to: '/templates', label: 'templates', screen: 'templates', list: '/v1/templates', route: 'GET /v1/templates' },
      { to: '/mailings', label: 'mailings', screen: 'mailings', list: '/v1/mailings', route: 'GET /v1/mailings' },
      { to: '/journeys', label: 'journeys', screen: 'journeys', list: '/v1/journeys', route: 'GET /v1/journeys' },
    ],
  },
  {
    group: 'groupAudience',
    items: [
      { to: '/contacts', label: 'contacts', screen: 'contacts', list: '/v1/contacts', route: 'GET /v1/contacts' },
      { to: '/contacts/duplicates', label: 'duplicates', screen: 'duplicates', route: 'GET /v1/contacts/duplicates' },
      { to: '/companies', label: 'companies', screen: 'companies', list: '/v1/companies', route: 'GET /v1/companies' },
    ],
  },
  {
    group: 'groupSettings',
    items: [
      { to: '/topics', label: 'topics', screen: 'topics', list: '/v1/topics', route: 'POST /v1/topics' },
      { to: '/suppressions', label: 'suppressions', screen: 'suppressions', list: '/v1/suppressions', route: 'GET /v1/suppressions' },
      { to: '/fields', label: 'fields', screen: 'fields', route: 'POST /v1/fields' },
      { to: '/scoring', label: 'scoring', screen: 'scoring', route: 'PUT /v1/scoring' },
      { to: '/audit', label: 'audit', screen: 'audit', route: 'GET /v1/audit' },
    ],
  },
];

/**
 * A menu link that starts its screen's work on intent: its chunk when the pointer comes near or the
 * link gets focus, its first page of data when it is pressed (pointer down or Enter), so the request
 * runs while the click completes and the screen mounts.
 */
function MenuLink({ item }: { item: NavItem }) {
  const t = useT(shellMessages);
  const api = useApi();
  const queryClient = useQueryClient();
  const { pathname } = useLocation();
  // A menu item below this one (`/contacts/duplicates` below `/contacts`) is the active one there.
  const shadowed = NAV.some((group) => group.items.some((other) => other.to.startsWith(`${item.to}/`) && matchPath({ path: other.to, end: false }, pathname)));
  const loadScreen = () => void loaders[item.screen]().catch(() => undefined);
  const loadList = () => {
    if (item.list) void queryClient.prefetchInfiniteQuery(pagedQuery(api, item.list));
  };
  return (
    <NavLink
      to={item.to}
      end={item.to === '/' || shadowed}
      onPointerEnter={loadScreen}
      onFocus={loadScreen}
      onPointerDown={loadList}
      onKeyDown={(event) => {
        if (event.key === 'Enter') loadList();
      }}
    >
      {t(item.label)}
    </NavLink>
  );
}

function Layout({ onSignOut }: { onSignOut: () => void }) {
  const t = useT(shellMessages);
  const { can } = useCan();
  useEffect(prefetchMenuScreens, []);
  // Only the screens the user's roles may use (none but the start page until their roles are known).
  const menu = NAV.map((section) => ({ ...section, items: section.items.filter((item) => !item.route || can(item.route)) })).filter(
    (section) => section.items.length > 0,
  );
  return (
    <div className="shell">
      <a className="skip-link" href="#main">
        {t('skip')}
      </a>
      <header className="topbar">
        <span className="brand">{t('product')}</span>
        <div className="topbar-actions">
          <LocaleSwitch />
          <button type="button" onClick={onSignOut}>
            {t('signOut')}
          </button>
        </div>
      </header>
      <nav className="sidebar" aria-label={t('navLabel')}>
        {menu.map((section, index) => (
          <div key={section.group ?? index} className="nav-group">
            {section.group ? <p className="nav-group-title">{t(section.group)}</p> : null}
            <ul>
              {section.items.map((item) => (
                <li key={item.to}>
                  <MenuLink item={item} />
                </li>
              ))}
            </ul>
          </div>
        ))}
      </nav>
      <main id="main" className="content" tabIndex={-1}>
        <ScreenBoundary title={t('errorTitle')} retry={t('errorRetry')}>
          <Suspense fallback={<Loading />}>
            <Outlet />
          </Suspense>
        </ScreenBoundary>
      </main>
    </div>
  );
}

function NotFound() {
  const t = useT(shellMessages);
  return <h1>{t('notFound')}</h1>;
}

export function App({ onSignOut }: { onSignOut: () => void }) {
  const S = screens;
  const [router] = useState(() =>
    createBrowserRouter([
      {
        element: <Layout onSignOut={onSignOut} />,
        errorElement: <RouteError />,
        children: [
          { path: '/', element: <S.start /> },
          { path: '/auth/callback', element: <S.start /> },
          { path: '/audit', element: <S.audit /> },
          { path: '/tasks', element: <S.tasks /> },
          { path: '/campaigns', element: <S.campaigns /> },
          { path: '/campaigns/new', element: <S.campaignEdit /> },
          { path: '/campaigns/:id', element: <S.campaign /> },
          { path: '/campaigns/:id/edit', element: <S.campaignEdit /> },
          { path: '/forms', element: <S.forms /> },
          { path: '/forms/new', element: <S.form /> },
          { path: '/forms/:id', element: <S.form /> },
          { path: '/imports', element: <S.imports /> },
          { path: '/imports/new', element: <S.importWizard /> },
          { path: '/imports/:id', element: <S.importReport /> },
          { path: '/contacts', element: <S.contacts /> },
          { path: '/contacts/duplicates', element: <S.duplicates /> },
          { path: '/contacts/:id', element: <S.contact /> },
          { path: '/companies', element: <S.companies /> },
          { path: '/companies/:id', element: <S.company /> },
          { path: '/segments', element: <S.segments /> },
          { path: '/segments/new', element: <S.segment /> },
          { path: '/segments/:id', element: <S.segment /> },
          { path: '/templates', element: <S.templates /> },
          { path: '/templates/new', element: <S.template /> },
          { path: '/templates/:id', element: <S.template /> },
          { path: '/mailings', element: <S.mailings /> },
          { path: '/mailings/new', element: <S.mailing /> },
          { path: '/mailings/:id', element: <S.mailing /> },
          { path: '/journeys', element: <S.journeys /> },
          { path: '/journeys/new', element: <S.journey /> },
          { path: '/journeys/:id', element: <S.journey /> },
          { path: '/topics', element: <S.topics /> },
          { path: '/suppressions', element: <S.suppressions /> },
          { path: '/fields', element: <S.fields /> },
          { path: '/scoring', element: <S.scoring /> },
          { path: '*', element: <NotFound /> },
        ],
      },
    ]),
  );
  return <RouterProvider router={router} />;
}
