import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { api, mailsTo, type SentMail, until } from '#tests/helpers/api';

const suffix = randomUUID().slice(0, 8);
const topicId = `welcome-${suffix}`;
const from = 'Willkommen <news@leadflow.local>';
let templateId = '';
let formId = '';
let journeyId = '';

interface JourneyBody {
  id: string;
  status: string;
  version: number;
  publishedVersion?: number;
  draft: boolean;
  stats?: { entered: number; active: number; completed: number; steps: Record<string, Record<string, number>> };
}

interface Problem {
  errors?: Array<{ path: string; message: string }>;
}

const journey = (id: string) => api.adminJson<JourneyBody>(`/v1/journeys/${id}`);
const injectSesEvent = (body: Record<string, unknown>) => fetch(`${inject('eventsUrl')}/ses/events`, { method: 'POST', body: JSON.stringify(body) });

/** An instant welcome: consent granted → welcome mail → clicked within a day? tag them : end. */
const welcome = () => ({
  name: `Welcome ${suffix}`,
  trigger: { type: 'consent_granted', topic: topicId },
  steps: [
    { id: 'welcome', type: 'send_email', templateId, topic: topicId, from, next: 'clicked' },
    { id: 'clicked', type: 'branch', email: { stepId: 'welcome', event: 'clicked', withinHours: 24 }, yes: 'engaged', no: 'done' },
    { id: 'engaged', type: 'update_contact', addTags: [`engaged-${suffix}`] },
    { id: 'done', type: 'exit' },
  ],
});

beforeAll(async () => {
  await api.adminJson('/v1/topics', { id: topicId, name: 'Willkommen', consentText: 'Ja, begrüßt mich.' });
  templateId = (
    await api.adminJson<{ id: string }>('/v1/templates', {
      name: `Welcome ${suffix}`,
      subject: `Willkommen ${suffix}, {{firstName|du}}`,
      html: '<p>Hallo {{firstName}}!</p><p><a href="https://www.example.de/start">Los</a> <a href="{{unsubscribeUrl}}">Abmelden</a></p>',
    })
  ).id;
  formId = (
    await api.adminJson<{ id: string }>('/v1/forms', {
      name: `Welcome ${suffix}`,
      topics: [topicId],
      doubleOptIn: false,
      allowedOrigins: ['https://www.example.de'],
      fields: [{ name: 'firstName' }],
    })
  ).id;
});

