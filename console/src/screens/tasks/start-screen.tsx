import { lazy, Suspense } from 'react';
import { commonMessages } from '../../components/common-messages';
import { useT } from '../../i18n/locale';
import { useMe } from './use-users';

const Dashboard = lazy(() => import('../dashboard/dashboard-screen'));
const Tasks = lazy(() => import('./tasks-screen'));

/** The start page: "my tasks" for a sales user who is no admin, the dashboard for everybody else. */
export default function StartScreen() {
  const c = useT(commonMessages);
  const me = useMe();
  const loading = <p role="status">{c('loading')}</p>;
  if (me.isPending) return loading;
  const roles = me.data?.roles ?? [];
  const sales = roles.includes('sales') && !roles.includes('admin');
  return <Suspense fallback={loading}>{sales ? <Tasks start /> : <Dashboard />}</Suspense>;
}
