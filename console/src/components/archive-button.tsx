import { useT } from '../i18n/locale';
import { commonMessages } from './common-messages';

/** "Archive" for an editor's page actions: asks `confirmText` first, then calls `onArchive`. */
export function ArchiveButton({ confirmText, pending, onArchive }: { confirmText: string; pending: boolean; onArchive: () => void }) {
  const c = useT(commonMessages);
  return (
    <button
      type="button"
      className="danger"
      disabled={pending}
      onClick={() => {
        if (window.confirm(confirmText)) onArchive();
      }}
    >
      {c('archive')}
    </button>
  );
}
