import { useFormat } from '../../i18n/format';
import { defineMessages, useT } from '../../i18n/locale';
import { importMessages } from './import-messages';
import type { ImportReport } from './import-types';

const messages = defineMessages({
  en: { wouldCreate: 'Would be created', wouldMerge: 'Would be merged', wouldSkip: 'Would be skipped', wouldReject: 'Would be rejected' },
  de: { wouldCreate: 'Würden angelegt', wouldMerge: 'Würden zusammengeführt', wouldSkip: 'Würden übersprungen', wouldReject: 'Würden abgelehnt' },
});

/** The outcome counts of an import, or (for a dry run) what it would do. */
export function ImportCounts({
  counts,
  dryRun = false,
  label,
}: {
  counts: Pick<ImportReport, 'rows' | 'created' | 'merged' | 'skipped' | 'rejectedCount'>;
  dryRun?: boolean;
  label: string;
}) {
  const t = useT(importMessages);
  const d = useT(messages);
  const format = useFormat();
  const figures: Array<[string, number]> = [
    [t('rows'), counts.rows],
    [dryRun ? d('wouldCreate') : t('created'), counts.created],
    [dryRun ? d('wouldMerge') : t('merged'), counts.merged],
    [dryRun ? d('wouldSkip') : t('skipped'), counts.skipped],
    [dryRun ? d('wouldReject') : t('rejected'), counts.rejectedCount],
  ];
  return (
    <dl className="kpis" aria-label={label}>
      {figures.map(([name, value]) => (
        <div className="kpi" key={name}>
          <dt>{name}</dt>
          <dd>{format.number(value)}</dd>
        </div>
      ))}
    </dl>
  );
}
