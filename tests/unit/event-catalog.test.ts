import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { functions } from '#infra/functions';
import { eventCatalog, eventDefinitionOf } from '#shared/events/catalog';

const root = path.resolve(import.meta.dirname, '..', '..');
const at = '2026-11-24T08:00:00.000Z';

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const file = path.join(dir, name);
    if (statSync(file).isDirectory()) return name === 'node_modules' || name === 'dist' ? [] : sourceFiles(file);
    return /\.(ts|tsx)$/.test(name) ? [file] : [];
  });
}

describe('the event catalog', () => {
  it('names every event once, by source and detail type', () => {
    const names = Object.values(eventCatalog).map((definition) => `${definition.source} ${definition.detailType}`);
    expect(new Set(names).size).toBe(names.length);
    for (const definition of Object.values(eventCatalog)) expect(eventDefinitionOf(definition.source, definition.detailType)).toBe(definition);
    expect(eventDefinitionOf('marketing', 'lead.caught')).toBeUndefined();
  });

  it('lists every event of API.md with the source it is published under', () => {
    const marketing = [
      'lead.captured',
      'consent.requested',
      'consent.granted',
      'consent.withdrawn',
      'contact.erased',
      'segment.entered',
      'segment.exited',
      'mailing.send.requested',
      'mailing.sent',
      'email.opened',
      'email.clicked',
      'email.bounced',
      'email.complained',
      'lead.qualified',
      'journey.entered',
      'journey.exited',
    ];
    for (const detailType of marketing) expect(eventDefinitionOf('marketing', detailType), detailType).toBeDefined();
    expect(eventDefinitionOf('erp', 'order.placed')).toBeDefined();
  });

  it('builds an event with ids only and refuses a detail that carries an address or misses an id', () => {
    const event = eventCatalog.leadCaptured.event({ id: 'o-1', occurredAt: at, contactId: 'c-1', isNew: true, channel: 'web', formId: 'f-1' });
    expect(event).toEqual({
      source: 'marketing',
      detailType: 'lead.captured',
      detail: { id: 'o-1', occurredAt: at, contactId: 'c-1', isNew: true, channel: 'web', formId: 'f-1' },
    });
    expect(() =>
      eventCatalog.leadCaptured.event({ id: 'o-1', occurredAt: at, contactId: 'c-1', isNew: true, channel: 'web', email: 'anna@example.de' } as never),
    ).toThrow(/lead\.captured detail/);
    expect(() => eventCatalog.consentGranted.parse({ id: 'o-1', occurredAt: at, topic: 'newsletter', method: 'import', source: 'import:i-1' })).toThrow(
      expect.objectContaining({ name: 'ValidationError', issues: [expect.objectContaining({ path: 'contactId' })] }),
    );
    expect(() => eventCatalog.contactErased.parse({ id: 'o-1', occurredAt: at, emailHash: 'h'.repeat(43), contactId: 'c-1' })).toThrow(
      /contact\.erased detail/,
    );
  });

  it('parses what a consumer receives, and refuses a poison detail', () => {
    expect(eventCatalog.mailingSendRequested.parse({ id: 'e-1', occurredAt: at, mailingId: 'm-1' })).toEqual({ id: 'e-1', occurredAt: at, mailingId: 'm-1' });
    expect(() => eventCatalog.mailingSendRequested.parse({ id: 'e-1', occurredAt: 'yesterday', mailingId: 'm-1' })).toThrow(/mailing\.send\.requested detail/);
    expect(() => eventCatalog.orderPlaced.parse({ orderId: 'BAD-1' })).toThrow(/order\.placed detail/);
  });

  it('is where every trigger of the manifest on the product bus comes from', () => {
    for (const spec of functions) {
      for (const trigger of spec.events ?? []) {
        if (trigger.bus === 'default') continue;
        expect(eventDefinitionOf(trigger.source, trigger.detailType), `${spec.name}: ${trigger.detailType}`).toBeDefined();
      }
    }
  });

  it('is the only place in the code that spells a detail type as a string (comments may name them)', () => {
    const detailTypes = Object.values(eventCatalog).map((definition) => definition.detailType);
    const catalogFile = path.join(root, 'shared', 'events', 'catalog.ts');
    const offenders = ['shared', 'functions', 'infra', 'console/src', 'bench']
      .flatMap((dir) => sourceFiles(path.join(root, dir)))
      .filter((file) => file !== catalogFile)
      .flatMap((file) => {
        const text = readFileSync(file, 'utf8');
        return detailTypes
          .filter((detailType) => text.includes(`'${detailType}'`) || text.includes(`"${detailType}"`))
          .map((detailType) => `${path.relative(root, file)}: ${detailType}`);
      });
    expect(offenders).toEqual([]);
  });
});
