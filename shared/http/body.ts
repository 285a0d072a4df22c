import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { PayloadTooLargeError, UnsupportedMediaTypeError, ValidationError } from '#shared/domain/errors';

/** The media type of a request without parameters, lower-cased: `application/json`. */
export function mediaType(event: Pick<APIGatewayProxyEventV2, 'headers'>): string | undefined {
  const raw = event.headers?.['content-type'] ?? event.headers?.['Content-Type'];
  return raw?.split(';')[0]?.trim().toLowerCase() || undefined;
}

/**
 * The request body as bytes, refusing bodies over `maxBytes`. API Gateway hands bodies over as text
 * or base64; both are accepted.
 */
export function bodyBytes(event: Pick<APIGatewayProxyEventV2, 'body' | 'isBase64Encoded'>, maxBytes: number): Buffer {
  if (event.body === undefined || event.body === null) return Buffer.alloc(0);
  // Base64 inflates by 4/3: refuse early without decoding a huge string.
  if (event.body.length > (event.isBase64Encoded ? Math.ceil((maxBytes * 4) / 3) + 4 : maxBytes * 4)) {
    throw new PayloadTooLargeError(maxBytes);
  }
  const bytes = event.isBase64Encoded ? Buffer.from(event.body, 'base64') : Buffer.from(event.body, 'utf8');
  if (bytes.length > maxBytes) throw new PayloadTooLargeError(maxBytes);
  return bytes;
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });

/** Decodes UTF-8 strictly: broken byte sequences are a 400 naming the body, never silently replaced. */
export function decodeUtf8(bytes: Uint8Array): string {
  try {
    return strictUtf8.decode(bytes);
  } catch (cause) {
    throw new ValidationError('The body is not valid UTF-8', [{ path: 'body', message: 'not valid UTF-8' }], { cause });
  }
}

export type ParsedBody = { kind: 'json'; value: unknown } | { kind: 'form'; value: URLSearchParams };

/**
 * Reads a JSON or `application/x-www-form-urlencoded` body, enforcing the size limit, the media type
 * and strict UTF-8. Anything else is a 415.
 */
export function readBody(
  event: Pick<APIGatewayProxyEventV2, 'headers' | 'body' | 'isBase64Encoded'>,
  options: { maxBytes: number; accept: ReadonlyArray<'json' | 'form'> },
): ParsedBody {
  const type = mediaType(event);
  const accepted = options.accept.map((kind) => (kind === 'json' ? 'application/json' : 'application/x-www-form-urlencoded'));
  const isJson = type === 'application/json' || (type?.startsWith('application/') && type.endsWith('+json'));
  if (isJson && options.accept.includes('json')) {
    const text = decodeUtf8(bodyBytes(event, options.maxBytes));
    if (text.trim() === '') throw new ValidationError('The body is empty', [{ path: 'body', message: 'required' }]);
    try {
      return { kind: 'json', value: JSON.parse(text) };
    } catch (cause) {
      throw new ValidationError('The body is not valid JSON', [{ path: 'body', message: 'not valid JSON' }], { cause });
    }
  }
  if (type === 'application/x-www-form-urlencoded' && options.accept.includes('form')) {
    const text = decodeUtf8(bodyBytes(event, options.maxBytes));
    let params: URLSearchParams;
    try {
      params = new URLSearchParams(text);
    } catch (cause) {
      throw new ValidationError('The form body is malformed', [{ path: 'body', message: 'malformed' }], { cause });
    }
    // URLSearchParams replaces broken percent-escapes with U+FFFD instead of failing.
    for (const [name, value] of params) {
      if (name.includes('\uFFFD') || value.includes('\uFFFD')) {
        throw new ValidationError('The form body is not valid UTF-8', [{ path: name.includes('\uFFFD') ? 'body' : name, message: 'not valid UTF-8' }]);
      }
    }
    return { kind: 'form', value: params };
  }
  throw new UnsupportedMediaTypeError(type, accepted);
}
