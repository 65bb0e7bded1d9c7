/**
 * The one place that talks to the network. Every rule about how a request may travel lives here:
 * HTTPS only (checked again at the last moment), no redirects (a 3xx could downgrade to `http:` or
 * hand the body to another host), no cookies or credentials, a bounded wait, and an honest result:
 * only a 2xx counts as sent.
 *
 * `no-cors` is never used (an opaque response cannot tell success from failure) and neither is
 * `navigator.sendBeacon` (it reports queuing, not delivery).
 */
import { checkEndpoint, type EndpointProblem } from './endpoint-rules.js';
import { LIMITS } from './limits.js';
import { referenceFromId } from './payload.js';
import type { Payload } from './schemas.js';
import { hasForbiddenLineCharacters } from './text-rules.js';

export const DEFAULT_TIMEOUT_MS = 30_000;

export type DeliveryErrorCode = 'insecure-endpoint' | 'insecure-page' | 'network' | 'http' | 'timeout';

/** How a 2xx answer was shaped: a site owner pointing the form at a web page gets `other`. */
export type ResponseShape = 'json' | 'empty' | 'other';

export type Delivery =
  | {
      readonly ok: true;
      readonly reference: string;
      /** False when the backend gave no reference and one was derived from the payload id. */
      readonly referenceFromServer: boolean;
      readonly status: number;
      readonly shape: ResponseShape;
    }
  | {
      readonly ok: false;
      readonly code: DeliveryErrorCode;
      readonly status?: number;
      readonly endpointProblem?: EndpointProblem;
      /** The parsed JSON error body, when the backend sent one. */
      readonly body?: unknown;
    };

export interface SendOptions {
  readonly endpoint: string | undefined;
  readonly payload: Payload;
  /** The page's base URL, against which a relative endpoint resolves. */
  readonly base?: string;
  /** `window.isSecureContext`; nothing is sent from a page that could have been tampered with. */
  readonly secureContext: boolean;
  readonly timeoutMs?: number;
  readonly signal?: AbortSignal;
  readonly fetch?: typeof fetch;
}

export async function sendPayload(options: SendOptions): Promise<Delivery> {
  if (!options.secureContext) return { ok: false, code: 'insecure-page' };
  const endpoint = checkEndpoint(options.endpoint, options.base);
  if (!endpoint.ok) return { ok: false, code: 'insecure-endpoint', endpointProblem: endpoint.problem };

  const doFetch = options.fetch ?? globalThis.fetch.bind(globalThis);
  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, options.timeoutMs ?? DEFAULT_TIMEOUT_MS);
  const onAbort = () => controller.abort();
  // An already aborted signal never fires 'abort': check it, or the request would go out anyway.
  if (options.signal?.aborted) controller.abort();
  options.signal?.addEventListener('abort', onAbort, { once: true });

  try {
    const response = await doFetch(endpoint.url.href, {
      method: 'POST',
      mode: 'cors',
      credentials: 'omit',
      redirect: 'error',
      cache: 'no-store',
      referrerPolicy: 'strict-origin',
      headers: {
        'Content-Type': 'application/json',
        Accept: 'application/json',
        'Idempotency-Key': options.payload.id,
      },
      body: JSON.stringify(options.payload),
      signal: controller.signal,
    });
    // The body is read inside the same deadline: a server that sends headers and then stalls is a
    // timeout, not a success.
    const bodyText = await response.text();
    return interpretResponse(response.status, response.headers.get('Content-Type'), bodyText, options.payload.id);
  } catch {
    return { ok: false, code: timedOut ? 'timeout' : 'network' };
  } finally {
    clearTimeout(timer);
    options.signal?.removeEventListener('abort', onAbort);
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** A backend's reference is shown to the customer, so it must be short, printable text. */
function usableReference(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const trimmed = value.trim();
  if (trimmed === '' || trimmed.length > LIMITS.reference || hasForbiddenLineCharacters(trimmed)) return undefined;
  return trimmed;
}

export function interpretResponse(
  status: number,
  contentType: string | null,
  bodyText: string,
  id: string,
): Delivery {
  const isJson = /^application\/([a-z0-9.+-]*\+)?json\b/i.test(contentType ?? '');
  const body = isJson ? parseJson(bodyText) : undefined;
  if (status < 200 || status > 299) {
    return body === undefined ? { ok: false, code: 'http', status } : { ok: false, code: 'http', status, body };
  }
  const shape: ResponseShape = bodyText.trim() === '' ? 'empty' : body !== undefined ? 'json' : 'other';
  const fromServer =
    body !== null && typeof body === 'object' ? usableReference((body as { reference?: unknown }).reference) : undefined;
  return {
    ok: true,
    reference: fromServer ?? referenceFromId(id),
    referenceFromServer: fromServer !== undefined,
    status,
    shape,
  };
}
