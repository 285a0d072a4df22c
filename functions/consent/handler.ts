import * as z from '#shared/zod';
import { newId, repositoriesFor, systemClock, tableRef, tokenSigner } from '#shared/container';
import { pickLocale } from '#shared/domain/confirmation-mail';
import { httpHandler, queryParams, requestEvidence } from '#shared/http/http-handler';
import type { RouteSpec } from '#shared/http/route-spec';
import { confirmedPage } from '#shared/http/pages';
import { html, redirect } from '#shared/http/responses';
import { count } from '#shared/metrics';
import { confirmConsent } from '#shared/use-cases/confirm-consent';

const { contacts, forms } = repositoriesFor(tableRef());
const ports = { contacts, signer: await tokenSigner(), clock: systemClock, newId };

const confirmQuery = z.object({ token: z.string({ error: 'is required' }).min(1, 'is required').max(4096) });

/** The routes this function serves (the manifest declares the same for API Gateway). */
export const routes = [{ method: 'GET', path: '/v1/consent/confirm', auth: 'public' }] as const satisfies readonly RouteSpec[];

export const handler = httpHandler(routes, {
  'GET /v1/consent/confirm': async (event) => {
    const { token } = queryParams(event, confirmQuery);
    const result = await confirmConsent(ports, { token, evidence: requestEvidence(event) });
    if (result.outcome === 'confirmed') count('consentsConfirmed');
    const form = result.formId ? await forms.get(result.formId) : undefined;
    if (form?.confirmationRedirectUrl) return redirect(form.confirmationRedirectUrl);
    return html(200, confirmedPage(pickLocale(result.locale, form?.locale, event.headers['accept-language']), result.outcome));
  },
});
