/**
 * Append-only storage for accepted requests: one JSON line per request, security reports in a file
 * of their own so they can be handed to the people qualified to read them (SPEC principle 2).
 *
 *   dataDir/requests.jsonl   contact and follow-up requests
 *   dataDir/security.jsonl   security reports
 *
 * Each line is `{ "receivedAt", "reference", "payload" }`. The files are the only state: the
 * idempotency index (payload id → stored request and its body hash) is rebuilt from them on start,
 * so a retry that arrives after a restart still gets the reference it was first given, a different
 * body under an old key is still recognised, and nothing is stored twice.
 */
import { randomInt } from 'node:crypto';
import { appendFile } from 'node:fs/promises';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { hashPayload } from './idempotency.mjs';

export const QUEUE_FILES = Object.freeze({ security: 'security.jsonl', other: 'requests.jsonl' });

// Crockford-like: no 0/O or 1/I, so a reference read out over the phone or copied by hand survives.
const REFERENCE_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
const REFERENCE_LENGTH = 6;

/** @returns {string} e.g. `MB-7KQ2XD` */
export function createReference() {
  let code = '';
  for (let i = 0; i < REFERENCE_LENGTH; i++) code += REFERENCE_ALPHABET[randomInt(REFERENCE_ALPHABET.length)];
  return `MB-${code}`;
}

/** @param {{ kind: string }} payload */
export function queueOf(payload) {
  return payload.kind === 'security' ? 'security' : 'other';
}

/**
 * @typedef {{ receivedAt: string, reference: string, payload: Record<string, any> }} StoredRequest
 * @typedef {{ reference: string, replayed: boolean, record: StoredRequest }} StoreResult
 * @typedef {{ record: StoredRequest, hash: string }} KnownRequest
 */

/**
 * Reads one queue file. A line cut short by a crash (or edited by hand) is skipped, not fatal: the
 * other requests in the file are still worth showing.
 * @param {string} file
 * @param {(message: string) => void} warn
 * @returns {{ records: StoredRequest[], endsWithNewline: boolean }}
 */
function readQueue(file, warn) {
  if (!existsSync(file)) return { records: [], endsWithNewline: true };
  const text = readFileSync(file, 'utf8');
  /** @type {StoredRequest[]} */
  const records = [];
  text.split('\n').forEach((line, index) => {
    if (line.trim() === '') return;
    try {
      const record = JSON.parse(line);
      if (typeof record?.reference === 'string' && typeof record?.payload?.id === 'string') records.push(record);
      else throw new Error('not a stored request');
    } catch {
      warn(`membrane receiver: skipping unreadable line ${index + 1} of ${file}`);
    }
  });
  return { records, endsWithNewline: text === '' || text.endsWith('\n') };
}

/**
 * @param {{ dataDir: string, now?: () => Date, warn?: (message: string) => void }} options
 */
export function openRequestStore({ dataDir, now = () => new Date(), warn = console.warn }) {
  mkdirSync(dataDir, { recursive: true });

  /** @typedef {{ file: string, records: StoredRequest[], needsNewline: boolean }} Queue */
  /** @type {Record<'security' | 'other', Queue>} */
  const queues = /** @type {any} */ ({});
  /** @type {Map<string, KnownRequest>} payload id (the Idempotency-Key) → what was stored under it */
  const byId = new Map();
  const references = new Set();
  for (const queue of /** @type {const} */ (['security', 'other'])) {
    const name = QUEUE_FILES[queue];
    const file = join(dataDir, name);
    const { records, endsWithNewline } = readQueue(file, warn);
    queues[queue] = { file, records, needsNewline: !endsWithNewline };
    for (const record of records) {
      if (!byId.has(record.payload.id)) byId.set(record.payload.id, { record, hash: hashPayload(record.payload) });
      references.add(record.reference);
    }
  }

  // Every write goes through this chain, so two requests never interleave their bytes in a file and
  // the "is this id stored already?" check and the append happen as one step: two copies of the same
  // request arriving together are stored once.
  /** @type {Promise<unknown>} */
  let tail = Promise.resolve();

  /**
   * Stores a validated payload, or returns the reference it was stored under before.
   * @param {Record<string, any> & { id: string, kind: string }} payload
   * @returns {Promise<StoreResult>}
   */
  function store(payload) {
    const task = tail.then(async () => {
      const known = byId.get(payload.id);
      if (known !== undefined) return { reference: known.record.reference, replayed: true, record: known.record };

      let reference = createReference();
      while (references.has(reference)) reference = createReference();
      /** @type {StoredRequest} */
      const record = { receivedAt: now().toISOString(), reference, payload };
      const queue = queues[queueOf(payload)];
      const line = `${queue.needsNewline ? '\n' : ''}${JSON.stringify(record)}\n`;
      await appendFile(queue.file, line, { encoding: 'utf8', flag: 'a', mode: 0o600 });
      queue.needsNewline = false;
      queue.records.push(record);
      byId.set(payload.id, { record, hash: hashPayload(payload) });
      references.add(reference);
      return { reference, replayed: false, record };
    });
    // A failed write must not wedge the queue for every later request.
    tail = task.catch(() => {});
    return task;
  }

  /**
   * What was stored under an Idempotency-Key, if anything. Only writes that reached the file count.
   * @param {string} id
   * @returns {KnownRequest | undefined}
   */
  function lookup(id) {
    return byId.get(id);
  }

  /**
   * Everything stored, newest first, security reports apart from the rest.
   * @returns {{ security: StoredRequest[], other: StoredRequest[] }}
   */
  function list() {
    return {
      security: queues.security.records.slice().reverse(),
      other: queues.other.records.slice().reverse(),
    };
  }

  /** Resolves when every write accepted so far is on disk. */
  function flush() {
    return tail.then(() => {});
  }

  return { store, lookup, list, flush, files: { security: queues.security.file, other: queues.other.file } };
}
