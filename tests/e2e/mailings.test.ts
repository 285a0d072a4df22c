import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { api, mailsTo, type SentMail, until } from '#tests/helpers/api';

const suffix = randomUUID().slice(0, 8);
const company = `Mailfabrik ${suffix} AG`;
const topicId = `letter-${suffix}`;

interface MailingBody {
  id: string;
  status: string;
  counts: Record<string, number>;
  scheduledAt?: string;
}

const people = { granted: '', pending: '', neverAsked: '', suppressed: '' };
const email = (key: keyof typeof people) => `${key}-${suffix}@example.de`;
let segmentId = '';
let templateId = '';
let campaignId = '';

const mailing = (id: string) => api.adminJson<MailingBody>(`/v1/mailings/${id}`);
const subjectOf = (mailingName: string) => `${mailingName} für Sie`;
async function mailsOf(key: keyof typeof people, mailingName: string): Promise<SentMail[]> {
  return (await mailsTo(email(key))).filter((mail) => mail.subject.startsWith(subjectOf(mailingName)));
}

async function sendMailing(name: string): Promise<MailingBody> {
  const created = await api.adminJson<MailingBody>('/v1/mailings', {
    name,
    campaignId,
    segmentId,
    topic: topicId,
    templateId,
    from: 'Mailfabrik <news@leadflow.local>',
  });
  expect(created.status).toBe('draft');
  const started = await api.admin(`/v1/mailings/${created.id}/send`, { method: 'POST' });
  expect(started.status).toBe(202);
  return until(
    `mailing ${name} to finish`,
    () => mailing(created.id),
    (body) => body.status === 'sent',
  );
}

async function injectSesEvent(body: Record<string, unknown>): Promise<Response> {
  return fetch(`${inject('eventsUrl')}/ses/events`, { method: 'POST', body: JSON.stringify(body) });
}

beforeAll(async () => {
  await api.adminJson('/v1/topics', { id: topicId, name: 'Kundenbrief', consentText: 'Ja, schickt mir den Kundenbrief.' });
  const campaign = await api.adminJson<{ id: string }>('/v1/campaigns', { name: `Kundenbrief ${suffix}`, channel: 'email' });
  campaignId = campaign.id;
  const form = (doubleOptIn: boolean) =>
    api.adminJson<{ id: string }>('/v1/forms', {
      name: `Brief ${suffix} ${doubleOptIn}`,
      topics: [topicId],
      doubleOptIn,
      allowedOrigins: ['https://www.example.de'],
      fields: [{ name: 'company' }, { name: 'firstName' }],
    });
  const single = await form(false);
  const double = await form(true);
  const submit = async (formId: string, key: keyof typeof people, consent: string[]) => {
    const response = await api.submit(formId, JSON.stringify({ email: email(key), company, firstName: `Ö${key}`, locale: 'de', consent }));
    expect(response.status).toBe(202);
    people[key] = ((await response.json()) as { contactId: string }).contactId;
  };
  await submit(single.id, 'granted', [topicId]);
  await submit(double.id, 'pending', [topicId]);
  await submit(single.id, 'neverAsked', []);
  await submit(single.id, 'suppressed', [topicId]);
  expect((await api.admin('/v1/suppressions', { method: 'POST', body: JSON.stringify({ email: email('suppressed'), reason: 'manual' }) })).status).toBe(201);

  const segment = await api.adminJson<{ id: string }>('/v1/segments', { name: `Mailfabrik ${suffix}`, rule: { field: 'company', op: 'eq', value: company } });
  segmentId = segment.id;
  await api.adminJson(`/v1/segments/${segmentId}/evaluate`, {});
  await until(
    'the segment to hold all four',
    () => api.adminJson<{ memberCount: number; evaluatedAt?: string }>(`/v1/segments/${segmentId}`),
    (body) => body.memberCount === 4 && body.evaluatedAt !== undefined,
  );
});

