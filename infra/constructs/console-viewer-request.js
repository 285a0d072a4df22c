// CloudFront Function (cloudfront-js-2.0), viewer request of the console's default behavior.
//
// A path whose last segment has no file extension is a route of the single-page app (`/`,
// `/contacts/123`, `/auth/callback`): CloudFront fetches `/index.html` for it and the app's router
// reads the address bar. Files (`/assets/index-abc.js`, `/console-config.json`) pass unchanged, so a
// missing file stays an error instead of an HTML page. `/v1/*` has its own behavior and never gets
// here, which is why the API's 403/404 answers are untouched (no distribution-wide error pages).
// biome-ignore lint/correctness/noUnusedVariables: CloudFront Functions call the top-level `handler` by name
function handler(event) {
  var request = event.request;
  var lastSegment = request.uri.slice(request.uri.lastIndexOf('/') + 1);
  if (lastSegment.indexOf('.') === -1) request.uri = '/index.html';
  return request;
}
