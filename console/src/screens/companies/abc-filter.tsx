import { useSearchParams } from 'react-router';
import { ABC_CLASSES, type AbcClass } from '#shared/domain/abc';
import { useT } from '../../i18n/locale';
import { abcMessages } from './abc-messages';

/** The ABC class a list is filtered by, kept in the address (`?abc=A`), so a filtered list can be linked. */
export function useAbcFilter(): [AbcClass | undefined, (abc: AbcClass | undefined) => void] {
  const [params, setParams] = useSearchParams();
  const raw = params.get('abc');
  const value = ABC_CLASSES.find((candidate) => candidate === raw);
  const set = (abc: AbcClass | undefined) =>
    setParams(
      (current) => {
        const next = new URLSearchParams(current);
        if (abc) next.set('abc', abc);
        else next.delete('abc');
        return next;
      },
      { replace: true },
    );
  return [value, set];
}

/** A select of the ABC classes (all, A, B, C, none). */
export function AbcFilter({ value, onChange }: { value: AbcClass | undefined; onChange: (abc: AbcClass | undefined) => void }) {
  const t = useT(abcMessages);
  return (
    <div className="field">
      <label htmlFor="abc-filter">{t('filterLabel')}</label>
      <select id="abc-filter" value={value ?? ''} onChange={(event) => onChange(ABC_CLASSES.find((candidate) => candidate === event.target.value))}>
        <option value="">{t('filterAll')}</option>
        {ABC_CLASSES.map((abc) => (
          <option key={abc} value={abc}>
            {t(`option_${abc}`)}
          </option>
        ))}
      </select>
    </div>
  );
}