describe('journeys over HTTP', () => {
  it('names the bad part of a definition and writes nothing', async () => {
    const bad = { ...welcome(), steps: [{ ...welcome().steps[0], next: 'nowhere' }] };
    const answer = await api.admin('/v1/journeys', { method: 'POST', body: JSON.stringify(bad) });
    expect(answer.status).toBe(400);
    expect(answer.headers.get('content-type')).toContain('application/problem+json');
    expect(((await answer.json()) as Problem).errors?.map((error) => error.path)).toContain('steps.0.next');

    const missing = await api.admin('/v1/journeys', {
      method: 'POST',
      body: JSON.stringify({ ...welcome(), steps: [{ ...welcome().steps[0], templateId: 'no-such-template', next: undefined }] }),
    });
    expect(missing.status).toBe(400);
    expect(((await missing.json()) as Problem).errors?.map((error) => error.path)).toEqual(['steps.0.templateId']);

    expect((await api.admin('/v1/journeys', { method: 'POST', body: '{"name":' })).status).toBe(400);
    expect((await api.admin('/v1/journeys/no-such-journey')).status).toBe(404);
    expect((await api.admin('/v1/journeys/no-such-journey/publish', { method: 'POST' })).status).toBe(404);
    const listed = await api.adminJson<{ items: Array<{ name: string }> }>('/v1/journeys?limit=100');
    expect(listed.items.map((item) => item.name)).not.toContain(`Welcome ${suffix}`);
  });

  it('mails a new subscriber once, and a click on that mail takes the yes side at once', async () => {
    const created = await api.adminJson<JourneyBody>('/v1/journeys', welcome());
    expect(created).toMatchObject({ status: 'draft', version: 1, draft: true });
    journeyId = created.id;
    const published = await api.adminJson<JourneyBody>(`/v1/journeys/${journeyId}/publish`, {});
    expect(published).toMatchObject({ status: 'published', publishedVersion: 1, draft: false });
    expect((await api.admin(`/v1/journeys/${journeyId}/publish`, { method: 'POST' })).status).toBe(409);
    // The bus consumer keeps the published journeys for up to 30 s in a warm container.
    await sleep(100);

    const address = `anna-${suffix}@example.de`;
    const submitted = await api.submit(formId, JSON.stringify({ email: address, firstName: 'Anna', consent: [topicId] }));
    expect(submitted.status).toBe(202);
    const { contactId } = (await submitted.json()) as { contactId: string };

    const mails = await until(
      'the welcome mail',
      () => mailsTo(address),
      (found) => found.some((mail) => mail.subject.startsWith(`Willkommen ${suffix}`)),
      60_000,
    );
    const mail = mails.find((found) => found.subject.startsWith(`Willkommen ${suffix}`)) as SentMail;
    expect(mail.subject).toBe(`Willkommen ${suffix}, Anna`);
    expect((mail.headers ?? []).some((header) => header.name === 'List-Unsubscribe')).toBe(true);
    const waiting = await until(
      'the participant to wait at the branch',
      () => api.adminJson<{ items: Array<{ stepId: string; waitingFor?: string; contact?: unknown }> }>(`/v1/journeys/${journeyId}/participants`),
      (page) => page.items[0]?.waitingFor === 'email',
    );
    expect(waiting.items).toHaveLength(1);
    expect(waiting.items[0]?.stepId).toBe('clicked');
    // The list names the person, not only their id.
    expect(waiting.items[0]).toMatchObject({ contactId, contact: { email: address, firstName: 'Anna' } });

    const click = { messageId: mail.messageId, eventType: 'Click', at: new Date().toISOString() };
    expect((await injectSesEvent(click)).status).toBe(200);
    expect((await injectSesEvent(click)).status).toBe(200);
    const done = await until(
      'the journey to complete',
      () => journey(journeyId),
      (body) => body.stats?.completed === 1,
    );
    expect(done.stats).toMatchObject({ entered: 1, active: 0, completed: 1 });
    expect(done.stats?.steps.welcome).toMatchObject({ reached: 1, sent: 1, clicked: 1 });
    expect(done.stats?.steps.clicked).toMatchObject({ yes: 1, no: 0 });

    const contact = await api.adminJson<{
      contact: { tags: string[] };
      journeys: Array<{ journeyId: string; stepId: string; status: string }>;
      timeline: Array<{ kind: string; journeyId?: string }>;
    }>(`/v1/contacts/${contactId}`);
    expect(contact.contact.tags).toContain(`engaged-${suffix}`);
    expect(contact.journeys).toEqual([expect.objectContaining({ journeyId, stepId: 'engaged', status: 'completed' })]);
    expect(contact.timeline.filter((entry) => entry.kind === 'email' && entry.journeyId === journeyId).length).toBeGreaterThanOrEqual(2);
    // Nothing twice: one welcome mail, however often the events came.
    await sleep(500);
    expect((await mailsTo(address)).filter((found) => found.subject.startsWith(`Willkommen ${suffix}`))).toHaveLength(1);
  }, 90_000);

  it('forecasts the journey over today’s contacts without sending or writing anything', async () => {
    const before = await journey(journeyId);
    const forecast = await api.adminJson<{
      entering: number;
      exact: boolean;
      steps: Record<string, { reached: number }>;
      mailsPerDay: Array<{ day: number; mails: number }>;
    }>(`/v1/journeys/${journeyId}/simulate`, { days: 7 });
    // The one person holding this journey's topic; an email branch is forecast as "no".
    expect(forecast).toMatchObject({
      entering: 1,
      exact: true,
      steps: { welcome: { reached: 1 }, clicked: { reached: 1 }, done: { reached: 1 }, engaged: { reached: 0 } },
    });
    expect(forecast.mailsPerDay).toHaveLength(7);
    expect(forecast.mailsPerDay[0]).toEqual({ day: 0, mails: 1 });
    expect((await journey(journeyId)).stats).toEqual(before.stats);
    const bad = await api.admin(`/v1/journeys/${journeyId}/simulate`, { method: 'POST', body: JSON.stringify({ days: 0 }) });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as Problem).errors?.map((error) => error.path)).toEqual(['days']);
    expect((await api.admin('/v1/journeys/no-such-journey/simulate', { method: 'POST', body: '{}' })).status).toBe(404);
  });

  it('turns an edit of the published journey into version 2 as a draft, and archives it', async () => {
    const edited = await api.adminJson<JourneyBody>(`/v1/journeys/${journeyId}`, { holdoutPercent: 10 }, 'PATCH');
    expect(edited).toMatchObject({ version: 2, publishedVersion: 1, draft: true, status: 'published' });
    const bad = await api.admin(`/v1/journeys/${journeyId}`, { method: 'PATCH', body: JSON.stringify({ holdoutPercent: 90 }) });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as Problem).errors?.map((error) => error.path)).toEqual(['holdoutPercent']);
    // The live journey still sends with its template: archiving the template is refused, naming the journey.
    const refused = await api.admin(`/v1/templates/${templateId}`, { method: 'DELETE' });
    expect(refused.status).toBe(409);
    expect(((await refused.json()) as { detail: string }).detail).toContain(`"Welcome ${suffix}" (${journeyId})`);
    expect((await api.adminJson<{ archivedAt?: string }>(`/v1/templates/${templateId}`)).archivedAt).toBeUndefined();

    const archived = await api.adminJson<JourneyBody>(`/v1/journeys/${journeyId}/archive`, {});
    expect(archived.status).toBe('archived');
    const archivedList = await api.adminJson<{ items: Array<{ id: string }> }>('/v1/journeys?archived=true&limit=100');
    expect(archivedList.items.map((item) => item.id)).toContain(journeyId);
    expect((await api.admin(`/v1/templates/${templateId}`, { method: 'DELETE' })).status).toBe(200);
  });

  it('refuses to archive the segment a paused journey is triggered by, until the journey is archived', async () => {
    const segment = await api.adminJson<{ id: string }>('/v1/segments', {
      name: `Einsteiger ${suffix}`,
      rule: { field: 'tags', op: 'contains', value: `new-${suffix}` },
    });
    const entered = await api.adminJson<JourneyBody>('/v1/journeys', {
      name: `Entered ${suffix}`,
      trigger: { type: 'segment_entered', segmentId: segment.id },
      steps: [{ id: 'tag', type: 'update_contact', addTags: [`entered-${suffix}`] }],
    });
    await api.adminJson(`/v1/journeys/${entered.id}/publish`, {});
    await api.adminJson(`/v1/journeys/${entered.id}/pause`, {});
    const refused = await api.admin(`/v1/segments/${segment.id}`, { method: 'DELETE' });
    expect(refused.status).toBe(409);
    expect(refused.headers.get('content-type')).toContain('application/problem+json');
    expect(((await refused.json()) as { detail: string }).detail).toContain(entered.id);
    await api.adminJson(`/v1/journeys/${entered.id}/archive`, {});
    expect((await api.admin(`/v1/segments/${segment.id}`, { method: 'DELETE' })).status).toBe(200);
  });
});

