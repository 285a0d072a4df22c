import { describe, expect, it } from 'vitest';
import { ValidationError } from '#shared/domain/errors';
import { submissionFromForm, submissionSchema } from '#shared/domain/submission';
import { readBody } from '#shared/http/body';
import { parseSubmission } from '#shared/http/submission-body';

const jsonEvent = (body: string, contentType = 'application/json') => ({ headers: { 'content-type': contentType }, body, isBase64Encoded: false });

function issuesOf(action: () => unknown): Array<{ path: string; message: string }> {
  try {
    action();
  } catch (error) {
    if (error instanceof ValidationError) return error.issues;
    throw error;
  }
  throw new Error('expected a ValidationError');
}

describe('submissionSchema', () => {
  it('accepts a complete submission and keeps umlauts exactly', () => {
    const parsed = submissionSchema.parse({
      email: ' jürgen.weiß@example.de ',
      firstName: 'Jürgen',
      lastName: 'Weiß',
      consent: ['newsletter'],
      utm_campaign: 'spring',
    });
    expect(parsed.email).toBe('jürgen.weiß@example.de');
    expect(parsed.lastName).toBe('Weiß');
  });

  it.each([
    [{}, 'email'],
    [{ email: 42 }, 'email'],
    [{ email: 'not-an-email' }, 'email'],
    [{ email: 'a@example.de', firstName: ['x'] }, 'firstName'],
    [{ email: 'a@example.de', firstName: 'x'.repeat(101) }, 'firstName'],
    [{ email: 'a@example.de', firstName: 'line\nbreak' }, 'firstName'],
    [{ email: 'a@example.de', consent: 'newsletter' }, 'consent'],
    [{ email: 'a@example.de', consent: ['Not A Topic!'] }, 'consent.0'],
    [{ email: 'a@example.de', phone: 'call me' }, 'phone'],
    [{ email: 'a@example.de', locale: 'deutsch!' }, 'locale'],
  ])('rejects %j naming %s', (input, path) => {
    const result = submissionSchema.safeParse(input);
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((issue) => issue.path.join('.'))).toContain(path);
  });

  it('stores injection strings verbatim (they are escaped where shown)', () => {
    const parsed = submissionSchema.parse({ email: 'a@example.de', firstName: `<script>alert(1)</script>' OR 1=1; --` });
    expect(parsed.firstName).toBe(`<script>alert(1)</script>' OR 1=1; --`);
  });
});

describe('submissionFromForm', () => {
  it('reads ticked topics from repeated consent= and consent_<topic>=on', () => {
    const { value } = submissionFromForm(new URLSearchParams('email=a%40example.de&consent=newsletter&consent_events=on&consent_offers=off'));
    expect(value.consent).toEqual(['newsletter', 'events']);
  });

  it('reports a field sent twice with different values', () => {
    expect(submissionFromForm(new URLSearchParams('email=a%40example.de&email=b%40example.de')).duplicates).toEqual(['email']);
  });
});

describe('parseSubmission', () => {
  it('rejects a JSON array body', () => {
    expect(issuesOf(() => parseSubmission(readBody(jsonEvent('[1,2]'), { maxBytes: 1000, accept: ['json'] })))).toEqual([
      { path: 'body', message: 'must be a JSON object' },
    ]);
  });

  it('parses an urlencoded body with umlauts', () => {
    const body = readBody(jsonEvent('email=j%C3%BCrgen%40example.de&firstName=J%C3%BCrgen', 'application/x-www-form-urlencoded'), {
      maxBytes: 1000,
      accept: ['form'],
    });
    expect(parseSubmission(body).firstName).toBe('Jürgen');
  });
});
