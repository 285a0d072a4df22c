import { useT } from '../i18n/locale';
import { commonMessages } from './common-messages';

export function LoadMore({ hasMore, loading, onMore }: { hasMore: boolean; loading: boolean; onMore: () => void }) {
  const t = useT(commonMessages);
  if (!hasMore) return null;
  return (
    <div className="load-more">
      <button type="button" onClick={onMore} disabled={loading}>
        {loading ? t('loading') : t('loadMore')}
      </button>
    </div>
  );
}
