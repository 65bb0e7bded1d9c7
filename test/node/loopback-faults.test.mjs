// The loopback server's fault-injecting receiver (POST /faults/receive, GET /stored in
// test/support/loopback-server.mjs), which the browser tests use to show that every delivery
// outcome ends with exactly one stored record. Driven with plain fetch over its HTTP side. Needs the
// core build (dist/core), which the reference receiver and the payload builder import.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startLoopbackServer } from '../support/loopback-server.mjs';
import { contactPayload, PAGE_ORIGIN } from './support/payloads.mjs';

const REFERENCE = /^MB-[A-HJ-NP-Z2-9]{6}$/;

describe('loopback fault-injecting receiver', () => {
  let dir;
  let server;

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'membrane-loopback-faults-'));
    server = await startLoopbackServer({ certDir: join(dir, 'cert'), log: () => {} });
  });

  after(async () => {
    await server?.close();
    await rm(dir, { recursive: true, force: true });
  });

  const faultUrl = (script) => `${server.httpBase}/faults/receive?script=${encodeURIComponent(script)}`;

  /** POSTs a payload the way the transport does; `signal` lets a test give up like a client timeout. */
  async function post(url, payload, { signal } = {}) {
    const response = await fetch(url, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/json',
        Accept: 'application/json',
        'Idempotency-Key': payload.id,
        Origin: PAGE_ORIGIN,
      },
      body: JSON.stringify(payload),
      signal,
    });
    const text = await response.text();
    let json;
    try {
      json = JSON.parse(text);
    } catch {
      json = undefined;
    }
    return { status: response.status, headers: response.headers, text, json };
  }

  async function stored(key) {
    const response = await fetch(`${server.httpBase}/stored?key=${encodeURIComponent(key)}`);
    assert.equal(response.status, 200);
    return response.json();
  }

  /** Polls /stored until the receiver holds `count` records for `key` (a store is an async append). */
  async function waitForStored(key, count, timeoutMs = 3000) {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const result = await stored(key);
      if (result.count >= count || Date.now() > deadline) return result;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  test('ok stores the request once and answers what the receiver answers', async () => {
    const payload = contactPayload();
    const first = await post(faultUrl('ok'), payload);
    assert.equal(first.status, 200);
    assert.match(first.json.reference, REFERENCE);

    const again = await post(faultUrl('ok'), payload);
    assert.equal(again.status, 200);
    assert.equal(again.json.reference, first.json.reference);
    assert.equal(again.headers.get('idempotent-replayed'), 'true');
    assert.deepEqual(await stored(payload.id), { key: payload.id, count: 1, attempts: 2, references: [first.json.reference] });
  });

  test('a status step answers that status with a problem body, stores nothing, and the last step repeats', async () => {
    const payload = contactPayload();
    for (const attempt of [1, 2, 3]) {
      const response = await post(faultUrl('500'), payload);
      assert.equal(response.status, 500);
      assert.match(response.headers.get('content-type'), /^application\/problem\+json/);
      assert.equal(response.json.status, 500);
      assert.equal(response.json.title, 'Internal Server Error');
      assert.match(response.json.detail, new RegExp(`attempt ${attempt}\\b`));
      assert.equal(response.headers.get('retry-after'), null);
    }
    assert.deepEqual(await stored(payload.id), { key: payload.id, count: 0, attempts: 3, references: [] });
  });

  test('503+ra=1 then ok sends Retry-After in seconds, exposes it to pages, and stores on the retry', async () => {
    const payload = contactPayload();
    const refused = await post(faultUrl('503+ra=1,ok'), payload);
    assert.equal(refused.status, 503);
    assert.equal(refused.headers.get('retry-after'), '1');
    const exposed = refused.headers.get('access-control-expose-headers').split(',').map((name) => name.trim().toLowerCase());
    assert.ok(exposed.includes('retry-after'), `Access-Control-Expose-Headers: ${exposed}`);
    assert.equal(refused.headers.get('access-control-allow-origin'), PAGE_ORIGIN);
    assert.equal((await stored(payload.id)).count, 0);

    const accepted = await post(faultUrl('503+ra=1,ok'), payload);
    assert.equal(accepted.status, 200);
    assert.match(accepted.json.reference, REFERENCE);
    // The real receiver's answer keeps the header exposed too.
    assert.match(accepted.headers.get('access-control-expose-headers'), /Retry-After/i);
    assert.deepEqual(await stored(payload.id), { key: payload.id, count: 1, attempts: 2, references: [accepted.json.reference] });
  });

  test('429+ra=date:N sends Retry-After as an HTTP-date at least N seconds ahead', async () => {
    const payload = contactPayload();
    const sentAt = Date.now();
    const response = await post(faultUrl('429+ra=date:2,ok'), payload);
    assert.equal(response.status, 429);
    const header = response.headers.get('retry-after');
    assert.match(header, /^[A-Z][a-z]{2}, \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} GMT$/);
    const ahead = Date.parse(header) - sentAt;
    assert.ok(ahead >= 2000 && ahead <= 3500, `Retry-After is ${ahead} ms ahead`);
    assert.equal((await stored(payload.id)).count, 0);
  });

  test('408 answers 408 and any status works, without storing', async () => {
    const payload = contactPayload();
    assert.equal((await post(faultUrl('408,418,ok'), payload)).status, 408);
    assert.equal((await post(faultUrl('408,418,ok'), payload)).status, 418);
    assert.equal((await stored(payload.id)).count, 0);
    assert.equal((await post(faultUrl('408,418,ok'), payload)).status, 200);
    assert.equal((await stored(payload.id)).count, 1);
  });

  test('drop destroys the connection without storing, and the retry stores once', async () => {
    const payload = contactPayload();
    await assert.rejects(post(faultUrl('drop,ok'), payload), TypeError);
    assert.deepEqual(await stored(payload.id), { key: payload.id, count: 0, attempts: 1, references: [] });

    const retry = await post(faultUrl('drop,ok'), payload);
    assert.equal(retry.status, 200);
    assert.equal(retry.headers.get('idempotent-replayed'), null);
    assert.deepEqual(await stored(payload.id), { key: payload.id, count: 1, attempts: 2, references: [retry.json.reference] });
  });

  test('stored-drop stores the request but loses the answer; the retry gets the stored reference and nothing is stored twice', async () => {
    const payload = contactPayload();
    await assert.rejects(post(faultUrl('stored-drop,ok'), payload), TypeError);
    const afterLoss = await stored(payload.id);
    assert.equal(afterLoss.count, 1);
    assert.equal(afterLoss.attempts, 1);
    assert.match(afterLoss.references[0], REFERENCE);

    const retry = await post(faultUrl('stored-drop,ok'), payload);
    assert.equal(retry.status, 200);
    assert.equal(retry.json.reference, afterLoss.references[0]);
    assert.equal(retry.headers.get('idempotent-replayed'), 'true');
    assert.deepEqual(await stored(payload.id), { key: payload.id, count: 1, attempts: 2, references: afterLoss.references });
  });

  test('stored-slow stores at once and answers late; a client that gave up and retried gets the stored reference', async () => {
    const payload = contactPayload();
    await assert.rejects(post(faultUrl('stored-slow:3000,ok'), payload, { signal: AbortSignal.timeout(300) }), { name: 'TimeoutError' });
    const afterTimeout = await waitForStored(payload.id, 1);
    assert.equal(afterTimeout.count, 1);

    const retry = await post(faultUrl('stored-slow:3000,ok'), payload);
    assert.equal(retry.status, 200);
    assert.equal(retry.json.reference, afterTimeout.references[0]);
    assert.equal(retry.headers.get('idempotent-replayed'), 'true');
    assert.deepEqual(await stored(payload.id), { key: payload.id, count: 1, attempts: 2, references: afterTimeout.references });
  });

  test('stored-slow answers the receiver\'s own answer once the wait is over', async () => {
    const payload = contactPayload();
    const startedAt = Date.now();
    const response = await post(faultUrl('stored-slow:300'), payload);
    assert.ok(Date.now() - startedAt >= 290, `answered after ${Date.now() - startedAt} ms`);
    assert.equal(response.status, 200);
    assert.match(response.json.reference, REFERENCE);
    assert.match(response.headers.get('content-type'), /^application\/json/);
    assert.deepEqual((await stored(payload.id)).references, [response.json.reference]);
  });

  test('slow waits before storing, so a client that gives up first leaves nothing stored', async () => {
    const payload = contactPayload();
    await assert.rejects(post(faultUrl('slow:2000'), payload, { signal: AbortSignal.timeout(200) }), { name: 'TimeoutError' });
    // Past the point where a store would have landed had the wait not been cut short by the client.
    await new Promise((resolve) => setTimeout(resolve, 100));
    assert.equal((await stored(payload.id)).count, 0);

    const startedAt = Date.now();
    const response = await post(faultUrl('slow:300'), payload);
    assert.ok(Date.now() - startedAt >= 290, `answered after ${Date.now() - startedAt} ms`);
    assert.equal(response.status, 200);
    assert.deepEqual(await stored(payload.id), { key: payload.id, count: 1, attempts: 2, references: [response.json.reference] });
  });

  test('each Idempotency-Key follows the script from its own first step', async () => {
    const one = contactPayload();
    const two = contactPayload();
    assert.equal((await post(faultUrl('503,ok'), one)).status, 503);
    assert.equal((await post(faultUrl('503,ok'), one)).status, 200);
    assert.equal((await post(faultUrl('503,ok'), two)).status, 503);
    assert.equal((await stored(two.id)).attempts, 1);
  });

  test('a different body under a used key is refused with 422 and not stored', async () => {
    const payload = contactPayload();
    assert.equal((await post(faultUrl('ok'), payload)).status, 200);
    const changed = await post(faultUrl('ok'), { ...payload, message: 'Something else entirely.' });
    assert.equal(changed.status, 422);
    assert.equal(changed.json.error, 'idempotency-key-reused');
    assert.equal((await stored(payload.id)).count, 1);
  });

  test('refuses a script that does not parse, a request without a key, and /stored without a key', async () => {
    const payload = contactPayload();
    const bad = await post(faultUrl('503,explode'), payload);
    assert.equal(bad.status, 400);
    assert.match(bad.json.error, /explode/);
    assert.equal((await stored(payload.id)).attempts, 0);

    const keyless = await fetch(faultUrl('ok'), { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(payload) });
    assert.equal(keyless.status, 400);
    assert.equal((await fetch(`${server.httpBase}/stored`)).status, 400);
  });

  test('every answer lets a page read Retry-After, including a preflight and a plain route', async () => {
    for (const response of [
      await fetch(faultUrl('ok'), { method: 'OPTIONS', headers: { Origin: PAGE_ORIGIN, 'Access-Control-Request-Method': 'POST' } }),
      await fetch(`${server.httpBase}/status/503?retryAfter=2`, { method: 'POST', headers: { Origin: PAGE_ORIGIN }, body: '{}' }),
      await fetch(`${server.httpBase}/stored?key=x`, { headers: { Origin: PAGE_ORIGIN } }),
    ]) {
      await response.arrayBuffer();
      assert.match(response.headers.get('access-control-expose-headers') ?? '', /\bRetry-After\b/i, response.url);
    }
  });
});
