import type { AbcClass } from '#shared/domain/abc';
import { Card } from '../../components/page';
import { useT } from '../../i18n/locale';
import { AbcBadge } from './abc-badge';
import { abcMessages } from './abc-messages';

/**
 * An account's ABC class on its page (the company page, the 360° page): the badge, what it means and what
 * it is computed from (a company's people, a person's own orders, or their company's class).
 */
export function AbcClassCard({ abc, basis }: { abc: AbcClass | undefined; basis: { company: true } | { viaCompany: string } | { contact: true } }) {
  const t = useT(abcMessages);
  const basisText = 'company' in basis ? t('basisCompany') : 'viaCompany' in basis ? t('basisViaCompany', { company: basis.viaCompany }) : t('basisContact');
  return (
    <Card title={t('cardTitle')} id="abc-class">
      {abc ? (
        <p>
          <AbcBadge abc={abc} /> {t(`classLong_${abc}`)}
        </p>
      ) : (
        <p className="muted">{t('unclassified')}</p>
      )}
      <p className="hint">{t('explain', { basis: basisText })}</p>
    </Card>
  );
}
