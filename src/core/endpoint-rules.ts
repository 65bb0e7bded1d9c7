/**
 * The HTTPS rule (SPEC principle 3): what a customer typed may only travel to an `https:` endpoint, or
 * to `http:` on a loopback host (it never leaves the machine), and never with a user:password part.
 *
 * The decision is made on the platform's WHATWG URL parser's output, never on the raw string: a regular
 * expression cannot agree with the parser on the many spellings of a scheme or host (`HTTPS:`,
 * `https:\\\\host`, tabs and newlines inside the scheme, `0x7f.1`), and disagreement is how a filter
 * gets bypassed.
 */

export type EndpointProblem =
  /** No endpoint was given at all. */
  | 'missing'
  /** The platform URL parser refused the value. */
  | 'unparsable'
  /** The scheme is not `https:` (nor `http:` on a loopback host). */
  | 'insecure-scheme'
  /** The URL carries a user name or password, which would travel in clear in logs and referrers. */
  | 'credentials';

export type EndpointCheck =
  | { readonly ok: true; readonly url: URL }
  | { readonly ok: false; readonly problem: EndpointProblem };

/**
 * Loopback per the Secure Contexts spec's "potentially trustworthy origin": `localhost`, names under
 * `.localhost` (RFC 6761 reserves them for loopback), `127.0.0.0/8` and `[::1]`. The hostname given
 * here is the URL parser's serialisation, so `0x7f.1` has already become `127.0.0.1` and
 * `[0:0::1]` has become `[::1]`.
 */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.toLowerCase();
  if (host === 'localhost' || host.endsWith('.localhost')) return true;
  if (host === '[::1]') return true;
  return /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}

/**
 * Checks an endpoint as configured by a site owner. Relative values resolve against `base` (the
 * page's base URL) the way a form's `action` does, so `/contact` on an `http:` page is refused for the
 * scheme it resolves to.
 */
export function checkEndpoint(raw: string | null | undefined, base?: string): EndpointCheck {
  if (raw == null || raw.trim() === '') return { ok: false, problem: 'missing' };
  let url: URL;
  try {
    url = base === undefined ? new URL(raw) : new URL(raw, base);
  } catch {
    return { ok: false, problem: 'unparsable' };
  }
  if (url.username !== '' || url.password !== '') return { ok: false, problem: 'credentials' };
  if (url.protocol === 'https:') return { ok: true, url };
  if (url.protocol === 'http:' && isLoopbackHost(url.hostname)) return { ok: true, url };
  return { ok: false, problem: 'insecure-scheme' };
}

export function isSecureEndpoint(raw: string | null | undefined, base?: string): boolean {
  return checkEndpoint(raw, base).ok;
}
