/**
 * Response headers for the demo's HTML pages. The demo pages are what site owners copy, so they run
 * under the Content-Security-Policy a careful site would have: no inline scripts or styles, no eval.
 * If the widget works here, it works on their strict page too.
 *
 * No Strict-Transport-Security: on `localhost` it would pin every other local dev server to HTTPS.
 */

/** For pages that load the Membrane bundle. */
export const PAGE_CSP = [
  "default-src 'self'",
  "style-src 'self'",
  "script-src 'self'",
  // The security form encrypts reports in a worker made from its own integrity-checked file.
  "worker-src 'self' blob:",
  "connect-src 'self'",
  "img-src 'self' data:",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

/** For the inbox: it shows what strangers typed, so it runs no script at all. */
export const INBOX_CSP = [
  "default-src 'none'",
  "style-src 'self'",
  "img-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

/**
 * @param {import('node:http').ServerResponse} res
 * @param {string} csp
 */
export function setPageHeaders(res, csp = PAGE_CSP) {
  res.setHeader('Content-Security-Policy', csp);
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('Referrer-Policy', 'strict-origin-when-cross-origin');
  res.setHeader('Cross-Origin-Opener-Policy', 'same-origin');
  res.setHeader('X-Frame-Options', 'DENY');
}
