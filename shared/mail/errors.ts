/**
 * What went wrong handing a mail to SES, in the terms the senders decide by. The SES adapter
 * translates SDK failures into these; anything else is rethrown untouched.
 */

/** SES refused for now (throttled, sending paused): nothing was sent; try again later. */
export class MailThrottledError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'MailThrottledError';
  }
}

/** SES refused this mail for good (bad address, rejected content): nothing was sent; retrying will not help. */
export class MailRejectedError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'MailRejectedError';
  }
}

/** No answer from SES (time-out, connection lost): the mail may or may not have gone out. */
export class MailOutcomeUnknownError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'MailOutcomeUnknownError';
  }
}

const THROTTLED = new Set([
  'TooManyRequestsException',
  'ThrottlingException',
  'Throttling',
  'LimitExceededException',
  'SendingPausedException',
  'AccountSuspendedException',
]);
const REJECTED = new Set(['MessageRejected', 'BadRequestException', 'MailFromDomainNotVerifiedException', 'NotFoundException']);

/** Maps an SES SDK error to the errors above; an answered 5xx counts as "not sent, try again". */
export function translateSesError(error: unknown): Error {
  const named = error as { name?: string; message?: string; $metadata?: { httpStatusCode?: number } } | null;
  const name = named?.name ?? '';
  const message = `SES ${name}`;
  if (THROTTLED.has(name)) return new MailThrottledError(message, { cause: error });
  if (REJECTED.has(name)) return new MailRejectedError(message, { cause: error });
  const status = named?.$metadata?.httpStatusCode;
  if (status !== undefined && status >= 500) return new MailThrottledError(message, { cause: error });
  if (status !== undefined && status >= 400) return new MailRejectedError(message, { cause: error });
  if (status === undefined) return new MailOutcomeUnknownError(`SES gave no answer (${name || 'no name'})`, { cause: error });
  return error instanceof Error ? error : new Error(String(error));
}
