import { type ReactNode, useEffect, useId, useRef } from 'react';

/**
 * A confirmation as a modal `<dialog>`: opening it moves the focus into it (to the safe choice),
 * Escape or "Cancel" closes it, and the focus returns to what opened it (the browser does both).
 */
export function ConfirmDialog({
  open,
  title,
  children,
  confirmLabel,
  cancelLabel,
  danger,
  busy,
  onConfirm,
  onClose,
}: {
  open: boolean;
  title: string;
  children: ReactNode;
  confirmLabel: string;
  cancelLabel: string;
  danger?: boolean;
  busy?: boolean;
  onConfirm: () => void;
  onClose: () => void;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const bodyId = useId();
  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) dialog.showModal();
    if (!open && dialog.open) dialog.close();
  }, [open]);
  return (
    <dialog ref={ref} className="confirm-dialog" aria-labelledby={titleId} aria-describedby={bodyId} onClose={onClose}>
      <h2 id={titleId}>{title}</h2>
      <div id={bodyId}>{children}</div>
      <div className="form-actions">
        {/* biome-ignore lint/a11y/noAutofocus: a confirmation dialog puts focus on its safe choice (WAI-ARIA dialog pattern) */}
        <button type="button" autoFocus onClick={onClose}>
          {cancelLabel}
        </button>
        <button type="button" className={danger ? 'danger' : 'primary'} disabled={busy} onClick={onConfirm}>
          {confirmLabel}
        </button>
      </div>
    </dialog>
  );
}
