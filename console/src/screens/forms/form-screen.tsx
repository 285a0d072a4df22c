import { Page } from '../../components/page';

export default function Screen() {
  return <Page title="form">{null}</Page>;
}
