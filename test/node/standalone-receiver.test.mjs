// The standalone receiver (receiver/server.mjs, started by `npm run receiver`): configured from
// environment variables, storing every accepted request and forwarding it: contact requests to a
// webhook, security reports to an SMTP server, both started here on loopback, so everything that
// leaves the receiver is seen. Needs the core build (dist/core).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { createServer } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { createServer as createNetServer } from 'node:net';
import { readFileSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { collectResponse, contactPayload, PAGE_ORIGIN, securityPayload } from './support/payloads.mjs';
import { postPayload, readJsonLines, sendRequest } from './support/http.mjs';
import { ConfigError, readConfig } from '../../receiver/config.mjs';
import { startReceiverServer } from '../../receiver/server.mjs';
import { composeEmail, INSTALL_HINT } from '../../receiver/forward-smtp.mjs';
import { createWebhookForwarder } from '../../receiver/forward-webhook.mjs';
import { createForwarding } from '../../receiver/forwarding.mjs';
import { openForwardLog } from '../../receiver/forward-log.mjs';
import { ensureCertificate } from '../../demo/certificate.mjs';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const REFERENCE = /^MB-[A-HJ-NP-Z2-9]{6}$/;
// Secrets as a site owner would have them; none may ever be seen outside the receiver.
const WEBHOOK_TOKEN = 'T0KEN-hooks-4f9c2a7e1b';
const WEBHOOK_SECRET = 'whsec-9d8c7b6a5f4e3d2c1b0a';
const SMTP_USER = 'membrane-mailer';
const SMTP_PASSWORD = 'pw-Xy7!q2Lm9#sV';
const SECRETS = [WEBHOOK_TOKEN, WEBHOOK_SECRET, SMTP_PASSWORD, encodeURIComponent(SMTP_PASSWORD)];

// ---------------------------------------------------------------------------------------------
// Test doubles: a webhook and an SMTP server on 127.0.0.1

/**
 * A webhook that records what it gets. `behave(body, hits)` picks the answer: `{ status, delayMs }`.
 * @param {(body: any, hits: number) => { status?: number, delayMs?: number, headers?: Record<string, string> }} [behave]
 */
async function startWebhook(behave = () => ({})) {
  /** @type {{ path: string, headers: import('node:http').IncomingHttpHeaders, raw: string, body: any, status: number }[]} */
  const received = [];
  /** @type {Map<string, number>} payload id → hits */
  const hits = new Map();
  const server = createServer((req, res) => {
    const parts = [];
    req.on('data', (part) => parts.push(part));
    req.on('end', () => {
      const raw = Buffer.concat(parts).toString('utf8');
      let body;
      try {
        body = JSON.parse(raw);
      } catch {
        body = undefined;
      }
      const id = body?.payload?.id ?? '';
      hits.set(id, (hits.get(id) ?? 0) + 1);
      const { status = 200, delayMs = 0, headers = {} } = behave(body, hits.get(id));
      received.push({ path: req.url, headers: req.headers, raw, body, status });
      setTimeout(() => {
        res.writeHead(status, { 'Content-Type': 'application/json', ...headers });
        res.end(JSON.stringify({ ok: status < 300 }));
      }, delayMs);
    });
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${server.address().port}/hooks/${WEBHOOK_TOKEN}`,
    origin: `http://127.0.0.1:${server.address().port}`,
    received,
    for: (id) => received.filter((r) => r.body?.payload?.id === id),
    close: () => new Promise((resolve) => server.close(resolve)),
  };
}

/** Decodes RFC 2047 encoded words (`=?UTF-8?Q?…?=`, `=?UTF-8?B?…?=`) in a header value. */
function decodeWords(value) {
  return value.replace(/=\?([^?]+)\?([QqBb])\?([^?]*)\?=\s*/g, (_, charset, encoding, text) => {
    const bytes =
      encoding.toUpperCase() === 'B'
        ? Buffer.from(text, 'base64')
        : Buffer.from(text.replace(/_/g, ' ').replace(/=([0-9A-F]{2})/gi, (__, hex) => String.fromCharCode(parseInt(hex, 16))), 'latin1');
    return bytes.toString('utf8');
  });
}

/** Splits a message as sent after DATA into lowercased headers and a decoded text body. */
function parseMessage(data) {
  const unstuffed = data.replace(/^\.\./gm, '.');
  const split = unstuffed.indexOf('\r\n\r\n');
  const head = unstuffed.slice(0, split).replace(/\r\n[ \t]+/g, ' ');
  let body = unstuffed.slice(split + 4);
  const headers = {};
  for (const line of head.split('\r\n')) {
    const colon = line.indexOf(':');
    headers[line.slice(0, colon).toLowerCase()] = decodeWords(line.slice(colon + 1).trim());
  }
  const encoding = (headers['content-transfer-encoding'] ?? '').toLowerCase();
  if (encoding === 'quoted-printable') {
    body = Buffer.from(body.replace(/=\r\n/g, '').replace(/=([0-9A-F]{2})/gi, (_, hex) => String.fromCharCode(parseInt(hex, 16))), 'latin1').toString('utf8');
  } else if (encoding === 'base64') {
    body = Buffer.from(body, 'base64').toString('utf8');
  }
  return { headers, body: body.replace(/\r\n/g, '\n') };
}

/**
 * Just enough SMTP for nodemailer without TLS: EHLO/HELO, AUTH PLAIN, MAIL FROM, RCPT TO, DATA,
 * RSET, NOOP, QUIT. Every message is kept with its envelope and the credentials that sent it.
 */
async function startFakeSmtp() {
  /** @type {{ from: string, to: string[], auth?: { user: string, pass: string }, headers: Record<string, string>, body: string }[]} */
  const messages = [];
  const sockets = new Set();
  const server = createNetServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.setEncoding('utf8');
    const reply = (line) => socket.write(`${line}\r\n`);
    let buffer = '';
    let mode = 'command';
    /** @type {{ from: string, to: string[], auth?: { user: string, pass: string } }} */
    let envelope = { from: '', to: [] };
    let auth;
    const decodePlain = (text) => {
      const [, user, pass] = Buffer.from(text, 'base64').toString('utf8').split('\0');
      return { user, pass };
    };
    const angle = (line) => /<([^>]*)>/.exec(line)?.[1] ?? '';
    reply('220 fake-smtp.test ESMTP ready');
    socket.on('data', (chunk) => {
      buffer += chunk;
      for (;;) {
        if (mode === 'data') {
          const end = buffer.indexOf('\r\n.\r\n');
          if (end === -1) return;
          messages.push({ ...envelope, auth, ...parseMessage(buffer.slice(0, end)) });
          buffer = buffer.slice(end + 5);
          envelope = { from: '', to: [] };
          mode = 'command';
          reply('250 2.0.0 Ok: queued');
          continue;
        }
        const eol = buffer.indexOf('\r\n');
        if (eol === -1) return;
        const line = buffer.slice(0, eol);
        buffer = buffer.slice(eol + 2);
        if (mode === 'auth') {
          auth = decodePlain(line);
          mode = 'command';
          reply('235 2.7.0 Authentication successful');
          continue;
        }
        const verb = line.split(' ', 1)[0].toUpperCase();
        if (verb === 'EHLO') {
          reply('250-fake-smtp.test');
          reply('250-AUTH PLAIN');
          reply('250-8BITMIME');
          reply('250 SMTPUTF8');
        } else if (verb === 'HELO') reply('250 fake-smtp.test');
        else if (verb === 'AUTH') {
          const [, mechanism, initial] = line.split(' ');
          if (mechanism?.toUpperCase() !== 'PLAIN') reply('504 5.5.4 Unrecognized authentication type');
          else if (initial) {
            auth = decodePlain(initial);
            reply('235 2.7.0 Authentication successful');
          } else {
            mode = 'auth';
            reply('334 ');
          }
        } else if (verb === 'MAIL') {
          envelope.from = angle(line);
          reply('250 2.1.0 Ok');
        } else if (verb === 'RCPT') {
          envelope.to.push(angle(line));
          reply('250 2.1.5 Ok');
        } else if (verb === 'DATA') {
          mode = 'data';
          reply('354 End data with <CR><LF>.<CR><LF>');
        } else if (verb === 'RSET') {
          envelope = { from: '', to: [] };
          reply('250 2.0.0 Ok');
        } else if (verb === 'NOOP') reply('250 2.0.0 Ok');
        else if (verb === 'QUIT') {
          reply('221 2.0.0 Bye');
          socket.end();
          return;
        } else reply('502 5.5.2 Command not recognized');
      }
    });
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: server.address().port,
    messages,
    close: () =>
      new Promise((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(resolve);
      }),
  };
}

// ---------------------------------------------------------------------------------------------
// Helpers

/** Every answer the receiver gave in this file, to look for secrets in at the end. */
const answers = [];

/** Every answer is kept, so the tests can check that none of them gives a secret away. */
const send = (url, options) =>
  sendRequest(url, options).then((response) => {
    answers.push(response);
    return response;
  });
const post = (url, payload, headers) => postPayload(send, url, payload, headers);
const readLines = readJsonLines;

async function waitFor(check, { timeout = 5000, what = 'condition' } = {}) {
  const started = Date.now();
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() - started > timeout) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

function captureLogger() {
  const lines = [];
  return { lines, logger: { info: (m) => lines.push(`info: ${m}`), warn: (m) => lines.push(`warn: ${m}`) } };
}

function assertNoSecrets(text, where) {
  for (const secret of SECRETS) assert.ok(!text.includes(secret), `${where} shows a secret`);
}

/** The environment a site owner would write for webhook + SMTP forwarding. */
function environment({ dataDir, webhook, smtpPort }) {
  return {
    MEMBRANE_ALLOWED_ORIGINS: `${PAGE_ORIGIN}, https://www.shop.example`,
    MEMBRANE_DATA_DIR: dataDir,
    MEMBRANE_FORWARD: `webhook:${webhook.url}`,
    MEMBRANE_SECURITY_FORWARD: 'smtp:',
    MEMBRANE_WEBHOOK_SECRET: WEBHOOK_SECRET,
    MEMBRANE_SMTP_URL: `smtp://${SMTP_USER}:${encodeURIComponent(SMTP_PASSWORD)}@127.0.0.1:${smtpPort}`,
    MEMBRANE_SMTP_FROM: 'Membrane <membrane@shop.example>',
    MEMBRANE_SMTP_TO: 'support@shop.example',
    MEMBRANE_SECURITY_SMTP_TO: 'security@shop.example',
  };
}

// ---------------------------------------------------------------------------------------------

describe('standalone receiver forwarding to a webhook and an SMTP server', () => {
  let dir;
  let webhook;
  let smtp;
  let running;
  let url;
  const logs = captureLogger();

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'membrane-standalone-'));
    webhook = await startWebhook((body, hits) => {
      const message = body?.payload?.message ?? '';
      if (message.includes('[slow]')) return { delayMs: 1000 };
      if (message.includes('[flaky]') && hits <= 2) return { status: 503 };
      if (message.includes('[redirect]')) return { status: 307, headers: { Location: `${webhook.origin}/elsewhere` } };
      return {};
    });
    smtp = await startFakeSmtp();
    const { config } = readConfig(environment({ dataDir: join(dir, 'data'), webhook, smtpPort: smtp.port }));
    running = await startReceiverServer({ ...config, port: 0, retryDelaysMs: [50, 100, 200], logger: logs.logger });
    url = running.url;
  });

  after(async () => {
    await running?.close();
    await webhook?.close();
    await smtp?.close();
    await rm(dir, { recursive: true, force: true });
  });

  test('listens on loopback and names where each kind of request goes, without the secret part', () => {
    assert.match(url, /^http:\/\/127\.0\.0\.1:\d+\/$/);
    assert.equal(running.destinations.contact, `webhook ${webhook.origin}/…`);
    assert.equal(running.destinations.security, `smtp 127.0.0.1:${smtp.port} → security@shop.example`);
  });

  test('forwards a contact request to the webhook only, as signed JSON', async () => {
    const payload = contactPayload({ message: 'Charged twice for order 1234.' });
    const res = await post(url, payload);
    assert.equal(res.status, 200);
    assert.match(res.json.reference, REFERENCE);

    const [hit, ...more] = webhook.for(payload.id);
    assert.ok(hit, 'the webhook got the request before the answer');
    assert.equal(more.length, 0);
    assert.equal(hit.path, `/hooks/${WEBHOOK_TOKEN}`);
    assert.match(hit.headers['content-type'], /^application\/json/);
    assert.equal(hit.headers['idempotency-key'], payload.id);
    assert.deepEqual(Object.keys(hit.body).sort(), ['payload', 'receivedAt', 'reference']);
    assert.equal(hit.body.reference, res.json.reference);
    assert.deepEqual(hit.body.payload, payload);
    assert.ok(!Number.isNaN(Date.parse(hit.body.receivedAt)));
    const expected = `sha256=${createHmac('sha256', WEBHOOK_SECRET).update(hit.raw).digest('hex')}`;
    assert.equal(hit.headers['membrane-signature'], expected);

    assert.ok(!smtp.messages.some((m) => m.body.includes(res.json.reference)), 'no e-mail for a contact request');
    const stored = await readLines(join(dir, 'data', 'requests.jsonl'));
    assert.equal(stored.filter((line) => line.payload.id === payload.id).length, 1);
  });

  test('e-mails a security report to the security address only', async () => {
    const report = securityPayload({ email: 'finder@example.org', name: 'Finder' });
    const res = await post(url, report);
    assert.equal(res.status, 200);
    const reference = res.json.reference;

    const mail = await waitFor(() => smtp.messages.find((m) => m.body.includes(reference)), { what: 'the e-mail' });
    assert.deepEqual(mail.to, ['security@shop.example']);
    assert.equal(mail.from, 'membrane@shop.example');
    assert.deepEqual(mail.auth, { user: SMTP_USER, pass: SMTP_PASSWORD }, 'logged in with the URL’s credentials');
    assert.equal(mail.headers.subject, `[Membrane] security report ${reference}: Stored XSS in the review form`);
    assert.match(mail.headers['reply-to'], /finder@example\.org/);
    assert.match(mail.headers['content-type'], /^text\/plain/);
    assert.ok(mail.body.includes('Stored XSS in the review form'), 'body holds the summary');
    assert.ok(mail.body.includes('<img src=x onerror=alert(1)>'), 'body holds the steps as typed');
    assert.ok(mail.body.includes('Script runs for every visitor'), 'body holds the impact');

    assert.equal(webhook.for(report.id).length, 0, 'the webhook never sees a security report');
    const security = await readLines(join(dir, 'data', 'security.jsonl'));
    assert.equal(security.filter((line) => line.payload.id === report.id).length, 1);
  });

  test('replays a repeated Idempotency-Key with the stored answer and forwards once', async () => {
    const payload = contactPayload({ message: 'Retried by the outbox.' });
    const first = await post(url, payload);
    const second = await post(url, payload);
    assert.equal(second.status, first.status);
    assert.equal(second.json.reference, first.json.reference);
    assert.equal(second.headers['idempotent-replayed'], 'true');
    assert.equal(first.headers['idempotent-replayed'], undefined);
    assert.equal(webhook.for(payload.id).length, 1);
    const stored = await readLines(join(dir, 'data', 'requests.jsonl'));
    assert.equal(stored.filter((line) => line.payload.id === payload.id).length, 1);
  });

  test('answers 409 with Retry-After while the first copy is being forwarded, and 422 for another body', async () => {
    const payload = contactPayload({ message: 'Please hurry [slow]' });
    const firstPending = post(url, payload);
    await waitFor(() => webhook.for(payload.id).length === 1, { what: 'the slow forward to start' });

    const during = await post(url, payload);
    assert.equal(during.status, 409);
    assert.equal(during.headers['retry-after'], '1');
    assert.deepEqual(during.json, { error: 'idempotency-key-in-flight' });

    const other = await post(url, { ...payload, message: 'Another message under the same key.' });
    assert.equal(other.status, 422);
    assert.deepEqual(other.json, { error: 'idempotency-key-reused' });

    const first = await firstPending;
    assert.equal(first.status, 200);
    const later = await post(url, payload);
    assert.equal(later.status, 200);
    assert.equal(later.json.reference, first.json.reference);
    assert.equal(later.headers['idempotent-replayed'], 'true');
    const otherLater = await post(url, { ...payload, message: 'Another message under the same key.' });
    assert.equal(otherLater.status, 422);

    assert.equal(webhook.for(payload.id).length, 1, 'forwarded once');
    const stored = await readLines(join(dir, 'data', 'requests.jsonl'));
    const copies = stored.filter((line) => line.payload.id === payload.id);
    assert.equal(copies.length, 1, 'stored once');
    assert.equal(copies[0].payload.message, 'Please hurry [slow]');
  });

  test('keeps a request whose webhook fails, retries in the background and logs each attempt', async () => {
    const payload = contactPayload({ message: 'Webhook is down [flaky]' });
    const res = await post(url, payload);
    assert.equal(res.status, 200, 'stored, so the customer is told it arrived');
    const reference = res.json.reference;

    await waitFor(() => webhook.for(payload.id).some((hit) => hit.status === 200), { what: 'the retried forward' });
    assert.deepEqual(
      webhook.for(payload.id).map((hit) => hit.status),
      [503, 503, 200],
    );
    const stored = await readLines(join(dir, 'data', 'requests.jsonl'));
    assert.equal(stored.filter((line) => line.payload.id === payload.id).length, 1);

    const log = await waitFor(async () => {
      const lines = (await readLines(join(dir, 'data', 'forward-log.jsonl'))).filter((line) => line.reference === reference);
      return lines.at(-1)?.status === 'delivered' && lines;
    }, { what: 'the forward log' });
    assert.deepEqual(
      log.map((line) => [line.status, line.attempt]),
      [['queued', 1], ['failed', 1], ['failed', 2], ['delivered', 3]],
    );
    assert.equal(log[1].error, 'webhook answered 503');
    assert.ok(!Number.isNaN(Date.parse(log[1].retryAt)));
    assert.equal(log[0].destination, `webhook ${webhook.origin}/…`);
    assert.ok(logs.lines.some((line) => line.startsWith('warn:') && line.includes(reference) && line.includes('503')));
  });

  test('never follows a redirect from the webhook', async () => {
    const payload = contactPayload({ message: 'Moved [redirect]' });
    const res = await post(url, payload);
    assert.equal(res.status, 200);
    await waitFor(async () => {
      const lines = await readLines(join(dir, 'data', 'forward-log.jsonl'));
      return lines.some((line) => line.reference === res.json.reference && line.status === 'failed');
    });
    assert.ok(!webhook.received.some((hit) => hit.path === '/elsewhere'), 'the redirect target was not hit');
    const lines = await readLines(join(dir, 'data', 'forward-log.jsonl'));
    assert.match(lines.find((line) => line.reference === res.json.reference && line.status === 'failed').error, /307.*not followed/);
  });

  test('refuses a request from an origin that is not on the list, and stores nothing', async () => {
    const payload = contactPayload();
    const refused = await post(url, payload, { Origin: 'https://evil.example' });
    assert.equal(refused.status, 403);
    assert.equal(refused.headers['access-control-allow-origin'], undefined);
    assert.equal(webhook.for(payload.id).length, 0);
    const lookalike = await post(url, payload, { Origin: 'https://shop.example.evil.example' });
    assert.equal(lookalike.status, 403);

    const preflight = await send(url, {
      method: 'OPTIONS',
      headers: { Origin: 'https://www.shop.example', 'Access-Control-Request-Method': 'POST' },
    });
    assert.equal(preflight.status, 204);
    assert.equal(preflight.headers['access-control-allow-origin'], 'https://www.shop.example');
    const stored = await readLines(join(dir, 'data', 'requests.jsonl'));
    assert.ok(!stored.some((line) => line.payload.id === payload.id));
  });

  test('accepts security reports on any path: the payload’s kind routes them', async () => {
    const report = securityPayload({ summary: 'CSRF on the settings page' });
    const res = await post(new URL('/api/security', url).href, report);
    assert.equal(res.status, 200);
    await waitFor(() => smtp.messages.find((m) => m.headers.subject.includes(res.json.reference)), { what: 'the e-mail' });
  });

  test('never shows a secret in an answer, a log line or the forward log', async () => {
    // Force an error path too: a webhook that fails writes its error to the log.
    await post(url, contactPayload({ message: 'One more [flaky]' }));
    for (const res of answers) assertNoSecrets(`${JSON.stringify(res.headers)}\n${res.text}`, 'an answer');
    assertNoSecrets(logs.lines.join('\n'), 'the log');
    assertNoSecrets(await readFile(join(dir, 'data', 'forward-log.jsonl'), 'utf8'), 'the forward log');
    assert.ok(logs.lines.length > 0);
  });
});

