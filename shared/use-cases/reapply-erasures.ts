import type { AuditEntry } from '#shared/domain/audit';

/**
 * After a restore (README, "Restore"): every erasure the live table's audit trail recorded since the
 * backup was taken is applied again to the restored copy. An erasure's entry keeps only the keyed hash
 * of the address, so each address the copy holds is hashed with the product's key and the contacts
 * whose address matches are erased through the same erasure as the API's. A second run finds none of
 * them any more (their claims are gone): it is safe to repeat.
 */
export async function reapplyErasures(
  ports: {
    erasures: { erasuresSince(since: string, until: string): Promise<AuditEntry[]> };
    restoredClaims: () => AsyncIterable<{ emailNormalised: string; contactId: string }>;
    hashEmail: (emailNormalised: string) => string;
    erase: (contactId: string) => Promise<unknown>;
    clock: { now(): Date };
  },
  since: Date,
): Promise<{ erasures: number; erased: string[] }> {
  const entries = await ports.erasures.erasuresSince(since.toISOString(), ports.clock.now().toISOString());
  const hashes = new Set(entries.flatMap((entry) => (entry.emailHash ? [entry.emailHash] : [])));
  const erased: string[] = [];
  if (hashes.size === 0) return { erasures: 0, erased };
  const matching: string[] = [];
  for await (const claim of ports.restoredClaims()) {
    if (hashes.has(ports.hashEmail(claim.emailNormalised))) matching.push(claim.contactId);
  }
  for (const contactId of new Set(matching)) {
    await ports.erase(contactId);
    erased.push(contactId);
  }
  return { erasures: hashes.size, erased };
}
