import type { AbcClass } from '#shared/domain/abc';
import { useT } from '../../i18n/locale';
import { abcMessages } from './abc-messages';
import './abc.css';

/** An account's ABC class as a badge, its meaning as the accessible name; nothing before the first run. */
export function AbcBadge({ abc }: { abc: AbcClass | undefined }) {
  const t = useT(abcMessages);
  if (!abc) return null;
  const long = t(`classLong_${abc}`);
  return (
    <span className={`badge abc abc-${abc}`} title={long}>
      <span aria-hidden="true">{t(`class_${abc}`)}</span>
      <span className="visually-hidden">{`${t('column')} ${t(`class_${abc}`)}: ${long}`}</span>
    </span>
  );
}