describe('standalone receiver forwarding to a file', () => {
  test('appends contact requests and security reports to the file, one JSON line each', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'membrane-file-forward-'));
    const logs = captureLogger();
    let running;
    try {
      const { config } = readConfig({
        MEMBRANE_ALLOWED_ORIGINS: PAGE_ORIGIN,
        MEMBRANE_DATA_DIR: join(dir, 'data'),
        MEMBRANE_FORWARD: `file:${join(dir, 'out', 'forwarded.jsonl')}`,
      });
      assert.equal(config.securityForward, config.forward, 'security reports go where the rest goes');
      running = await startReceiverServer({ ...config, port: 0, logger: logs.logger });
      const contact = await post(running.url, contactPayload());
      const report = await post(running.url, securityPayload());
      assert.equal(contact.status, 200);
      assert.equal(report.status, 200);

      const lines = await readLines(join(dir, 'out', 'forwarded.jsonl'));
      assert.deepEqual(
        lines.map((line) => [line.reference, line.payload.kind]),
        [
          [contact.json.reference, 'contact'],
          [report.json.reference, 'security'],
        ],
      );
      assert.deepEqual(Object.keys(lines[0]).sort(), ['payload', 'receivedAt', 'reference']);
      const log = await readLines(join(dir, 'data', 'forward-log.jsonl'));
      assert.equal(log.filter((line) => line.status === 'delivered').length, 2);
      assert.ok(logs.lines.some((line) => line.includes(contact.json.reference) && line.includes('forwarded')));
    } finally {
      await running?.close();
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('standalone receiver over HTTPS', () => {
  test('serves HTTPS with the PEM files named by MEMBRANE_TLS_CERT and MEMBRANE_TLS_KEY', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'membrane-tls-'));
    let running;
    try {
      await ensureCertificate(join(dir, 'cert'));
      const { config } = readConfig({
        MEMBRANE_ALLOWED_ORIGINS: PAGE_ORIGIN,
        MEMBRANE_DATA_DIR: join(dir, 'data'),
        MEMBRANE_HOST: 'localhost',
        MEMBRANE_TLS_CERT: join(dir, 'cert', 'cert.pem'),
        MEMBRANE_TLS_KEY: join(dir, 'cert', 'key.pem'),
      });
      running = await startReceiverServer({ ...config, port: 0, logger: captureLogger().logger });
      assert.match(running.url, /^https:\/\/localhost:\d+\/$/);
      const payload = contactPayload();
      const res = await new Promise((resolve, reject) => {
        const req = httpsRequest(
          running.url,
          {
            method: 'POST',
            ca: readFileSync(join(dir, 'cert', 'cert.pem')),
            headers: { 'Content-Type': 'application/json', 'Idempotency-Key': payload.id, Origin: PAGE_ORIGIN },
          },
          (response) => collectResponse(response).then(resolve, reject),
        );
        req.on('error', reject);
        req.end(JSON.stringify(payload));
      });
      assert.equal(res.status, 200);
      assert.match(res.json.reference, REFERENCE);
    } finally {
      await running?.close();
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('forwards that did not finish', () => {
  test('are picked up again after a restart', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'membrane-resume-'));
    let down = true;
    const webhook = await startWebhook(() => ({ status: down ? 500 : 200 }));
    const base = { dataDir: dir, allowedOrigins: [PAGE_ORIGIN], forward: { type: 'webhook', url: webhook.url } };
    try {
      const first = await startReceiverServer({ ...base, port: 0, retryDelaysMs: [300], logger: captureLogger().logger });
      const payload = contactPayload({ message: 'Sent while the webhook was down.' });
      const res = await post(first.url, payload);
      assert.equal(res.status, 200);
      await first.close(); // before the retry is due

      down = false;
      const second = await startReceiverServer({ ...base, port: 0, retryDelaysMs: [300], logger: captureLogger().logger });
      try {
        assert.equal(second.resumed, 1);
        await waitFor(() => webhook.for(payload.id).some((hit) => hit.status === 200), { what: 'the resumed forward' });
        const log = await waitFor(async () => {
          const lines = await readLines(join(dir, 'forward-log.jsonl'));
          return lines.at(-1)?.status === 'delivered' && lines;
        });
        assert.deepEqual(log.map((line) => line.status), ['queued', 'failed', 'delivered']);
        assert.equal(log.at(-1).attempt, 2);
      } finally {
        await second.close();
      }
      const third = await startReceiverServer({ ...base, port: 0, logger: captureLogger().logger });
      assert.equal(third.resumed, 0, 'a delivered forward is not resumed');
      await third.close();
    } finally {
      await webhook.close();
      await rm(dir, { recursive: true, force: true });
    }
  });

  test('give up after the last retry, saying the request is kept', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'membrane-give-up-'));
    const webhook = await startWebhook(() => ({ status: 500 }));
    const logs = captureLogger();
    const running = await startReceiverServer({
      dataDir: dir,
      allowedOrigins: [PAGE_ORIGIN],
      port: 0,
      forward: { type: 'webhook', url: webhook.url },
      retryDelaysMs: [20, 20],
      logger: logs.logger,
    });
    try {
      const res = await post(running.url, contactPayload());
      const log = await waitFor(async () => {
        const lines = await readLines(join(dir, 'forward-log.jsonl'));
        return lines.at(-1)?.status === 'gave-up' && lines;
      });
      assert.deepEqual(log.map((line) => line.status), ['queued', 'failed', 'failed', 'gave-up']);
      assert.ok(logs.lines.some((line) => line.includes(res.json.reference) && /kept in the data folder/.test(line)));
    } finally {
      await running.close();
      await webhook.close();
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('receiver configuration', () => {
  const minimal = { MEMBRANE_ALLOWED_ORIGINS: PAGE_ORIGIN, MEMBRANE_DATA_DIR: '/tmp/membrane' };

  /** The problems readConfig reports, as `VARIABLE: message` lines. */
  function problemsOf(env) {
    try {
      readConfig(env);
    } catch (error) {
      assert.ok(error instanceof ConfigError);
      return error.problems.map((p) => `${p.variable}: ${p.message}`);
    }
    assert.fail('expected a ConfigError');
  }

  test('names each missing required variable', () => {
    const problems = problemsOf({});
    assert.ok(problems.some((p) => p.startsWith('MEMBRANE_ALLOWED_ORIGINS: required')));
    assert.ok(problems.some((p) => p.startsWith('MEMBRANE_DATA_DIR: required')));
  });

  test('accepts only exact https origins (http only for loopback)', () => {
    for (const value of ['*', 'https://shop.example/contact', 'http://shop.example', 'shop.example', 'https://user@shop.example']) {
      const problems = problemsOf({ ...minimal, MEMBRANE_ALLOWED_ORIGINS: value });
      assert.ok(problems.every((p) => p.startsWith('MEMBRANE_ALLOWED_ORIGINS:')), value);
      assert.equal(problems.length, 1, value);
    }
    const { config } = readConfig({ ...minimal, MEMBRANE_ALLOWED_ORIGINS: 'https://Shop.Example:443, http://localhost:3000' });
    assert.deepEqual(config.allowedOrigins, ['https://shop.example', 'http://localhost:3000']);
  });

  test('refuses a forwarding value it cannot use, naming the variable and not repeating the value', () => {
    const cases = {
      'webhook:http://hooks.example/T0KEN-hooks-4f9c2a7e1b': /https:/,
      'webhook:https://user:T0KEN-hooks-4f9c2a7e1b@hooks.example/x': /user name or password/,
      'webhook:': /give the URL/,
      'slack:T0KEN-hooks-4f9c2a7e1b': /webhook:, smtp: or file:/,
      'file:': /give a path/,
    };
    for (const [value, pattern] of Object.entries(cases)) {
      for (const variable of ['MEMBRANE_FORWARD', 'MEMBRANE_SECURITY_FORWARD']) {
        const problems = problemsOf({ ...minimal, [variable]: value });
        assert.equal(problems.length, 1, `${variable}=${value}`);
        assert.ok(problems[0].startsWith(`${variable}: `), problems[0]);
        assert.match(problems[0], pattern);
        assert.ok(!problems[0].includes(WEBHOOK_TOKEN), 'the value is not repeated');
      }
    }
  });

  test('names every SMTP variable that smtp: forwarding still needs', () => {
    const problems = problemsOf({ ...minimal, MEMBRANE_FORWARD: 'smtp:' });
    for (const variable of ['MEMBRANE_SMTP_URL', 'MEMBRANE_SMTP_FROM', 'MEMBRANE_SMTP_TO']) {
      assert.equal(problems.filter((p) => p.startsWith(`${variable}: required when MEMBRANE_FORWARD is smtp:`)).length, 1, variable);
    }
    const bad = problemsOf({
      ...minimal,
      MEMBRANE_SECURITY_FORWARD: 'smtp:',
      MEMBRANE_SMTP_URL: `https://${SMTP_USER}:${SMTP_PASSWORD}@smtp.example.com`,
      MEMBRANE_SMTP_FROM: 'not an address',
      MEMBRANE_SECURITY_SMTP_TO: 'security@shop.example, oops',
    });
    assert.deepEqual(
      bad.map((p) => p.split(':', 1)[0]),
      ['MEMBRANE_SMTP_URL', 'MEMBRANE_SMTP_FROM', 'MEMBRANE_SECURITY_SMTP_TO'],
    );
    assertNoSecrets(bad.join('\n'), 'a configuration problem');
  });

  test('names a bad port, timeout, TLS pair or too-short webhook secret', () => {
    assert.match(problemsOf({ ...minimal, MEMBRANE_PORT: 'eighty' })[0], /^MEMBRANE_PORT: .*"eighty"/);
    assert.match(problemsOf({ ...minimal, MEMBRANE_PORT: '70000' })[0], /^MEMBRANE_PORT:/);
    assert.match(problemsOf({ ...minimal, MEMBRANE_FORWARD_TIMEOUT_MS: '5' })[0], /^MEMBRANE_FORWARD_TIMEOUT_MS:/);
    assert.match(problemsOf({ ...minimal, MEMBRANE_TLS_CERT: '/etc/cert.pem' })[0], /^MEMBRANE_TLS_KEY: set both/);
    const secret = problemsOf({ ...minimal, MEMBRANE_WEBHOOK_SECRET: 'short-Zq' })[0];
    assert.match(secret, /^MEMBRANE_WEBHOOK_SECRET: must be at least 16/);
    assert.ok(!secret.includes('short-Zq'));
  });

  test('reads a complete configuration, sending security e-mail to the security address', () => {
    const { config, warnings } = readConfig({
      ...minimal,
      MEMBRANE_PORT: '9000',
      MEMBRANE_FORWARD: 'smtp:',
      MEMBRANE_SMTP_URL: `smtps://${SMTP_USER}:${encodeURIComponent(SMTP_PASSWORD)}@smtp.example.com`,
      MEMBRANE_SMTP_FROM: 'Membrane <membrane@shop.example>',
      MEMBRANE_SMTP_TO: 'support@shop.example, billing@shop.example',
      MEMBRANE_SECURITY_SMTP_TO: 'security@shop.example',
      MEMBRANE_ALLOWED_ORIGIN: 'https://typo.example',
    });
    assert.equal(config.port, 9000);
    assert.equal(config.host, '127.0.0.1');
    assert.deepEqual(config.forward.to, ['support@shop.example', 'billing@shop.example']);
    assert.equal(config.securityForward.type, 'smtp');
    assert.deepEqual(config.securityForward.to, ['security@shop.example']);
    assert.ok(warnings.some((w) => w.startsWith('MEMBRANE_ALLOWED_ORIGIN is not a variable')), 'a typo is pointed out');
  });

  test('warns when security e-mail would go to the general address, or webhooks are unsigned', () => {
    const { warnings } = readConfig({
      ...minimal,
      MEMBRANE_FORWARD: 'webhook:https://hooks.example/x',
      MEMBRANE_SECURITY_FORWARD: 'smtp:',
      MEMBRANE_SMTP_URL: 'smtps://smtp.example.com',
      MEMBRANE_SMTP_FROM: 'membrane@shop.example',
      MEMBRANE_SMTP_TO: 'support@shop.example',
    });
    assert.ok(warnings.some((w) => w.startsWith('MEMBRANE_SECURITY_SMTP_TO is not set')));
    assert.ok(warnings.some((w) => w.startsWith('MEMBRANE_WEBHOOK_SECRET is not set')));
  });
});

describe('forwarder details', () => {
  test('startReceiverServer says how to install nodemailer when SMTP forwarding needs it', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'membrane-no-mailer-'));
    try {
      const missing = Object.assign(new Error("Cannot find package 'nodemailer'"), { code: 'ERR_MODULE_NOT_FOUND' });
      await assert.rejects(
        startReceiverServer({
          dataDir: dir,
          allowedOrigins: [PAGE_ORIGIN],
          port: 0,
          forward: { type: 'smtp', url: 'smtps://smtp.example.com', from: 'a@shop.example', to: ['b@shop.example'] },
          importNodemailer: () => Promise.reject(missing),
        }),
        (error) => error.message === INSTALL_HINT && /npm install nodemailer/.test(error.message),
      );
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  test('the webhook forwarder refuses http: to a host that is not loopback', () => {
    assert.throws(() => createWebhookForwarder({ url: 'http://hooks.example/x', timeoutMs: 1000 }), /https: only/);
    assert.throws(() => createWebhookForwarder({ url: 'ftp://hooks.example/x', timeoutMs: 1000 }), /https: only/);
  });

  test('the webhook forwarder gives up on a webhook that does not answer in time', async () => {
    const webhook = await startWebhook(() => ({ delayMs: 2000 }));
    try {
      const forwarder = createWebhookForwarder({ url: webhook.url, timeoutMs: 100 });
      const record = { reference: 'MB-AAAAAA', receivedAt: new Date().toISOString(), payload: contactPayload() };
      await assert.rejects(forwarder.send(record), /did not answer within 100 ms/);
    } finally {
      await webhook.close();
    }
  });

  test('the answer waits for a first forward that hangs no longer than its cap', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'membrane-hang-'));
    let release;
    const hanging = { name: 'hanging', send: () => new Promise((resolve) => (release = resolve)) };
    const forwarding = createForwarding({
      forwarders: { contact: hanging },
      forwardLog: openForwardLog({ dataDir: dir }),
      firstAttemptWaitMs: 100,
      logger: captureLogger().logger,
    });
    try {
      const started = Date.now();
      await forwarding.forward({ reference: 'MB-AAAAAA', receivedAt: new Date().toISOString(), payload: contactPayload() });
      assert.ok(Date.now() - started < 1000, 'did not wait for the hanging attempt');
      release();
      await forwarding.close();
      const log = await readLines(join(dir, 'forward-log.jsonl'));
      assert.deepEqual(log.map((line) => line.status), ['queued', 'delivered'], 'the attempt went on in the background');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  test('a contact e-mail names the topic and reference and replies to the customer', () => {
    const payload = contactPayload({ topic: 'billing', name: 'Ada Lovelace', email: 'ada@example.com', escalate: true });
    const mail = composeEmail({ reference: 'MB-7KQ2XD', receivedAt: '2025-06-01T10:00:00.000Z', payload });
    assert.equal(mail.subject, '[Membrane] billing — MB-7KQ2XD (contacted us before)');
    assert.deepEqual(mail.replyTo, { name: 'Ada Lovelace', address: 'ada@example.com' });
    assert.match(mail.text, /^Reference: +MB-7KQ2XD$/m);
    assert.match(mail.text, /^From: +Ada Lovelace <ada@example\.com>$/m);
    assert.match(mail.text, /^Contacted before: +yes$/m);
    assert.match(mail.text, /Message:\nI was charged twice for order 1234\./);
  });

  test('an anonymous security report e-mail has no Reply-To and a one-line subject', () => {
    const payload = securityPayload({ summary: 'Open redirect' });
    const mail = composeEmail({ reference: 'MB-7KQ2XD', receivedAt: '2025-06-01T10:00:00.000Z', payload });
    assert.equal(mail.subject, '[Membrane] security report MB-7KQ2XD: Open redirect');
    assert.equal(mail.replyTo, undefined);
    assert.match(mail.text, /^From: +anonymous$/m);
    assert.match(mail.text, /Steps to reproduce:\n1\. Post a review/);
  });
});

describe('npm run receiver (receiver/cli.mjs)', () => {
  /** Runs the CLI with only the given MEMBRANE_* variables; resolves with its output and exit code. */
  function startCli(env) {
    const clean = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('MEMBRANE_')));
    const child = spawn(process.execPath, ['receiver/cli.mjs'], { cwd: ROOT, env: { ...clean, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    const output = { stdout: '', stderr: '' };
    child.stdout.on('data', (chunk) => (output.stdout += chunk));
    child.stderr.on('data', (chunk) => (output.stderr += chunk));
    const exited = new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
    return { child, output, exited };
  }

  test('exits with status 2 and names the variables when the configuration is wrong', async () => {
    const { output, exited, child } = startCli({
      MEMBRANE_ALLOWED_ORIGINS: PAGE_ORIGIN,
      MEMBRANE_FORWARD: `webhook:http://hooks.example/${WEBHOOK_TOKEN}`,
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    const { code } = await exited;
    clearTimeout(timer);
    assert.equal(code, 2);
    assert.match(output.stderr, /MEMBRANE_DATA_DIR: required/);
    assert.match(output.stderr, /MEMBRANE_FORWARD: the webhook URL must be https:/);
    assertNoSecrets(output.stdout + output.stderr, 'the CLI output');
  });

  test('starts, prints where it listens, accepts a request and stops on SIGTERM without showing a secret', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'membrane-cli-'));
    const webhook = await startWebhook();
    const { output, exited, child } = startCli({
      ...environment({ dataDir: dir, webhook, smtpPort: 2525 }),
      MEMBRANE_SECURITY_FORWARD: '',
      MEMBRANE_FORWARD: `webhook:${webhook.url}`,
      MEMBRANE_PORT: '0',
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
    try {
      const listening = await waitFor(() => /Membrane receiver: (http:\/\/127\.0\.0\.1:\d+\/)/.exec(output.stdout)?.[1], {
        timeout: 10_000,
        what: `the CLI to start (stderr: ${output.stderr})`,
      });
      assert.match(output.stdout, new RegExp(`contact requests +webhook ${webhook.origin}/…`));
      const payload = contactPayload();
      const res = await post(listening, payload);
      assert.equal(res.status, 200);
      assert.equal(webhook.for(payload.id).length, 1);

      child.kill('SIGTERM');
      const { code } = await exited;
      assert.equal(code, 0);
      assert.match(output.stdout, /SIGTERM: stopping the receiver/);
      assertNoSecrets(output.stdout + output.stderr, 'the CLI output');
    } finally {
      clearTimeout(timer);
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await webhook.close();
      await rm(dir, { recursive: true, force: true });
    }
  });
});
