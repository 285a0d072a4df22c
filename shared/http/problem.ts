import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { MergedContactError } from '#shared/domain/contact-merge';
import { DomainError, type ErrorKind, type FieldIssue, ValidationError } from '#shared/domain/errors';

const STATUS: Record<ErrorKind, number> = {
  invalid: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  not_acceptable: 406,
  conflict: 409,
  gone: 410,
  too_large: 413,
  unsupported_media_type: 415,
  unavailable: 503,
};

const TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  406: 'Not Acceptable',
  409: 'Conflict',
  410: 'Gone',
  413: 'Content Too Large',
  415: 'Unsupported Media Type',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

export interface Problem {
  type: string;
  status: number;
  title: string;
  detail?: string;
  errors?: FieldIssue[];
  /** On a merged contact's 404: the contact it was merged into. */
  mergedInto?: string;
}

/** An RFC 9457 problem+json response. */
export function problemResponse(
  problem: Omit<Problem, 'type' | 'title'> & { title?: string },
  headers: Record<string, string> = {},
): APIGatewayProxyStructuredResultV2 {
  const body: Problem = {
    type: 'about:blank',
    title: problem.title ?? TITLES[problem.status] ?? 'Error',
    ...problem,
  };
  return {
    statusCode: problem.status,
    headers: { 'content-type': 'application/problem+json', 'cache-control': 'no-store', ...headers },
    body: JSON.stringify(body),
  };
}

/**
 * The one mapping from errors to HTTP answers. Domain errors are safe to show (their messages are
 * written for the caller and carry no personal data); anything else becomes a bare 500 whose body
 * says nothing about the internals.
 */
export function errorToProblem(error: unknown): { response: APIGatewayProxyStructuredResultV2; expected: boolean } {
  if (error instanceof DomainError) {
    const status = STATUS[error.kind];
    const errors = error instanceof ValidationError && error.issues.length > 0 ? error.issues : undefined;
    // A merged contact's id names the contact it lives on in (shared/domain/contact-merge.ts).
    const mergedInto = error instanceof MergedContactError ? { mergedInto: error.mergedInto } : {};
    return { response: problemResponse({ status, detail: error.message, ...(errors ? { errors } : {}), ...mergedInto }), expected: true };
  }
  if (isThrottling(error)) {
    return {
      response: problemResponse({ status: 503, detail: 'The service is busy; please retry shortly' }, { 'retry-after': '2' }),
      expected: false,
    };
  }
  return { response: problemResponse({ status: 500, detail: 'An unexpected error occurred' }), expected: false };
}

function isThrottling(error: unknown): boolean {
  const name = (error as { name?: unknown } | null)?.name;
  return (
    name === 'ThrottlingException' ||
    name === 'TooManyRequestsException' ||
    name === 'ProvisionedThroughputExceededException' ||
    name === 'RequestLimitExceeded'
  );
}
