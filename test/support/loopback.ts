// Browser-side access to the loopback test server (test/support/loopback-server.mjs).
//
// The server is started once by web-test-runner.config.mjs, which serves its addresses to test
// pages as the module /__membrane/loopback.js. All browsers share it at the same time, so tests
// should look up what they sent by Idempotency-Key rather than clear the whole log.

// @ts-ignore -- a virtual module served by the membrane-loopback plugin; it has no file to type.
import { httpsBase as servedHttpsBase, httpBase as servedHttpBase } from '/__membrane/loopback.js';

/** `https://127.0.0.1:<port>`: the HTTPS loopback server (self-signed; the test browsers trust it). */
export const httpsBase: string = servedHttpsBase;
/** `http://127.0.0.1:<port>`: the same routes over plain HTTP, for the loopback exception. */
export const httpBase: string = servedHttpBase;

// Captured at load, before any test installs fake timers, so waiting here still works under them.
const realSetTimeout = globalThis.setTimeout.bind(globalThis);
const realNow = performance.now.bind(performance);

/** One POST as the server received it. Header names are lowercase. */
export interface RecordedRequest {
  scheme: 'https' | 'http';
  method: string;
  /** Path without the query, e.g. `/receive` or `/status/201`. */
  path: string;
  /** Path with the query, as sent. */
  url: string;
  headers: Record<string, string | string[] | undefined>;
  /** The parsed JSON body, or the raw text when it is not JSON. */
  body: unknown;
  rawBody: string;
  /** True when the body exceeded the 1 MiB cap (answered 413; body not kept). */
  tooLarge: boolean;
}

/**
 * A URL on the loopback server, e.g. `loopbackUrl('/status/503', { type: 'html' })`.
 * `scheme: 'http'` picks the plain-HTTP server.
 */
export function loopbackUrl(
  path: string,
  query: Record<string, string | number> = {},
  { scheme = 'https' }: { scheme?: 'https' | 'http' } = {},
): string {
  const url = new URL(path, scheme === 'https' ? httpsBase : httpBase);
  for (const [name, value] of Object.entries(query)) url.searchParams.set(name, String(value));
  return url.href;
}

/** The POSTs received with this Idempotency-Key (all POSTs when `key` is omitted), oldest first. */
export async function recordedRequests(key?: string): Promise<RecordedRequest[]> {
  const response = await fetch(loopbackUrl('/requests', key === undefined ? {} : { key }));
  if (!response.ok) throw new Error(`GET /requests answered ${response.status}`);
  return (await response.json()) as RecordedRequest[];
}

/**
 * Waits until at least `count` POSTs with this Idempotency-Key have arrived, e.g. to know that a
 * request sent to `/hang` or `/slow` reached the server before moving fake timers on (it waits
 * with the real clock).
 */
export async function waitForRequests(key: string, count = 1, timeoutMs = 5000): Promise<RecordedRequest[]> {
  const deadline = realNow() + timeoutMs;
  for (;;) {
    const requests = await recordedRequests(key);
    if (requests.length >= count) return requests;
    if (realNow() > deadline) {
      throw new Error(`expected ${count} request(s) with Idempotency-Key ${key}, got ${requests.length}`);
    }
    await new Promise((resolve) => realSetTimeout(resolve, 25));
  }
}

/** Forgets the recorded POSTs for one key (or all of them, which races with other browsers). */
export async function clearRecordedRequests(key?: string): Promise<void> {
  const response = await fetch(loopbackUrl('/requests', key === undefined ? {} : { key }), { method: 'DELETE' });
  if (!response.ok) throw new Error(`DELETE /requests answered ${response.status}`);
}

/**
 * A `/faults/receive` URL: a receiver that follows `script` for each Idempotency-Key, one step per
 * attempt, the last step repeating, e.g. `faultUrl('503+ra=1,ok')` or `faultUrl('stored-drop,ok')`.
 * Steps: `ok`, a status (`503`, `429+ra=1`, `503+ra=date:2`), `drop`, `stored-drop`,
 * `stored-slow:<ms>`, `slow:<ms>` (see test/support/loopback-server.mjs for what each does).
 */
export function faultUrl(script: string, { scheme = 'https' }: { scheme?: 'https' | 'http' } = {}): string {
  return loopbackUrl('/faults/receive', { script }, { scheme });
}

/** What the receiver holds for one Idempotency-Key, and how often the client tried. */
export interface StoredCount {
  /** Records the receiver stored under the key: exactly 1 is the goal whatever the faults were. */
  count: number;
  /** POSTs with the key that reached `/faults/receive` (each retry is one). */
  attempts: number;
  /** The stored records' references, oldest first, to compare with what the customer was shown. */
  references: string[];
}

/** How many records the receiver stored for this Idempotency-Key and how many attempts arrived. */
export async function storedCount(key: string): Promise<StoredCount> {
  const response = await fetch(loopbackUrl('/stored', { key }));
  if (!response.ok) throw new Error(`GET /stored answered ${response.status}`);
  return (await response.json()) as StoredCount;
}
