import { useMutation } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { type Channel, CHANNELS, type Channels, type ChannelStatus } from '#shared/domain/channel';
import type { ChannelProof, EffectiveChannels } from '#shared/domain/channel-rules';
import { commonMessages } from '../../components/common-messages';
import { fieldError, FormProblem } from '../../components/fields';
import { useFormat } from '../../i18n/format';
import { useT } from '../../i18n/locale';
import { contactDataMessages } from './contact-data-messages';
import './contact-data.css';

const STATUSES: readonly ChannelStatus[] = ['allowed', 'blocked'];

/**
 * One radio group per channel (allowed / blocked; arrow keys move within a group, Tab between them),
 * the effective state with its reason beside each when given, and a save button that sends only the
 * channels that changed.
 */
export function ChannelEditor({
  channels,
  effective,
  save,
  idPrefix,
  readOnly = false,
}: {
  channels: Channels | undefined;
  /** Shows the choices without letting them change (a role that may not change the record). */
  readOnly?: boolean;
  effective?: EffectiveChannels | undefined;
  save: (patch: Partial<Record<Channel, ChannelStatus>>) => Promise<unknown>;
  idPrefix: string;
}) {
  const t = useT(contactDataMessages);
  const c = useT(commonMessages);
  const initial = Object.fromEntries(CHANNELS.map((channel) => [channel, channels?.[channel]?.status])) as Partial<Record<Channel, ChannelStatus>>;
  const [chosen, setChosen] = useState(initial);
  const changed = Object.fromEntries(
    CHANNELS.flatMap((channel) => (chosen[channel] && chosen[channel] !== initial[channel] ? [[channel, chosen[channel]]] : [])),
  );
  const mutation = useMutation({ mutationFn: () => save(changed) });
  return (
    <form
      className="channel-editor"
      noValidate
      onSubmit={(event: FormEvent) => {
        event.preventDefault();
        mutation.mutate();
      }}
    >
      <FormProblem problem={mutation.error} fallback={c('fixFields')} />
      <div className="channel-groups">
        {CHANNELS.map((channel) => {
          const error = fieldError(mutation.error, `channels.${channel}`);
          const state = effective?.[channel];
          return (
            <fieldset key={channel} aria-describedby={state ? `${idPrefix}-${channel}-effective` : undefined}>
              <legend>{t(`channel_${channel}`)}</legend>
              <div className="channel-choices">
                {STATUSES.map((status) => (
                  <label key={status} className="checkbox">
                    <input
                      type="radio"
                      name={`${idPrefix}-${channel}`}
                      value={status}
                      checked={chosen[channel] === status}
                      disabled={readOnly}
                      onChange={() => setChosen({ ...chosen, [channel]: status })}
                    />
                    {t(status)}
                  </label>
                ))}
              </div>
              {state ? (
                <p className="hint" id={`${idPrefix}-${channel}-effective`}>
                  <span className={`badge ${state.status}`}>{t('effective', { status: t(state.status) })}</span> · {t(`reason_${state.reason}`)}
                </p>
              ) : null}
              {error ? <p className="field-error">{error}</p> : null}
            </fieldset>
          );
        })}
      </div>
      {readOnly ? null : (
        <div className="form-actions">
          <button type="submit" className="primary" disabled={mutation.isPending || Object.keys(changed).length === 0}>
            {mutation.isPending ? c('saving') : t('saveChannels')}
          </button>
          <span role="status">{mutation.isSuccess && Object.keys(changed).length === 0 ? t('channelsSaved') : ''}</span>
        </div>
      )}
    </form>
  );
}

/** The proofs of the channel changes, newest first. */
export function ChannelHistory({ proofs, caption }: { proofs: readonly ChannelProof[]; caption: string }) {
  const t = useT(contactDataMessages);
  const format = useFormat();
  if (proofs.length === 0) return <p className="muted">{t('historyEmpty')}</p>;
  return (
    <div className="table-scroll">
      <table>
        <caption className="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{t('proofAt')}</th>
            <th scope="col">{t('proofChannel')}</th>
            <th scope="col">{t('proofStatus')}</th>
            <th scope="col">{t('proofMethod')}</th>
            <th scope="col">{t('proofSource')}</th>
          </tr>
        </thead>
        <tbody>
          {proofs.map((proof) => (
            <tr key={proof.id}>
              <td>{format.dateTime(proof.at)}</td>
              <td>{t(`channel_${proof.channel}`)}</td>
              <td>
                <span className={`badge ${proof.status}`}>{t(proof.status)}</span>
              </td>
              <td>{t(`method_${proof.method}`)}</td>
              <td>
                <code>{proof.source}</code>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
