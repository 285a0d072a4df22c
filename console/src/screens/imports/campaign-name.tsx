import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import type { Campaign } from '#shared/domain/campaign';
import { useApi } from '../../api/api-context';
import { useT } from '../../i18n/locale';
import { importMessages } from './import-messages';

/** An import's campaign by name, linked to it (its id while the name loads or when it is gone). */
export function CampaignName({ id }: { id: string | null }) {
  const api = useApi();
  const t = useT(importMessages);
  const campaign = useQuery({
    queryKey: [`/v1/campaigns/${id ?? ''}`],
    queryFn: () => api.get<Campaign>(`/v1/campaigns/${encodeURIComponent(id ?? '')}`),
    enabled: id !== null,
    staleTime: 5 * 60_000,
  });
  if (id === null) return <span className="muted">{t('noCampaign')}</span>;
  return <Link to={`/campaigns/${encodeURIComponent(id)}`}>{campaign.data?.name ?? id}</Link>;
}
