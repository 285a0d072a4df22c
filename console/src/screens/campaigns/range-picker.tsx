import { useSearchParams } from 'react-router';
import { commonMessages } from '../../components/common-messages';
import { TextField } from '../../components/fields';
import { useT } from '../../i18n/locale';
import { figureMessages } from './campaign-messages';
import './campaigns.css';

export const RANGE_PRESETS = ['last7', 'last30', 'last90', 'year', 'sinceStart'] as const;
export type RangePreset = (typeof RANGE_PRESETS)[number];

export interface RangeQuery {
  from?: string;
  to?: string;
}

const DAY_MS = 86_400_000;
const utcDay = (date: Date) => date.toISOString().slice(0, 10);

/** The UTC days a preset covers up to and including today; `sinceStart` leaves the range to the API. */
export function presetRange(preset: RangePreset, now = new Date()): RangeQuery {
  const today = utcDay(now);
  const back = (days: number) => utcDay(new Date(now.getTime() - (days - 1) * DAY_MS));
  switch (preset) {
    case 'last7':
      return { from: back(7), to: today };
    case 'last30':
      return { from: back(30), to: today };
    case 'last90':
      return { from: back(90), to: today };
    case 'year':
      return { from: `${today.slice(0, 4)}-01-01`, to: today };
    case 'sinceStart':
      return {};
  }
}

const isDay = (value: string | null): value is string => value !== null && /^\d{4}-\d{2}-\d{2}$/.test(value);

/**
 * The range in the address (`?period=last30`, or `?from=&to=` for one of one's own), so a link,
 * a reload and the back button keep it.
 */
export function useRangeParams(presets: readonly RangePreset[], fallback: RangePreset) {
  const [params, setParams] = useSearchParams();
  const from = params.get('from');
  const to = params.get('to');
  const custom = isDay(from) || isDay(to);
  const named = params.get('period');
  const preset: RangePreset | 'custom' = custom ? 'custom' : (presets.find((entry) => entry === named) ?? fallback);
  const query: RangeQuery = preset === 'custom' ? { ...(isDay(from) ? { from } : {}), ...(isDay(to) ? { to } : {}) } : presetRange(preset);
  const update = (change: (next: URLSearchParams) => void) =>
    setParams(
      (current) => {
        const next = new URLSearchParams(current);
        change(next);
        return next;
      },
      { replace: true },
    );
  return {
    preset,
    query,
    choose(next: RangePreset) {
      update((search) => {
        search.delete('from');
        search.delete('to');
        search.set('period', next);
      });
    },
    /** A day typed into From or To: the range becomes one's own, starting from what is shown. */
    setDay(which: 'from' | 'to', value: string, shown: RangeQuery) {
      update((search) => {
        search.delete('period');
        const bounds = { ...shown, [which]: value };
        for (const bound of ['from', 'to'] as const) {
          const day = bounds[bound];
          if (day) search.set(bound, day);
          else search.delete(bound);
        }
      });
    },
  };
}

/**
 * Preset buttons (pressed = chosen) and From/To date inputs that show the range in effect and make it
 * one's own when changed. The API's message about a bad bound is shown beside that bound.
 */
export function RangePicker({
  range,
  presets,
  shown,
  errors = {},
}: {
  range: ReturnType<typeof useRangeParams>;
  presets: readonly RangePreset[];
  /** The range in effect when the API chose it (`sinceStart`): the report's from and to. */
  shown?: RangeQuery;
  errors?: { from?: string | undefined; to?: string | undefined };
}) {
  const t = useT(figureMessages);
  const c = useT(commonMessages);
  const effective = { ...shown, ...range.query };
  return (
    <fieldset className="range-picker">
      <legend>{t('period')}</legend>
      <div className="segmented" role="group" aria-label={t('period')}>
        {presets.map((preset) => (
          <button key={preset} type="button" aria-pressed={range.preset === preset} onClick={() => range.choose(preset)}>
            {t(preset)}
          </button>
        ))}
      </div>
      <div className="range-days">
        <TextField
          label={c('from')}
          type="date"
          value={effective.from ?? ''}
          max={effective.to}
          error={errors.from}
          onChange={(event) => range.setDay('from', event.target.value, effective)}
        />
        <TextField
          label={c('to')}
          type="date"
          value={effective.to ?? ''}
          min={effective.from}
          error={errors.to}
          onChange={(event) => range.setDay('to', event.target.value, effective)}
        />
      </div>
      {range.preset === 'custom' ? <span className="badge">{t('custom')}</span> : null}
    </fieldset>
  );
}
