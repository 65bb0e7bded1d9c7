/**
 * Hands each stored request to its forwarder, once, and keeps trying when that fails.
 *
 * The request is already on disk when forwarding starts, so a destination that is down loses
 * nothing: the failure is written to the forward log and the forward is retried in the background
 * after growing delays, a bounded number of times. Retries stop on close(); whatever was still
 * pending is in the forward log and is picked up by resume() on the next start.
 */
import { forwarderFor } from './forwarders.mjs';

/** Roughly 10 s, 1 min, 5 min and 30 min after the first attempt: long enough to ride out a restart of the destination. */
export const DEFAULT_RETRY_DELAYS_MS = Object.freeze([10_000, 60_000, 300_000, 1_800_000]);

/**
 * @typedef {import('./forwarders.mjs').StoredRequest} StoredRequest
 * @typedef {{ info: (message: string) => void, warn: (message: string) => void }} Logger
 */

/**
 * @param {{
 *   forwarders: import('./forwarders.mjs').Forwarders,
 *   forwardLog: ReturnType<typeof import('./forward-log.mjs').openForwardLog>,
 *   retryDelaysMs?: readonly number[],
 *   firstAttemptWaitMs?: number,
 *   logger: Logger,
 *   now?: () => number,
 * }} options `retryDelaysMs[i]` is the wait before attempt i + 2. `firstAttemptWaitMs` caps how long
 *   forward() waits for the first attempt (it goes on in the background): the customer is waiting
 *   for their answer meanwhile, and an SMTP exchange has several steps that each may take a timeout.
 */
export function createForwarding({ forwarders, forwardLog, retryDelaysMs = DEFAULT_RETRY_DELAYS_MS, firstAttemptWaitMs, logger, now = Date.now }) {
  /** @type {Map<string, ReturnType<typeof setTimeout>>} reference → scheduled retry */
  const timers = new Map();
  /** @type {Set<Promise<void>>} */
  const running = new Set();
  let closed = false;

  /**
   * One attempt; never rejects. On failure, either schedules the next one or gives up, and writes
   * which to the forward log.
   * @param {StoredRequest} record
   * @param {number} attempt 1 for the first
   */
  async function attemptForward(record, attempt) {
    const forwarder = forwarderFor(forwarders, record);
    if (forwarder === undefined) return;
    const entry = { reference: record.reference, kind: String(record.payload.kind), destination: forwarder.name, attempt };
    try {
      await forwarder.send(record);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      const delay = retryDelaysMs[attempt - 1];
      if (delay === undefined) {
        await writeLog({ ...entry, status: 'gave-up', error: message });
        logger.warn(`${record.reference}: not forwarded to ${forwarder.name} after ${attempt} attempts (${message}). It is kept in the data folder.`);
        return;
      }
      const retryAt = new Date(now() + delay).toISOString();
      await writeLog({ ...entry, status: 'failed', error: message, retryAt });
      logger.warn(`${record.reference}: forwarding to ${forwarder.name} failed (${message}); attempt ${attempt + 1} in ${Math.round(delay / 1000)} s.`);
      // After close() the entry above is what the next start resumes from.
      if (!closed) schedule(record, attempt + 1, delay);
      return;
    }
    await writeLog({ ...entry, status: 'delivered' });
    logger.info(`${record.reference}: forwarded to ${forwarder.name}${attempt > 1 ? ` (attempt ${attempt})` : ''}.`);
  }

  /** @param {Parameters<typeof forwardLog.append>[0]} entry */
  async function writeLog(entry) {
    try {
      await forwardLog.append(entry);
    } catch (error) {
      logger.warn(`could not write the forward log: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  /**
   * @param {StoredRequest} record
   * @param {number} attempt
   */
  function run(record, attempt) {
    const task = attemptForward(record, attempt).finally(() => running.delete(task));
    running.add(task);
    return task;
  }

  /**
   * @param {StoredRequest} record
   * @param {number} attempt
   * @param {number} delay ms
   */
  function schedule(record, attempt, delay) {
    clearTimeout(timers.get(record.reference));
    const timer = setTimeout(() => {
      timers.delete(record.reference);
      if (!closed) run(record, attempt);
    }, delay);
    // Pending retries alone do not keep the process alive; the server does while it runs.
    timer.unref();
    timers.set(record.reference, timer);
  }

  /**
   * Forwards a newly stored request. Resolves after the first attempt, delivered or not, or after
   * `firstAttemptWaitMs`, whichever comes first.
   * @param {StoredRequest} record
   * @returns {Promise<void>}
   */
  async function forward(record) {
    const forwarder = forwarderFor(forwarders, record);
    if (forwarder === undefined) return;
    // Written before the attempt: if the process dies during it, the next start still knows.
    await writeLog({ reference: record.reference, kind: String(record.payload.kind), destination: forwarder.name, attempt: 1, status: 'queued' });
    if (closed) return;
    const attempt = run(record, 1);
    if (firstAttemptWaitMs === undefined) return attempt;
    /** @type {ReturnType<typeof setTimeout> | undefined} */
    let timer;
    const waited = new Promise((resolve) => {
      timer = setTimeout(resolve, firstAttemptWaitMs);
    });
    await Promise.race([attempt, waited]);
    clearTimeout(timer);
  }

  /**
   * Schedules the forwards the forward log shows as unfinished (from an earlier run).
   * @param {StoredRequest[]} records every stored request
   * @returns {number} how many were resumed
   */
  function resume(records) {
    const byReference = new Map(records.map((record) => [record.reference, record]));
    let resumed = 0;
    for (const entry of forwardLog.readPending()) {
      const record = byReference.get(entry.reference);
      if (record === undefined || forwarderFor(forwarders, record) === undefined) continue;
      const attempt = entry.status === 'queued' ? entry.attempt || 1 : (entry.attempt || 1) + 1;
      const due = entry.retryAt ? Date.parse(entry.retryAt) - now() : 0;
      schedule(record, attempt, Number.isFinite(due) ? Math.max(0, due) : 0);
      resumed += 1;
    }
    return resumed;
  }

  /** Stops retrying, waits for attempts under way and for the log to be written. */
  async function close() {
    closed = true;
    for (const timer of timers.values()) clearTimeout(timer);
    timers.clear();
    await Promise.allSettled([...running]);
    await forwardLog.flush();
    const distinct = new Set([forwarders.contact, forwarders.security]);
    await Promise.allSettled([...distinct].map((forwarder) => forwarder?.close?.()));
  }

  return { forward, resume, close, pending: () => timers.size };
}
