import escapeHtml from 'escape-html';

/**
 * A plain, accessible HTML page for people following links from mails or posting forms without
 * JavaScript: language set, one heading, readable without CSS.
 */
export function htmlPage(options: { lang: string; title: string; message: string; extraHtml?: string }): string {
  return `<!doctype html>
<html lang="${escapeHtml(options.lang)}">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><meta name="robots" content="noindex">
<title>${escapeHtml(options.title)}</title>
<style>body{font-family:system-ui,sans-serif;line-height:1.5;max-width:36rem;margin:3rem auto;padding:0 1rem;color:#1a1a1a}</style></head>
<body><main><h1>${escapeHtml(options.title)}</h1><p>${escapeHtml(options.message)}</p>${options.extraHtml ?? ''}</main></body>
</html>`;
}
