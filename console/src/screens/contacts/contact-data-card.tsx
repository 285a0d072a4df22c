import { useQueryClient } from '@tanstack/react-query';
import type { Address } from '#shared/domain/address';
import type { Channel, ChannelStatus } from '#shared/domain/channel';
import type { ResponseOf } from '#shared/http/response-schemas';
import { useApi } from '../../api/api-context';
import { Card } from '../../components/page';
import { useT } from '../../i18n/locale';
import { AddressEditor, AddressLines } from './address-editor';
import { ChannelEditor, ChannelHistory } from './channel-editor';
import { contactDataMessages } from './contact-data-messages';
import { useCan } from '../../roles/permissions';

type ContactView = ResponseOf<'GET /v1/contacts/{id}'>;

/** The 360° page's channels (toggles, effective state and reason, history) and postal address. */
export function ContactDataCards({ view }: { view: ContactView }) {
  const t = useT(contactDataMessages);
  const api = useApi();
  const queryClient = useQueryClient();
  const id = view.contact.id;
  const readOnly = !useCan().can('PATCH /v1/contacts/{id}');
  const patch = async (body: { channels?: Partial<Record<Channel, ChannelStatus>>; address?: Address | null }) => {
    await api.send('PATCH', `/v1/contacts/${encodeURIComponent(id)}`, body);
    await queryClient.invalidateQueries({ queryKey: ['contact', id] });
  };
  const fromCompany = view.postalAddress?.from === 'company' ? view.postalAddress.address : undefined;
  return (
    <div className="grid-2">
      <Card title={t('channelsTitle')} id="channels">
        <p className="hint">{t('channelsIntro')}</p>
        <ChannelEditor
          key={JSON.stringify(view.contact.channels ?? {})}
          idPrefix={`contact-${id}`}
          channels={view.contact.channels}
          effective={view.effectiveChannels}
          save={(channels) => patch({ channels })}
          readOnly={readOnly}
        />
        <h3 className="contact-data-history">{t('history')}</h3>
        <ChannelHistory proofs={view.channelProofs} caption={t('history')} />
      </Card>
      <Card title={t('addressTitle')} id="address">
        <AddressEditor address={view.contact.address} save={(address) => patch({ address })} empty={t('addressNone')} readOnly={readOnly} />
        {fromCompany ? (
          <>
            <p className="hint">{t('addressFromCompany')}</p>
            <AddressLines address={fromCompany} />
          </>
        ) : null}
        {view.postalAddress === null ? <p className="notice warn">{t('addressIncomplete')}</p> : null}
      </Card>
    </div>
  );
}
