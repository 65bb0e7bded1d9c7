/**
 * `forward-log.jsonl` in the data folder: one line per forwarding event, appended, never rewritten.
 * It answers "did MB-7KQ2XD reach the security team, and when?" and it is how forwards that were
 * still pending when the receiver stopped (or crashed) are picked up again on the next start.
 *
 * Each line: `{ at, reference, kind, destination, attempt, status, error?, retryAt? }`, where status
 * is `queued` (stored, about to be forwarded), `delivered`, `failed` (another attempt at `retryAt`)
 * or `gave-up` (no attempts left; the request is still in the data files).
 */
import { appendFile, mkdir } from 'node:fs/promises';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export const FORWARD_LOG_FILE = 'forward-log.jsonl';

/**
 * @typedef {'queued' | 'delivered' | 'failed' | 'gave-up'} ForwardStatus
 * @typedef {{
 *   at: string, reference: string, kind: string, destination: string, attempt: number,
 *   status: ForwardStatus, error?: string, retryAt?: string,
 * }} ForwardEntry
 */

/**
 * @param {{ dataDir: string, redact?: (text: string) => string, now?: () => Date }} options
 *   `redact` is applied to every text field before it is written
 */
export function openForwardLog({ dataDir, redact = (text) => text, now = () => new Date() }) {
  const file = join(dataDir, FORWARD_LOG_FILE);
  /** @type {Promise<unknown>} */
  let tail = Promise.resolve();

  /**
   * @param {Omit<ForwardEntry, 'at'>} entry
   * @returns {Promise<void>}
   */
  function append(entry) {
    // Field by field rather than the finished line, so a replacement can never break the JSON.
    const safe = Object.fromEntries(Object.entries(entry).map(([key, value]) => [key, typeof value === 'string' ? redact(value) : value]));
    const line = `${JSON.stringify({ at: now().toISOString(), ...safe })}\n`;
    const task = tail.then(async () => {
      await mkdir(dataDir, { recursive: true });
      await appendFile(file, line, { encoding: 'utf8', flag: 'a', mode: 0o600 });
    });
    // A failed write must not wedge the log for every later line.
    tail = task.catch(() => {});
    return task;
  }

  /**
   * The last entry of every request whose forwarding had not finished: `queued` or `failed`.
   * Unreadable lines (a write cut short by a crash) are skipped.
   * @returns {ForwardEntry[]}
   */
  function readPending() {
    if (!existsSync(file)) return [];
    /** @type {Map<string, ForwardEntry>} */
    const last = new Map();
    for (const line of readFileSync(file, 'utf8').split('\n')) {
      if (line.trim() === '') continue;
      try {
        const entry = JSON.parse(line);
        if (typeof entry?.reference === 'string' && typeof entry?.status === 'string') last.set(entry.reference, entry);
      } catch {
        // skipped, as described above
      }
    }
    return [...last.values()].filter((entry) => entry.status === 'queued' || entry.status === 'failed');
  }

  /** Resolves when every line appended so far is on disk. */
  function flush() {
    return tail.then(() => {});
  }

  return { file, append, readPending, flush };
}
