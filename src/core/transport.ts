/**
 * The one place that talks to the network. Every rule about how a request may travel lives here:
 * HTTPS only (checked again at the last moment), no redirects (a 3xx could downgrade to `http:` or
 * hand the body to another host), no cookies or credentials, a bounded wait, and an honest result:
 * only a 2xx counts as sent.
 *
 * `no-cors` is never used (an opaque response cannot tell success from failure) and neither is
 * `navigator.sendBeacon` (it reports queuing, not delivery).
 */
import type { Adapter, AdapterContext, BackendResponse } from './adapters/adapter.js';
import { jsonAdapter } from './adapters/json.js';
import { withDeadline } from './deadline.js';
import { checkEndpoint, type EndpointProblem } from './endpoint-rules.js';
import { LIMITS } from './limits.js';
import { referenceFromId } from './payload.js';
import { parseRetryAfter } from './retry-policy.js';
import type { FieldErrors, Payload } from './schemas.js';
import { hasForbiddenLineCharacters } from './text-rules.js';

export const DEFAULT_TIMEOUT_MS = 30_000;

export type DeliveryErrorCode = 'insecure-endpoint' | 'insecure-page' | 'network' | 'http' | 'timeout' | 'config';

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
      /** The fields the backend refused, when it named them. */
      readonly fieldErrors?: FieldErrors;
      /** What went wrong in a custom adapter (`config`), for the site owner. */
      readonly detail?: string;
      /** The site owner's setting at fault, when one is (`captcha`). */
      readonly attribute?: string;
      /** The server's Retry-After, in ms, when it sent one (and exposed it to the page). */
      readonly retryAfterMs?: number | undefined;
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
  /** How to speak to the backend; the default posts the payload as JSON. */
  readonly adapter?: Adapter;
  /** `backend-key`, for services that take a public key. */
  readonly key?: string | undefined;
  /** Headers added to this attempt (a CAPTCHA token, fresh for each attempt). */
  readonly headers?: Readonly<Record<string, string>> | undefined;
}

/** Browsers refuse `keepalive` for bodies over 64 KiB in flight at once; keep well under it. */
const KEEPALIVE_MAX = 60_000;

export async function sendPayload(options: SendOptions): Promise<Delivery> {
  if (!options.secureContext) return { ok: false, code: 'insecure-page' };
  const adapter = options.adapter ?? jsonAdapter;
  const context: AdapterContext = { endpoint: options.endpoint, key: options.key };
  let request;
  try {
    request = adapter.toRequest(options.payload, context);
  } catch (error) {
    return { ok: false, code: 'config', detail: String(error) };
  }
  // The rule applies to the URL an adapter returns, whoever wrote the adapter.
  const endpoint = checkEndpoint(request.url, options.base);
  if (!endpoint.ok) return { ok: false, code: 'insecure-endpoint', endpointProblem: endpoint.problem };

  const doFetch = options.fetch ?? globalThis.fetch.bind(globalThis);
  return withDeadline(
    options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    options.signal,
    async (signal): Promise<Delivery> => {
      const body = request.init.body ?? null;
      const response = await doFetch(endpoint.url.href, {
        method: request.init.method ?? 'POST',
        headers: { ...(request.init.headers as Record<string, string> | undefined), ...options.headers },
        body,
        // A send that is under way when the customer leaves the page still completes.
        keepalive: typeof body === 'string' && new TextEncoder().encode(body).length < KEEPALIVE_MAX,
        // Only these fields of an adapter's init are used, and these are fixed, so no adapter can
        // loosen them. Never 'no-cors': an opaque answer cannot tell success from failure.
        mode: 'cors',
        credentials: 'omit',
        redirect: 'error',
        referrerPolicy: 'strict-origin',
        signal,
      });
      const bodyText = await response.text();
      return interpretResponse(response.status, response.headers, bodyText, options.payload.id, adapter);
    },
    (timedOut) => ({ ok: false, code: timedOut ? 'timeout' : 'network' }),
  );
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

/**
 * Reads an answer: only a 2xx counts as sent. The adapter may name the reference, or refuse with
 * field errors (some services answer 200 with a refusal in the body); the status has the last word
 * for acceptance, so a 4xx naming a reference is still not sent.
 */
export function interpretResponse(
  status: number,
  headers: string | null | BackendResponse['headers'],
  bodyText: string,
  id: string,
  adapter: Adapter = jsonAdapter,
): Delivery {
  const contentType = typeof headers === 'string' || headers === null ? headers : headers.get('Content-Type');
  const isJson = /^application\/([a-z0-9.+-]*\+)?json\b/i.test(contentType ?? '');
  const json = isJson ? parseJson(bodyText) : undefined;
  const ok = status >= 200 && status <= 299;
  const view: BackendResponse = {
    status,
    ok,
    text: bodyText,
    json,
    headers: typeof headers === 'string' || headers === null ? { get: (name) => (/^content-type$/i.test(name) ? headers : null) } : headers,
  };
  let outcome;
  try {
    outcome = adapter.fromResponse?.(view);
  } catch {
    outcome = undefined;
  }
  if (outcome && 'fieldErrors' in outcome) return { ok: false, code: 'http', status, fieldErrors: outcome.fieldErrors };
  if (!ok) {
    const retryAfterMs = parseRetryAfter(view.headers.get('Retry-After'), Date.now());
    return retryAfterMs === undefined ? { ok: false, code: 'http', status } : { ok: false, code: 'http', status, retryAfterMs };
  }
  const shape: ResponseShape = bodyText.trim() === '' ? 'empty' : json !== undefined ? 'json' : 'other';
  const fromServer = usableReference(outcome?.reference);
  return {
    ok: true,
    reference: fromServer ?? referenceFromId(id),
    referenceFromServer: fromServer !== undefined,
    status,
    shape,
  };
}
