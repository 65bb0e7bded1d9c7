/**
 * Fetches a site's security.txt (RFC 9116 §3: served as text/plain), with fetch-text.ts's rules:
 * secure pages only, https only, no cookies, no redirects, a deadline, a bounded read.
 */
import { fetchText, FETCH_TEXT_TIMEOUT_MS, type FetchTextError } from './fetch-text.js';
import { SECURITY_TXT_MAX_BYTES, parseSecurityTxt, type SecurityTxt } from './security-txt.js';

export const SECURITY_TXT_TIMEOUT_MS = FETCH_TEXT_TIMEOUT_MS;

export type SecurityTxtFetchError = FetchTextError;

export type SecurityTxtFetch =
  | ({ readonly ok: true; readonly url: string } & SecurityTxt)
  | { readonly ok: false; readonly code: SecurityTxtFetchError; readonly status?: number };

export interface FetchSecurityTxtOptions {
  /** The page's URL (`location.href`): `auto` and relative sources resolve against it. */
  readonly page: string;
  /** `window.isSecureContext`. */
  readonly secureContext: boolean;
  readonly fetch?: typeof fetch;
  readonly timeoutMs?: number;
  /** Decides `expired`; defaults to the current time. */
  readonly now?: Date;
  readonly signal?: AbortSignal;
}

/**
 * Reads `source`: `auto` for the page origin's `/.well-known/security.txt`, or a URL. Never throws.
 */
export async function fetchSecurityTxt(source: string, options: FetchSecurityTxtOptions): Promise<SecurityTxtFetch> {
  const url = source.trim().toLowerCase() === 'auto' ? '/.well-known/security.txt' : source;
  const file = await fetchText(url, { ...options, maxBytes: SECURITY_TXT_MAX_BYTES, types: ['text/plain'] });
  return file.ok ? { ok: true, url: file.url, ...parseSecurityTxt(file.text, { now: options.now }) } : file;
}
