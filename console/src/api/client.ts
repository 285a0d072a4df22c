import { ApiProblem, SessionExpired } from './problem';

export interface ApiClient {
  get<T>(path: string, query?: Record<string, string | number | boolean | undefined>): Promise<T>;
  send<T>(
    method: 'POST' | 'PATCH' | 'PUT' | 'DELETE',
    path: string,
    body?: unknown,
    init?: { query?: Record<string, string | undefined>; headers?: Record<string, string>; rawBody?: BodyInit },
  ): Promise<T>;
  /** A download (CSV, export): the raw response body, with the server's suggested file name. */
  download(path: string, accept: string, query?: Record<string, string | undefined>): Promise<{ blob: Blob; fileName?: string }>;
}

function withQuery(path: string, query: Record<string, string | number | boolean | undefined> = {}): string {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(query)) if (value !== undefined && value !== '') params.set(name, String(value));
  const search = params.toString();
  return search ? `${path}?${search}` : path;
}

async function failure(response: Response, onExpired: () => void): Promise<never> {
  if (response.status === 401) {
    onExpired();
    throw new SessionExpired();
  }
  const type = response.headers.get('content-type') ?? '';
  if (type.includes('json')) {
    const body = (await response.json()) as { title?: string; detail?: string; errors?: Array<{ path: string; message: string }>; mergedInto?: unknown };
    const mergedInto = typeof body.mergedInto === 'string' ? body.mergedInto : undefined;
    throw new ApiProblem(response.status, body.title ?? response.statusText, body.detail, body.errors ?? [], mergedInto);
  }
  throw new ApiProblem(response.status, response.statusText, undefined);
}

/**
 * The console's one way to the API: the session's bearer token on every request, JSON in and out,
 * problem+json turned into {@link ApiProblem} (so a form can show each message beside its field),
 * and a refused token into {@link SessionExpired}.
 */
export function createApiClient(options: { baseUrl: string; token: () => Promise<string | undefined>; onExpired: () => void }): ApiClient {
  const request = async (method: string, path: string, init: { body?: BodyInit; headers?: Record<string, string> } = {}) => {
    const token = await options.token();
    const response = await fetch(`${options.baseUrl}${path}`, {
      method,
      headers: { accept: 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}), ...init.headers },
      ...(init.body !== undefined ? { body: init.body } : {}),
    });
    if (!response.ok) await failure(response, options.onExpired);
    return response;
  };
  return {
    async get<T>(path: string, query?: Record<string, string | number | boolean | undefined>) {
      return (await (await request('GET', withQuery(path, query))).json()) as T;
    },
    async send<T>(
      method: string,
      path: string,
      body?: unknown,
      init: { query?: Record<string, string | undefined>; headers?: Record<string, string>; rawBody?: BodyInit } = {},
    ) {
      const response = await request(method, withQuery(path, init.query), {
        ...(init.rawBody !== undefined ? { body: init.rawBody } : body !== undefined ? { body: JSON.stringify(body) } : {}),
        headers: { ...(body !== undefined && init.rawBody === undefined ? { 'content-type': 'application/json' } : {}), ...init.headers },
      });
      if (response.status === 204) return undefined as T;
      const text = await response.text();
      return (text ? JSON.parse(text) : undefined) as T;
    },
    async download(path: string, accept: string, query?: Record<string, string | undefined>) {
      const response = await request('GET', withQuery(path, query), { headers: { accept } });
      const disposition = response.headers.get('content-disposition') ?? '';
      const fileName = /filename="?([^";]+)"?/.exec(disposition)?.[1];
      return { blob: await response.blob(), ...(fileName ? { fileName } : {}) };
    },
  };
}
