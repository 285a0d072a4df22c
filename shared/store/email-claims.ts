import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import type { TableRef } from './dynamo-client';
import { keys } from './keys';

const CLAIM_PREFIX = keys.emailClaim('').pk;

/**
 * Every email claim of a table (normalised address → contact id), by one Scan filtered to the claims:
 * for the restore command only (an operator's one-off run over a restored copy, never a request path).
 */
export async function* emailClaimsOf(table: TableRef): AsyncGenerator<{ emailNormalised: string; contactId: string }> {
  let start: Record<string, unknown> | undefined;
  do {
    const page = await table.client.send(
      new ScanCommand({
        TableName: table.tableName,
        FilterExpression: 'begins_with(pk, :claim) AND sk = :sk',
        ExpressionAttributeValues: { ':claim': CLAIM_PREFIX, ':sk': keys.emailClaim('').sk },
        ProjectionExpression: 'pk, contactId',
        ...(start ? { ExclusiveStartKey: start } : {}),
      }),
    );
    for (const item of page.Items ?? []) {
      if (typeof item.contactId === 'string') yield { emailNormalised: String(item.pk).slice(CLAIM_PREFIX.length), contactId: item.contactId };
    }
    start = page.LastEvaluatedKey;
  } while (start);
}
