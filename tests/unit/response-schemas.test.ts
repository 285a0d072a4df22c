import { describe, expect, expectTypeOf, it } from 'vitest';
import { allRoutes, routeKey } from '#infra/functions';
import { NON_JSON_ROUTES, type ResponseOf, responseSchemas } from '#shared/http/response-schemas';
import type * as z from '#shared/zod';
import { aContact, aForm, aTopic, NOW } from '#tests/helpers/factories';

const at = NOW.toISOString();
const counts = {
  recipients: 2,
  sent: 1,
  skippedNoConsent: 1,
  suppressed: 0,
  failed: 0,
  delivered: 1,
  opened: 0,
  clicked: 0,
  bounced: 0,
  complained: 0,
  unsubscribed: 0,
};
const funnel = { sent: 1, delivered: 1, opened: 0, clicked: 0, bounced: 0, complained: 0, unsubscribed: 0 };
const outcomes = { leads: 3, newContacts: 2, confirmed: 1, customers: 1, revenueMinor: 129900 };
const {
  version: _version,
  searchKeys: _searchKeys,
  emailNormalised: _emailNormalised,
  ...contact
} = aContact({ id: 'c-1', firstName: 'Anna', lastName: 'Weiß' });
const touchpoint = { id: 'tp-1', contactId: 'c-1', at, kind: 'form_submission', channel: 'web', source: 'direct' };
const proof = { id: 'p-1', contactId: 'c-1', topic: 'newsletter', status: 'granted', at, method: 'double_opt_in', source: 'form:f-1' };
const activity = { id: 'a-1', contactId: 'c-1', type: 'call', at, summary: 'Asked for a quote', createdAt: at };
const channelProof = { id: 'cp-1', subjectId: 'c-1', subject: 'contact', channel: 'post', status: 'blocked', at, method: 'admin', source: 'api' };
const address = { street: 'Hauptstraße 5', postalCode: '30159', city: 'Hannover', country: 'DE' };
const contactData = {
  channelProofs: [channelProof],
  effectiveChannels: {
    email: { status: 'allowed', reason: 'default' },
    post: { status: 'blocked', reason: 'contact' },
    phone: { status: 'allowed', reason: 'default' },
  },
  channelHistory: { post: [channelProof] },
  postalAddress: { address, from: 'contact' },
};
const order = { orderId: 'SO-1', contactId: 'c-1', amountMinor: 129900, currency: 'EUR', orderedAt: at, receivedAt: at };
const campaign = { id: 'k-1', name: 'Messe', code: 'messe', channel: 'fair', createdAt: at, updatedAt: at };
const segment = {
  id: 's-1',
  name: 'Customers',
  rule: { field: 'orders.count', op: 'gt', value: 0 },
  schedule: 'daily',
  memberCount: 1,
  createdAt: at,
  updatedAt: at,
};
const template = { id: 't-1', name: 'November', subject: 'Hallo', html: '<p>{{unsubscribeUrl}}</p>', createdAt: at, updatedAt: at };
const mailing = {
  id: 'm-1',
  name: 'November',
  campaignId: 'k-1',
  segmentId: 's-1',
  topic: 'newsletter',
  templateId: 't-1',
  from: 'news@leadflow.local',
  status: 'sending',
  counts,
  createdAt: at,
  updatedAt: at,
};
const journey = {
  id: 'j-1',
  name: 'Welcome series',
  status: 'published',
  version: 1,
  publishedVersion: 1,
  draft: false,
  trigger: { type: 'consent_granted', topic: 'newsletter' },
  holdoutPercent: 0,
  steps: [{ id: 'welcome', type: 'send_email', templateId: 't-1', topic: 'newsletter', from: 'news@leadflow.local' }],
  createdAt: at,
  updatedAt: at,
  publishedAt: at,
};
const journeyStats = {
  entered: 10,
  active: 4,
  completed: 5,
  exited: 1,
  exitedBy: { goal: 1, unsubscribed: 0, archived: 0, erased: 0 },
  converted: 1,
  conversionRate: 0.1,
  holdout: { entered: 0, converted: 0, conversionRate: 0 },
  steps: { welcome: { reached: 10, waiting: 0, sent: 9, skipped: 1, failed: 0, capped: 0, opened: 4, clicked: 2 } },
};
const participant = {
  journeyId: 'j-1',
  contactId: 'c-1',
  version: 1,
  status: 'active',
  stepId: 'welcome',
  dueAt: at,
  enteredAt: at,
  stepAt: at,
  entries: 1,
  holdout: false,
};
const importRecord = {
  importId: 'i-1',
  campaignId: null,
  topics: [],
  status: 'done',
  rows: 2,
  processed: 2,
  created: 1,
  merged: 0,
  skipped: 0,
  rejectedCount: 1,
  startedAt: at,
  finishedAt: at,
};
const importReport = {
  importId: 'i-1',
  dryRun: false,
  complete: true,
  encoding: 'utf-8',
  rows: 2,
  created: 1,
  merged: 0,
  skipped: 0,
  rejectedCount: 1,
  rejected: [{ row: 3, reason: 'email: must be an email address' }],
  ignoredColumns: [],
  detected: { encoding: 'utf-8-bom', delimiter: ';', headers: ['E-Mail'], mapping: { 'E-Mail': 'email' }, ignoredColumns: [] },
  preview: [{ row: 2, values: { email: 'anna@example.de' } }],
};
const summary = {
  campaignId: 'k-1',
  name: 'Messe',
  code: 'messe',
  channel: 'fair',
  from: '2026-03-01',
  to: '2026-03-10',
  attribution: 'first_touch',
  ...outcomes,
  currency: 'EUR',
  otherRevenue: [],
  costMinor: null,
  costPerLead: null,
  conversionRate: 0.3333,
  email: funnel,
};

