import * as z from '#shared/zod';
import { mailLinks, newId, repositoriesFor, systemClock, tableRef, tokenSigner } from '#shared/container';
import { pickLocale } from '#shared/domain/confirmation-mail';
import { bodyBytes, readBody } from '#shared/http/body';
import { httpHandler, maxBodyBytes, queryParams, requestEvidence } from '#shared/http/http-handler';
import { SUBMISSION_MAX_BYTES, type RouteSpec } from '#shared/http/route-spec';
import { preferencesPage, unsubscribeConfirmPage, unsubscribedPage } from '#shared/http/recipient-pages';
import { html } from '#shared/http/responses';
import { parseWith } from '#shared/http/validate';
import { senderConfig } from '#shared/config';
import { describeUnsubscribe, unsubscribe, updatePreferences, viewPreferences } from '#shared/use-cases/recipient-consent';

const { contacts, topics, mailings } = repositoriesFor(tableRef());
const links = mailLinks();
const ports = {
  contacts,
  topics,
  mailings,
  signer: await tokenSigner(),
  clock: systemClock,
  newId,
  preferencesTokenTtlDays: senderConfig().UNSUBSCRIBE_TOKEN_TTL_DAYS,
};

/** @example { "topics": ["newsletter"] } — the topics to stay subscribed to; every other one is withdrawn. */
const preferencesJson = z.strictObject({ topics: z.array(z.string().min(1).max(64)).max(200) });
const tokenQuery = z.object({ token: z.string({ error: 'is required' }).min(1, 'is required').max(4096) });
const language = (event: { headers?: Record<string, string | undefined> }) => event.headers?.['accept-language'];
const names = (found: ReadonlyArray<{ name: string }>) => found.map((topic) => topic.name);
// Recipients' pages must not be cached by proxies or kept by the browser's history cache.
const noStore = { 'cache-control': 'no-store' };

/** The routes this function serves (the manifest declares the same for API Gateway). */
export const routes = [
  { method: 'GET', path: '/v1/unsubscribe', auth: 'public' },
  { method: 'POST', path: '/v1/unsubscribe', auth: 'public', maxBodyBytes: SUBMISSION_MAX_BYTES },
  { method: 'GET', path: '/v1/preferences', auth: 'public' },
  { method: 'POST', path: '/v1/preferences', auth: 'public', maxBodyBytes: SUBMISSION_MAX_BYTES },
] as const satisfies readonly RouteSpec[];

export const handler = httpHandler(routes, {
  'GET /v1/unsubscribe': async (event) => {
    const { token } = queryParams(event, tokenQuery);
    const about = await describeUnsubscribe(ports, token);
    const locale = pickLocale(about.locale, language(event));
    const preferencesUrl = about.preferencesToken ? links.preferencesUrl(about.preferencesToken) : undefined;
    return html(200, unsubscribeConfirmPage(locale, names(about.topics), links.unsubscribeUrl(token), preferencesUrl), noStore);
  },
  // RFC 8058: mail clients POST `List-Unsubscribe=One-Click` (urlencoded or multipart); the signed token
  // in the URL is what authorises, so the body is only size-checked, never required.
  'POST /v1/unsubscribe': async (event) => {
    const { token } = queryParams(event, tokenQuery);
    bodyBytes(event, maxBodyBytes(event));
    const result = await unsubscribe(ports, { token, evidence: requestEvidence(event) });
    const locale = pickLocale(result.locale, language(event));
    const preferencesUrl = result.preferencesToken ? links.preferencesUrl(result.preferencesToken) : undefined;
    return html(200, unsubscribedPage(locale, result.outcome, names(result.topics), preferencesUrl), noStore);
  },
  'GET /v1/preferences': async (event) => {
    const { token } = queryParams(event, tokenQuery);
    const view = await viewPreferences(ports, token);
    return html(200, preferencesPage(pickLocale(view.locale, language(event)), view.topics, links.preferencesUrl(token), false), noStore);
  },
  'POST /v1/preferences': async (event) => {
    const { token } = queryParams(event, tokenQuery);
    const body = event.body ? readBody(event, { maxBytes: maxBodyBytes(event), accept: ['form', 'json'] }) : undefined;
    // A browser form with nothing ticked posts an empty body: that means "no topics".
    const subscribed =
      body === undefined ? [] : body.kind === 'form' ? body.value.getAll('topic') : parseWith(preferencesJson, body.value, 'preferences').topics;
    const view = await updatePreferences(ports, { token, subscribed, evidence: requestEvidence(event) });
    return html(200, preferencesPage(pickLocale(view.locale, language(event)), view.topics, links.preferencesUrl(token), true), noStore);
  },
});
