import { defineMessages } from '../../i18n/locale';
import type { IGNORE_COLUMN, ImportDetection, ImportField, ImportStatus } from './import-types';

/** The importable fields as people call them; the compiler asks for a label when the API adds a field. */
export const fieldLabels: { en: Record<ImportField | typeof IGNORE_COLUMN, string>; de: Record<ImportField | typeof IGNORE_COLUMN, string> } = {
  en: {
    email: 'Email address',
    firstName: 'First name',
    lastName: 'Last name',
    company: 'Company',
    jobTitle: 'Job title',
    phone: 'Phone',
    street: 'Street and number',
    postalCode: 'Postal code',
    city: 'City',
    country: 'Country',
    'channel.email': 'E-mail marketing (yes/no)',
    'channel.post': 'Marketing by post (yes/no)',
    'channel.phone': 'Phone marketing (yes/no)',
    date: 'Date collected',
    ignore: 'Ignore this column',
  },
  de: {
    email: 'E-Mail-Adresse',
    firstName: 'Vorname',
    lastName: 'Nachname',
    company: 'Firma',
    jobTitle: 'Position',
    phone: 'Telefon',
    street: 'Straße und Hausnummer',
    postalCode: 'Postleitzahl',
    city: 'Ort',
    country: 'Land',
    'channel.email': 'E-Mail-Werbung (ja/nein)',
    'channel.post': 'Werbung per Post (ja/nein)',
    'channel.phone': 'Telefonwerbung (ja/nein)',
    date: 'Erfasst am',
    ignore: 'Spalte ignorieren',
  },
};

export const statusLabels: { en: Record<ImportStatus, string>; de: Record<ImportStatus, string> } = {
  en: { waiting_for_upload: 'Waiting for the file', queued: 'Queued', running: 'Running', done: 'Done', failed: 'Failed' },
  de: { waiting_for_upload: 'Wartet auf die Datei', queued: 'In der Warteschlange', running: 'Läuft', done: 'Abgeschlossen', failed: 'Fehlgeschlagen' },
};

export const encodingLabels: { en: Record<ImportDetection['encoding'], string>; de: Record<ImportDetection['encoding'], string> } = {
  en: { 'utf-8': 'UTF-8', 'utf-8-bom': 'UTF-8 with byte-order mark', 'windows-1252': 'Windows-1252 (Excel, Western Europe)' },
  de: { 'utf-8': 'UTF-8', 'utf-8-bom': 'UTF-8 mit Byte-Order-Mark', 'windows-1252': 'Windows-1252 (Excel, Westeuropa)' },
};

export const delimiterLabels: { en: Record<ImportDetection['delimiter'], string>; de: Record<ImportDetection['delimiter'], string> } = {
  en: { ';': 'Semicolon (;)', ',': 'Comma (,)', '\t': 'Tab' },
  de: { ';': 'Semikolon (;)', ',': 'Komma (,)', '\t': 'Tabulator' },
};

/** Words of the history, the wizard and the report alike. */
export const importMessages = defineMessages({
  en: {
    history: 'Imports',
    newImport: 'New import',
    fileName: 'File name',
    campaign: 'Campaign',
    noCampaign: 'No campaign',
    topics: 'Topics',
    rows: 'Rows',
    processed: 'Processed',
    created: 'Created',
    merged: 'Merged',
    skipped: 'Skipped',
    rejected: 'Rejected',
    startedAt: 'Started',
    finishedAt: 'Finished',
    row: 'Row',
    reason: 'Reason',
    unnamedFile: 'Unnamed file',
    rejectedRows: 'Rejected rows',
    noRejected: 'No row was rejected.',
  },
  de: {
    history: 'Importe',
    newImport: 'Neuer Import',
    fileName: 'Dateiname',
    campaign: 'Kampagne',
    noCampaign: 'Keine Kampagne',
    topics: 'Themen',
    rows: 'Zeilen',
    processed: 'Verarbeitet',
    created: 'Neu angelegt',
    merged: 'Zusammengeführt',
    skipped: 'Übersprungen',
    rejected: 'Abgelehnt',
    startedAt: 'Gestartet',
    finishedAt: 'Beendet',
    row: 'Zeile',
    reason: 'Grund',
    unnamedFile: 'Datei ohne Namen',
    rejectedRows: 'Abgelehnte Zeilen',
    noRejected: 'Keine Zeile wurde abgelehnt.',
  },
});
