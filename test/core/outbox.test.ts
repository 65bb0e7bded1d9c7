import { expect } from '@open-wc/testing';
import fc from 'fast-check';

import { createOutbox, DONE_TTL_MS, memoryLock, type OutboxEvent, type OutboxItem, type OutboxOptions, type OutboxStore, type SendResult } from '../../src/core/outbox.js';
import { INTERACTIVE_CAP_MS } from '../../src/core/retry-policy.js';

const T0 = Date.UTC(2026, 0, 1);
const idOf = (n: number) => `00000000-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;
const sent = (reference = 'R-1'): SendResult => ({ ok: true, reference, referenceFromServer: true, status: 201, shape: 'json' });
const failed = (code: 'network' | 'timeout' | 'http', status?: number, retryAfterMs?: number): SendResult => ({ ok: false, code, status, retryAfterMs });

/** One localStorage entry, shared by every outbox built on it; `fail` makes it throw like a full or blocked storage. */
function memoryStore(raw: string | null = null) {
  const store = {
    raw,
    writes: 0,
    fail: 'none' as 'none' | 'read' | 'write' | 'all',
    read() {
      if (store.fail === 'all' || store.fail === 'read') throw new DOMException('blocked', 'SecurityError');
      return store.raw;
    },
    write(value: string) {
      if (store.fail === 'all' || store.fail === 'write') throw new DOMException('full', 'QuotaExceededError');
      store.raw = value;
      store.writes++;
    },
  };
  return store;
}

interface Harness {
  clock: { t: number };
  calls: OutboxItem[];
  events: OutboxEvent[];
  answers: SendResult[];
}

/** An outbox whose network answers from `answers` (then 2xx), on a clock the test moves. */
function harness(store: OutboxStore, extra: Partial<OutboxOptions> = {}) {
  const h: Harness = { clock: { t: T0 }, calls: [], events: [], answers: [] };
  const outbox = createOutbox({
    store,
    now: () => h.clock.t,
    random: () => 0.5,
    send: async (item) => {
      h.calls.push(item);
      return h.answers.shift() ?? sent();
    },
    onEvent: (event) => h.events.push(event),
    ...extra,
  });
  return { ...h, outbox };
}

describe('outbox', () => {
  it('sends a queued message with its id and forgets it once a 2xx says it arrived', async () => {
    const store = memoryStore();
    const { outbox, calls, events } = harness(store);
    expect(outbox.enqueue({ message: 'hello' }, idOf(1))).to.equal(true);
    expect(JSON.parse(store.raw!).items).to.have.length(1);

    const outcomes = await outbox.flush();
    expect(outcomes).to.have.length(1);
    expect(outcomes[0]).to.include({ type: 'sent', id: idOf(1), reference: 'R-1' });
    expect(calls.map((item) => [item.id, item.payload])).to.deep.equal([[idOf(1), { message: 'hello' }]]);
    expect(events.map((e) => e.type)).to.deep.equal(['sending', 'sent']);
    expect(outbox.items()).to.deep.equal([]);
    expect(JSON.parse(store.raw!)).to.deep.include({ v: 1, items: [] });
  });

  it('queues an id once, even when the customer presses send twice', async () => {
    const { outbox, calls } = harness(memoryStore());
    expect(outbox.enqueue({ n: 1 }, idOf(1))).to.equal(true);
    expect(outbox.enqueue({ n: 1 }, idOf(1))).to.equal(false);
    await outbox.flush();
    expect(outbox.enqueue({ n: 1 }, idOf(1))).to.equal(false);
    expect(calls).to.have.length(1);
    expect(() => outbox.enqueue({}, 'not-a-uuid')).to.throw(RangeError);
  });

  it('keeps a message the network lost and sends it again, with the same id, after the backoff', async () => {
    const { outbox, calls, answers, clock } = harness(memoryStore());
    answers.push(failed('network'));
    outbox.enqueue({ n: 1 }, idOf(1));
    const [first] = await outbox.flush();
    expect(first).to.deep.include({ type: 'will-retry', phase: 'interactive', at: T0 + 1_000 });
    expect(outbox.items()[0]).to.deep.include({ attempts: 1, lastError: { code: 'network', status: undefined }, state: 'pending' });
    expect(outbox.nextDueAt()).to.equal(T0 + 1_000);

    clock.t = T0 + 999;
    expect(await outbox.flush()).to.deep.equal([]);
    clock.t = T0 + 1_000;
    expect((await outbox.flush())[0]).to.include({ type: 'sent' });
    expect(calls.map((item) => item.id)).to.deep.equal([idOf(1), idOf(1)]);
  });

  it('waits at least as long as Retry-After asks, and says the message will be sent later', async () => {
    const { outbox, answers } = harness(memoryStore());
    answers.push(failed('http', 503, 600_000));
    outbox.enqueue({ n: 1 }, idOf(1));
    const [outcome] = await outbox.flush();
    expect(outcome).to.deep.include({ type: 'will-retry', phase: 'background', at: T0 + 600_000 });
  });

  it('moves to the background schedule after the quick retries', async () => {
    const { outbox, answers, clock } = harness(memoryStore());
    answers.push(...Array.from({ length: 5 }, () => failed('http', 502)));
    outbox.enqueue({ n: 1 }, idOf(1));
    const phases: string[] = [];
    for (let i = 0; i < 5; i++) {
      const [outcome] = await outbox.flush();
      if (outcome?.type !== 'will-retry') throw new Error(`expected will-retry, got ${outcome?.type}`);
      phases.push(outcome.phase);
      expect(outcome.at - clock.t).to.be.at.most(i < 3 ? INTERACTIVE_CAP_MS : 15 * 60_000);
      clock.t = outcome.at;
    }
    expect(phases).to.deep.equal(['interactive', 'interactive', 'interactive', 'background', 'background']);
  });

  it('keeps a refused message for the customer and sends it again only when they ask', async () => {
    const { outbox, answers, calls, clock } = harness(memoryStore());
    answers.push(failed('http', 422));
    outbox.enqueue({ n: 1 }, idOf(1));
    expect((await outbox.flush())[0]).to.include({ type: 'needs-action', id: idOf(1) });
    clock.t += 7 * 24 * 3600_000;
    expect(await outbox.flush()).to.deep.equal([]);
    expect(outbox.nextDueAt()).to.equal(undefined);
    expect(outbox.items()[0]).to.deep.include({ state: 'needs-action', lastError: { code: 'http', status: 422 } });

    expect(await outbox.retryNow(idOf(1))).to.include({ type: 'sent' });
    expect(calls).to.have.length(2);
    expect(outbox.items()).to.deep.equal([]);
  });

  it('sends the message as it was when queued, even from memory when storage fails', async () => {
    const store = memoryStore();
    store.fail = 'all';
    const { outbox, calls } = harness(store);
    const payload = { message: 'first words', when: new Date(T0), dropped: undefined };
    outbox.enqueue(payload, idOf(1));
    payload.message = 'edited later';
    await outbox.flush();
    expect(calls[0]!.payload).to.deep.equal({ message: 'first words', when: new Date(T0).toISOString() });
  });

  it('counts a send that throws as a network failure', async () => {
    const { outbox } = harness(memoryStore(), {
      send: () => {
        throw new TypeError('adapter bug');
      },
    });
    outbox.enqueue({ n: 1 }, idOf(1));
    expect((await outbox.flush())[0]).to.include({ type: 'will-retry' });
    expect(outbox.items()).to.have.length(1);
  });

  it('survives a reload: a new outbox on the same storage has the message, attempts and schedule', async () => {
    const store = memoryStore();
    const first = harness(store);
    first.answers.push(failed('timeout'));
    first.outbox.enqueue({ n: 1 }, idOf(1));
    await first.outbox.flush();
    const [before] = first.outbox.items();

    const second = harness(store);
    expect(second.outbox.items()).to.deep.equal([before]);
  });

  it('keeps sending from memory when storage throws on every call', async () => {
    const store = memoryStore();
    store.fail = 'all';
    const { outbox, calls, answers, clock } = harness(store);
    answers.push(failed('network'));
    outbox.enqueue({ n: 1 }, idOf(1));
    expect(outbox.items()).to.have.length(1);
    await outbox.flush();
    clock.t += 60_000;
    expect((await outbox.flush())[0]).to.include({ type: 'sent' });
    expect(calls).to.have.length(2);
    expect(outbox.items()).to.deep.equal([]);
  });

  it('keeps its own schedule when storage can be read but not written', async () => {
    const store = memoryStore();
    const { outbox, answers, calls, clock } = harness(store);
    outbox.enqueue({ n: 1 }, idOf(1));
    store.fail = 'write';
    answers.push(failed('http', 429, 60_000));
    await outbox.flush();
    clock.t += 30_000;
    // Storage still says "due now": the stale copy must not win over this tab's newer one.
    expect(await outbox.flush()).to.deep.equal([]);
    expect(calls).to.have.length(1);
    store.fail = 'none';
    expect(outbox.items()[0]).to.deep.include({ attempts: 1 });
    expect(JSON.parse(store.raw!).items[0]).to.deep.include({ attempts: 1 });
  });

  it("never overwrites other tabs' messages with its own when it cannot read storage", () => {
    const store = memoryStore();
    harness(store).outbox.enqueue({ n: 1 }, idOf(1));
    store.fail = 'read';
    const reloaded = harness(store).outbox;
    reloaded.enqueue({ n: 2 }, idOf(2));
    expect(reloaded.items().map((item) => item.id)).to.deep.equal([idOf(2)]);
    store.fail = 'none';
    expect(harness(store).outbox.items().map((item) => item.id)).to.deep.equal([idOf(1)]);
    expect(reloaded.items().map((item) => item.id)).to.deep.equal([idOf(1), idOf(2)]);
  });

  it('does not send what another tab delivered or discarded', async () => {
    const store = memoryStore();
    const a = harness(store);
    const b = harness(store);
    a.outbox.enqueue({ n: 1 }, idOf(1));
    a.outbox.enqueue({ n: 2 }, idOf(2));
    expect(b.outbox.items().map((item) => item.id)).to.deep.equal([idOf(1), idOf(2)]);
    await a.outbox.flush(idOf(1));
    a.outbox.remove(idOf(2));
    expect(await b.outbox.flush()).to.deep.equal([]);
    expect(b.calls).to.deep.equal([]);
  });

  it('lets only one of two tabs send an item at a time', async () => {
    const store = memoryStore();
    const lock = memoryLock();
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const a = harness(store, { lock });
    const b = harness(store, { lock });
    const slow = createOutbox({
      store,
      lock,
      now: () => T0,
      send: async () => {
        await gate;
        return sent();
      },
    });
    a.outbox.enqueue({ n: 1 }, idOf(1));
    const inFlight = slow.flush();
    expect(await b.outbox.flush()).to.deep.equal([]);
    release();
    expect((await inFlight)[0]).to.include({ type: 'sent' });
    expect(await b.outbox.flush()).to.deep.equal([]);
    expect(a.calls.length + b.calls.length).to.equal(0);
  });

  it('ignores foreign or tampered storage and never throws on it', () => {
    const valid = { id: idOf(1), payload: { n: 1 }, createdAt: T0, attempts: 0, nextAttemptAt: T0, state: 'pending', rev: 0 };
    const store = memoryStore(
      JSON.stringify({
        v: 1,
        items: [valid, { ...valid, id: 'x' }, { ...valid, id: idOf(2), state: 'sent' }, { ...valid, id: idOf(3), attempts: -1 }, null, 7, { ...valid, id: idOf(4), payload: undefined }],
        done: [[idOf(9), 'yesterday'], 'junk'],
      }),
    );
    expect(harness(store).outbox.items().map((item) => item.id)).to.deep.equal([idOf(1)]);

    const damagedError = memoryStore(JSON.stringify({ v: 1, items: [{ ...valid, lastError: { code: '__proto__', status: 'x' } }] }));
    expect(harness(damagedError).outbox.items()[0]).to.deep.include({ id: idOf(1), lastError: undefined });

    const json = fc.jsonValue().map((value) => JSON.stringify(value));
    const nearlyValid = fc.tuple(fc.constantFrom(...Object.keys(valid)), fc.jsonValue()).map(([key, value]) => ({ ...valid, id: idOf(7), [key]: value }));
    const shaped = fc
      .record({ v: fc.constant(1), items: fc.array(fc.oneof(fc.constant(valid), fc.jsonValue(), nearlyValid)), done: fc.jsonValue() })
      .map((value) => JSON.stringify(value));
    fc.assert(
      fc.property(fc.oneof(fc.string(), json, shaped), (raw) => {
        const outbox = harness(memoryStore(raw)).outbox;
        for (const item of outbox.items()) {
          expect(item.id).to.match(/^[0-9a-f-]{36}$/);
          expect(item.attempts).to.be.a('number').and.at.least(0);
          expect(['pending', 'needs-action']).to.include(item.state);
        }
        outbox.enqueue({ n: 5 }, idOf(5));
        expect(outbox.items().map((item) => item.id)).to.include(idOf(5));
      }),
    );
  });

  it("leaves a newer widget's storage alone", async () => {
    const newer = JSON.stringify({ v: 2, queue: ['whatever a later version keeps'] });
    const store = memoryStore(newer);
    const { outbox } = harness(store);
    outbox.enqueue({ n: 1 }, idOf(1));
    await outbox.flush();
    expect(store.raw).to.equal(newer);
  });

  it('forgets delivered ids after a week, and writes nothing while there is nothing to keep', async () => {
    const store = memoryStore();
    const { outbox, clock } = harness(store);
    outbox.items();
    expect(store.writes).to.equal(0);
    outbox.enqueue({ n: 1 }, idOf(1));
    const [sent] = await outbox.flush();
    const reference = sent?.type === 'sent' ? sent.reference : undefined;
    expect(reference).to.be.a('string');
    // The tombstone keeps the reference, so a tab that did not send it can still show it.
    expect(JSON.parse(store.raw!).done).to.deep.equal([[idOf(1), T0, reference]]);
    expect(outbox.delivered(idOf(1))).to.equal(reference);
    clock.t += DONE_TTL_MS + 1;
    outbox.items();
    expect(JSON.parse(store.raw!).done).to.deep.equal([]);
    expect(outbox.delivered(idOf(1))).to.equal(undefined);
  });

  it('tells another tab the reference of a message it did not send itself', async () => {
    const store = memoryStore();
    const a = harness(store).outbox;
    const b = harness(store).outbox;
    a.enqueue({ n: 1 }, idOf(1));
    const [sent] = await b.flush();
    expect(sent?.type).to.equal('sent');
    expect(a.delivered(idOf(1))).to.equal(sent?.type === 'sent' ? sent.reference : 'missing');
    expect(a.items()).to.deep.equal([]);
  });

  it('reports a listener that throws without stopping delivery', async () => {
    const errors: unknown[] = [];
    const onError = (event: ErrorEvent) => {
      errors.push(event.error);
      event.preventDefault();
    };
    const previous = window.onerror;
    window.onerror = null;
    addEventListener('error', onError);
    try {
      const { outbox } = harness(memoryStore(), {
        onEvent: () => {
          throw new Error('listener bug');
        },
      });
      outbox.enqueue({ n: 1 }, idOf(1));
      expect((await outbox.flush())[0]).to.include({ type: 'sent' });
      await new Promise((resolve) => setTimeout(resolve, 0));
    } finally {
      removeEventListener('error', onError);
      window.onerror = previous;
    }
    expect(errors.map((e) => (e as Error).message)).to.deep.equal(['listener bug', 'listener bug']);
  });

  describe('memoryLock', () => {
    it('runs one holder of a key at a time and turns others away without running them', async () => {
      const lock = memoryLock();
      let release!: () => void;
      const held = lock.run('k', () => new Promise<string>((resolve) => (release = () => resolve('first'))));
      let ran = false;
      expect(await lock.run('k', async () => (ran = true))).to.equal(undefined);
      expect(await lock.run('other', async () => 'other')).to.equal('other');
      release();
      expect(await held).to.equal('first');
      expect(ran).to.equal(false);
      expect(await lock.run('k', async () => 'again')).to.equal('again');
    });
  });
});

/**
 * A model of two tabs sharing one storage and one network, driven by random sequences of what a
 * customer's browser does: type and send, lose the network, reload, run out of storage, flush in both
 * tabs at once. The fake receiver keeps every id it accepted, as an Idempotency-Key server would.
 */
describe('outbox, two tabs and an unreliable world', () => {
  type Tab = 0 | 1;
  type Network = 'up' | 'down' | 'lost-answer' | 'busy';
  type Action =
    | { kind: 'enqueue'; tab: Tab; bad: boolean }
    | { kind: 'flush'; tab: Tab }
    | { kind: 'flush-both' }
    | { kind: 'retry-now'; tab: Tab; pick: number }
    | { kind: 'reload'; tab: Tab }
    | { kind: 'advance'; ms: number }
    | { kind: 'network'; mode: Network }
    | { kind: 'storage'; mode: 'none' | 'read' | 'write' | 'all' };

  const tab = fc.constantFrom<Tab>(0, 1);
  const action: fc.Arbitrary<Action> = fc.oneof(
    { weight: 4, arbitrary: fc.record({ kind: fc.constant('enqueue' as const), tab, bad: fc.nat(5).map((x) => x === 0) }) },
    { weight: 3, arbitrary: fc.record({ kind: fc.constant('flush' as const), tab }) },
    { weight: 3, arbitrary: fc.constant({ kind: 'flush-both' as const }) },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant('retry-now' as const), tab, pick: fc.nat(9) }) },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant('reload' as const), tab }) },
    { weight: 2, arbitrary: fc.record({ kind: fc.constant('advance' as const), ms: fc.oneof(fc.nat(20_000), fc.nat(30 * 60_000)) }) },
    { weight: 2, arbitrary: fc.record({ kind: fc.constant('network' as const), mode: fc.constantFrom<Network>('up', 'down', 'lost-answer', 'busy') }) },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant('storage' as const), mode: fc.constantFrom('none' as const, 'read' as const, 'write' as const, 'all' as const) }) },
  );

  async function play(actions: Action[], draws: number[]) {
    const store = memoryStore();
    const lock = memoryLock();
    let clock = T0;
    let network: Network = 'up';
    let d = 0;
    const draw = () => draws[d++ % draws.length]!;
    /** Bumped whenever storage starts failing: tabs then cannot see each other's progress. */
    let troubleEpoch = 0;
    const healthy = () => store.fail === 'none';

    const violations: string[] = [];
    const accepted = new Map<string, { body: string; epoch: number; troubled: boolean }>();
    const lostAnswer = new Set<string>();
    const notBefore = new Map<string, { at: number; epoch: number; troubled: boolean }>();
    /** Every id enqueued that must still be somewhere: delivered, or in an outbox. */
    const mustSurvive = new Set<string>();
    const bad = new Set<string>();
    /** Ids enqueued while storage failed, by the tab instance that holds them only in memory. */
    const atRisk = new Map<string, number>();
    let serial = 0;
    let count = 0;

    /** Lets other sends run between the steps of this one, so concurrent flushes interleave. */
    const pause = async () => {
      for (let i = Math.floor(draw() * 12); i > 0; i--) await Promise.resolve();
    };

    async function receive(item: OutboxItem): Promise<SendResult> {
      await pause();
      const payload = item.payload as { n: number; bad: boolean };
      const body = JSON.stringify(payload);
      if (item.id !== idOf(payload.n)) violations.push(`message ${payload.n} was sent with another id, ${item.id}`);
      const wait = notBefore.get(item.id);
      if (wait && clock < wait.at && !wait.troubled && wait.epoch === troubleEpoch && healthy()) {
        violations.push(`${item.id} was sent ${wait.at - clock} ms before its Retry-After`);
      }
      if (network === 'down') return failed('network');
      if (network === 'busy') {
        const ms = Math.round(draw() * 120_000);
        notBefore.set(item.id, { at: clock + ms, epoch: troubleEpoch, troubled: !healthy() });
        return failed('http', 503, ms);
      }
      if (payload.bad) return failed('http', 422);
      const earlier = accepted.get(item.id);
      if (!earlier) {
        accepted.set(item.id, { body, epoch: troubleEpoch, troubled: !healthy() });
      } else {
        if (earlier.body !== body) violations.push(`${item.id} was sent again with another payload`);
        // Sending an accepted id again is expected after a lost answer, or while tabs cannot share state.
        const excused = lostAnswer.has(item.id) || earlier.troubled || earlier.epoch !== troubleEpoch || !healthy();
        if (!excused) violations.push(`${item.id} was sent again after it was accepted`);
      }
      await pause();
      if (network === 'lost-answer') {
        lostAnswer.add(item.id);
        return failed('network');
      }
      return sent(`R-${payload.n}`);
    }

    const open = () => ({
      serial: ++serial,
      outbox: createOutbox({ store, lock, now: () => clock, random: draw, send: receive }),
    });
    const tabs = [open(), open()];
    /** An operation that reached healthy storage wrote everything its tab held. */
    const touched = (...slots: Tab[]) => {
      if (!healthy()) return;
      for (const [id, owner] of atRisk) if (slots.some((s) => tabs[s]!.serial === owner)) atRisk.delete(id);
    };

    for (const a of actions) {
      switch (a.kind) {
        case 'enqueue': {
          const n = ++count;
          const id = idOf(n);
          tabs[a.tab]!.outbox.enqueue({ n, bad: a.bad }, id);
          mustSurvive.add(id);
          if (a.bad) bad.add(id);
          if (!healthy()) atRisk.set(id, tabs[a.tab]!.serial);
          touched(a.tab);
          break;
        }
        case 'flush':
          await tabs[a.tab]!.outbox.flush();
          touched(a.tab);
          break;
        case 'flush-both':
          await Promise.all(tabs.map((t) => t.outbox.flush()));
          touched(0, 1);
          break;
        case 'retry-now': {
          const items = tabs[a.tab]!.outbox.items();
          const item = items[a.pick % Math.max(1, items.length)];
          if (item) {
            // The customer's explicit "try again" may override the server's wait.
            notBefore.delete(item.id);
            await tabs[a.tab]!.outbox.retryNow(item.id);
          }
          touched(a.tab);
          break;
        }
        case 'reload': {
          const gone = tabs[a.tab]!.serial;
          for (const [id, owner] of atRisk) {
            if (owner !== gone) continue;
            // Never written anywhere, and its tab is closed: the one loss storage failure allows.
            atRisk.delete(id);
            if (!accepted.has(id)) mustSurvive.delete(id);
          }
          tabs[a.tab] = open();
          break;
        }
        case 'advance':
          clock += a.ms;
          break;
        case 'network':
          network = a.mode;
          break;
        case 'storage':
          if (healthy() && a.mode !== 'none') troubleEpoch++;
          store.fail = a.mode;
          break;
      }
    }

    // The world recovers; every tab keeps flushing for a while.
    network = 'up';
    store.fail = 'none';
    for (let round = 0; round < 3; round++) {
      clock += 2 * 60 * 60_000;
      for (const t of tabs) await t.outbox.flush();
    }

    const left = new Map(tabs.flatMap((t) => t.outbox.items()).map((item) => [item.id, item]));
    for (const id of mustSurvive) {
      if (bad.has(id)) {
        expect(left.get(id)?.state, `refused ${id} is kept for the customer`).to.equal('needs-action');
        expect(accepted.has(id)).to.equal(false);
      } else {
        expect(accepted.has(id), `${id} was lost`).to.equal(true);
        expect(left.has(id), `delivered ${id} is still queued`).to.equal(false);
      }
    }
    for (const id of left.keys()) expect(mustSurvive.has(id) && bad.has(id), `unexpected ${id} in the outbox`).to.equal(true);
    expect(violations).to.deep.equal([]);
  }

  it('loses nothing and never delivers an accepted message again without cause', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(action, { maxLength: 40 }),
        fc.array(fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }), { minLength: 1, maxLength: 16 }),
        play,
      ),
      { numRuns: 200 },
    );
  });

  it('keeps two tabs flushing at once from sending a message twice or early while storage works', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 2, max: 6 }),
        fc.array(fc.constantFrom<Network>('up', 'busy', 'down'), { minLength: 1, maxLength: 4 }),
        fc.array(fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }), { minLength: 1, maxLength: 12 }),
        (messages, networks, draws) => {
          const actions: Action[] = Array.from({ length: messages }, (_, i) => ({ kind: 'enqueue', tab: (i % 2) as Tab, bad: false }));
          for (const mode of networks) actions.push({ kind: 'network', mode }, { kind: 'flush-both' }, { kind: 'advance', ms: 5_000 }, { kind: 'flush-both' });
          return play(actions, draws);
        },
      ),
      { numRuns: 200 },
    );
  });
});
