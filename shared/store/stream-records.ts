import type { DynamoDBRecord } from 'aws-lambda';
import { contactIdOfMember, segmentIdOfMembers } from './keys';

/** A segment membership that started (`INSERT`) or ended (`REMOVE`), read from a stream record's keys. */
export interface MembershipRecord {
  segmentId: string;
  contactId: string;
  entered: boolean;
  at: string;
}

/** The membership change a stream record of a `SEG#` item stands for; undefined for any other record. */
export function membershipRecord(record: DynamoDBRecord): MembershipRecord | undefined {
  const pk = record.dynamodb?.Keys?.pk?.S;
  const sk = record.dynamodb?.Keys?.sk?.S;
  if (!pk?.startsWith('SEG#') || !sk?.startsWith('C#') || (record.eventName !== 'INSERT' && record.eventName !== 'REMOVE')) return undefined;
  const enteredAt = record.dynamodb?.NewImage?.enteredAt?.S;
  const approximate = record.dynamodb?.ApproximateCreationDateTime;
  const at = enteredAt ?? (approximate ? new Date(approximate * 1000).toISOString() : new Date().toISOString());
  return { segmentId: segmentIdOfMembers(pk), contactId: contactIdOfMember(sk), entered: record.eventName === 'INSERT', at };
}
