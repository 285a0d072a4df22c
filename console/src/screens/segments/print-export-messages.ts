import { defineMessages } from '../../i18n/locale';

/** Texts of the print export card's background path (large segments, or asked for). */
export const printExportMessages = defineMessages({
  en: {
    background: 'Prepare a download link in the background',
    backgroundHint: 'For large lists: you can keep working meanwhile. Segments of more than 20,000 members are always prepared this way.',
    prepare: 'Prepare CSV',
    queued: 'The export is queued …',
    running: 'The export is being written …',
    ready: 'The list is ready: {exported} exported · {postBlocked} left out (post blocked) · {noAddress} left out (no complete address).',
    download: 'Download CSV',
    validUntil: 'The link is valid until {time}.',
    failed: 'The export could not be written. Please try again.',
  },
  de: {
    background: 'Download-Link im Hintergrund vorbereiten',
    backgroundHint: 'Für große Listen: Sie können inzwischen weiterarbeiten. Segmente mit mehr als 20.000 Mitgliedern werden immer so vorbereitet.',
    prepare: 'CSV vorbereiten',
    queued: 'Der Export wartet …',
    running: 'Der Export wird geschrieben …',
    ready: 'Die Liste ist fertig: {exported} exportiert · {postBlocked} ausgelassen (Post gesperrt) · {noAddress} ausgelassen (keine vollständige Anschrift).',
    download: 'CSV herunterladen',
    validUntil: 'Der Link gilt bis {time}.',
    failed: 'Der Export konnte nicht geschrieben werden. Bitte versuchen Sie es erneut.',
  },
});
