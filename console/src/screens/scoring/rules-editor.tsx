import { useRef } from 'react';
import { SCORING_EVENTS, type ScoringEvent } from '#shared/domain/scoring';
import type { Operator } from '#shared/domain/segment-rule';
import { fieldError, SelectField, TextArea, TextField } from '../../components/fields';
import { EmptyState } from '../../components/page';
import { useT } from '../../i18n/locale';
import { FACT_FIELDS, kindOf, newRow, operatorsOf, type RuleRow } from './scoring-draft';
import { scoringMessages } from './scoring-messages';

/**
 * The rules as rows: each an event rule (points, at most n times in d days) or a fact rule (a
 * condition on the person's facts), added, removed and moved with buttons, so a keyboard does it all;
 * a moved row keeps the focus on the button that moved it.
 */
export function RulesEditor({ rows, onChange, error }: { rows: RuleRow[]; onChange: (rows: RuleRow[]) => void; error: unknown }) {
  const t = useT(scoringMessages);
  const list = useRef<HTMLOListElement>(null);
  const set = (index: number, patch: Partial<RuleRow>) => onChange(rows.map((row, at) => (at === index ? { ...row, ...patch } : row)));
  const focusLater = (selector: string) => requestAnimationFrame(() => list.current?.querySelector<HTMLElement>(selector)?.focus());
  const move = (index: number, by: -1 | 1) => {
    const target = index + by;
    if (target < 0 || target >= rows.length) return;
    const next = [...rows];
    const [row] = next.splice(index, 1);
    if (!row) return;
    next.splice(target, 0, row);
    onChange(next);
    // At the top or bottom the button that moved it is disabled: the other one takes the focus.
    const sameEnabled = by === -1 ? target > 0 : target < rows.length - 1;
    const same = by === -1 ? 'up' : 'down';
    focusLater(`[data-row="${row.key}"] [data-move="${sameEnabled ? same : same === 'up' ? 'down' : 'up'}"]`);
  };
  const remove = (index: number) => {
    const next = rows.filter((_, at) => at !== index);
    onChange(next);
    const focus = next[Math.min(index, next.length - 1)];
    focusLater(focus ? `[data-row="${focus.key}"] select` : '[data-add-rule]');
  };
  const add = () => {
    const row = newRow(rows.length);
    onChange([...rows, row]);
    focusLater(`[data-row="${row.key}"] select`);
  };
  const err = (index: number, name: string) => fieldError(error, `rules.${index}.${name}`);

  return (
    <div className="scoring-rules">
      {rows.length === 0 ? <EmptyState title={t('emptyTitle')}>{t('emptyText')}</EmptyState> : null}
      <ol ref={list} className="scoring-rule-list">
        {rows.map((row, index) => {
          const n = index + 1;
          const kind = kindOf(row.field);
          return (
            <li key={row.key} data-row={row.key}>
              <fieldset className="scoring-rule">
                <legend>{t('rule', { n })}</legend>
                <SelectField
                  label={t('kind')}
                  value={row.kind}
                  onChange={(event) => set(index, { kind: event.target.value as RuleRow['kind'] })}
                  error={err(index, 'event')}
                >
                  <option value="event">{t('kindEvent')}</option>
                  <option value="fact">{t('kindFact')}</option>
                </SelectField>
                {row.kind === 'event' ? (
                  <SelectField label={t('event')} value={row.event} onChange={(event) => set(index, { event: event.target.value as ScoringEvent })}>
                    {SCORING_EVENTS.map((name) => (
                      <option key={name} value={name}>
                        {t(name)}
                      </option>
                    ))}
                  </SelectField>
                ) : row.json !== undefined ? (
                  <TextArea
                    label={t('complexRule')}
                    value={row.json}
                    rows={4}
                    onChange={(event) => set(index, { json: event.target.value })}
                    error={err(index, 'rule')}
                  />
                ) : (
                  <>
                    <SelectField
                      label={t('field')}
                      value={row.field}
                      onChange={(event) => {
                        const operators = operatorsOf(event.target.value);
                        set(index, { field: event.target.value, op: operators.includes(row.op) ? row.op : (operators[0] ?? 'eq') });
                      }}
                      error={err(index, 'rule.field')}
                    >
                      {FACT_FIELDS.map((entry) => (
                        <option key={entry.field} value={entry.field}>
                          {entry.field}
                        </option>
                      ))}
                    </SelectField>
                    <SelectField
                      label={t('op')}
                      value={row.op}
                      onChange={(event) => set(index, { op: event.target.value as Operator })}
                      error={err(index, 'rule.op')}
                    >
                      {operatorsOf(row.field).map((op) => (
                        <option key={op} value={op}>
                          {op}
                        </option>
                      ))}
                    </SelectField>
                    {row.op === 'exists' ? null : (
                      <TextField
                        label={kind === 'time' ? t('valueDays') : t('value')}
                        value={row.value}
                        inputMode={kind === 'number' || kind === 'time' ? 'numeric' : undefined}
                        onChange={(event) => set(index, { value: event.target.value })}
                        error={err(index, 'rule.value') ?? err(index, 'rule.value.daysAgo')}
                      />
                    )}
                  </>
                )}
                <TextField
                  label={t('points')}
                  inputMode="numeric"
                  value={row.points}
                  onChange={(event) => set(index, { points: event.target.value })}
                  error={err(index, 'points')}
                />
                {row.kind === 'event' ? (
                  <>
                    <TextField
                      label={t('maxTimes')}
                      inputMode="numeric"
                      value={row.maxTimes}
                      onChange={(event) => set(index, { maxTimes: event.target.value })}
                      error={err(index, 'maxTimes')}
                    />
                    <TextField
                      label={t('perDays')}
                      inputMode="numeric"
                      value={row.perDays}
                      onChange={(event) => set(index, { perDays: event.target.value })}
                      error={err(index, 'perDays')}
                    />
                  </>
                ) : null}
                <TextField label={t('ruleId')} value={row.id} onChange={(event) => set(index, { id: event.target.value })} error={err(index, 'id')} />
                <div className="scoring-rule-actions">
                  <button type="button" data-move="up" aria-label={t('moveUp', { n })} disabled={index === 0} onClick={() => move(index, -1)}>
                    ↑
                  </button>
                  <button type="button" data-move="down" aria-label={t('moveDown', { n })} disabled={index === rows.length - 1} onClick={() => move(index, 1)}>
                    ↓
                  </button>
                  <button type="button" className="link danger" aria-label={t('remove', { n })} onClick={() => remove(index)}>
                    ✕
                  </button>
                </div>
              </fieldset>
            </li>
          );
        })}
      </ol>
      <button type="button" data-add-rule onClick={add}>
        {t('add')}
      </button>
    </div>
  );
}
