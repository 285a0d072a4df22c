import { describe, expect, it } from 'vitest';
import { PayloadTooLargeError, UnsupportedMediaTypeError, ValidationError } from '#shared/domain/errors';
import { readBody } from '#shared/http/body';

const event = (body: Buffer | string, contentType?: string) => ({
  headers: contentType ? { 'content-type': contentType } : {},
  body: Buffer.isBuffer(body) ? body.toString('base64') : body,
  isBase64Encoded: Buffer.isBuffer(body),
});
const options = { maxBytes: 100, accept: ['json', 'form'] as const };

describe('readBody', () => {
  it('reads JSON with a charset parameter', () => {
    expect(readBody(event('{"a":"ß"}', 'application/json; charset=utf-8'), options)).toEqual({ kind: 'json', value: { a: 'ß' } });
  });

  it('refuses bodies over the limit, counted in bytes', () => {
    expect(() => readBody(event(Buffer.from(`{"a":"${'ü'.repeat(60)}"}`), 'application/json'), options)).toThrow(PayloadTooLargeError);
  });

  it('refuses a huge base64 body before decoding it', () => {
    expect(() => readBody(event(Buffer.alloc(10_000), 'application/json'), options)).toThrow(PayloadTooLargeError);
  });

  it('refuses broken UTF-8 naming the body', () => {
    const broken = Buffer.from([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xc3, 0x28, 0x22, 0x7d]);
    expect(() => readBody(event(broken, 'application/json'), options)).toThrow(ValidationError);
  });

  it('refuses broken percent-encoded UTF-8 in a form body', () => {
    expect(() => readBody(event('email=a%40b.de&firstName=%C3%28', 'application/x-www-form-urlencoded'), options)).toThrow(/UTF-8/);
  });

  it('refuses invalid JSON and empty bodies as 400s', () => {
    expect(() => readBody(event('{"a":', 'application/json'), options)).toThrow(ValidationError);
    expect(() => readBody(event('', 'application/json'), options)).toThrow(ValidationError);
  });

  it.each([undefined, 'text/plain', 'multipart/form-data; boundary=x', 'application/xml'])('refuses the media type %s', (type) => {
    expect(() => readBody(event('{}', type), options)).toThrow(UnsupportedMediaTypeError);
  });
});