/** One answer each schema accepts, and one it refuses (a broken required field), per route and status. */
const examples: Record<string, { accepted: unknown; rejected: unknown }> = {
  'GET /v1/topics 200': { accepted: { items: [aTopic()], nextCursor: 'abc' }, rejected: { items: [{ ...aTopic(), textVersion: undefined }] } },
  'POST /v1/topics 201': { accepted: aTopic(), rejected: { ...aTopic(), createdAt: 'yesterday' } },
  'GET /v1/topics/{id} 200': { accepted: aTopic(), rejected: { ...aTopic(), name: 7 } },
  'PATCH /v1/topics/{id} 200': { accepted: { ...aTopic(), updatedAt: at }, rejected: { ...aTopic(), consentText: null } },
  'DELETE /v1/topics/{id} 200': { accepted: { ...aTopic(), archivedAt: at }, rejected: { ...aTopic(), archivedAt: 'soon' } },
  'GET /v1/campaigns 200': { accepted: { items: [campaign] }, rejected: { items: campaign } },
  'POST /v1/campaigns 201': { accepted: campaign, rejected: { ...campaign, channel: 'radio' } },
  'GET /v1/campaigns/{id} 200': { accepted: { ...campaign, costMinor: 1250000, currency: 'EUR' }, rejected: { ...campaign, costMinor: 12.5 } },
  'PATCH /v1/campaigns/{id} 200': { accepted: campaign, rejected: { ...campaign, code: undefined } },
  'GET /v1/forms 200': { accepted: { items: [aForm()] }, rejected: { items: [{ ...aForm(), locale: 'fr' }] } },
  'POST /v1/forms 201': { accepted: { ...aForm(), embedHtml: '<form>', submissionUrl: 'http://x' }, rejected: aForm() },
  'GET /v1/forms/{id} 200': {
    accepted: { ...aForm(), embedHtml: '<form>', submissionUrl: 'http://x' },
    rejected: { ...aForm(), embedHtml: 1, submissionUrl: 'http://x' },
  },
  'PATCH /v1/forms/{id} 200': {
    accepted: { ...aForm(), embedHtml: '', submissionUrl: '' },
    rejected: { ...aForm(), fields: [{ name: 'shoeSize' }], embedHtml: '', submissionUrl: '' },
  },
  'DELETE /v1/forms/{id} 200': {
    accepted: { ...aForm(), archivedAt: at, embedHtml: '', submissionUrl: '' },
    rejected: { ...aForm(), topics: 'newsletter', embedHtml: '', submissionUrl: '' },
  },
  'POST /v1/forms/{formId}/submissions 202': {
    accepted: { contactId: 'c-1', status: 'captured', ignoredFields: ['phone'] },
    rejected: { contactId: 'c-1', status: 'maybe', ignoredFields: [] },
  },
  'GET /v1/contacts 200': { accepted: { items: [contact] }, rejected: { items: [{ ...contact, email: undefined }] } },
  'GET /v1/contacts/{id} 200': {
    accepted: {
      contact,
      company: { id: 'co-1', name: 'Weiß GmbH', createdAt: at },
      touchpoints: [touchpoint],
      consentProofs: [proof],
      activities: [activity],
      orders: [order],
      mails: [{ id: 'ml-1', at, kind: 'delivered', mailingId: 'm-1' }],
      consentsByTopic: { newsletter: { status: 'granted', at, proofs: [proof] } },
      timeline: [
        { ...touchpoint, kind: 'touchpoint', touchpointKind: 'form_submission' },
        { ...proof, kind: 'consent' },
        { ...activity, kind: 'activity' },
        { ...order, kind: 'order', at },
        { id: 'ml-1', at, kind: 'email', mailKind: 'delivered', mailingId: 'm-1' },
      ],
      segments: [{ id: 's-1', name: 'Customers', enteredAt: at }],
      journeys: [{ journeyId: 'j-1', version: 1, stepId: 'welcome', status: 'active', enteredAt: at }],
      scoreLedger: [{ at, event: 'email_clicked', ruleId: 'clicks', label: 'Sommer-Newsletter', points: 5, decayedTo: 3 }],
      ...contactData,
    },
    rejected: {
      contact,
      company: null,
      touchpoints: [],
      consentProofs: [],
      activities: [],
      orders: [],
      mails: [],
      consentsByTopic: {},
      timeline: [{ kind: 'rumour', at }],
      segments: [],
      journeys: [],
      scoreLedger: [{ at, event: 'email_clicked', ruleId: 'clicks', label: 'Sommer-Newsletter', points: 5, decayedTo: 3 }],
      ...contactData,
    },
  },
  'PATCH /v1/contacts/{id} 200': { accepted: contact, rejected: { ...contact, tags: 'vip' } },
  'POST /v1/contacts/{id}/activities 201': { accepted: activity, rejected: { ...activity, type: 'lunch' } },
  'GET /v1/contacts/duplicates 200': {
    accepted: {
      items: [{ a: contact, b: { ...contact, id: 'c-2', mergedIds: ['c-9'] }, reasons: ['same_mailbox', 'same_phone'] }],
      truncated: false,
      checked: 2,
    },
    rejected: { items: [{ a: contact, b: contact, reasons: ['same_hat'] }], truncated: false, checked: 2 },
  },
  'GET /v1/contacts/{id}/export 200': {
    accepted: {
      exportedAt: at,
      format: 'leadflow-contact-export/1',
      profile: contact,
      company: null,
      consents: {},
      consentProofs: [proof],
      channelProofs: [channelProof],
      touchpoints: [touchpoint],
      activities: [],
      orders: [],
      tasks: [],
      scoreLedger: [{ eventId: 'e-1', kind: 'email_clicked', at, ref: 'm-1', label: 'Sommer-Newsletter' }],
    },
    rejected: {
      exportedAt: at,
      format: 'something-else',
      profile: contact,
      company: null,
      consents: {},
      consentProofs: [],
      channelProofs: [],
      touchpoints: [],
      activities: [],
      orders: [],
    },
  },
  'GET /v1/fields 200': {
    accepted: {
      items: [
        {
          key: 'branche',
          label: { de: 'Branche', en: 'Industry' },
          type: 'select',
          options: [{ value: 'it', label: { de: 'IT', en: 'IT' } }],
          appliesTo: 'contact',
          createdAt: at,
        },
      ],
    },
    rejected: { items: [{ key: 'branche', label: { de: 'Branche' }, type: 'select', appliesTo: 'contact', createdAt: at }] },
  },
  'POST /v1/fields 201': {
    accepted: { key: 'mitarbeiter', label: { de: 'Mitarbeiter', en: 'Employees' }, type: 'number', appliesTo: 'company', createdAt: at },
    rejected: { key: 'mitarbeiter', label: { de: 'Mitarbeiter', en: 'Employees' }, type: 'integer', appliesTo: 'company', createdAt: at },
  },
  'GET /v1/companies 200': { accepted: { items: [{ id: 'co-1', name: 'Weiß GmbH', createdAt: at }] }, rejected: { items: [{ id: 'co-1', createdAt: at }] } },
  'GET /v1/companies/{id} 200': {
    accepted: { id: 'co-1', name: 'Weiß GmbH', createdAt: at, people: [contact], channelProofs: [{ ...channelProof, subject: 'company', subjectId: 'co-1' }] },
    rejected: { id: 'co-1', name: 'Weiß GmbH', createdAt: at },
  },
  'PATCH /v1/companies/{id} 200': {
    accepted: {
      id: 'co-1',
      name: 'Weiß GmbH',
      createdAt: at,
      updatedAt: at,
      address,
      channels: { post: { status: 'blocked', at, method: 'admin', source: 'api' } },
      fields: { umsatz: 12500000, branche: 'Maschinenbau', kunde: true },
    },
    rejected: { id: 'co-1', name: 'Weiß GmbH', createdAt: at, channels: { fax: { status: 'blocked', at, method: 'admin', source: 'api' } } },
  },
  'POST /v1/segments/{id}/print-export 202': { accepted: { exportId: 'e-1', status: 'queued' }, rejected: { exportId: 'e-1', status: 'done' } },
  'GET /v1/print-exports/{id} 200': {
    accepted: {
      exportId: 'e-1',
      segmentId: 's-1',
      campaignId: 'c-1',
      status: 'done',
      memberCount: 3,
      counts: { exported: 1, excluded: { postBlocked: 1, noAddress: 1 } },
      fileName: 'print-s-1-c-1.csv',
      createdAt: at,
      finishedAt: at,
      downloadUrl: 'http://127.0.0.1:4569/leadflow-uploads/exports/e-1.csv?X-Amz-Signature=abc',
      downloadExpiresAt: at,
    },
    rejected: { exportId: 'e-1', segmentId: 's-1', campaignId: 'c-1', status: 'started', memberCount: 3, fileName: 'x.csv', createdAt: at },
  },
  'POST /v1/segments/{id}/print-export 200': {
    accepted: { exported: 2, excluded: { postBlocked: 1, noAddress: 0 }, fileName: 'print.csv', csv: 'name;company\r\n' },
    rejected: { exported: 2, excluded: { postBlocked: 1 }, fileName: 'print.csv', csv: '' },
  },
  'POST /v1/orders 200': {
    accepted: { orderId: 'SO-1', amountMinor: 100, currency: 'EUR', orderedAt: at, duplicate: true },
    rejected: { ...order, duplicate: 'yes' },
  },
  'POST /v1/orders 201': { accepted: { ...order, duplicate: false }, rejected: { ...order, currency: 'euro', duplicate: false } },
  'POST /v1/imports 200': {
    accepted: importReport,
    rejected: { ...importReport, detected: { ...importReport.detected, mapping: { Schuhgröße: 'shoeSize' } } },
  },
  'GET /v1/imports 200': { accepted: { items: [importRecord], nextCursor: 'abc' }, rejected: { items: [{ ...importRecord, status: 'paused' }] } },
  'POST /v1/imports/uploads 201': {
    accepted: { importId: 'i-2', uploadUrl: 'https://leadflow-uploads.s3.eu-central-1.amazonaws.com/uploads/i-2.csv?X-Amz-Signature=abc', expiresAt: at },
    rejected: { importId: 'i-2', uploadUrl: 'not a url', expiresAt: at },
  },
  'GET /v1/imports/{id} 200': { accepted: { ...importRecord, status: 'failed', error: 'time limit' }, rejected: { ...importRecord, campaignId: undefined } },
  'GET /v1/imports/{id}/rejected 200': {
    accepted: { items: [{ row: 4, reason: 'email: must be an email address' }] },
    rejected: { items: [{ row: 'four', reason: 'x' }] },
  },
  'GET /v1/segments 200': { accepted: { items: [segment] }, rejected: { items: [{ ...segment, memberCount: -1 }] } },
  'POST /v1/segments 201': { accepted: segment, rejected: { ...segment, schedule: 'weekly' } },
  'POST /v1/segments/preview 200': {
    accepted: {
      count: 1,
      sample: [{ id: 'c-1', firstName: 'Anna' }],
      reach: { matched: 1, suppressed: 0, noConsent: 0, reachable: 1 },
      exact: false,
      scanned: 0.0625,
      margin: 12,
    },
    rejected: { count: 1, sample: [{ firstName: 'Anna' }] },
  },
  'GET /v1/segments/{id} 200': {
    accepted: { ...segment, evaluatedAt: at, lastRun: { runId: 'r-1', startedAt: at, finishedAt: at, evaluated: 3, entered: 1, exited: 0, durationMs: 12 } },
    rejected: { ...segment, rule: 'orders.count > 0' },
  },
  'PATCH /v1/segments/{id} 200': { accepted: segment, rejected: { ...segment, updatedAt: undefined } },
  'DELETE /v1/segments/{id} 200': { accepted: { ...segment, archivedAt: at }, rejected: { ...segment, id: undefined } },
  'POST /v1/segments/{id}/evaluate 202': { accepted: { runId: 'r-1' }, rejected: {} },
  'GET /v1/journeys 200': { accepted: { items: [journey], nextCursor: 'abc' }, rejected: { items: [{ ...journey, status: 'running' }] } },
  'POST /v1/journeys 201': { accepted: { ...journey, status: 'draft', publishedVersion: undefined, draft: true }, rejected: { ...journey, version: 0 } },
  'GET /v1/journeys/{id} 200': { accepted: { ...journey, stats: journeyStats }, rejected: { ...journey, stats: { ...journeyStats, entered: -1 } } },
  'PATCH /v1/journeys/{id} 200': { accepted: { ...journey, version: 2, draft: true }, rejected: { ...journey, draft: 'yes' } },
  'POST /v1/journeys/{id}/publish 200': { accepted: journey, rejected: { ...journey, publishedAt: 'now' } },
  'POST /v1/journeys/{id}/pause 200': { accepted: { ...journey, status: 'paused', pausedAt: at }, rejected: { ...journey, status: 'stopped' } },
  'POST /v1/journeys/{id}/resume 200': { accepted: journey, rejected: { ...journey, steps: 'welcome' } },
  'POST /v1/journeys/{id}/archive 200': { accepted: { ...journey, status: 'archived', archivedAt: at }, rejected: { ...journey, archivedAt: 'today' } },
  'GET /v1/settings 200': { accepted: { frequencyCap: { mails: 3, days: 7 }, updatedAt: at }, rejected: { frequencyCap: { mails: 0, days: 7 } } },
  'PUT /v1/settings 200': { accepted: { abc: { a: 0.7, b: 0.9 } }, rejected: { frequencyCap: { mails: 3 } } },
  'GET /v1/abc 200': {
    accepted: {
      status: 'done',
      runId: 'r-1',
      startedAt: at,
      computedAt: at,
      thresholds: { a: 0.8, b: 0.95 },
      period: { from: '2025-12', to: '2026-11' },
      currencies: [
        { currency: 'EUR', classes: { A: { accounts: 1, revenueMinor: 900 }, B: { accounts: 0, revenueMinor: 0 }, C: { accounts: 1, revenueMinor: 100 } } },
      ],
      none: { accounts: 3 },
      contacts: 5,
      written: { contacts: 5, companies: 0 },
      durationMs: 12,
    },
    rejected: { status: 'done', thresholds: { a: 0.8, b: 0.95 }, currencies: [{ currency: 'euro', classes: {} }], none: { accounts: 0 } },
  },
  'POST /v1/abc/recompute 202': { accepted: { runId: 'r-1' }, rejected: {} },
  'GET /v1/scoring 200': {
    accepted: {
      rules: [
        { id: 'clicks', event: 'email_clicked', points: 5, maxTimes: 3, perDays: 30 },
        { id: 'buyer', rule: { field: 'jobTitle', op: 'contains', value: 'Einkauf' }, points: 15 },
      ],
      decayPercentPerMonth: 10,
      qualifyAt: 50,
      version: 2,
      updatedAt: at,
      rebuild: { status: 'running', reason: 'rules', done: 120, startedAt: at },
    },
    rejected: { rules: [], decayPercentPerMonth: 10, qualifyAt: 50, version: 2, rebuild: { status: 'paused', reason: 'rules', done: 0, startedAt: at } },
  },
  'POST /v1/scoring/rebuild 202': { accepted: { runId: 'r-1' }, rejected: {} },
  'POST /v1/scoring/preview 200': {
    accepted: { contacts: 1600, qualified: 48, currentlyQualified: 30, sampled: true, fraction: 0.125, margin: 12 },
    rejected: { contacts: -1, qualified: 0, currentlyQualified: 0, sampled: false, fraction: 1, margin: 0 },
  },
  'POST /v1/journeys/{id}/simulate 200': {
    accepted: { entering: 120, scanned: 1, exact: true, steps: { welcome: { reached: 120 } }, mailsPerDay: [{ day: 0, mails: 110 }], sendQuotaPerDay: 50000 },
    rejected: { entering: 120, scanned: 2, exact: true, steps: {}, mailsPerDay: [] },
  },
  'GET /v1/journeys/{id}/participants 200': { accepted: { items: [participant] }, rejected: { items: [{ ...participant, status: 'lost' }] } },
  'GET /v1/segments/{id}/members 200': {
    accepted: { items: [{ id: 'c-1', email: 'anna@example.de', enteredAt: at }], nextCursor: 'abc' },
    rejected: { items: [{ id: 'c-1' }] },
  },
  'GET /v1/templates 200': { accepted: { items: [template] }, rejected: { items: [{ ...template, html: undefined }] } },
  'POST /v1/templates 201': { accepted: template, rejected: { ...template, subject: 1 } },
  'GET /v1/templates/{id} 200': { accepted: { ...template, text: 'Hallo' }, rejected: { ...template, createdAt: undefined } },
  'PATCH /v1/templates/{id} 200': { accepted: template, rejected: { ...template, name: null } },
  'DELETE /v1/templates/{id} 200': { accepted: { ...template, archivedAt: at }, rejected: { ...template, archivedAt: 1 } },
  'POST /v1/templates/{id}/preview 200': {
    accepted: { subject: 'Hallo Anna', html: '<p>Hallo</p>', text: 'Hallo' },
    rejected: { subject: 'Hallo Anna', html: '<p>Hallo</p>' },
  },
  'POST /v1/templates/{id}/test 202': { accepted: { sent: 2 }, rejected: { sent: 'two' } },
  'GET /v1/mailings 200': { accepted: { items: [mailing] }, rejected: { items: [{ ...mailing, status: 'paused' }] } },
  'POST /v1/mailings 201': { accepted: { ...mailing, status: 'draft' }, rejected: { ...mailing, counts: {} } },
  'GET /v1/mailings/{id} 200': { accepted: mailing, rejected: { ...mailing, counts: { ...counts, sent: 1.5 } } },
  'POST /v1/mailings/{id}/send 202': { accepted: { ...mailing, startedAt: at }, rejected: { ...mailing, startedAt: 'now' } },
  'POST /v1/mailings/{id}/cancel 200': { accepted: { ...mailing, status: 'cancelled', cancelledAt: at }, rejected: { ...mailing, topic: undefined } },
  'GET /v1/suppressions 200': {
    accepted: { items: [{ email: 'a@example.de', reason: 'bounce', at, source: 'ses:1' }] },
    rejected: { items: [{ email: 'a@example.de', reason: 'bored', at, source: 'admin' }] },
  },
  'POST /v1/suppressions 200': {
    accepted: { email: 'a@example.de', reason: 'manual', at, source: 'admin' },
    rejected: { email: 'a@example.de', reason: 'manual', source: 'admin' },
  },
  'POST /v1/suppressions 201': {
    accepted: { email: 'a@example.de', reason: 'manual', at, source: 'admin' },
    rejected: { reason: 'manual', at, source: 'admin' },
  },
  'GET /v1/analytics/campaigns 200': { accepted: { items: [summary] }, rejected: { items: [{ ...summary, attribution: 'linear' }] } },
  'GET /v1/analytics/campaigns/{id} 200': {
    accepted: { ...summary, bySource: [{ source: 'google', medium: 'cpc', ...outcomes }], byDay: [{ day: '2026-03-01', ...outcomes, email: funnel }] },
    rejected: { ...summary, bySource: [], byDay: [{ day: '1 March', ...outcomes, email: funnel }] },
  },
  'GET /v1/dashboard 200': {
    accepted: {
      from: '2026-03-01',
      to: '2026-03-10',
      leads: 3,
      confirmed: 1,
      customers: 1,
      revenueMinor: 100,
      currency: null,
      mailsSent: 1,
      byDay: [],
      sending: [{ id: 'm-1', name: 'N', campaignId: 'k-1', status: 'sending', counts }],
      importing: [],
    },
    rejected: {
      from: '2026-03-01',
      to: '2026-03-10',
      leads: 3,
      confirmed: 1,
      customers: 1,
      revenueMinor: 100,
      currency: 'EUR',
      mailsSent: 1,
      byDay: [],
      sending: [{ id: 'm-1' }],
      importing: [],
    },
  },
};
// A merge answers the survivor's 360° view.
const user = { id: 'sales-anna', name: 'Anna Vertrieb', email: 'anna@example.com', team: 'sales-north', roles: ['sales'], timeZone: 'Europe/Berlin' };
const task = {
  id: 't-1',
  contactId: 'c-1',
  title: 'Angebot nachfassen',
  dueAt: at,
  assigneeId: 'sales-anna',
  status: 'open',
  overdue: false,
  subject: { kind: 'contact', id: 'c-1', name: 'Erika Muster' },
  createdAt: at,
  createdBy: 'local-admin',
  updatedAt: at,
};
examples['GET /v1/users 200'] = { accepted: { items: [user] }, rejected: { items: [{ ...user, roles: ['boss'] }] } };
examples['GET /v1/users/me 200'] = { accepted: { ...user, digest: true }, rejected: user };
examples['PATCH /v1/users/me 200'] = { accepted: { ...user, digest: false }, rejected: { ...user, digest: 'no' } };
examples['GET /v1/tasks 200'] = { accepted: { items: [task], nextCursor: 'abc' }, rejected: { items: [{ ...task, status: 'later' }] } };
examples['POST /v1/tasks 201'] = { accepted: task, rejected: { ...task, dueAt: 'tomorrow' } };
examples['GET /v1/tasks/{id} 200'] = { accepted: { ...task, status: 'done', completedAt: at }, rejected: { ...task, subject: undefined } };
examples['PATCH /v1/tasks/{id} 200'] = { accepted: { ...task, team: 'sales-north', assigneeId: undefined }, rejected: { ...task, overdue: 'yes' } };
examples['POST /v1/contacts/{id}/merge 200'] = examples['GET /v1/contacts/{id} 200'] as { accepted: unknown; rejected: unknown };
examples['PUT /v1/scoring 200'] = examples['GET /v1/scoring 200'] as { accepted: unknown; rejected: unknown };
const auditEntry = {
  at,
  actor: 'u-anna',
  role: 'admin',
  action: 'contact.updated',
  route: 'PATCH /v1/contacts/{id}',
  entityIds: ['c-1'],
  fields: ['phone'],
  ip: '203.0.113.7',
  userAgent: 'test',
  outcome: 'succeeded',
  status: 200,
};
examples['GET /v1/audit 200'] = { accepted: { items: [auditEntry], nextCursor: 'abc' }, rejected: { items: [{ ...auditEntry, outcome: 'maybe' }] } };

