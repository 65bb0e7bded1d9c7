/**
 * When a failed send is tried again, and when it is not. A customer who just pressed "Send" gets a few
 * quick retries while they watch; after that the message waits on a slower background schedule, so a
 * backend that is down is not hammered by every visitor's tab at once.
 */
import type { Delivery } from './transport.js';

/** Quick retries: at most 2 + 4 + 8 = 14 s of waiting after the first send, while the customer watches. */
export const INTERACTIVE_RETRIES = 3;
export const INTERACTIVE_BASE_MS = 1_000;
export const INTERACTIVE_CAP_MS = 8_000;
/** Background retries: 30 s, 1 min, 2 min, … up to 15 min apart (before jitter). */
export const BACKGROUND_BASE_MS = 30_000;
export const BACKGROUND_CAP_MS = 15 * 60_000;
/** A server may ask for a longer wait than our own schedule, but not for an unbounded one. */
export const MAX_RETRY_AFTER_MS = 60 * 60_000;

export type RetryPhase = 'interactive' | 'background';

/**
 * Whether trying the same request again (same Idempotency-Key) may succeed. 408, 425, 429 and 5xx are
 * passing conditions; 409 is what Idempotency-Key servers answer while the first copy of a request is
 * still being processed. Other 4xx, a refusal naming fields, and the security checks
 * (`insecure-*`, `config`) need the customer or the site owner, not time.
 */
export function isRetryable(result: Delivery): boolean {
  if (result.ok) return false;
  if (result.code === 'network' || result.code === 'timeout') return true;
  const status = result.status;
  if (result.code !== 'http' || status === undefined || result.fieldErrors) return false;
  return status >= 500 || status === 408 || status === 409 || status === 425 || status === 429;
}

const IMF_FIXDATE =
  /^(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun), (\d\d) (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) (\d{4}) (\d\d):(\d\d):(\d\d) GMT$/;
const MONTHS = 'JanFebMarAprMayJunJulAugSepOctNovDec';

/**
 * Reads a Retry-After header (RFC 9110 §10.2.3): delta-seconds or an IMF-fixdate, as a delay in ms
 * clamped to [0, MAX_RETRY_AFTER_MS]. The obsolete date forms and anything else give `undefined`,
 * which leaves the decision to our own backoff: a wrong guess could either hammer the server or
 * park the message for a day.
 */
export function parseRetryAfter(value: string | null | undefined, now: number): number | undefined {
  const text = value?.trim() ?? '';
  let delay: number;
  if (/^\d+$/.test(text)) {
    delay = Number(text) * 1000;
  } else {
    const m = IMF_FIXDATE.exec(text);
    if (!m) return undefined;
    const [day, hours, minutes, seconds] = [m[1], m[4], m[5], m[6]].map(Number) as [number, number, number, number];
    // Date.UTC would roll "31 Feb" into March and 25:00 into the next day; such a date is garbage.
    const at = Date.UTC(Number(m[3]), MONTHS.indexOf(m[2]!) / 3, day, hours, minutes, Math.min(seconds, 59));
    if (new Date(at).getUTCDate() !== day || hours > 23 || minutes > 59 || seconds > 60) return undefined;
    delay = at - now;
  }
  return Math.min(MAX_RETRY_AFTER_MS, Math.max(0, delay));
}

export interface BackoffOptions {
  readonly baseMs?: number;
  readonly capMs?: number;
  /** The server's Retry-After, in ms: a floor under the jittered delay. */
  readonly retryAfterMs?: number | undefined;
  /** The ceiling for the result, Retry-After included. */
  readonly maxMs?: number;
}

/**
 * Exponential backoff with full jitter: a uniform draw in [0, min(cap, base · 2^attempt)). Full jitter
 * spreads out the tabs and visitors that failed together (one outage), so they do not retry in lockstep.
 */
export function backoffDelay(attempt: number, random: () => number, options: BackoffOptions = {}): number {
  const { baseMs = INTERACTIVE_BASE_MS, capMs = INTERACTIVE_CAP_MS, retryAfterMs, maxMs = MAX_RETRY_AFTER_MS } = options;
  const r = random();
  const jittered = (r >= 0 && r <= 1 ? r : 0) * Math.min(capMs, baseMs * 2 ** attempt);
  const floor = retryAfterMs !== undefined && retryAfterMs > 0 ? retryAfterMs : 0;
  return Math.min(maxMs, Math.max(floor, jittered));
}

/**
 * The wait before the next send, given how many sends were made so far (1 after the first failure).
 * The phase tells the UI whether to keep the customer waiting (`interactive`) or to say the message
 * is kept and will be sent later (`background`): a long Retry-After ends the quick phase early.
 */
export function nextAttemptDelay(
  attempt: number,
  retryAfterMs: number | undefined,
  random: () => number,
): { delayMs: number; phase: RetryPhase } {
  const quick = attempt <= INTERACTIVE_RETRIES;
  const delayMs = quick
    ? backoffDelay(attempt, random, { retryAfterMs })
    : backoffDelay(attempt - INTERACTIVE_RETRIES - 1, random, { baseMs: BACKGROUND_BASE_MS, capMs: BACKGROUND_CAP_MS, retryAfterMs });
  return { delayMs, phase: quick && delayMs <= INTERACTIVE_CAP_MS ? 'interactive' : 'background' };
}