describe('an erasure inside a journey over HTTP', () => {
  it('counts the erased person exited by erasure, once, and no longer active', async () => {
    const waiting = await api.adminJson<JourneyBody>('/v1/journeys', {
      name: `Erased ${suffix}`,
      trigger: { type: 'consent_granted', topic: topicId },
      steps: [
        { id: 'pause', type: 'wait', duration: { days: 2 }, next: 'end' },
        { id: 'end', type: 'exit' },
      ],
    });
    await api.adminJson(`/v1/journeys/${waiting.id}/publish`, {});
    const address = `erased-${suffix}@example.de`;
    const submitted = await api.submit(formId, JSON.stringify({ email: address, firstName: 'Emil', consent: [topicId] }));
    const { contactId } = (await submitted.json()) as { contactId: string };
    await until(
      'the person to wait in the journey',
      () => journey(waiting.id),
      (body) => body.stats?.active === 1,
    );

    expect((await api.admin(`/v1/contacts/${contactId}`, { method: 'DELETE' })).status).toBe(204);
    expect((await api.admin(`/v1/contacts/${contactId}`, { method: 'DELETE' })).status).toBe(404);
    const after = (await journey(waiting.id)) as JourneyBody & { stats: { exitedBy: Record<string, number>; exited: number } };
    expect(after.stats).toMatchObject({ entered: 1, active: 0, exited: 1, exitedBy: { erased: 1 } });
    expect(after.stats.steps.pause).toMatchObject({ reached: 1, waiting: 0 });
    const participants = await api.adminJson<{ items: unknown[] }>(`/v1/journeys/${waiting.id}/participants?status=exited`);
    expect(participants.items).toEqual([]);

    // Both moves were announced through the outbox, once each, with ids only.
    const announced = await until(
      'journey.entered and journey.exited on the bus',
      async () =>
        (
          (await (await fetch(`${inject('eventsUrl')}/events`)).json()) as { events: Array<{ detailType: string; detail: Record<string, unknown> }> }
        ).events.filter((event) => event.detail.journeyId === waiting.id),
      (events) => events.some((event) => event.detailType === 'journey.exited'),
    );
    expect(announced.map((event) => event.detailType).sort()).toEqual(['journey.entered', 'journey.exited']);
    expect(announced.find((event) => event.detailType === 'journey.exited')?.detail).toMatchObject({ contactId, version: 1, reason: 'erased' });
    expect(announced.find((event) => event.detailType === 'journey.entered')?.detail).toMatchObject({ contactId, version: 1, entries: 1 });
    expect(JSON.stringify(announced)).not.toContain(address);
    await api.adminJson(`/v1/journeys/${waiting.id}/archive`, {});
  });
});

