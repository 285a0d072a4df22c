import { Link } from 'react-router';
import { useT } from '../../i18n/locale';
import { duplicateMessages } from './duplicate-messages';

/** "Merged into …" with a link to the survivor's 360° page. */
export function MergedNotice({ survivorId }: { survivorId: string }) {
  const t = useT(duplicateMessages);
  return (
    <div className="notice warn" role="status">
      <p>{t('mergedInto')}</p>
      <p>
        <Link to={`/contacts/${encodeURIComponent(survivorId)}`}>{t('openSurvivor')}</Link>
      </p>
    </div>
  );
}
