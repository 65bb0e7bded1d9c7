/**
 * The outbox behind "nothing is lost" (SPEC principle 6): a message is kept until a 2xx says it
 * arrived, and every send of it carries the same id as its Idempotency-Key, so a retry after a lost
 * answer cannot create a second ticket.
 *
 * Storage, clock, randomness, the network and the cross-tab lock are passed in, so this runs without a
 * DOM and tests can drive every failure. Storage is shared by all tabs of the origin: each operation
 * reads it, merges it with what this tab holds and writes the union back, with tombstones (`done`) for
 * delivered and discarded ids so that no tab resurrects them. Storage that throws (Safari private mode,
 * a full quota, a blocked origin) never stops a send: the tab carries on from memory.
 */
import { isRetryable, nextAttemptDelay, type RetryPhase } from './retry-policy.js';
import type { Delivery, DeliveryErrorCode } from './transport.js';

export const OUTBOX_VERSION = 1;
export const OUTBOX_LOCK_PREFIX = 'membrane-outbox:';
/** How long a delivered id is remembered, so a tab that slept through the delivery does not send it again. */
export const DONE_TTL_MS = 7 * 24 * 60 * 60_000;
const DONE_MAX = 200;

export type OutboxItemState = 'pending' | 'needs-action';

export interface OutboxItem {
  /** A UUID, sent as the Idempotency-Key with every attempt. */
  readonly id: string;
  /** JSON: a copy taken at enqueue, so the bytes sent from memory and from storage are the same. */
  readonly payload: unknown;
  readonly createdAt: number;
  /** Sends made so far; reset when the customer asks to try again. */
  readonly attempts: number;
  readonly nextAttemptAt: number;
  readonly lastError?: { readonly code: DeliveryErrorCode; readonly status?: number | undefined } | undefined;
  readonly state: OutboxItemState;
  /** Bumped on every change: when two copies meet (another tab, a write that failed) the newer wins. */
  readonly rev: number;
}

/** What `send` resolves to: the transport's answer plus the server's Retry-After, already in ms. */
export type SendResult = Delivery & { readonly retryAfterMs?: number | undefined };
type Failure = Extract<SendResult, { ok: false }>;

export type OutboxOutcome =
  | { readonly type: 'sent'; readonly id: string; readonly reference: string; readonly delivery: Extract<SendResult, { ok: true }> }
  | { readonly type: 'will-retry'; readonly id: string; readonly at: number; readonly phase: RetryPhase; readonly delivery: Failure }
  | { readonly type: 'needs-action'; readonly id: string; readonly delivery: Failure };

export type OutboxEvent = OutboxOutcome | { readonly type: 'sending'; readonly id: string };

/** Key-value storage for one key, e.g. a localStorage entry. Either method may throw. */
export interface OutboxStore {
  read(): string | null;
  write(value: string): void;
}

/**
 * Runs `fn` holding `key` across every tab of the origin, or returns undefined at once, without
 * calling it, when the key is held (another tab is sending that item right now).
 */
export interface OutboxLock {
  run<T>(key: string, fn: () => Promise<T>): Promise<T | undefined>;
}

export interface OutboxOptions {
  readonly store: OutboxStore;
  /** Sends one item, with `item.id` as the Idempotency-Key. A throw counts as a network failure. */
  readonly send: (item: OutboxItem) => Promise<SendResult>;
  /** Defaults to a lock for this outbox only; browsers should pass one over navigator.locks. */
  readonly lock?: OutboxLock;
  readonly now?: () => number;
  readonly random?: () => number;
  /** Items loaded from storage whose payload fails this are ignored (tampered or foreign data). */
  readonly accept?: (payload: unknown) => boolean;
  readonly onEvent?: (event: OutboxEvent) => void;
}

export interface Outbox {
  /** Keeps a message until it is delivered; false when the id is already queued or delivered. */
  enqueue(payload: unknown, id: string): boolean;
  /** Sends the due items (or only `id`, if due), one at a time; items another tab is sending are skipped. */
  flush(id?: string): Promise<OutboxOutcome[]>;
  /** The customer's "try again": due now, quick retries restarted, `needs-action` cleared. */
  retryNow(id: string): Promise<OutboxOutcome | undefined>;
  /** The customer's "discard": no tab will send it again. */
  remove(id: string): void;
  items(): OutboxItem[];
  /** When the earliest pending item falls due, for a timer; undefined when none is pending. */
  nextDueAt(): number | undefined;
  /** The reference of an item delivered by any tab, while its tombstone lasts. */
  delivered(id: string): string | undefined;
}

