import { BatchWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '#infra/local/ports';
import { type LocalStack, startLocalStack } from '#infra/local/stack';
import { createDocumentClient } from '#shared/store/dynamo-client';
import { contactProfileItem } from '#shared/store/contact-repository';
import { aContact } from '#tests/helpers/factories';
import { expectAccessible, launchBrowser, screenshot } from '#tests/helpers/browser';
import path from 'node:path';

/**
 * The live count's estimate, as a marketer sees it on a large list. A stack of its own (in this
 * process) estimates once the 1/16 sample holds 20 contacts, so 1,200 contacts are "large" here.
 */
const CONTACTS = 1_200;
const ORDERED = { count: 2, totalMinor: 9900, currency: 'EUR', firstAt: '2026-02-01T09:00:00.000Z', lastAt: '2026-03-01T09:00:00.000Z' };

let browser: Browser;
let stack: LocalStack;

beforeAll(async () => {
  process.env.SEGMENT_PREVIEW_ESTIMATE_FROM = '20';
  const [apiPort, sesPort, dynamoDbPort, eventsPort, s3Port] = [await freePort(), await freePort(), await freePort(), await freePort(), await freePort()];
  stack = await startLocalStack({ rootDir: path.resolve(import.meta.dirname, '..', '..'), apiPort, sesPort, dynamoDbPort, eventsPort, s3Port });
  const client = createDocumentClient({ AWS_REGION: 'eu-central-1', DYNAMODB_ENDPOINT: stack.dynamoDbEndpoint }, { maxAttempts: 10 });
  // Every fourth contact has ordered twice: 300 match.
  const items = Array.from({ length: CONTACTS }, (_, index) => contactProfileItem(aContact(index % 4 === 0 ? { orders: ORDERED } : {})));
  for (let start = 0; start < items.length; start += 25) {
    await client.send(new BatchWriteCommand({ RequestItems: { [stack.tableName]: items.slice(start, start + 25).map((Item) => ({ PutRequest: { Item } })) } }));
  }
  browser = await launchBrowser();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
  delete process.env.SEGMENT_PREVIEW_ESTIMATE_FROM;
});

describe('the live count on a large contact list', () => {
  it('shows an estimate with its margin while editing, and the exact count when asked by keyboard', async () => {
    const context = await browser.newContext({ locale: 'en-GB', viewport: { width: 1360, height: 900 } });
    const page = await context.newPage();
    await page.goto(`${stack.apiUrl}/#token=${stack.adminToken}`);
    await page.getByRole('navigation').waitFor();
    await page.goto(`${stack.apiUrl}/segments/new`);
    await page.getByRole('button', { name: 'Add a condition to the rule' }).click();
    await page.getByLabel('Field of condition 1').selectOption('orders.count');
    await page.getByLabel('Comparison of condition 1').selectOption('gt');
    await page.getByLabel('Value of condition 1').fill('1');

    const count = page.getByTestId('live-count');
    await expect.poll(() => count.textContent(), { timeout: 30_000 }).toMatch(/About [\d,]+ contacts match this rule \(± [\d,]+\)\./);
    const estimate = (await count.textContent()) ?? '';
    const [about, margin] = [...estimate.matchAll(/[\d,]+/g)].map((match) => Number(match[0].replaceAll(',', '')));
    // The estimate is honest: the true 300 lies within three of its margins.
    expect(Math.abs((about ?? 0) - 300)).toBeLessThanOrEqual(3 * (margin ?? 0));
    await expect.poll(() => page.getByText(/Estimated from a random 6(\.3)?% of all contacts/).count()).toBe(1);
    await expectAccessible(page, 'segment builder with an estimated count');
    await screenshot(page, 'segment-estimate');

    const exact = page.getByRole('button', { name: 'Count exactly' });
    await exact.focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => count.textContent(), { timeout: 30_000 }).toContain('300 contacts match this rule.');
    expect(await exact.count()).toBe(0);

    // Changing the rule goes back to estimating.
    await page.getByLabel('Value of condition 1').fill('0');
    await expect.poll(() => count.textContent(), { timeout: 30_000 }).toMatch(/About [\d,]+ contacts match/);
    await context.close();
  });
});
