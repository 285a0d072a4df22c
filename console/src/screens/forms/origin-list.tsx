import { type KeyboardEvent, useId, useRef, useState } from 'react';
import { useT } from '../../i18n/locale';
import { formMessages } from './form-messages';

/**
 * The origins allowed to post the form: a list with a Remove button per origin and a field to add
 * one (Enter or "Add origin"). The API checks each; its message shows beside the origin it names.
 */
export function OriginList({
  origins,
  onChange,
  errorOf,
  listError,
}: {
  origins: string[];
  onChange: (origins: string[]) => void;
  errorOf: (origin: string) => string | undefined;
  listError: string | undefined;
}) {
  const t = useT(formMessages);
  const id = useId();
  const [pending, setPending] = useState('');
  const input = useRef<HTMLInputElement>(null);
  const add = () => {
    const origin = pending.trim();
    if (!origin) return;
    if (!origins.includes(origin)) onChange([...origins, origin]);
    setPending('');
    input.current?.focus();
  };
  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key !== 'Enter') return;
    event.preventDefault();
    add();
  };
  return (
    <fieldset className="full origin-list" aria-describedby={`${id}-hint${listError ? ` ${id}-error` : ''}`}>
      <legend>{t('originsLegend')}</legend>
      <p id={`${id}-hint`} className="hint">
        {t('originsHint')}
      </p>
      {origins.length === 0 ? <p className="muted">{t('noOrigins')}</p> : null}
      <ul>
        {origins.map((origin, index) => {
          const error = errorOf(origin);
          return (
            <li key={origin}>
              <code id={`${id}-origin-${index}`}>{origin}</code>
              <button
                type="button"
                className="link danger"
                aria-describedby={error ? `${id}-origin-${index}-error` : undefined}
                onClick={() => {
                  onChange(origins.filter((other) => other !== origin));
                  input.current?.focus();
                }}
              >
                {t('removeOrigin', { origin })}
              </button>
              {error ? (
                <span id={`${id}-origin-${index}-error`} className="field-error">
                  {origin}: {error}
                </span>
              ) : null}
            </li>
          );
        })}
      </ul>
      <div className="row">
        <div className="field">
          <label htmlFor={`${id}-new`}>{t('originToAdd')}</label>
          <input
            ref={input}
            id={`${id}-new`}
            type="url"
            inputMode="url"
            placeholder="https://www.example.de"
            value={pending}
            onChange={(event) => setPending(event.target.value)}
            onKeyDown={onKeyDown}
          />
        </div>
        <button type="button" onClick={add}>
          {t('addOrigin')}
        </button>
      </div>
      {listError ? (
        <p id={`${id}-error`} className="field-error">
          {listError}
        </p>
      ) : null}
    </fieldset>
  );
}
