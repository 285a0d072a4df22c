import { planConfirmation } from '#shared/domain/confirm-plan';
import { InvalidTokenError } from '#shared/domain/errors';
import { ConcurrentWriteError } from './port-errors';
import type { CaptureEvidence } from './capture-lead';
import type { ConsentPorts } from './ports';

const MAX_ATTEMPTS = 5;

export interface ConfirmResult {
  outcome: 'confirmed' | 'already_confirmed';
  topics: string[];
  locale?: string;
  formId?: string;
}

/**
 * Follows a double opt-in link: verifies the signed token, grants the topics still pending under its
 * request and stores the proof (time, IP, user agent, form, text version). A second use reports
 * "already confirmed"; a forged, expired, withdrawn or superseded link throws.
 */
export async function confirmConsent(ports: ConsentPorts, request: { token: string; evidence: CaptureEvidence }): Promise<ConfirmResult> {
  const claims = ports.signer.verify(request.token, 'confirm', ports.clock.now());
  for (let attempt = 1; ; attempt += 1) {
    const contact = await ports.contacts.get(claims.contactId);
    if (!contact) throw new InvalidTokenError('The link is no longer valid');
    const plan = planConfirmation(contact, claims, request.evidence, ports.clock.now(), ports.newId);
    const formId = claims.topics.map((topic) => contact.consents[topic]?.formId).find((id) => id !== undefined);
    const context = { ...(contact.locale ? { locale: contact.locale } : {}), ...(formId ? { formId } : {}) };
    if (plan.kind === 'stale') throw new InvalidTokenError('The link is no longer valid');
    if (plan.kind === 'already_confirmed') return { outcome: 'already_confirmed', topics: plan.topics, ...context };
    try {
      await ports.contacts.update(plan.contact, { proofs: plan.proofs });
      return { outcome: 'confirmed', topics: plan.topics, ...context };
    } catch (error) {
      if (!(error instanceof ConcurrentWriteError) || attempt >= MAX_ATTEMPTS) throw error;
    }
  }
}