/** A lock within one JavaScript realm: for tests, and as the fallback where navigator.locks is missing. */
export function memoryLock(): OutboxLock {
  const held = new Set<string>();
  return {
    async run(key, fn) {
      if (held.has(key)) return undefined;
      held.add(key);
      try {
        return await fn();
      } finally {
        held.delete(key);
      }
    },
  };
}

const ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const CODES: Record<DeliveryErrorCode, 1> = { network: 1, timeout: 1, http: 1, 'insecure-endpoint': 1, 'insecure-page': 1, config: 1 };
const EMPTY = JSON.stringify({ v: OUTBOX_VERSION, items: [], done: [] });

type Loose = Record<string, unknown>;
const isRecord = (v: unknown): v is Loose => typeof v === 'object' && v !== null && !Array.isArray(v);
const isTime = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const isCount = (v: unknown): v is number => Number.isSafeInteger(v) && (v as number) >= 0;

/** Rebuilds an item from stored JSON, keeping only known fields; undefined when it is not one. */
function toItem(value: unknown, accept: (payload: unknown) => boolean): OutboxItem | undefined {
  if (!isRecord(value)) return undefined;
  const { id, payload, createdAt, attempts, nextAttemptAt, state, rev, lastError: e } = value;
  if (typeof id !== 'string' || !ID.test(id) || payload === undefined || !accept(payload)) return undefined;
  if (!isTime(createdAt) || !isTime(nextAttemptAt) || !isCount(attempts) || (state !== 'pending' && state !== 'needs-action')) return undefined;
  // A damaged error record costs the customer nothing: drop it and keep the message.
  const lastError = isRecord(e) && typeof e.code === 'string' && Object.hasOwn(CODES, e.code)
    ? { code: e.code as DeliveryErrorCode, status: isCount(e.status) ? e.status : undefined }
    : undefined;
  return { id, payload, createdAt, attempts, nextAttemptAt, lastError, state, rev: isCount(rev) ? rev : 0 };
}

/** A tombstone: the id, when it was delivered or discarded, and the reference of a delivery. */
type Done = [id: string, at: number, reference?: string];

interface Stored {
  readonly items: OutboxItem[];
  readonly done: Done[];
}

/** Undefined means "leave storage alone": a newer widget in another tab owns its format. */
function load(raw: string | null, accept: (payload: unknown) => boolean): Stored | undefined {
  let data: unknown = null;
  try {
    data = raw === null ? null : JSON.parse(raw);
  } catch {
    // Not ours, or damaged: replaced on the next write.
  }
  if (!isRecord(data) || data.v !== OUTBOX_VERSION) {
    return isRecord(data) && typeof data.v === 'number' && data.v > OUTBOX_VERSION ? undefined : { items: [], done: [] };
  }
  const items = Array.isArray(data.items) ? data.items.map((v) => toItem(v, accept)) : [];
  const done = Array.isArray(data.done) ? data.done : [];
  return {
    items: items.filter((item) => item !== undefined),
    done: done
      .filter((d): d is Done => Array.isArray(d) && typeof d[0] === 'string' && ID.test(d[0]) && isTime(d[1]))
      .map(([id, at, reference]) => (typeof reference === 'string' && reference.length <= 100 ? [id, at, reference] : [id, at])),
  };
}