describe('a mailing to a segment', () => {
  let first: MailingBody;
  let mail: SentMail;

  it('mails only the person with granted consent, once, with one-click unsubscribe headers, and counts each recipient', async () => {
    // Each mailing gets a template whose subject starts with the mailing's name, to find its mails.
    const name = `Brief-A-${suffix}`;
    const template = await api.adminJson<{ id: string }>('/v1/templates', {
      name,
      subject: `${subjectOf(name)}, {{firstName|Kundin}}`,
      html: '<p>Hallo {{firstName|zusammen}}, <b>Neues</b>.</p><p><a href="{{unsubscribeUrl}}">Abmelden</a></p>',
    });
    templateId = template.id;

    first = await sendMailing(name);

    expect(first.counts).toMatchObject({ recipients: 4, sent: 1, skippedNoConsent: 2, suppressed: 1, failed: 0 });
    expect(await mailsOf('granted', name)).toHaveLength(1);
    for (const key of ['pending', 'neverAsked', 'suppressed'] as const) expect(await mailsOf(key, name)).toHaveLength(0);
    mail = (await mailsOf('granted', name))[0]!;
    expect(mail.subject).toBe(`${subjectOf(name)}, Ögranted`);
    const headers = Object.fromEntries((mail.headers ?? []).map((header) => [header.name.toLowerCase(), header.value]));
    expect(headers['list-unsubscribe']).toMatch(
      /^<http:\/\/127\.0\.0\.1:\d+\/v1\/unsubscribe\?token=[\w.%-]+>, <mailto:unsubscribe@leadflow\.local\?subject=unsubscribe%20[\w.%-]+>$/,
    );
    expect(headers['list-unsubscribe-post']).toBe('List-Unsubscribe=One-Click');
    expect(mail.body.text).toContain('Hallo Ögranted');
  });

  it('sends nothing when the same mailing is sent again', async () => {
    const again = await api.admin(`/v1/mailings/${first.id}/send`, { method: 'POST' });
    expect(again.status).toBe(409);
    await sleep(500);
    expect((await mailing(first.id)).counts.sent).toBe(1);
    expect((await mailsTo(email('granted'))).filter((sent) => sent.messageId === mail.messageId)).toHaveLength(1);
    expect(await mailsOf('granted', `Brief-A-${suffix}`)).toHaveLength(1);
  });

  it('counts an open that EventBridge delivers twice once', async () => {
    const open = { messageId: mail.messageId, eventType: 'Open', at: new Date().toISOString() };
    expect((await injectSesEvent(open)).status).toBe(200);
    expect((await injectSesEvent(open)).status).toBe(200);
    const counted = await until(
      'the open to be counted',
      () => mailing(first.id),
      (body) => (body.counts.opened ?? 0) >= 1,
    );
    await sleep(300);
    expect((await mailing(first.id)).counts.opened).toBe(1);
    expect(counted.counts.opened).toBe(1);
    // The campaign's e-mail funnel in analytics: the one mail sent, its one open.
    const analytics = await api.adminJson<{ email: Record<string, number> }>(`/v1/analytics/campaigns/${campaignId}`);
    expect(analytics.email).toMatchObject({ sent: 1, opened: 1, bounced: 0 });
  });

  it('unsubscribes with one click, with proof, and the next mailing skips that person', async () => {
    const link = /<(http[^>]+)>/.exec((mail.headers ?? []).find((header) => header.name === 'List-Unsubscribe')!.value)![1]!;
    const page = await fetch(link);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('lang="de"');
    expect(html).toContain('<form method="post"');

    const oneClick = await fetch(link, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'List-Unsubscribe=One-Click',
    });
    expect(oneClick.status).toBe(200);
    expect(await oneClick.text()).toContain('Abgemeldet');
    const repeat = await fetch(link, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'List-Unsubscribe=One-Click' });
    expect(await repeat.text()).toContain('Bereits abgemeldet');

    const contact = await api.adminJson<{
      consentsByTopic: Record<string, { status: string; proofs: Array<{ method: string; source: string; status: string }> }>;
    }>(`/v1/contacts/${people.granted}`);
    expect(contact.consentsByTopic[topicId]?.status).toBe('withdrawn');
    expect(contact.consentsByTopic[topicId]?.proofs[0]).toMatchObject({ status: 'withdrawn', method: 'unsubscribe', source: `email:${first.id}` });
    expect((await mailing(first.id)).counts.unsubscribed).toBe(1);

    const name = `Brief-B-${suffix}`;
    const template = await api.adminJson<{ id: string }>('/v1/templates', {
      name,
      subject: `${subjectOf(name)}`,
      html: '<p>Zweiter Brief</p><a href="{{unsubscribeUrl}}">Abmelden</a>',
    });
    templateId = template.id;
    const second = await sendMailing(name);
    expect(second.counts).toMatchObject({ recipients: 4, sent: 0, skippedNoConsent: 3, suppressed: 1 });
    expect(await mailsOf('granted', name)).toHaveLength(0);
  });

  it('suppresses the address at once when SES reports a hard bounce', async () => {
    const response = await injectSesEvent({ messageId: mail.messageId, eventType: 'Bounce', bounceType: 'Permanent' });
    expect(response.status).toBe(200);
    const list = await until(
      'the bounced address on the suppression list',
      () => api.adminJson<{ items: Array<{ email: string; reason: string; source: string }> }>('/v1/suppressions?limit=500'),
      (body) => body.items.some((item) => item.email === email('granted')),
    );
    expect(list.items.find((item) => item.email === email('granted'))).toMatchObject({ reason: 'bounce', source: `ses:${mail.messageId}` });
    await until(
      'the bounce to be counted',
      () => mailing(first.id),
      (body) => body.counts.bounced === 1,
    );
    const bounced = await until(
      'email.bounced on the bus',
      async () =>
        ((await (await fetch(`${inject('eventsUrl')}/events`)).json()) as { events: Array<{ detailType: string; detail: { contactId?: string } }> }).events,
      (events) => events.some((event) => event.detailType === 'email.bounced'),
    );
    expect(bounced.filter((event) => event.detailType === 'email.bounced' && event.detail.contactId === people.granted)).toHaveLength(1);
    const contact = await api.adminJson<{ timeline: Array<{ kind: string; mailKind?: string }> }>(`/v1/contacts/${people.granted}`);
    expect(
      contact.timeline
        .filter((entry) => entry.kind === 'email')
        .map((entry) => entry.mailKind)
        .sort(),
    ).toEqual(['bounced', 'opened', 'sent', 'unsubscribed']);
  });

  it('lets the person choose topics again on the preference page', async () => {
    const page = await (await fetch(/<(http[^>]+)>/.exec((mail.headers ?? []).find((header) => header.name === 'List-Unsubscribe')!.value)![1]!)).text();
    const preferences = /href="([^"]+\/v1\/preferences\?token=[^"]+)"/.exec(page)?.[1]?.replaceAll('&amp;', '&');
    expect(preferences).toBeDefined();
    const view = await fetch(preferences!);
    expect(view.status).toBe(200);
    expect(await view.text()).toContain(`value="${topicId}"`);
    const saved = await fetch(preferences!, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: `topic=${topicId}` });
    expect(saved.status).toBe(200);
    expect(await saved.text()).toContain('gespeichert');
    const contact = await api.adminJson<{ consentsByTopic: Record<string, { status: string; proofs: Array<{ method: string }> }> }>(
      `/v1/contacts/${people.granted}`,
    );
    expect(contact.consentsByTopic[topicId]?.status).toBe('granted');
    expect(contact.consentsByTopic[topicId]?.proofs[0]?.method).toBe('preferences');
  });
});

