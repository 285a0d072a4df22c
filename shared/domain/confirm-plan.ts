import type { ConsentProof, Contact } from './contact';
import type { TokenClaims } from './consent-token';

export type ConfirmPlan =
  | { kind: 'confirmed'; contact: Contact; proofs: ConsentProof[]; topics: string[] }
  | { kind: 'already_confirmed'; topics: string[] }
  | { kind: 'stale' };

/**
 * What following a confirmation link changes. Only topics still pending under the link's request are
 * granted, so a link works once: a second click finds them granted ("already confirmed"), and a link
 * whose request was withdrawn or superseded grants nothing ("stale").
 */
export function planConfirmation(
  contact: Contact,
  claims: Pick<TokenClaims, 'topics' | 'requestId'>,
  evidence: { ip?: string; userAgent?: string },
  now: Date,
  newId: () => string,
): ConfirmPlan {
  const at = now.toISOString();
  const pending = claims.topics.flatMap((topic) => {
    const state = contact.consents[topic];
    return state?.status === 'pending' && state.requestId === claims.requestId ? [{ topic, state }] : [];
  });
  if (pending.length === 0) {
    const confirmed = claims.topics.filter((topic) => {
      const state = contact.consents[topic];
      return state?.status === 'granted' && state.requestId === claims.requestId;
    });
    return confirmed.length > 0 ? { kind: 'already_confirmed', topics: confirmed } : { kind: 'stale' };
  }
  const consents = { ...contact.consents };
  const proofs: ConsentProof[] = pending.map(({ topic, state }) => {
    consents[topic] = { ...state, status: 'granted', at };
    return {
      id: newId(),
      contactId: contact.id,
      topic,
      status: 'granted',
      at,
      method: 'double_opt_in',
      source: state.formId ? `form:${state.formId}` : 'confirmation-link',
      ...(state.formId ? { formId: state.formId } : {}),
      ...(evidence.ip ? { ip: evidence.ip } : {}),
      ...(evidence.userAgent ? { userAgent: evidence.userAgent } : {}),
      ...(state.textVersion ? { textVersion: state.textVersion } : {}),
      ...(claims.requestId ? { requestId: claims.requestId } : {}),
    };
  });
  return { kind: 'confirmed', contact: { ...contact, consents, updatedAt: at }, proofs, topics: pending.map(({ topic }) => topic) };
}
