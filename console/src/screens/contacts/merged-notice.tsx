import { Link } from 'react-router';
import { useT } from '../../i18n/locale';
import { duplicateMessages } from './duplicate-messages';

/**
 * The survivor a merged contact's 404 names. The API's problem carries it as `mergedInto` and in its
 * detail ("Contact <id> was merged into <survivor>"); the console's ApiProblem keeps the detail only.
 */
export function mergedIntoOf(detail: string | undefined): string | undefined {
  return /was merged into (\S+)$/.exec(detail ?? '')?.[1];
}

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