describe('templates', () => {
  it('previews a template for a contact with values escaped, a fallback and a derived text part', async () => {
    const template = await api.adminJson<{ id: string }>('/v1/templates', {
      name: 'Preview',
      subject: 'Für {{firstName|Sie}} ({{company}})',
      html: '<p>Hallo {{firstName}} von <b>{{company}}</b></p><a href="{{unsubscribeUrl}}">Abmelden</a>',
    });
    const forContact = await api.adminJson<{ subject: string; html: string; text: string }>(`/v1/templates/${template.id}/preview`, {
      contactId: people.neverAsked,
    });
    expect(forContact.subject).toBe(`Für ÖneverAsked (${company})`);
    expect(forContact.html).toContain(`Hallo ÖneverAsked von <b>${company}</b>`);
    expect(forContact.html).toContain('/v1/unsubscribe?token=preview');
    expect(forContact.text).toContain('Hallo ÖneverAsked');
    const sample = await api.adminJson<{ subject: string }>(`/v1/templates/${template.id}/preview`, {});
    expect(sample.subject).toBe('Für Erika (Beispiel GmbH)');
    expect((await api.admin(`/v1/templates/${template.id}/preview`, { method: 'POST', body: JSON.stringify({ contactId: 'nobody' }) })).status).toBe(404);
  });
});