const registered = Object.entries(responseSchemas).flatMap(([key, statuses]) =>
  Object.entries(statuses as Record<string, z.ZodType>).map(([status, schema]) => ({ name: `${key} ${status}`, schema })),
);

describe('the response schema registry', () => {
  it('has an entry for every manifest route, or lists it as answering no JSON', () => {
    for (const route of allRoutes()) {
      const key = routeKey(route);
      expect(
        Object.hasOwn(responseSchemas, key) !== Object.hasOwn(NON_JSON_ROUTES, key),
        `${key} is in exactly one of responseSchemas and NON_JSON_ROUTES`,
      ).toBe(true);
    }
  });

  it('names no route the manifest does not serve', () => {
    const served = new Set(allRoutes().map(routeKey));
    expect([...Object.keys(responseSchemas), ...Object.keys(NON_JSON_ROUTES)].filter((key) => !served.has(key))).toEqual([]);
  });

  it('gives only success statuses a schema', () => {
    for (const { name } of registered) expect(Number(name.split(' ').at(-1)), name).toBeGreaterThanOrEqual(200);
    for (const { name } of registered) expect(Number(name.split(' ').at(-1)), name).toBeLessThan(300);
  });

  it('has an accepted and a rejected example for every schema', () => {
    expect(registered.map(({ name }) => name).sort()).toEqual(Object.keys(examples).sort());
  });

  describe.each(registered)('$name', ({ name, schema }) => {
    const example = examples[name];
    it('accepts its example answer', () => {
      const parsed = schema.safeParse(example?.accepted);
      expect(parsed.error?.issues ?? []).toEqual([]);
    });

    it('refuses a broken answer', () => {
      expect(schema.safeParse(example?.rejected).success).toBe(false);
    });
  });

  it('drops storage internals from a contact, however deep', () => {
    const stored = {
      ...aContact({ searchKeys: ['anna#c-1'] }),
      pk: 'CONTACT#c-1',
      sk: 'PROFILE',
      gsi1pk: 'COMPANY#co-1',
      factsPk: 'c-1',
      newestPk: 'CONTACTS#1',
      newestSk: `${at}#c-1`,
    };
    const parsed = responseSchemas['GET /v1/companies/{id}'][200].parse({
      id: 'co-1',
      name: 'Weiß GmbH',
      createdAt: at,
      pk: 'COMPANY#co-1',
      people: [stored],
      channelProofs: [],
    });
    expect(Object.keys(parsed)).not.toContain('pk');
    for (const internal of ['pk', 'sk', 'gsi1pk', 'factsPk', 'newestPk', 'newestSk', 'version', 'searchKeys', 'emailNormalised'])
      expect(parsed.people[0]).not.toHaveProperty(internal);
    expect(parsed.people[0]?.email).toBe(stored.email);
  });

  it("drops a segment's run lease and a suppression's normalised address", () => {
    const segmentAnswer = responseSchemas['GET /v1/segments/{id}'][200].parse({ ...segment, lease: { runId: 'r-1', until: at } });
    expect(segmentAnswer).not.toHaveProperty('lease');
    const suppression = responseSchemas['POST /v1/suppressions'][201].parse({
      email: 'A@Example.de',
      emailNormalised: 'a@example.de',
      reason: 'manual',
      at,
      source: 'admin',
    });
    expect(suppression).toEqual({ email: 'A@Example.de', reason: 'manual', at, source: 'admin' });
  });

  it("types the console's calls from the same schemas (ResponseOf)", () => {
    expectTypeOf<ResponseOf<'GET /v1/contacts/{id}'>['contact']['email']>().toEqualTypeOf<string>();
    expectTypeOf<ResponseOf<'GET /v1/contacts'>['items'][number]>().not.toHaveProperty('emailNormalised');
    expectTypeOf<ResponseOf<'POST /v1/orders', 201>['duplicate']>().toEqualTypeOf<boolean>();
    // Without a status: 200, else the route's only one (201 for a create).
    expectTypeOf<ResponseOf<'POST /v1/topics'>>().toEqualTypeOf<ResponseOf<'POST /v1/topics', 201>>();
  });
});
