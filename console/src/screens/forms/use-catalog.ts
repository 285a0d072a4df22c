import { useQuery } from '@tanstack/react-query';
import type { Campaign } from '#shared/domain/campaign';
import type { Topic } from '#shared/domain/topic';
import { useApi } from '../../api/api-context';
import type { Page } from '../../api/use-paged';

/**
 * The campaigns and topics a form can name, for its selects and for showing names instead of ids.
 * One page of 500 each: a team has a few dozen of either.
 */
export function useCatalog() {
  const api = useApi();
  const campaigns = useQuery({ queryKey: ['/v1/campaigns', 'all'], queryFn: () => api.get<Page<Campaign>>('/v1/campaigns', { limit: 500 }) });
  const topics = useQuery({ queryKey: ['/v1/topics', 'all'], queryFn: () => api.get<Page<Topic>>('/v1/topics', { limit: 500 }) });
  return { campaigns, topics };
}
