import { ConflictError } from '#shared/domain/errors';

/**
 * The failures a port reports that use cases decide by (retry, skip, count as a repeat). The adapters
 * in shared/store throw these; use cases catch them from here and never import store code.
 */

/** Another request changed the item between our read and our write; the caller may re-read and retry. */
export class ConcurrentWriteError extends ConflictError {
  constructor(options?: { cause?: unknown }) {
    super('The record was changed by another request; please retry', options);
  }
}

/** The email address is already claimed by a contact. */
export class EmailTakenError extends ConflictError {
  constructor(options?: { cause?: unknown }) {
    super('A contact with this email address already exists', options);
  }
}

/** An item that must be unique (an id or code) exists already. */
export class AlreadyExistsError extends ConflictError {}

/** The row of this file was imported before (a re-posted or resumed import). */
export class ImportRowDoneError extends Error {
  constructor(readonly row: number) {
    super(`Row ${row} was imported before`);
    this.name = 'ImportRowDoneError';
  }
}

/** The order id was recorded already (a retried or replayed order). */
export class OrderAlreadyRecordedError extends Error {
  constructor(readonly orderId: string) {
    super(`Order ${orderId} was recorded already`);
    this.name = 'OrderAlreadyRecordedError';
  }
}
