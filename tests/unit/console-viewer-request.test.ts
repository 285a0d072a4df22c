import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CONSOLE_VIEWER_REQUEST_SOURCE } from '#infra/constructs/console-hosting';

type ViewerRequest = { uri: string; method: string; querystring: Record<string, { value: string }>; headers: Record<string, { value: string }> };

/** The deployed source, run as CloudFront runs it: a script whose `handler` receives the event. */
const handler = new Function(`${readFileSync(CONSOLE_VIEWER_REQUEST_SOURCE, 'utf8')}\nreturn handler;`)() as (event: {
  request: ViewerRequest;
}) => ViewerRequest;

const aViewerRequest = (uri: string): { request: ViewerRequest } => ({
  request: { uri, method: 'GET', querystring: { q: { value: 'anna' } }, headers: { host: { value: 'd111111abcdef8.cloudfront.net' } } },
});

describe('the console viewer-request function', () => {
  it.each(['/', '/contacts/123', '/contacts/123/', '/auth/callback', '/signed-out', '/segments/01JX5K8Q2/members'])(
    'answers the app route %s with /index.html',
    (uri) => {
      expect(handler(aViewerRequest(uri)).uri).toBe('/index.html');
    },
  );

  it.each(['/assets/index-abc.js', '/assets/index-abc.css', '/console-config.json', '/index.html', '/favicon.ico'])('passes the file %s unchanged', (uri) => {
    expect(handler(aViewerRequest(uri)).uri).toBe(uri);
  });

  it('keeps the rest of the request as it came', () => {
    const event = aViewerRequest('/contacts/123');
    const { uri, ...rest } = handler(event);
    expect(uri).toBe('/index.html');
    expect(rest).toEqual({ method: 'GET', querystring: { q: { value: 'anna' } }, headers: { host: { value: 'd111111abcdef8.cloudfront.net' } } });
  });
});
