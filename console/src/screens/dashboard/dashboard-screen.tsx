import { Page } from '../../components/page';

export default function Screen() {
  return <Page title="dashboard">{null}</Page>;
}
