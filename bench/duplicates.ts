import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { ensureTable } from '#infra/local/create-table';
import { type Contact, emptyContact } from '#shared/domain/contact';
import { DUPLICATE_ATTRIBUTES } from '#shared/domain/duplicates';
import { ContactRepository, contactProfileItem } from '#shared/store/contact-repository';
import { createDocumentClient, type TableRef } from '#shared/store/dynamo-client';
import { MergeRepository } from '#shared/store/merge-repository';
import { SegmentRepository } from '#shared/store/segment-repository';
import { DUPLICATE_SCAN_WORKERS, listDuplicates } from '#shared/use-cases/list-duplicates';
import { median, prng, round } from './stats';
import { writeAll } from './write-all';

const FIRST = ['Anna', 'Jürgen', 'Maria', 'Özgür', 'Lena', 'Paul', 'Sophie', 'Lukas', 'Marie', 'Felix', 'Emma', 'Jonas'];
const LAST = ['Müller', 'Weiß', 'Schmidt', 'Schneider', 'Fischer', 'Meyer', 'Wagner', 'Becker', 'Schulz', 'Hoffmann'];
const COMPANIES = ['Müller GmbH', 'Schmidt AG', 'Weiß & Söhne KG', 'ACME Ltd', 'Globex Inc', 'Initech GmbH', 'Umbrella SE'];

/**
 * Contacts as the repository writes them, 3 % of them planted duplicates of an earlier one: a second
 * address of the same Gmail mailbox, the same phone written nationally, or the same name at the same
 * company in other spelling. Names repeat across companies, as they do.
 */
export function duplicateContacts(count: number, seed = 15): { contacts: Contact[]; planted: number } {
  const random = prng(seed);
  const pick = <T>(list: readonly T[]) => list[Math.floor(random() * list.length)] as T;
  const now = new Date();
  const contacts: Contact[] = [];
  let planted = 0;
  for (let index = 0; index < count; index += 1) {
    const id = `bench-dup-${seed}-${index}`;
    const earlier = index > 10 && random() < 0.03 ? contacts[Math.floor(random() * index)] : undefined;
    if (earlier) {
      planted += 1;
      const kind = planted % 3;
      const email = kind === 0 ? `${earlier.email.split('@')[0]?.replace('.', '')}+news@googlemail.com` : `dup${index}@example.de`;
      const contact = { ...emptyContact(id, email, email.toLowerCase(), 'web', now), version: 1 };
      if (kind === 1 && earlier.phone) contact.phone = earlier.phone.replace('+49 ', '0');
      else if (kind === 2)
        Object.assign(contact, {
          firstName: earlier.firstName?.toLowerCase(),
          lastName: earlier.lastName?.replace('ü', 'ue'),
          company: earlier.company?.toUpperCase(),
        });
      contacts.push(contact);
      continue;
    }
    const email = `person.${index}@${random() < 0.3 ? 'gmail.com' : 'example.de'}`;
    contacts.push({
      ...emptyContact(id, email, email, 'web', now),
      version: 1,
      firstName: pick(FIRST),
      lastName: `${pick(LAST)}${index % 997}`,
      company: pick(COMPANIES),
      ...(random() < 0.6 ? { phone: `+49 30 ${String(1_000_000 + index).padStart(7, '0')}` } : {}),
    });
  }
  return { contacts, planted };
}

/**
 * `duplicates.scanPerSecond`: contacts checked per second by `GET /v1/contacts/duplicates` (one parallel
 * Scan of the facts index, grouping by match keys, the first 100 pairs read); `duplicates.scanRatio`: that
 * rate over a plain parallel Scan of the same items and attributes in the same run (1 = matching is free).
 */
export async function benchDuplicates(contactCount: number): Promise<Record<string, number>> {
  const endpoint = process.env.DYNAMODB_ENDPOINT ?? '';
  const raw = new DynamoDBClient({ endpoint, region: 'eu-central-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
  await ensureTable(raw, 'bench-duplicates');
  raw.destroy();
  const table: TableRef = {
    client: createDocumentClient({ AWS_REGION: 'eu-central-1', DYNAMODB_ENDPOINT: endpoint }, { maxAttempts: 10 }),
    tableName: 'bench-duplicates',
  };
  const { contacts, planted } = duplicateContacts(contactCount);
  await writeAll(table, contacts.map(contactProfileItem));
  const scanner = new SegmentRepository(table);
  const ports = { scanner, contacts: new ContactRepository(table), dismissals: new MergeRepository(table) };

  const plainMs: number[] = [];
  const listMs: number[] = [];
  let found = 0;
  for (let round = 0; round < 3; round += 1) {
    let seen = 0;
    const plainStarted = performance.now();
    await scanner.scanAllFacts({ attributes: DUPLICATE_ATTRIBUTES, workers: DUPLICATE_SCAN_WORKERS }, async (page) => {
      seen += page.length;
    });
    plainMs.push(performance.now() - plainStarted);
    if (seen < contactCount) throw new Error(`the plain scan read ${seen} of ${contactCount} contacts`);
    const listStarted = performance.now();
    const list = await listDuplicates(ports, 100);
    listMs.push(performance.now() - listStarted);
    if (list.checked < contactCount) throw new Error(`the duplicates scan checked ${list.checked} of ${contactCount} contacts`);
    found = list.items.length + (list.truncated ? 1 : 0);
  }
  if (found < Math.min(planted, 100)) throw new Error(`found ${found} pairs, fewer than the ${planted} planted`);
  const scanPerSecond = contactCount / (median(listMs) / 1000);
  const plainPerSecond = contactCount / (median(plainMs) / 1000);
  return {
    'duplicates.contacts': contactCount,
    'duplicates.scanPerSecond': Math.round(scanPerSecond),
    'duplicates.plainScanPerSecond': Math.round(plainPerSecond),
    'duplicates.scanRatio': round(scanPerSecond / plainPerSecond, 2),
  };
}