describe('mailing faults and bad input', () => {
  it('parks a poison message in the dead-letter list after five receives and keeps serving the queue', async () => {
    const { SQSClient, SendMessageCommand } = await import('@aws-sdk/client-sqs');
    const sqs = new SQSClient({ endpoint: inject('eventsUrl'), region: 'eu-central-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
    const queueUrl = `${inject('eventsUrl')}/000000000000/mail`;
    const marker = `poison-${suffix}`;
    await sqs.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: `{"mailingId":"${marker}","batchId":` }));
    await sqs.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: JSON.stringify({ mailingId: marker, batchId: 'b-1', contactIds: ['nobody'] }) }));
    sqs.destroy();

    const parked = await until(
      'both poison messages in the dead-letter list',
      async () =>
        (
          (await (await fetch(`${inject('eventsUrl')}/dead-letters`)).json()) as {
            deadLetters: Array<{ functionName: string; queueMessage?: { body: string; receiveCount: number } }>;
          }
        ).deadLetters.filter((letter) => letter.queueMessage?.body.includes(marker)),
      (letters) => letters.length === 2,
      40_000,
    );
    expect(parked.every((letter) => letter.functionName === 'mail-sender' && letter.queueMessage?.receiveCount === 5)).toBe(true);
  }, 60_000);

  it('starts a scheduled mailing when the scheduler finds it due, and a cancelled one never', async () => {
    const name = `Brief-S-${suffix}`;
    const template = await api.adminJson<{ id: string }>('/v1/templates', {
      name,
      subject: subjectOf(name),
      html: '<a href="{{unsubscribeUrl}}">Abmelden</a>',
    });
    const create = (scheduledAt: string) =>
      api.adminJson<MailingBody>('/v1/mailings', {
        name,
        campaignId,
        segmentId,
        topic: topicId,
        templateId: template.id,
        from: 'news@leadflow.local',
        scheduledAt,
      });
    // Far enough ahead that both are still scheduled when a loaded machine gets to send them.
    const soon = await create(new Date(Date.now() + 5000).toISOString());
    const cancelled = await create(new Date(Date.now() + 5000).toISOString());
    expect((await api.adminJson<MailingBody>(`/v1/mailings/${soon.id}/send`, {})).status).toBe('scheduled');
    expect((await api.adminJson<MailingBody>(`/v1/mailings/${cancelled.id}/send`, {})).status).toBe('scheduled');
    expect((await api.adminJson<MailingBody>(`/v1/mailings/${cancelled.id}/cancel`, {})).status).toBe('cancelled');
    await sleep(Math.max(0, Date.parse(soon.scheduledAt ?? '') - Date.now()) + 100);

    await fetch(`${inject('eventsUrl')}/schedules/mailings-prepare/fire`, { method: 'POST' });

    const done = await until(
      'the scheduled mailing to be sent',
      () => mailing(soon.id),
      (body) => body.status === 'sent',
    );
    expect(done.counts.recipients).toBe(4);
    expect((await mailing(cancelled.id)).status).toBe('cancelled');
    expect((await api.admin(`/v1/mailings/${cancelled.id}/send`, { method: 'POST' })).status).toBe(409);
  });

  it('names every bad field of a mailing and refers only to what exists', async () => {
    const response = await api.admin('/v1/mailings', {
      method: 'POST',
      body: JSON.stringify({ name: 'X', campaignId: 'nope', segmentId, topic: topicId, templateId: 'nope', from: 'news@elsewhere.example' }),
    });
    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toContain('application/problem+json');
    const problem = (await response.json()) as { errors: Array<{ path: string }> };
    expect(problem.errors.map((error) => error.path).sort()).toEqual(['campaignId', 'from', 'templateId']);

    const injected = await api.admin('/v1/mailings', {
      method: 'POST',
      body: JSON.stringify({ name: 'X', campaignId, segmentId, topic: topicId, templateId: 'x', from: 'news@leadflow.local\r\nBcc: all@example.com' }),
    });
    expect(injected.status).toBe(400);
    expect(((await injected.json()) as { errors: Array<{ path: string }> }).errors.map((error) => error.path)).toContain('from');
  });

  it('refuses a template without an unsubscribe link and one too large, naming the part', async () => {
    const missing = await api.admin('/v1/templates', { method: 'POST', body: JSON.stringify({ name: 'X', subject: 'S', html: '<p>{{firstName}}</p>' }) });
    expect(missing.status).toBe(400);
    expect(((await missing.json()) as { errors: Array<{ path: string; message: string }> }).errors).toEqual([
      { path: 'html', message: 'must contain {{unsubscribeUrl}}' },
    ]);
    const huge = await api.admin('/v1/templates', {
      method: 'POST',
      body: JSON.stringify({ name: 'X', subject: 'S', html: `${'x'.repeat(1300 * 1024)}{{unsubscribeUrl}}` }),
    });
    expect(huge.status).toBe(413);
  });

  it('answers a forged, malformed or wrong-purpose link with a 400 page, never a 500', async () => {
    const forged = await fetch(api.url('/v1/unsubscribe?token=eyJ2IjoxfQ.AAAA'), { method: 'POST', headers: { accept: 'text/html' } });
    expect(forged.status).toBe(400);
    expect(forged.headers.get('content-type')).toContain('text/html');
    expect((await fetch(api.url('/v1/unsubscribe'))).status).toBe(400);
    expect((await fetch(api.url(`/v1/preferences?token=${'%FF'.repeat(10)}`))).status).toBe(400);
    // An unsubscribe token cannot open the preference page (nor the other way round).
    const link = /<(http[^>]+)>/.exec(
      (await mailsOf('granted', `Brief-A-${suffix}`))[0]!.headers!.find((header) => header.name === 'List-Unsubscribe')!.value,
    )![1]!;
    const token = new URL(link).searchParams.get('token')!;
    expect((await fetch(api.url(`/v1/preferences?token=${encodeURIComponent(token)}`))).status).toBe(400);
  });

  it('keeps the suppression list: a bad address is named, an unknown one is 404, a removed one can be mailed again', async () => {
    const bad = await api.admin('/v1/suppressions', { method: 'POST', body: JSON.stringify({ email: 'not-an-address' }) });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { errors: Array<{ path: string }> }).errors[0]?.path).toBe('email');
    expect((await api.admin(`/v1/suppressions/${encodeURIComponent(`nobody-${suffix}@example.de`)}`, { method: 'DELETE' })).status).toBe(404);
    const address = `Temp-${suffix}@Example.de`;
    expect((await api.admin('/v1/suppressions', { method: 'POST', body: JSON.stringify({ email: address }) })).status).toBe(201);
    expect((await api.admin('/v1/suppressions', { method: 'POST', body: JSON.stringify({ email: address }) })).status).toBe(200);
    expect((await api.admin(`/v1/suppressions/${encodeURIComponent(address.toLowerCase())}`, { method: 'DELETE' })).status).toBe(204);
  });
});
