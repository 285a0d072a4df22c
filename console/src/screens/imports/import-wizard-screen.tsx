import { Page } from '../../components/page';

export default function Screen() {
  return <Page title="import-wizard">{null}</Page>;
}
