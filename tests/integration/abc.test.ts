import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { beforeEach, describe, expect, it } from 'vitest';
import { newId } from '#shared/container';
import { abcPeriodMonths } from '#shared/domain/abc-classification';
import type { Contact } from '#shared/domain/contact';
import { keys } from '#shared/store/keys';
import type { AbcFacts } from '#shared/use-cases/abc-ports';
import { abcOverview, recomputeAbc } from '#shared/use-cases/recompute-abc';
import { aContact, movableClock } from '#tests/helpers/factories';
import { testRepositories } from '#tests/helpers/test-table';

type Repos = Awaited<ReturnType<typeof testRepositories>>;

const NOW = new Date('2026-12-01T03:00:00.000Z');
const [YEAR_AGO, , , , , , , , , , , THIS_MONTH] = abcPeriodMonths(NOW) as string[];
const options = { workers: 3, writeConcurrency: 4, leaseMs: 15 * 60_000 };

/** Orders worth `amount` in one month of the period (or before it). */
const ordered = (amount: number, month = THIS_MONTH ?? '', currency = 'EUR'): Partial<Contact> => ({
  orders: { count: 1, totalMinor: amount, currency, byMonth: { [month]: amount } },
});

describe('ABC runs on DynamoDB Local', () => {
  let repos: Repos;
  let clock: ReturnType<typeof movableClock>;
  const run = (facts: AbcFacts = repos.segments) => recomputeAbc({ abc: repos.abc, facts, settings: repos.settings, clock, newId }, {}, options);

  beforeEach(async () => {
    repos = await testRepositories();
    clock = movableClock(NOW);
  });

  async function aCompany(name: string): Promise<string> {
    return repos.companies.ensure(name, newId, NOW);
  }

  it("classifies companies by their people's revenue and contacts without one by their own, on companies and every profile", async () => {
    const big = await aCompany('Groß GmbH');
    const idle = await aCompany('Leer AG');
    const buyers = [aContact({ companyId: big, ...ordered(40_000) }), aContact({ companyId: big, ...ordered(40_000, YEAR_AGO) })];
    const colleague = aContact({ companyId: big });
    const idleOne = aContact({ companyId: idle, ...ordered(99_999, '2025-11') });
    const solo = aContact(ordered(15_000));
    const small = aContact(ordered(5_000));
    const nobody = aContact();
    for (const contact of [...buyers, colleague, idleOne, solo, small, nobody]) await repos.contacts.create(contact);

    const result = await run();

    expect(result).toMatchObject({ skipped: false, contacts: 7, written: { contacts: 7, companies: 2 }, period: { from: YEAR_AGO, to: THIS_MONTH } });
    // 80,000 of 100,000 is the big company (A); the solo buyer crosses 95 % (B); the small one is C; before the period counts nothing.
    expect(result.skipped ? [] : result.currencies).toEqual([
      {
        currency: 'EUR',
        classes: { A: { accounts: 1, revenueMinor: 80_000 }, B: { accounts: 1, revenueMinor: 15_000 }, C: { accounts: 1, revenueMinor: 5_000 } },
      },
    ]);
    expect(result.skipped ? undefined : result.none).toEqual({ accounts: 2 });
    expect((await repos.companies.get(big))?.abc).toBe('A');
    expect((await repos.companies.get(idle))?.abc).toBe('none');
    const classOf = async (contact: Contact) => {
      const stored = await repos.contacts.get(contact.id);
      return [stored?.abc, stored?.version];
    };
    expect(await classOf(colleague)).toEqual(['A', 2]);
    expect(await classOf(buyers[0] as Contact)).toEqual(['A', 2]);
    expect(await classOf(idleOne)).toEqual(['none', 2]);
    expect(await classOf(solo)).toEqual(['B', 2]);
    expect(await classOf(small)).toEqual(['C', 2]);
    expect(await classOf(nobody)).toEqual(['none', 2]);

    const overview = await abcOverview({ abc: repos.abc, settings: repos.settings, clock });
    expect(overview).toMatchObject({ status: 'done', runId: result.runId, thresholds: { a: 0.8, b: 0.95 }, none: { accounts: 2 } });
  });

  it('writes only the classes that changed on the next run, with the thresholds of the settings', async () => {
    const first = aContact(ordered(85_000));
    const second = aContact(ordered(10_000));
    const third = aContact(ordered(5_000));
    for (const contact of [first, second, third]) await repos.contacts.create(contact);
    await run();
    expect((await repos.contacts.get(second.id))?.abc).toBe('B');

    const again = await run();
    expect(again).toMatchObject({ written: { contacts: 0, companies: 0 } });

    await repos.settings.save({ abc: { a: 0.9, b: 0.95 } });
    const moved = await run();
    // 85 % before the second, below 90 %: now an A; the others keep theirs and are not written.
    expect(moved).toMatchObject({ written: { contacts: 1, companies: 0 }, thresholds: { a: 0.9, b: 0.95 } });
    expect((await repos.contacts.get(second.id))?.abc).toBe('A');
    expect((await repos.contacts.get(third.id))?.version).toBe(2);
  });

  it('keeps a change made to a profile between the scan and the class write (re-read, written again)', async () => {
    const buyer = aContact(ordered(10_000));
    await repos.contacts.create(buyer);
    const changing: AbcFacts = {
      factsOf: (id) => repos.segments.factsOf(id),
      scanAllFacts: async (scan, onPage) => {
        await repos.segments.scanAllFacts(scan, onPage);
        // Someone edits the person after the scan read them.
        await repos.table.client.send(
          new UpdateCommand({
            TableName: repos.table.tableName,
            Key: keys.contact(buyer.id),
            UpdateExpression: 'SET firstName = :name ADD version :one',
            ExpressionAttributeValues: { ':name': 'Anna', ':one': 1 },
          }),
        );
      },
    };
    const result = await run(changing);
    expect(result).toMatchObject({ written: { contacts: 1 } });
    expect(await repos.contacts.get(buyer.id)).toMatchObject({ firstName: 'Anna', abc: 'A', version: 3 });
  });

  it('skips a run while another holds the lease, and shows it under way; a run that fails is shown failed', async () => {
    await repos.contacts.create(aContact(ordered(100)));
    expect(await repos.abc.startRun({ runId: 'other', startedAt: NOW.toISOString(), until: new Date(NOW.getTime() + 60_000).toISOString() }, NOW)).toBe(true);
    expect(await run()).toEqual({ skipped: true, runId: expect.any(String) });
    expect(await abcOverview({ abc: repos.abc, settings: repos.settings, clock })).toMatchObject({ status: 'running', attempt: { runId: 'other' } });

    // The other run crashed: its lease runs out and the next run takes over.
    clock.advance(61_000);
    expect(await abcOverview({ abc: repos.abc, settings: repos.settings, clock })).toMatchObject({ status: 'failed', attempt: { runId: 'other' } });
    const failing: AbcFacts = { factsOf: (id) => repos.segments.factsOf(id), scanAllFacts: async () => Promise.reject(new Error('scan failed')) };
    await expect(run(failing)).rejects.toThrow('scan failed');
    expect(await abcOverview({ abc: repos.abc, settings: repos.settings, clock })).toMatchObject({ status: 'failed' });
    expect(await run()).toMatchObject({ skipped: false, written: { contacts: 1 } });
    expect(await abcOverview({ abc: repos.abc, settings: repos.settings, clock })).toMatchObject({ status: 'done' });
  });

  it('lists the companies of one class, a page at a time', async () => {
    const ids = [];
    for (const name of ['Alpha', 'Beta', 'Gamma', 'Delta']) ids.push(await aCompany(name));
    for (const [index, id] of ids.entries()) await repos.contacts.create(aContact({ companyId: id, ...(index < 3 ? ordered(1000) : {}) }));
    await run();
    const first = await repos.abc.companiesOfClass('A', 2);
    expect(first.items.map((company) => company.name)).toEqual(['Alpha', 'Beta']);
    const rest = await repos.abc.companiesOfClass('A', 2, first.nextCursor);
    expect(rest.items.map((company) => company.name)).toEqual(['Gamma']);
    expect(rest.nextCursor).toBeUndefined();
    expect((await repos.abc.companiesOfClass('none', 10)).items.map((company) => company.name)).toEqual(['Delta']);
  });
});
