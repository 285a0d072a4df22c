import { describe, expect, it } from 'vitest';
import { isOriginAllowed } from '#shared/domain/form';

describe('isOriginAllowed', () => {
  const form = { allowedOrigins: ['https://www.example.de'] };

  it('accepts the form’s own origins and server-to-server posts without an Origin', () => {
    expect(isOriginAllowed(form, 'https://www.example.de', 'https://leadflow.example.com')).toBe(true);
    expect(isOriginAllowed(form, undefined, 'https://leadflow.example.com')).toBe(true);
  });

  it('accepts the product’s own console origin (test submissions from the form builder)', () => {
    expect(isOriginAllowed(form, 'https://leadflow.example.com', 'https://leadflow.example.com')).toBe(true);
  });

  it('refuses every other origin, also when no console origin is known', () => {
    expect(isOriginAllowed(form, 'https://evil.example', 'https://leadflow.example.com')).toBe(false);
    expect(isOriginAllowed(form, 'https://leadflow.example.com')).toBe(false);
    expect(isOriginAllowed(form, 'https://www.example.de.evil.example', 'https://leadflow.example.com')).toBe(false);
  });
});
