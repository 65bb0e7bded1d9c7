// The receiver's request handler (receiver/handler.mjs, mounted by the demo and the standalone
// server), driven over real HTTP on loopback. Needs the core build
// (dist/core), which `npm run build` makes.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { appendFile, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { contactPayload, PAGE_ORIGIN, securityPayload } from './support/payloads.mjs';
import { postPayload, readJsonLines, sendRequest } from './support/http.mjs';
import { createReceiver } from '../../receiver/handler.mjs';
import { renderInbox } from '../../demo/inbox.mjs';

const REFERENCE = /^MB-[A-HJ-NP-Z2-9]{6}$/;

const send = sendRequest;
const post = (url, payload, headers) => postPayload(send, url, payload, headers);
const readLines = readJsonLines;

/** Runs a receiver on a loopback port; returns its URL and a way to stop it. */
async function startReceiver(options) {
  const receiver = createReceiver(options);
  const server = createServer(receiver);
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${server.address().port}/api/requests`;
  return {
    receiver,
    url,
    close: async () => {
      await new Promise((resolve) => server.close(resolve));
      await receiver.flush();
    },
  };
}

describe('reference receiver', () => {
  let dir;
  let running;

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'membrane-receiver-'));
    running = await startReceiver({ dataDir: join(dir, 'data'), allowedOrigins: [PAGE_ORIGIN] });
  });

  after(async () => {
    await running.close();
    await rm(dir, { recursive: true, force: true });
  });

  test('accepts a valid contact request, answers a short reference and stores it as one JSON line', async () => {
    const payload = contactPayload();
    const res = await post(running.url, payload);
    assert.equal(res.status, 200);
    assert.match(res.headers['content-type'], /^application\/json/);
    assert.match(res.json.reference, REFERENCE);
    assert.equal(res.headers['access-control-allow-origin'], PAGE_ORIGIN);
    assert.match(res.headers.vary, /Origin/);

    const lines = await readLines(join(dir, 'data', 'requests.jsonl'));
    const stored = lines.find((line) => line.payload.id === payload.id);
    assert.ok(stored, 'stored in requests.jsonl');
    assert.equal(stored.reference, res.json.reference);
    assert.deepEqual(stored.payload, payload);
    assert.ok(!Number.isNaN(Date.parse(stored.receivedAt)));

    const listed = running.receiver.listRequests();
    assert.equal(listed.other[0].reference, res.json.reference);
    assert.ok(!listed.security.some((item) => item.payload.id === payload.id));
    assert.match(renderInbox(listed), new RegExp(res.json.reference));
  });

  test('gives the same reference for a repeated Idempotency-Key and stores the request once', async () => {
    const payload = contactPayload({ message: 'Retried after a network error.' });
    const first = await post(running.url, payload);
    const second = await post(running.url, payload);
    assert.equal(first.status, 200);
    assert.equal(second.status, 200);
    assert.equal(second.json.reference, first.json.reference);
    assert.equal(second.headers['idempotent-replayed'], 'true');
    const lines = await readLines(join(dir, 'data', 'requests.jsonl'));
    assert.equal(lines.filter((line) => line.payload.id === payload.id).length, 1);
  });

  test('stores copies of one request that arrive at the same time only once, telling the others to retry', async () => {
    const payload = contactPayload({ message: 'Sent from two tabs at once.' });
    const answers = await Promise.all(Array.from({ length: 8 }, () => post(running.url, payload)));
    // A copy that arrives while the first is being stored is told to come back (409, Retry-After);
    // one that arrives after gets the stored answer again.
    for (const res of answers) {
      assert.ok(res.status === 200 || res.status === 409, `status ${res.status}`);
      if (res.status === 409) {
        assert.equal(res.json.error, 'idempotency-key-in-flight');
        assert.equal(res.headers['retry-after'], '1');
      }
    }
    const stored = answers.filter((res) => res.status === 200);
    assert.equal(stored.filter((res) => res.headers['idempotent-replayed'] === undefined).length, 1, 'exactly one first answer');
    assert.equal(new Set(stored.map((res) => res.json.reference)).size, 1);
    const lines = await readLines(join(dir, 'data', 'requests.jsonl'));
    assert.equal(lines.filter((line) => line.payload.id === payload.id).length, 1);
    const retried = await post(running.url, payload);
    assert.equal(retried.json.reference, stored[0].json.reference);
  });

  test('refuses a repeated Idempotency-Key with a different body with 422 and keeps the first', async () => {
    const payload = contactPayload({ message: 'The original.' });
    const first = await post(running.url, payload);
    assert.equal(first.status, 200);
    const changed = await post(running.url, { ...payload, message: 'Something else under the same key.' });
    assert.equal(changed.status, 422);
    assert.deepEqual(changed.json, { error: 'idempotency-key-reused' });
    assert.equal(changed.json.reference, undefined, 'the first request’s reference is not handed out');
    const lines = await readLines(join(dir, 'data', 'requests.jsonl'));
    const stored = lines.filter((line) => line.payload.id === payload.id);
    assert.equal(stored.length, 1);
    assert.equal(stored[0].payload.message, 'The original.');
  });

  test('treats a repeat with its keys in another order as the same body', async () => {
    const payload = contactPayload({ message: 'Key order does not matter.' });
    const first = await post(running.url, payload);
    const reordered = Object.fromEntries(Object.entries(payload).reverse());
    const second = await post(running.url, reordered);
    assert.equal(second.status, 200);
    assert.equal(second.json.reference, first.json.reference);
    assert.equal(second.headers['idempotent-replayed'], 'true');
  });

  test('routes security reports to their own queue and lists them first in the inbox', async () => {
    const report = securityPayload();
    const res = await post(running.url, report);
    assert.equal(res.status, 200);
    assert.match(res.json.reference, REFERENCE);

    const security = await readLines(join(dir, 'data', 'security.jsonl'));
    assert.ok(security.some((line) => line.payload.id === report.id));
    const requests = await readLines(join(dir, 'data', 'requests.jsonl'));
    assert.ok(!requests.some((line) => line.payload.id === report.id));

    const listed = running.receiver.listRequests();
    assert.equal(listed.security[0].reference, res.json.reference);
    const html = renderInbox(listed);
    const securityAt = html.indexOf(res.json.reference);
    const firstContactAt = html.indexOf(listed.other.at(-1).reference);
    assert.ok(securityAt > 0 && securityAt < firstContactAt, 'security report shown before contact requests');
  });

  test('lists stored requests newest first', async () => {
    const older = await post(running.url, contactPayload({ message: 'older' }));
    const newer = await post(running.url, contactPayload({ message: 'newer' }));
    const references = running.receiver.listRequests().other.map((item) => item.reference);
    assert.ok(references.indexOf(newer.json.reference) < references.indexOf(older.json.reference));
  });

  test('refuses an invalid payload with 422 and a code for each field', async () => {
    const payload = { ...contactPayload(), email: '', topic: 'other' };
    const res = await post(running.url, payload);
    assert.equal(res.status, 422);
    assert.equal(res.json.error, 'invalid');
    assert.equal(res.json.fields.email, 'required');
    assert.equal(res.json.fields.topicOther, 'required');
    assert.equal(res.headers['access-control-allow-origin'], PAGE_ORIGIN, 'the page can read why');
  });

  test('refuses a payload of another schema version with 422', async () => {
    const res = await post(running.url, { ...contactPayload(), schema: 'membrane.v0' });
    assert.equal(res.status, 422);
    assert.equal(res.json.fields.schema, 'invalid');
  });

  test('refuses a body that is not JSON with 400', async () => {
    const res = await send(running.url, {
      headers: { 'Content-Type': 'application/json', 'Idempotency-Key': 'x' },
      body: '{"schema": "membrane.v1",',
    });
    assert.equal(res.status, 400);
    assert.equal(typeof res.json.error, 'string');
  });

  test('refuses a body that is not UTF-8 with 400', async () => {
    const res = await send(running.url, {
      headers: { 'Content-Type': 'application/json' },
      body: Buffer.from([0x22, 0xff, 0xfe, 0x22]),
    });
    assert.equal(res.status, 400);
  });

  test('refuses any content type but application/json with 415', async () => {
    const payload = contactPayload();
    for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'application/json; charset=latin1']) {
      const res = await post(running.url, payload, { 'Content-Type': type });
      assert.equal(res.status, 415, type);
      assert.equal(res.json.error, 'content-type');
    }
    const withCharset = await post(running.url, contactPayload(), { 'Content-Type': 'application/json; charset=UTF-8' });
    assert.equal(withCharset.status, 200);
  });

  test('requires an Idempotency-Key equal to the payload id', async () => {
    const payload = contactPayload();
    const missing = await post(running.url, payload, { 'Idempotency-Key': '' });
    assert.equal(missing.status, 400);
    assert.equal(missing.json.error, 'idempotency-key');
    const other = await post(running.url, payload, { 'Idempotency-Key': contactPayload().id });
    assert.equal(other.status, 400);
    const lines = await readLines(join(dir, 'data', 'requests.jsonl'));
    assert.ok(!lines.some((line) => line.payload.id === payload.id));
  });

  test('refuses a body larger than maxBodyBytes with 413 when the length is declared', async () => {
    const small = await startReceiver({ dataDir: join(dir, 'small'), allowedOrigins: '*', maxBodyBytes: 1024 });
    try {
      const payload = contactPayload({ message: 'x'.repeat(2000) });
      const res = await post(small.url, payload);
      assert.equal(res.status, 413);
      assert.equal(res.json.error, 'too-large');
      assert.deepEqual(small.receiver.listRequests().other, []);
    } finally {
      await small.close();
    }
  });

  test('stops reading a streamed body once it passes the limit and answers 413', async () => {
    const small = await startReceiver({ dataDir: join(dir, 'stream'), allowedOrigins: '*', maxBodyBytes: 1024 });
    try {
      const res = await send(small.url, {
        headers: { 'Content-Type': 'application/json', 'Transfer-Encoding': 'chunked' },
        chunks: [Buffer.from('{"message": "'), Buffer.alloc(4096, 'x')],
      });
      assert.equal(res.status, 413);
      assert.equal(res.headers.connection, 'close');
    } finally {
      await small.close();
    }
  });

  test('accepts a message of the longest allowed length in multi-byte characters', async () => {
    const payload = contactPayload({ message: 'ü'.repeat(10_000) });
    const res = await post(running.url, payload);
    assert.equal(res.status, 200);
  });

  test('refuses a request from an origin that is not allowed with 403', async () => {
    const res = await post(running.url, contactPayload(), { Origin: 'https://evil.example' });
    assert.equal(res.status, 403);
    assert.equal(res.headers['access-control-allow-origin'], undefined);
    const preflight = await send(running.url, {
      method: 'OPTIONS',
      headers: { Origin: 'https://evil.example', 'Access-Control-Request-Method': 'POST' },
    });
    assert.equal(preflight.status, 403);
  });

  test('answers a CORS preflight with 204 and the methods and headers the transport uses', async () => {
    const res = await send(running.url, {
      method: 'OPTIONS',
      headers: {
        Origin: PAGE_ORIGIN,
        'Access-Control-Request-Method': 'POST',
        'Access-Control-Request-Headers': 'content-type, idempotency-key',
      },
    });
    assert.equal(res.status, 204);
    assert.equal(res.headers['access-control-allow-origin'], PAGE_ORIGIN);
    assert.match(res.headers['access-control-allow-methods'], /\bPOST\b/);
    const allowed = res.headers['access-control-allow-headers'].toLowerCase();
    for (const header of ['content-type', 'idempotency-key', 'accept']) assert.ok(allowed.includes(header), header);
    assert.match(res.headers.vary, /Origin/);
  });

  test('lets the page read Idempotent-Replayed and Retry-After on a cross-origin answer', async () => {
    const res = await post(running.url, contactPayload());
    const exposed = res.headers['access-control-expose-headers'].toLowerCase();
    assert.ok(exposed.includes('idempotent-replayed'));
    assert.ok(exposed.includes('retry-after'));
  });

  test('reflects any origin when allowedOrigins is "*"', async () => {
    const open = await startReceiver({ dataDir: join(dir, 'open'), allowedOrigins: '*' });
    try {
      const res = await post(open.url, contactPayload(), { Origin: 'https://anywhere.example' });
      assert.equal(res.status, 200);
      assert.equal(res.headers['access-control-allow-origin'], 'https://anywhere.example');
    } finally {
      await open.close();
    }
  });

  test('answers 405 to methods other than POST and OPTIONS', async () => {
    const res = await send(running.url, { method: 'GET' });
    assert.equal(res.status, 405);
    assert.match(res.headers.allow, /POST/);
  });
});

describe('reference receiver after a restart', () => {
  test('keeps answering the first reference for a key, refuses the key for another body, and never stores it twice', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'membrane-restart-'));
    try {
      const payload = contactPayload();
      const report = securityPayload();
      const first = await startReceiver({ dataDir: dir, allowedOrigins: [PAGE_ORIGIN] });
      const original = await post(first.url, payload);
      const originalReport = await post(first.url, report);
      await first.close();

      const second = await startReceiver({ dataDir: dir, allowedOrigins: [PAGE_ORIGIN] });
      try {
        const retried = await post(second.url, payload);
        const retriedReport = await post(second.url, report);
        assert.equal(retried.status, 200);
        assert.equal(retried.json.reference, original.json.reference);
        assert.equal(retriedReport.json.reference, originalReport.json.reference);
        const reused = await post(second.url, { ...payload, message: 'A different body after the restart.' });
        assert.equal(reused.status, 422, 'the body hash is rebuilt from the stored request');
        assert.equal(reused.json.error, 'idempotency-key-reused');
        assert.equal((await readLines(join(dir, 'requests.jsonl'))).length, 1);
        assert.equal((await readLines(join(dir, 'security.jsonl'))).length, 1);
        assert.equal(second.receiver.listRequests().other[0].reference, original.json.reference);
      } finally {
        await second.close();
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  test('skips a line cut short by a crash and keeps later lines readable', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'membrane-torn-'));
    try {
      const first = await startReceiver({ dataDir: dir, allowedOrigins: '*' });
      const kept = await post(first.url, contactPayload());
      await first.close();
      await appendFile(join(dir, 'requests.jsonl'), '{"receivedAt":"2025-01-01T00:00:00.000Z","refer');

      const warnings = [];
      const second = await startReceiver({ dataDir: dir, allowedOrigins: '*', warn: (message) => warnings.push(message) });
      try {
        assert.equal(warnings.length, 1);
        assert.match(warnings[0], /line 2 of .*requests\.jsonl/);
        const added = await post(second.url, contactPayload());
        assert.equal(added.status, 200);
      } finally {
        await second.close();
      }
      const text = await readFile(join(dir, 'requests.jsonl'), 'utf8');
      const readable = text
        .split('\n')
        .filter(Boolean)
        .flatMap((line) => {
          try {
            return [JSON.parse(line)];
          } catch {
            return [];
          }
        });
      assert.equal(readable.length, 2);
      assert.equal(readable[0].reference, kept.json.reference);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  test('creates the data folder when it does not exist', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'membrane-mkdir-'));
    try {
      const nested = join(dir, 'a', 'b');
      const running = await startReceiver({ dataDir: nested, allowedOrigins: '*' });
      const res = await post(running.url, contactPayload());
      await running.close();
      assert.equal(res.status, 200);
      assert.equal((await readLines(join(nested, 'requests.jsonl'))).length, 1);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

test('createReceiver refuses an allowedOrigins that is neither "*" nor a list', () => {
  assert.throws(() => createReceiver({ dataDir: tmpdir(), allowedOrigins: 'https://shop.example' }), TypeError);
});
