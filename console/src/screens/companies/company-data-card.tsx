import { useQueryClient } from '@tanstack/react-query';
import type { Address } from '#shared/domain/address';
import type { Channel, ChannelStatus } from '#shared/domain/channel';
import type { ResponseOf } from '#shared/http/response-schemas';
import { useApi } from '../../api/api-context';
import { Card } from '../../components/page';
import { useT } from '../../i18n/locale';
import { AddressEditor } from '../contacts/address-editor';
import { ChannelEditor, ChannelHistory } from '../contacts/channel-editor';
import { contactDataMessages } from '../contacts/contact-data-messages';
import { useCan } from '../../roles/permissions';

type CompanyView = ResponseOf<'GET /v1/companies/{id}'>;

/** The company page's channel blocks (for all its people) with their history, and its address. */
export function CompanyDataCards({ company }: { company: CompanyView }) {
  const t = useT(contactDataMessages);
  const api = useApi();
  const queryClient = useQueryClient();
  const readOnly = !useCan().can('PATCH /v1/companies/{id}');
  const patch = async (body: { channels?: Partial<Record<Channel, ChannelStatus>>; address?: Address | null }) => {
    await api.send('PATCH', `/v1/companies/${encodeURIComponent(company.id)}`, body);
    await queryClient.invalidateQueries({ queryKey: ['company', company.id] });
  };
  return (
    <div className="grid-2">
      <Card title={t('companyChannelsTitle')} id="company-channels">
        <p className="hint">{t('companyChannelsIntro')}</p>
        <ChannelEditor
          key={JSON.stringify(company.channels ?? {})}
          idPrefix={`company-${company.id}`}
          channels={company.channels}
          save={(channels) => patch({ channels })}
          readOnly={readOnly}
        />
        <h3 className="contact-data-history">{t('history')}</h3>
        <ChannelHistory proofs={company.channelProofs} caption={t('history')} />
      </Card>
      <Card title={t('companyAddressTitle')} id="company-address">
        <AddressEditor address={company.address} save={(address) => patch({ address })} empty={t('addressNone')} readOnly={readOnly} />
      </Card>
    </div>
  );
}
