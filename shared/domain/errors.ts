/**
 * Named errors of the product. Each carries a `kind` that says what went wrong in business terms;
 * the HTTP layer (shared/http/problem.ts) is the one place that turns a kind into a status code.
 */
export type ErrorKind =
  | 'invalid'
  | 'not_found'
  | 'conflict'
  | 'forbidden'
  | 'unauthorized'
  | 'too_large'
  | 'unsupported_media_type'
  | 'not_acceptable'
  | 'gone'
  | 'unavailable';

export interface FieldIssue {
  /** Dotted path of the offending field, e.g. `consent.0` or `email`. */
  path: string;
  message: string;
}

export abstract class DomainError extends Error {
  abstract readonly kind: ErrorKind;
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** Input that fails validation; lists every bad field. */
export class ValidationError extends DomainError {
  readonly kind = 'invalid' as const;
  constructor(
    message: string,
    readonly issues: FieldIssue[] = [],
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

export class NotFoundError extends DomainError {
  readonly kind = 'not_found' as const;
  constructor(
    readonly entity: string,
    readonly id: string,
  ) {
    super(`${entity} ${id} does not exist`);
  }
}

export class ConflictError extends DomainError {
  readonly kind = 'conflict' as const;
}

export class ForbiddenError extends DomainError {
  readonly kind = 'forbidden' as const;
}

export class UnauthorizedError extends DomainError {
  readonly kind = 'unauthorized' as const;
}

export class PayloadTooLargeError extends DomainError {
  readonly kind = 'too_large' as const;
  constructor(readonly limitBytes: number) {
    super(`The body is larger than ${limitBytes} bytes`);
  }
}

export class UnsupportedMediaTypeError extends DomainError {
  readonly kind = 'unsupported_media_type' as const;
  constructor(
    readonly received: string | undefined,
    readonly accepted: readonly string[],
  ) {
    super(`Content-Type ${received ?? '(none)'} is not accepted; use ${accepted.join(' or ')}`);
  }
}

/** The client accepts none of the representations a route offers (`Accept`). */
export class NotAcceptableError extends DomainError {
  readonly kind = 'not_acceptable' as const;
  constructor(readonly offered: readonly string[]) {
    super(`This resource is available as ${offered.join(' or ')}; say so in Accept`);
  }
}

/** A signed token that was tampered with, is malformed, or was signed with another key. */
export class InvalidTokenError extends DomainError {
  readonly kind = 'invalid' as const;
}

/** A well-signed token whose lifetime has passed. */
export class ExpiredTokenError extends DomainError {
  readonly kind = 'invalid' as const;
  constructor(readonly expiredAt: Date) {
    super('The link has expired');
  }
}

/** The entity exists but was retired (an archived form no longer takes submissions). */
export class GoneError extends DomainError {
  readonly kind = 'gone' as const;
}

/** A preview that could not read even one share of the contacts within its time (503: try again). */
export class PreviewTooSlowError extends DomainError {
  readonly kind = 'unavailable' as const;
  constructor(readonly budgetMs: number) {
    super(`Counting took longer than ${Math.round(budgetMs / 1000)} s; try again`);
  }
}
