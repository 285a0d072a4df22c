import type { JourneyStatus } from '#shared/domain/journey-lifecycle';
import { useT } from '../../i18n/locale';
import { journeyMessages } from './journey-messages';

export function JourneyStatusBadge({ status }: { status: JourneyStatus }) {
  const t = useT(journeyMessages);
  return <span className={`badge journey-${status}`}>{t(`status_${status}`)}</span>;
}