describe('settings over HTTP', () => {
  // The stack is shared by every e2e file: the cap set here is one no test reaches (100 mails a day).
  it('sets and clears the frequency cap, and names a bad one', async () => {
    const set = await api.adminJson<{ frequencyCap?: { mails: number; days: number } }>('/v1/settings', { frequencyCap: { mails: 100, days: 1 } }, 'PUT');
    expect(set.frequencyCap).toEqual({ mails: 100, days: 1 });
    expect((await api.adminJson<{ frequencyCap?: unknown }>('/v1/settings')).frequencyCap).toEqual({ mails: 100, days: 1 });
    const kept = await api.adminJson<{ frequencyCap?: unknown }>('/v1/settings', {}, 'PUT');
    expect(kept.frequencyCap).toEqual({ mails: 100, days: 1 });
    const bad = await api.admin('/v1/settings', { method: 'PUT', body: JSON.stringify({ frequencyCap: { mails: 0, days: 7 } }) });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as Problem).errors?.map((error) => error.path)).toEqual(['frequencyCap.mails']);
    const cleared = await api.adminJson<{ frequencyCap?: unknown }>('/v1/settings', { frequencyCap: null }, 'PUT');
    expect(cleared.frequencyCap).toBeUndefined();
    expect((await api.admin('/v1/settings', { method: 'PUT', body: JSON.stringify({ cap: 3 }) })).status).toBe(400);
  });
});