export function createOutbox(options: OutboxOptions): Outbox {
  const { store, send, lock = memoryLock(), now = Date.now, random = Math.random, accept = () => true, onEvent } = options;
  let items = new Map<string, OutboxItem>();
  let done = new Map<string, number>();
  let references = new Map<string, string>();

  /** Merges storage into this tab's state, applies `change`, writes the union back; returns the items. */
  function sync(change?: () => void): OutboxItem[] {
    let raw: string | null | undefined;
    try {
      raw = store.read();
    } catch {
      raw = undefined;
    }
    // Without a successful read this tab cannot merge, and writing would erase other tabs' messages.
    const stored = raw === undefined ? undefined : load(raw, accept);
    if (stored) {
      const merged = new Map<string, OutboxItem>();
      for (const item of stored.items) {
        const mine = items.get(item.id);
        merged.set(item.id, mine && mine.rev > item.rev ? mine : item);
      }
      for (const item of items.values()) if (!merged.has(item.id)) merged.set(item.id, item);
      items = merged;
      for (const [id, at, reference] of stored.done) {
        if (!done.has(id)) done.set(id, at);
        if (reference !== undefined && !references.has(id)) references.set(id, reference);
      }
    }
    const oldest = now() - DONE_TTL_MS;
    done = new Map([...done].filter(([, at]) => at > oldest).sort((a, b) => b[1] - a[1]).slice(0, DONE_MAX));
    for (const id of done.keys()) items.delete(id);
    change?.();
    references = new Map([...references].filter(([id]) => done.has(id)));
    if (stored) {
      const tombstones = [...done].map(([id, at]): Done => (references.has(id) ? [id, at, references.get(id)!] : [id, at]));
      const text = JSON.stringify({ v: OUTBOX_VERSION, items: [...items.values()], done: tombstones });
      try {
        if (text !== (raw ?? EMPTY)) store.write(text);
      } catch {
        // Kept in memory; the next operation tries again.
      }
    }
    return [...items.values()];
  }

  function emit(event: OutboxEvent): void {
    try {
      onEvent?.(event);
    } catch (error) {
      // A listener's bug must not stop delivery; it still reaches the page's error reporting.
      queueMicrotask(() => {
        throw error;
      });
    }
  }

  const isDue = (item: OutboxItem) => item.state === 'pending' && item.nextAttemptAt <= now();

  async function sendSafely(item: OutboxItem): Promise<SendResult> {
    try {
      return await send(item);
    } catch {
      return { ok: false, code: 'network' };
    }
  }

  /** One send of one item, run under its lock. */
  async function attempt(id: string): Promise<OutboxOutcome | undefined> {
    // Read again under the lock: another tab may have delivered or rescheduled it in the meantime.
    const item = sync().find((i) => i.id === id);
    if (!item || !isDue(item)) return undefined;
    emit({ type: 'sending', id });
    const delivery = await sendSafely(item);
    const t = now();
    let outcome: OutboxOutcome;
    if (delivery.ok) {
      outcome = { type: 'sent', id, reference: delivery.reference, delivery };
    } else if (isRetryable(delivery)) {
      const { delayMs, phase } = nextAttemptDelay(item.attempts + 1, delivery.retryAfterMs, random);
      outcome = { type: 'will-retry', id, at: t + delayMs, phase, delivery };
    } else {
      outcome = { type: 'needs-action', id, delivery };
    }
    sync(() => {
      if (delivery.ok) {
        items.delete(id);
        done.set(id, t);
        references.set(id, delivery.reference);
        return;
      }
      const current = items.get(id);
      // Gone means the customer discarded it while it was in flight: nothing to reschedule.
      if (!current) return;
      items.set(id, {
        ...current,
        attempts: current.attempts + 1,
        nextAttemptAt: outcome.type === 'will-retry' ? outcome.at : current.nextAttemptAt,
        lastError: { code: delivery.code, status: delivery.status },
        state: outcome.type === 'needs-action' ? 'needs-action' : 'pending',
        rev: current.rev + 1,
      });
    });
    emit(outcome);
    return outcome;
  }

  async function flush(only?: string): Promise<OutboxOutcome[]> {
    const outcomes: OutboxOutcome[] = [];
    for (const { id } of sync().filter((item) => isDue(item) && (only === undefined || item.id === only))) {
      const outcome = await lock.run(OUTBOX_LOCK_PREFIX + id, () => attempt(id));
      if (outcome) outcomes.push(outcome);
    }
    return outcomes;
  }

  return {
    enqueue(payload, id) {
      if (!ID.test(id)) throw new RangeError(`membrane outbox: the id must be a UUID, got "${id}"`);
      const copy: unknown = JSON.parse(JSON.stringify(payload));
      let added = false;
      sync(() => {
        if (items.has(id) || done.has(id)) return;
        const t = now();
        items.set(id, { id, payload: copy, createdAt: t, attempts: 0, nextAttemptAt: t, state: 'pending', rev: 0 });
        added = true;
      });
      return added;
    },
    flush,
    async retryNow(id) {
      sync(() => {
        const item = items.get(id);
        if (item) items.set(id, { ...item, state: 'pending', attempts: 0, nextAttemptAt: now(), rev: item.rev + 1 });
      });
      return (await flush(id))[0];
    },
    remove(id) {
      sync(() => {
        items.delete(id);
        done.set(id, now());
      });
    },
    items: () => sync(),
    nextDueAt() {
      const due = sync().filter((item) => item.state === 'pending').map((item) => item.nextAttemptAt);
      return due.length > 0 ? Math.min(...due) : undefined;
    },
    delivered(id) {
      sync();
      return references.get(id);
    },
  };
}
