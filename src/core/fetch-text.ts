/**
 * Reads a small public text file (a security.txt, a team's OpenPGP key) under the same rules as the
 * transport (SPEC principle 3): only from a secure page, only over https (or http to loopback), no
 * cookies, no redirects (a 3xx could lead to a file on another host or scheme), a deadline covering
 * the body, and a bounded read: a server that answers with megabytes is cut off after `maxBytes + 1`
 * bytes, never buffered.
 *
 * A URL on another origin needs that server's CORS permission (`Access-Control-Allow-Origin`);
 * without it the browser reports a network error, which is what this returns.
 */
import { withDeadline } from './deadline.js';
import { checkEndpoint } from './endpoint-rules.js';

export const FETCH_TEXT_TIMEOUT_MS = 10_000;

export type FetchTextError = 'insecure-page' | 'insecure-endpoint' | 'network' | 'timeout' | 'http' | 'not-text' | 'too-large';

export type FetchText =
  | { readonly ok: true; readonly url: string; readonly text: string }
  | { readonly ok: false; readonly code: FetchTextError; readonly status?: number };

export interface FetchTextOptions {
  /** The page's URL (`location.href`): relative sources resolve against it. */
  readonly page: string;
  /** `window.isSecureContext`. */
  readonly secureContext: boolean;
  readonly maxBytes: number;
  /** Media types (without parameters) the file may be served as. */
  readonly types: readonly string[];
  readonly fetch?: typeof fetch;
  readonly timeoutMs?: number;
  readonly signal?: AbortSignal;
}

/** Never throws. */
export async function fetchText(source: string, options: FetchTextOptions): Promise<FetchText> {
  if (!options.secureContext) return { ok: false, code: 'insecure-page' };
  const endpoint = checkEndpoint(source, options.page);
  if (!endpoint.ok) return { ok: false, code: 'insecure-endpoint' };

  return withDeadline(
    options.timeoutMs ?? FETCH_TEXT_TIMEOUT_MS,
    options.signal,
    async (signal): Promise<FetchText> => {
      const response = await (options.fetch ?? globalThis.fetch.bind(globalThis))(endpoint.url.href, {
        method: 'GET',
        headers: { Accept: options.types.join(', ') },
        mode: 'cors',
        credentials: 'omit',
        redirect: 'error',
        referrerPolicy: 'strict-origin',
        signal,
      });
      const fail = (code: FetchTextError): FetchText => {
        // Tell the server to stop sending; nothing more of it will be read.
        response.body?.cancel().catch(() => {});
        return response.ok ? { ok: false, code } : { ok: false, code, status: response.status };
      };
      if (!response.ok) return fail('http');
      // A site without the file usually answers with its HTML page, and a 200.
      const type = (response.headers.get('Content-Type') ?? '').split(';')[0]!.trim().toLowerCase();
      if (!options.types.includes(type)) return fail('not-text');
      if (Number(response.headers.get('Content-Length')) > options.maxBytes) return fail('too-large');

      const decoder = new TextDecoder('utf-8', { fatal: false });
      const reader = response.body?.getReader();
      let text = '';
      for (let size = 0; reader; ) {
        const { done, value } = await reader.read();
        if (done) break;
        size += value.byteLength;
        if (size > options.maxBytes) {
          reader.cancel().catch(() => {});
          return { ok: false, code: 'too-large' };
        }
        text += decoder.decode(value, { stream: true });
      }
      text += decoder.decode();
      return { ok: true, url: endpoint.url.href, text };
    },
    (timedOut) => ({ ok: false, code: timedOut ? 'timeout' : 'network' }),
  );
}
