import { Logger } from '@aws-lambda-powertools/logger';

/**
 * The product's structured logger. Log ids and outcomes, never personal data: no email addresses,
 * names, IPs or request bodies (see {@link redact} for error messages that may quote input).
 */
export const logger = new Logger({ serviceName: 'leadflow' });

const EMAIL = /[^\s@"'<>]+@[^\s@"'<>]+\.[^\s@"'<>]+/g;

/** Removes email addresses from a message before it is logged. */
export function redact(message: string): string {
  return message.replace(EMAIL, '<email>');
}
