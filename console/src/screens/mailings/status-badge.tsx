import type { MailingStatus } from '#shared/domain/mailing';
import { useT } from '../../i18n/locale';
import { mailingMessages } from './mailing-messages';

export function StatusBadge({ status }: { status: MailingStatus }) {
  const t = useT(mailingMessages);
  return <span className={`badge ${status}`}>{t(`status_${status}`)}</span>;
}
