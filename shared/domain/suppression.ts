export const SUPPRESSION_REASONS = ['bounce', 'complaint', 'manual'] as const;
export type SuppressionReason = (typeof SUPPRESSION_REASONS)[number];

/** An address no mailing may reach, and why. */
export interface Suppression {
  email: string;
  emailNormalised: string;
  reason: SuppressionReason;
  at: string;
  /** Where it came from: `ses:<messageId>`, `admin`. */
  source: string;
}
