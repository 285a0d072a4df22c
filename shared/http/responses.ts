import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';

const BASE_HEADERS = { 'x-content-type-options': 'nosniff', 'cache-control': 'no-store' };

export function json(statusCode: number, body: unknown, headers: Record<string, string> = {}): APIGatewayProxyStructuredResultV2 {
  return { statusCode, headers: { 'content-type': 'application/json; charset=utf-8', ...BASE_HEADERS, ...headers }, body: JSON.stringify(body) };
}

export function html(statusCode: number, body: string, headers: Record<string, string> = {}): APIGatewayProxyStructuredResultV2 {
  return {
    statusCode,
    headers: {
      'content-type': 'text/html; charset=utf-8',
      'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'",
      'referrer-policy': 'no-referrer',
      ...BASE_HEADERS,
      ...headers,
    },
    body,
  };
}

/** A CSV download (RFC 4180, UTF-8 with a byte-order mark so spreadsheets read umlauts right). */
export function csv(statusCode: number, body: string, filename: string): APIGatewayProxyStructuredResultV2 {
  return {
    statusCode,
    headers: {
      'content-type': 'text/csv; charset=utf-8; header=present',
      'content-disposition': `attachment; filename="${filename.replace(/[^\w.-]/g, '_')}"`,
      ...BASE_HEADERS,
    },
    body: `\uFEFF${body}`,
  };
}

export function redirect(location: string, statusCode = 303): APIGatewayProxyStructuredResultV2 {
  return { statusCode, headers: { location, ...BASE_HEADERS }, body: '' };
}

export function noContent(headers: Record<string, string> = {}): APIGatewayProxyStructuredResultV2 {
  return { statusCode: 204, headers: { ...BASE_HEADERS, ...headers }, body: '' };
}
