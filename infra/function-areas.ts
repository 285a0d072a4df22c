/**
 * Which nested stack of the API holds each function of the manifest (infra/functions.ts), with its
 * triggers, dead-letter queues and alarms: CloudFormation allows 500 resources per stack, and the
 * functions alone (seven to twelve resources each) passed the main stack's warning line of 450.
 * Grouped by area so a stack changes when its area does. A Cognito trigger (`cognito` in the manifest)
 * stays in the main stack instead: the user pool names it and it names the pool, which nested stacks
 * cannot do both ways. A function named in no area stops the synth (infra/constructs/api.ts).
 */
export const FUNCTION_AREAS = {
  /**
   * Forms, topics and campaigns; the public capture, double opt-in, unsubscribe and preference routes; settings,
   * suppressions and the audit trail; the rotation of the key that signs the links.
   */
  Capture: ['topics', 'campaigns', 'forms', 'capture', 'confirmation-mail', 'consent', 'unsubscribe', 'suppressions', 'settings', 'audit', 'link-key-rotation'],
  /** Contacts, companies, their fields, imports, GDPR, orders, users, tasks and scoring. */
  Contacts: [
    'contacts',
    'duplicates',
    'gdpr',
    'companies',
    'fields',
    'orders',
    'order-events',
    'imports',
    'imports-run',
    'tasks',
    'task-digest',
    'lead-qualified',
    'scoring',
    'scoring-events',
  ],
  /** Templates, mailings and their sending, journeys, the outbox and SES's events. */
  Mail: [
    'templates',
    'mailings',
    'mailings-prepare',
    'mailings-sweeper',
    'mail-sender',
    'mail-events',
    'journeys',
    'journeys-worker',
    'journeys-sweep',
    'journey-events',
  ],
  /** Segments, print exports, analytics, ABC, the dashboard and the stats rebuild. */
  Analytics: ['segments', 'segments-run', 'print-export-run', 'print-exports', 'analytics', 'abc-run', 'dashboard', 'stats-rebuild'],
} as const satisfies Record<string, readonly string[]>;

export type FunctionArea = keyof typeof FUNCTION_AREAS;

/** The area of a function, or undefined for one no area names. */
export function areaOf(functionName: string): FunctionArea | undefined {
  return (Object.keys(FUNCTION_AREAS) as FunctionArea[]).find((area) => (FUNCTION_AREAS[area] as readonly string[]).includes(functionName));
}
