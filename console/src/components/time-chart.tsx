import { type KeyboardEvent, useEffect, useId, useMemo, useRef, useState } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { useFormat } from '../i18n/format';
import { defineMessages, useLocale, useT } from '../i18n/locale';
import './time-chart.css';

/**
 * Line colours with at least 4.5:1 against the white card (WCAG asks 3:1 of graphics), told apart by
 * their dash pattern too, so the chart reads without colour vision.
 */
export const CHART_COLOURS = {
  blue: '#1f5fbf',
  green: '#1e6b34',
  orange: '#a34a00',
  purple: '#6b3fa0',
} as const;

export type LineStyle = 'solid' | 'dashed' | 'dotted';

export interface ChartSeries {
  label: string;
  /** One value per day of `days`. */
  values: readonly number[];
  colour: string;
  line?: LineStyle;
}

const DASH: Record<LineStyle, number[] | undefined> = { solid: undefined, dashed: [8, 4], dotted: [2, 3] };
const COUNT_STEPS = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1_000, 2_000, 5_000, 10_000, 20_000, 50_000, 100_000, 200_000, 500_000, 1_000_000];
const HEIGHT = 240;
/** Ticks a whole number of days apart: the x axis counts days of the range (0 = its first). */
const DAY_STEPS = [1, 2, 7, 14, 28, 56, 91, 182, 364, 728];

const messages = defineMessages({
  en: {
    day: 'Day',
    showTable: 'Show the numbers as a table',
    hideTable: 'Hide the table',
    keys: 'Focus the chart and use the left and right arrow keys (Home, End) to read each day.',
    summary: '{title}, {from} to {to}. Totals: {totals}.',
    noDays: 'No days to show.',
  },
  de: {
    day: 'Tag',
    showTable: 'Zahlen als Tabelle zeigen',
    hideTable: 'Tabelle ausblenden',
    keys: 'Diagramm fokussieren und mit den Pfeiltasten links und rechts (Pos1, Ende) jeden Tag ablesen.',
    summary: '{title}, {from} bis {to}. Summen: {totals}.',
    noDays: 'Keine Tage anzuzeigen.',
  },
});

/**
 * Counts per UTC day as lines (uPlot), for people who see it and people who do not: the plot has an
 * accessible name with the totals, the arrow keys step through the days and a status line reads each
 * one out, and the same numbers are one button away as a table. It follows its container's width.
 */
