import { defineMessages } from '../../i18n/locale';

export const companyMessages = defineMessages({
  en: {
    title: 'Companies',
    description: 'Companies come from what people type into forms and imports; “Weiß GmbH” and “weiss gmbh” are one company.',
    searchLabel: 'Search companies by name',
    all: 'All companies',
    results: 'Search results',
    name: 'Company',
    createdAt: 'Added',
    emptyTitle: 'No companies yet',
    emptyText: 'A company appears when a lead names it in a form or an import.',
    noResults: 'No company name starts with “{q}”.',
    people: 'People',
    peopleEmpty: 'Nobody of this company is stored.',
    gone: 'This company does not exist.',
  },
  de: {
    title: 'Firmen',
    description: 'Firmen entstehen aus dem, was Personen in Formulare und Importe eintragen; „Weiß GmbH“ und „weiss gmbh“ sind eine Firma.',
    searchLabel: 'Firmen nach Namen suchen',
    all: 'Alle Firmen',
    results: 'Suchergebnisse',
    name: 'Firma',
    createdAt: 'Angelegt',
    emptyTitle: 'Noch keine Firmen',
    emptyText: 'Eine Firma erscheint, sobald ein Lead sie in einem Formular oder Import nennt.',
    noResults: 'Kein Firmenname beginnt mit „{q}“.',
    people: 'Personen',
    peopleEmpty: 'Von dieser Firma ist niemand gespeichert.',
    gone: 'Diese Firma gibt es nicht.',
  },
});
