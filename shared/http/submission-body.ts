import { ValidationError } from '#shared/domain/errors';
import { type Submission, submissionFromForm, submissionSchema } from '#shared/domain/submission';
import type { ParsedBody } from './body';
import { parseWith } from './validate';

/** A JSON or urlencoded submission body, validated into a {@link Submission}. */
export function parseSubmission(body: ParsedBody): Submission {
  if (body.kind === 'json') {
    if (typeof body.value !== 'object' || body.value === null || Array.isArray(body.value)) {
      throw new ValidationError('The submission is not valid', [{ path: 'body', message: 'must be a JSON object' }]);
    }
    return parseWith(submissionSchema, body.value, 'submission');
  }
  const { value, duplicates } = submissionFromForm(body.value);
  if (duplicates.length > 0) {
    throw new ValidationError(
      'The submission is not valid',
      duplicates.map((name) => ({ path: name, message: 'must be sent once' })),
    );
  }
  return parseWith(submissionSchema, value, 'submission');
}