export function TimeChart({ title, days, series }: { title: string; days: readonly string[]; series: readonly ChartSeries[] }) {
  const t = useT(messages);
  const format = useFormat();
  const { locale } = useLocale();
  const plotRef = useRef<HTMLDivElement>(null);
  const chart = useRef<uPlot | null>(null);
  const [active, setActive] = useState<number | null>(null);
  const [tableShown, setTableShown] = useState(false);
  const tableId = useId();
  const keysId = useId();

  // Series arrays are new on every render of the screen; the plot is rebuilt only when the numbers change.
  const dataKey = JSON.stringify([days, series.map((entry) => [entry.label, entry.values, entry.colour, entry.line])]);
  const totals = useMemo(() => series.map((entry) => entry.values.reduce((sum, value) => sum + value, 0)), [series]);

  // biome-ignore lint/correctness/useExhaustiveDependencies: `dataKey` stands for the series' numbers, which are new arrays on every render
  useEffect(() => {
    const element = plotRef.current;
    if (!element || days.length === 0) return undefined;
    const tag = locale === 'de' ? 'de-DE' : 'en-GB';
    const dayLabel = new Intl.DateTimeFormat(tag, { day: 'numeric', month: 'short', timeZone: 'UTC' });
    const count = new Intl.NumberFormat(tag);
    const axis = { stroke: '#4e5768', grid: { stroke: '#e3e6eb', width: 1 }, ticks: { stroke: '#d5d9e0', width: 1 }, font: '12px system-ui, sans-serif' };
    const options: uPlot.Options = {
      width: Math.max(element.clientWidth, 200),
      height: HEIGHT,
      legend: { show: false },
      cursor: { points: { size: 8 }, drag: { x: false, y: false } },
      scales: {
        x: { time: false, range: (_plot, min, max) => (days.length === 1 ? [-0.5, 0.5] : [min, max]) },
        y: { range: (_plot, _min, max) => [0, Math.max(4, Math.ceil(max * 1.1))] },
      },
      axes: [
        {
          ...axis,
          incrs: DAY_STEPS,
          space: 60,
          values: (_plot, splits) =>
            splits.map((split) => (Number.isInteger(split) && days[split] !== undefined ? dayLabel.format(new Date(`${days[split]}T00:00:00Z`)) : '')),
        },
        { ...axis, incrs: COUNT_STEPS, values: (_plot, splits) => splits.map((split) => count.format(split)), size: 50 },
      ],
      series: [
        {},
        ...series.map((entry) => ({
          label: entry.label,
          stroke: entry.colour,
          width: 2,
          dash: DASH[entry.line ?? 'solid'],
          points: { show: days.length <= 45, fill: entry.colour },
        })),
      ],
      hooks: { setCursor: [(plot: uPlot) => setActive(plot.cursor.idx ?? null)] },
    };
    const data: uPlot.AlignedData = [days.map((_day, index) => index), ...series.map((entry) => [...entry.values])];
    const plot = new uPlot(options, data, element);
    chart.current = plot;
    const observer = new ResizeObserver(([entry]) => {
      const width = Math.floor(entry?.contentRect.width ?? 0);
      if (width > 0 && width !== plot.width) plot.setSize({ width, height: HEIGHT });
    });
    observer.observe(element);
    return () => {
      observer.disconnect();
      plot.destroy();
      chart.current = null;
    };
    // dataKey stands for days and series (see above).
  }, [dataKey, locale]);

  const moveTo = (index: number) => {
    const plot = chart.current;
    if (!plot || days[index] === undefined) return;
    const top = Math.min(...series.map((entry) => plot.valToPos(entry.values[index] ?? 0, 'y')));
    plot.setCursor({ left: plot.valToPos(index, 'x'), top: Number.isFinite(top) ? top : 0 });
    setActive(index);
  };
  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const last = days.length - 1;
    const current = active ?? -1;
    const next = { ArrowRight: Math.min(last, current + 1), ArrowLeft: Math.max(0, current < 0 ? last : current - 1), Home: 0, End: last }[event.key];
    if (next === undefined || last < 0) return;
    event.preventDefault();
    moveTo(next);
  };

  const activeDay = active === null ? undefined : days[active];
  const readout =
    activeDay === undefined || active === null
      ? ''
      : `${format.date(activeDay)}: ${series.map((entry) => `${entry.label} ${format.number(entry.values[active] ?? 0)}`).join(', ')}`;
  const first = days[0];
  const lastDay = days[days.length - 1];
  const name =
    first === undefined || lastDay === undefined
      ? `${title}. ${t('noDays')}`
      : t('summary', {
          title,
          from: format.date(first),
          to: format.date(lastDay),
          totals: series.map((entry, index) => `${entry.label} ${format.number(totals[index])}`).join(', '),
        });

  return (
    <figure className="time-chart">
      <div
        ref={plotRef}
        className="time-chart-plot"
        role="img"
        aria-label={name}
        aria-describedby={keysId}
        tabIndex={days.length > 0 ? 0 : undefined}
        onKeyDown={onKeyDown}
        onBlur={() => setActive(null)}
        data-testid="time-chart-plot"
      />
      <figcaption>
        <ul className="time-chart-legend">
          {series.map((entry, index) => (
            <li key={entry.label}>
              <span className={`line ${entry.line ?? 'solid'}`} style={{ borderTopColor: entry.colour }} aria-hidden="true" />
              {entry.label} <strong>{format.number(totals[index])}</strong>
            </li>
          ))}
        </ul>
        <p id={keysId} className="visually-hidden">
          {t('keys')}
        </p>
      </figcaption>
      <p className="time-chart-readout" role="status">
        {readout}
      </p>
      <div className="time-chart-tools">
        <button type="button" className="link" aria-expanded={tableShown} aria-controls={tableId} onClick={() => setTableShown(!tableShown)}>
          {tableShown ? t('hideTable') : t('showTable')}
        </button>
      </div>
      <div id={tableId} className="time-chart-table" hidden={!tableShown} role="region" aria-label={title} tabIndex={tableShown ? 0 : undefined}>
        {tableShown ? (
          <table>
            <caption>{title}</caption>
            <thead>
              <tr>
                <th scope="col">{t('day')}</th>
                {series.map((entry) => (
                  <th scope="col" className="num" key={entry.label}>
                    {entry.label}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {days.map((day, index) => (
                <tr key={day}>
                  <th scope="row">{format.date(day)}</th>
                  {series.map((entry) => (
                    <td className="num" key={entry.label}>
                      {format.number(entry.values[index] ?? 0)}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        ) : null}
      </div>
    </figure>
  );
}
