import type { ReactNode } from 'react';
import type { Role } from '#shared/domain/user';
import { defineMessages, useT } from '../i18n/locale';
import { GATED_ROUTES } from './gated-routes';
import { type GatedRoute, useCan } from './permissions';
import './read-only.css';

const messages = defineMessages({
  en: {
    readOnly: 'You can read this. Changing it needs the role {roles}.',
    or: 'or',
    admin: 'admin',
    marketer: 'marketer',
    analyst: 'analyst',
    sales: 'sales',
  },
  de: {
    readOnly: 'Sie können dies lesen. Ändern darf es nur, wer die Rolle {roles} hat.',
    or: 'oder',
    admin: 'Admin',
    marketer: 'Marketing',
    analyst: 'Analyse',
    sales: 'Vertrieb',
  },
});

/**
 * A form's controls, disabled all at once (a fieldset's `disabled`) when `readOnly`: how a screen shows
 * what it edits to a role that may only read it. Buttons a screen wants gone rather than greyed out it
 * hides itself (or with `.read-only-group[disabled]` rules in its own CSS).
 */
export function ReadOnlyGroup({ readOnly, className, children }: { readOnly: boolean; className?: string; children: ReactNode }) {
  return (
    <fieldset className={className ? `read-only-group ${className}` : 'read-only-group'} disabled={readOnly}>
      {children}
    </fieldset>
  );
}

/** A note, for a user who may read a screen but not call `route`, saying which roles may change it; nothing for the others. */
export function ReadOnlyNotice({ route }: { route: GatedRoute }) {
  const t = useT(messages);
  const { ready, can } = useCan();
  if (!ready || can(route)) return null;
  const names = (GATED_ROUTES[route] as readonly Role[]).map((role) => t(role));
  const roles = names.length > 1 ? `${names.slice(0, -1).join(', ')} ${t('or')} ${names.at(-1)}` : (names[0] ?? '');
  return (
    <p className="notice read-only-notice" data-read-only-for={route}>
      {t('readOnly', { roles })}
    </p>
  );
}
