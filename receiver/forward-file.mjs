/**
 * Forwards a stored request by appending one JSON line `{ reference, receivedAt, payload }` to a
 * file: for a folder another tool watches or syncs, or a mounted volume a ticketing import reads.
 * Same line shape as the webhook's body, so a consumer can switch between the two.
 */
import { appendFile, mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';

/**
 * @param {{ path: string }} options absolute path of the JSONL file (created, with its folder)
 * @returns {import('./forwarders.mjs').Forwarder}
 */
export function createFileForwarder({ path }) {
  // One append at a time: lines from two requests must not interleave.
  /** @type {Promise<unknown>} */
  let tail = Promise.resolve();

  return {
    name: `file ${path}`,
    send(record) {
      const line = `${JSON.stringify({ reference: record.reference, receivedAt: record.receivedAt, payload: record.payload })}\n`;
      const task = tail.then(async () => {
        await mkdir(dirname(path), { recursive: true });
        // 0600: what customers wrote is for the people who handle it, not every account on the host.
        await appendFile(path, line, { encoding: 'utf8', flag: 'a', mode: 0o600 });
      });
      tail = task.catch(() => {});
      return task.catch((error) => {
        const code = /** @type {NodeJS.ErrnoException} */ (error).code;
        throw new Error(`could not append to ${path}${code ? ` (${code})` : ''}`);
      });
    },
  };
}
