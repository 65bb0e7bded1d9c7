// The "real but local" network the browser tests talk to (STYLE.md, Tests).
//
// One request handler served twice on 127.0.0.1: over HTTPS (a self-signed certificate the test
// browsers are told to trust) and over plain HTTP (the "http: to a loopback host is allowed" rule).
// Routes give tests every delivery outcome the transport must handle: success, any status with any
// body, redirects across schemes, hangs, slow answers, dropped connections, oversized bodies. Every
// POST is recorded so a test can check exactly what left the browser (and what did not: cookies,
// Authorization).
//
//   POST /receive                 the reference receiver (receiver/handler.mjs, through
//                                 demo/receiver.mjs) when it exists, else a stub answering 200
//                                 {"reference":"R-<first 8 of Idempotency-Key>"} that keeps the
//                                 receiver's rules per key: stored once, replayed (with
//                                 Idempotent-Replayed: true), 422 for another body under the key
//   POST /status/:code            ?type=json|html|text|empty &reference=XYZ &retryAfter=N
//   POST /redirect                ?to=http|https &status=301|302|303|307|308 (default 307)
//                                 &path=/receive (target path on the chosen base)
//   POST /hang                    never answers
//   POST /slow?ms=N               200 {"reference":"SLOW"} after N ms
//   POST /drop                    reads the body, then destroys the socket (a network error)
//   GET /requests[?key=K]         JSON array of recorded POSTs, optionally only those with
//                                 Idempotency-Key K: { scheme, method, path, url, headers, body,
//                                 rawBody, tooLarge }
//   DELETE /requests[?key=K]      forgets recorded requests, all or only key K (answers 204)
//   OPTIONS *                     CORS preflight, 204
//
// Fault injection in front of the real receiver (the "exactly one stored record" tests). State is
// kept per Idempotency-Key, never globally, because all browsers share this server at once:
//   POST /faults/receive?script=S the Nth POST with a given Idempotency-Key runs step N of S (steps
//                                 comma-separated; the last one repeats forever), e.g. 503+ra=1,ok
//                                 or stored-drop,ok. A key is required (400 without one, or for a
//                                 script that does not parse; neither counts as an attempt). Steps:
//                                   ok              what POST /receive does: store once per key,
//                                                   replay, 409 in flight, 422 for another body
//                                   <status>        that status (200-599) with a small
//                                                   application/problem+json body, nothing stored;
//                                                   +ra=N adds Retry-After: N, +ra=date:N an
//                                                   HTTP-date at least N seconds ahead
//                                   drop            reads the body, destroys the socket, stores nothing
//                                   stored-drop     stores it (as ok), then destroys the socket before
//                                                   answering: the answer is lost, the record is not
//                                   stored-slow:MS  stores it (as ok), answers only MS ms later
//                                   slow:MS         waits MS ms, then behaves as ok
//   GET /stored?key=K             { key, count, attempts, references }: how many records the receiver
//                                 holds for K (its stored references, oldest first) and how many
//                                 POSTs reached /faults/receive with K (never reset: use fresh keys)
//
// Every answer exposes Retry-After and Idempotent-Replayed to the page (CORS), so a browser test
// can check that the transport read them.
//
// Service mimics (test/elements/backends.test.ts): each checks a request the way the real service
// does (content type, required fields, body shape) and answers with that service's documented
// success body; ?refuse=… asks for its documented error body instead (see mimicService below).
//   POST /mimic/form                                       the `form` preset's own-backend contract
//   POST /mimic/formspree/f/:form                          Formspree
//   POST /mimic/web3forms/submit                           Web3Forms
//   POST /mimic/hubspot/submissions/v3/integration/submit/:portal/:form   HubSpot Forms API v3
//   POST /mimic/zendesk/api/v2/requests.json               Zendesk Requests API (anonymous)
//
// security.txt (test/core/security-txt-fetch.test.ts), GET only; files from test/fixtures/security-txt/:
//   GET /.well-known/security.txt       full-crlf.txt as text/plain (for `security-txt="auto"`)
//   GET /security-txt/:name             that fixture; ?type=text (default; text/plain; charset=utf-8)
//                                       |html|none (no Content-Type)|<any media type> &status=N
//   GET /security-txt-redirect/:name    302 to /security-txt/:name
//   GET /security-txt-huge              text/plain comment lines, ?bytes=N (default 5 MiB), streamed
//                                       with backpressure; &length=1 also declares Content-Length
//   GET /security-txt-hang              never answers; ?after=headers sends headers and a first line,
//                                       then stalls
//
// Bodies over 1 MiB are answered 413 (after the upload is drained, so the browser sees the status
// rather than a reset connection).

import { randomUUID } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer as createHttpServer, STATUS_CODES } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { fileURLToPath, pathToFileURL } from 'node:url';

import { ensureCertificate } from '../../demo/certificate.mjs';
import { canonicalJson } from '../../receiver/idempotency.mjs';

export const MAX_BODY_BYTES = 1024 * 1024;
// Longest wait /slow and the slow fault steps accept, so a typo cannot hold a test for an hour.
const MAX_WAIT_MS = 120_000;
// An upload far beyond the cap is cut off instead of drained forever.
const MAX_DRAIN_BYTES = 64 * MAX_BODY_BYTES;

const RECEIVER_PATH = fileURLToPath(new URL('../../demo/receiver.mjs', import.meta.url));
const SECURITY_TXT_DIR = fileURLToPath(new URL('../fixtures/security-txt/', import.meta.url));

/**
 * Starts the HTTPS and HTTP loopback servers on free ports of 127.0.0.1.
 *
 * @param {{ certDir: string, log?: (message: string) => void }} options
 * @returns {Promise<{ httpsBase: string, httpBase: string, cert: string, close(): Promise<void> }>}
 */
export async function startLoopbackServer({ certDir, log = (message) => console.error(message) }) {
  const { key, cert } = await ensureCertificate(certDir);
  /** @type {object[]} */
  const recorded = [];
  const sockets = new Set();
  const timers = new Set();
  /** @type {Map<string, number>} Idempotency-Key → POSTs that reached /faults/receive with it */
  const faultAttempts = new Map();
  /** @type {Map<string, { body: string, reference: string }>} the stub receiver's store, by key */
  const stubStore = new Map();
  let receiverDir;
  let receiverPromise;
  const bases = { http: '', https: '' };

  async function getReceiver() {
    receiverPromise ??= (async () => {
      // Imported lazily: the demo receiver is written separately and may not exist yet. A receiver
      // that exists but fails to load is an error the tests should see, not a reason to fall back.
      if (!existsSync(RECEIVER_PATH)) return undefined;
      const module = await import(pathToFileURL(RECEIVER_PATH).href);
      if (typeof module.createReceiver !== 'function') return undefined;
      receiverDir = await mkdtemp(join(tmpdir(), 'membrane-receiver-'));
      return module.createReceiver({ dataDir: receiverDir, allowedOrigins: '*' });
    })();
    try {
      return await receiverPromise;
    } catch (error) {
      receiverPromise = undefined;
      throw error;
    }
  }

  function handler(scheme) {
    return (req, res) => {
      handle(scheme, req, res).catch((error) => {
        log(`[loopback] ${req.method} ${req.url}: ${error?.stack ?? error}`);
        if (!res.headersSent && !res.destroyed) sendJson(res, 500, { error: String(error?.message ?? error) });
        else res.destroy();
      });
    };
  }

  async function handle(scheme, req, res) {
    const url = new URL(req.url ?? '/', 'http://loopback');
    setCors(req, res);

    if (req.method === 'OPTIONS') {
      res.writeHead(204, { 'Content-Length': '0' }).end();
      return;
    }

    if (url.pathname === '/requests') {
      if (req.method === 'GET') {
        const key = url.searchParams.get('key');
        sendJson(res, 200, key === null ? recorded : recorded.filter((r) => r.headers['idempotency-key'] === key));
      } else if (req.method === 'DELETE') {
        // All browsers share this server at once: clearing everything can race with another
        // browser's test, so prefer ?key=.
        const key = url.searchParams.get('key');
        const kept = key === null ? [] : recorded.filter((r) => r.headers['idempotency-key'] !== key);
        recorded.splice(0, recorded.length, ...kept);
        res.writeHead(204).end();
      } else {
        sendJson(res, 405, { error: 'use GET or DELETE' });
      }
      return;
    }

    if (url.pathname === '/stored' && req.method === 'GET') {
      await sendStored(res, url.searchParams.get('key'));
      return;
    }

    if (req.method === 'GET' && (url.pathname === '/.well-known/security.txt' || url.pathname.startsWith('/security-txt'))) {
      await serveSecurityTxt(res, url);
      return;
    }

    if (req.method !== 'POST') {
      sendJson(res, 405, { error: 'use POST' });
      return;
    }

    const { buffer, tooLarge, truncated } = await readBody(req);
    const rawBody = buffer.toString('utf8');
    recorded.push({
      scheme,
      method: req.method,
      path: url.pathname,
      url: req.url,
      headers: { ...req.headers },
      body: parseJson(rawBody) ?? rawBody,
      rawBody,
      tooLarge,
    });
    if (truncated) {
      res.destroy();
      return;
    }
    if (tooLarge) {
      sendJson(res, 413, { error: `body larger than ${MAX_BODY_BYTES} bytes` });
      return;
    }

    const statusMatch = /^\/status\/(\d{3})$/.exec(url.pathname);
    if (statusMatch) {
      sendStatus(res, Number(statusMatch[1]), url.searchParams);
      return;
    }

    if (url.pathname.startsWith('/mimic/')) {
      mimicService(req, res, url, rawBody);
      return;
    }

    switch (url.pathname) {
      case '/receive':
        await receive(req, res, buffer, rawBody);
        return;
      case '/faults/receive':
        await receiveWithFaults(req, res, url, buffer, rawBody);
        return;
      case '/redirect': {
        const to = url.searchParams.get('to') === 'http' ? 'http' : 'https';
        const status = Number(url.searchParams.get('status') ?? 307);
        const path = url.searchParams.get('path') ?? '/receive';
        if (![301, 302, 303, 307, 308].includes(status) || !path.startsWith('/')) {
          sendJson(res, 400, { error: 'status must be 301, 302, 303, 307 or 308; path must start with /' });
          return;
        }
        res.writeHead(status, { Location: bases[to] + path, 'Content-Length': '0' }).end();
        return;
      }
      case '/hang':
        // Leave the request open; the socket is tracked so close() can destroy it.
        return;
      case '/slow': {
        const ms = Math.max(0, Math.min(Number(url.searchParams.get('ms')) || 0, MAX_WAIT_MS));
        if (await pause(res, ms)) sendJson(res, 200, { reference: 'SLOW' });
        return;
      }
      case '/drop':
        req.socket.destroy();
        return;
      default:
        sendJson(res, 404, { error: `no route ${url.pathname}` });
    }
  }

  /**
   * Resolves true after `ms`, or false as soon as the client goes away (or close() stops the
   * server), so nothing is written to a closed socket and no timer outlives the server.
   */
  function pause(res, ms) {
    return new Promise((resolve) => {
      const onClose = () => {
        clearTimeout(timer);
        timers.delete(timer);
        resolve(false);
      };
      const timer = setTimeout(() => {
        timers.delete(timer);
        res.off('close', onClose);
        resolve(!res.destroyed);
      }, ms);
      timers.add(timer);
      res.once('close', onClose);
    });
  }

  /** POST /faults/receive (see the list at the top). */
  async function receiveWithFaults(req, res, url, buffer, rawBody) {
    const key = req.headers['idempotency-key'];
    if (typeof key !== 'string' || key === '') {
      sendJson(res, 400, { error: 'POST /faults/receive counts attempts per Idempotency-Key; send one' });
      return;
    }
    const steps = parseFaultScript(url.searchParams.get('script') ?? 'ok');
    if (typeof steps === 'string') {
      sendJson(res, 400, { error: steps });
      return;
    }
    // Counted before any await, so two attempts arriving together still get steps N and N+1.
    const attempt = (faultAttempts.get(key) ?? 0) + 1;
    faultAttempts.set(key, attempt);
    const step = steps[Math.min(attempt, steps.length) - 1];

    switch (step.kind) {
      case 'ok':
        await receive(req, res, buffer, rawBody);
        return;
      case 'slow':
        if (await pause(res, step.ms)) await receive(req, res, buffer, rawBody);
        return;
      case 'drop':
        req.socket.destroy();
        return;
      case 'stored-drop': {
        await receiveHeld(req, buffer, rawBody);
        req.socket.destroy();
        return;
      }
      case 'stored-slow': {
        const answer = await receiveHeld(req, buffer, rawBody);
        if (!(await pause(res, step.ms))) return;
        if (!answer) {
          res.destroy();
          return;
        }
        res.writeHead(answer.status, answer.headers);
        res.end(answer.body);
        return;
      }
      case 'status': {
        if (step.retryAfter !== undefined) res.setHeader('Retry-After', retryAfterValue(step.retryAfter));
        sendProblem(res, step.status, `injected by /faults/receive: attempt ${attempt} with this Idempotency-Key`);
        return;
      }
    }
  }

  /**
   * Hands the request to the receiver as /receive does, but keeps its answer instead of sending it:
   * the record is stored (or refused) exactly as it would be, and the caller decides whether and when
   * the client hears about it. Undefined when the receiver destroyed its response.
   */
  async function receiveHeld(req, buffer, rawBody) {
    const held = holdAnswer();
    // The receiver's handler does not return its promise; the held answer is what tells us it is done.
    await receive(req, held.res, buffer, rawBody);
    return held.answer;
  }

  /** GET /stored?key=K (see the list at the top). */
  async function sendStored(res, key) {
    if (key === null || key === '') {
      sendJson(res, 400, { error: 'GET /stored needs ?key=<Idempotency-Key>' });
      return;
    }
    let references;
    const receiver = await getReceiver();
    if (receiver) {
      const { security, other } = receiver.listRequests();
      // listRequests() is newest first; oldest first reads better next to the attempt order.
      references = [...security, ...other]
        .filter((record) => record.payload?.id === key)
        .sort((a, b) => Date.parse(a.receivedAt) - Date.parse(b.receivedAt))
        .map((record) => record.reference);
    } else {
      const stored = stubStore.get(key);
      references = stored ? [stored.reference] : [];
    }
    sendJson(res, 200, { key, count: references.length, attempts: faultAttempts.get(key) ?? 0, references });
  }

  async function receive(req, res, buffer, rawBody) {
    const receiver = await getReceiver();
    if (receiver) {
      // The body has been consumed for recording; hand the receiver a request that replays it.
      const replay = Object.assign(Readable.from(buffer.length ? [buffer] : []), {
        headers: req.headers,
        rawHeaders: req.rawHeaders,
        method: req.method,
        url: req.url,
        httpVersion: req.httpVersion,
        socket: req.socket,
        connection: req.socket,
        complete: true,
      });
      await receiver(replay, res);
      return;
    }
    const json = parseJson(rawBody);
    if (json === undefined) {
      sendJson(res, 400, { error: 'body is not JSON' });
      return;
    }
    const header = req.headers['idempotency-key'];
    if (header === undefined) {
      sendJson(res, 200, { reference: 'R-' + randomUUID().slice(0, 8) });
      return;
    }
    // The receiver's rules, kept so /stored and the fault routes mean the same thing without it.
    // (It never answers 409: this stub stores synchronously, so no request is ever "in flight".)
    const key = String(header);
    const body = canonicalJson(json);
    const stored = stubStore.get(key);
    if (stored) {
      if (stored.body !== body) {
        sendJson(res, 422, { error: 'idempotency-key-reused' });
        return;
      }
      res.setHeader('Idempotent-Replayed', 'true');
      sendJson(res, 200, { reference: stored.reference });
      return;
    }
    const reference = 'R-' + key.slice(0, 8);
    stubStore.set(key, { body, reference });
    sendJson(res, 200, { reference });
  }

  const httpsServer = createHttpsServer({ key, cert }, handler('https'));
  const httpServer = createHttpServer(handler('http'));
  for (const server of [httpsServer, httpServer]) {
    // Node's default keep-alive timeout (5 s) would close idle sockets between test files anyway;
    // a hanging request must not be cut off by the server's request timeout either.
    server.requestTimeout = 0;
    server.on('connection', (socket) => {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
    });
    // Browsers probing a TLS port over plain TCP, or aborting handshakes, are not test failures.
    server.on('tlsClientError', () => {});
    server.on('clientError', (_error, socket) => socket.destroy());
  }

  await Promise.all([listen(httpsServer), listen(httpServer)]);
  bases.https = `https://127.0.0.1:${httpsServer.address().port}`;
  bases.http = `http://127.0.0.1:${httpServer.address().port}`;

  let closed;
  return {
    httpsBase: bases.https,
    httpBase: bases.http,
    cert,
    close() {
      closed ??= (async () => {
        for (const timer of timers) clearTimeout(timer);
        const done = Promise.all([httpsServer, httpServer].map((s) => new Promise((r) => s.close(() => r()))));
        for (const socket of sockets) socket.destroy();
        await done;
        if (receiverDir) await rm(receiverDir, { recursive: true, force: true });
      })();
      return closed;
    },
  };
}

function listen(server) {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
}

function setCors(req, res) {
  // Echo the caller's origin (never "*") so the browser applies the same rules it would against a
  // real backend that allow-lists the site; credentials are deliberately not allowed.
  res.setHeader('Access-Control-Allow-Origin', req.headers.origin ?? '*');
  res.setHeader('Vary', 'Origin');
  res.setHeader('Access-Control-Allow-Methods', 'POST, OPTIONS, GET, DELETE');
  res.setHeader('Access-Control-Allow-Headers', 'Content-Type, Idempotency-Key, Accept, Membrane-Captcha');
  // Only CORS-safelisted response headers are readable by a cross-origin page (Fetch standard);
  // a transport honouring Retry-After must be able to see it, as it can from the real receiver.
  res.setHeader('Access-Control-Expose-Headers', 'Retry-After, Idempotent-Replayed');
  res.setHeader('Access-Control-Max-Age', '600');
  res.setHeader('Cache-Control', 'no-store');
  // No keep-alive: Chromium and Firefox silently resend a request whose reused connection closes
  // before an answer (measured: /drop then arrives twice), which would blur what a test sees of
  // the transport's own retries. A fresh connection per request on loopback costs about a millisecond.
  res.setHeader('Connection', 'close');
}

/**
 * Parses a /faults/receive script into steps, or returns why it does not parse.
 * @param {string} script e.g. `503+ra=1,ok`
 * @returns {Array<{ kind: 'ok' | 'drop' | 'stored-drop' }
 *   | { kind: 'slow' | 'stored-slow', ms: number }
 *   | { kind: 'status', status: number, retryAfter?: { seconds: number, asDate: boolean } }> | string}
 */
export function parseFaultScript(script) {
  const steps = [];
  for (const text of script.split(',').map((part) => part.trim())) {
    const match = /^(?:(ok|drop|stored-drop)|(slow|stored-slow):(\d+)|(\d{3})(?:\+ra=(date:)?(\d+))?)$/.exec(text);
    if (!match) {
      return `script step "${text}" is not ok, drop, stored-drop, slow:<ms>, stored-slow:<ms> or a status with optional +ra=<s> / +ra=date:<s>`;
    }
    const [, simple, waiting, ms, status, asDate, seconds] = match;
    if (simple) steps.push({ kind: simple });
    else if (waiting) steps.push({ kind: waiting, ms: Math.min(Number(ms), MAX_WAIT_MS) });
    else {
      if (Number(status) < 200 || Number(status) > 599) return `script step "${text}": status must be between 200 and 599`;
      steps.push({
        kind: 'status',
        status: Number(status),
        ...(seconds === undefined ? {} : { retryAfter: { seconds: Number(seconds), asDate: asDate !== undefined } }),
      });
    }
  }
  return steps;
}

/**
 * Retry-After as delta-seconds, or as an HTTP-date (RFC 9110 section 10.2.3). An HTTP-date has
 * whole seconds, so it is rounded up: a client that waits until then waits at least `seconds`.
 */
function retryAfterValue({ seconds, asDate }) {
  if (!asDate) return String(seconds);
  return new Date(Math.ceil(Date.now() / 1000) * 1000 + seconds * 1000).toUTCString();
}

/** A small RFC 9457 problem body (statuses that never carry a body get none). */
function sendProblem(res, status, detail) {
  if (status === 204 || status === 205 || status === 304) {
    res.writeHead(status, status === 205 ? { 'Content-Length': '0' } : {}).end();
    return;
  }
  const body = JSON.stringify({ type: 'about:blank', title: STATUS_CODES[status] ?? `Status ${status}`, status, detail });
  res.writeHead(status, { 'Content-Type': 'application/problem+json', 'Content-Length': Buffer.byteLength(body) });
  res.end(body);
}

/**
 * A stand-in for the receiver's ServerResponse that keeps the answer instead of sending it. It has
 * the parts of ServerResponse the receiver uses (headers, writeHead/end, destroy, 'finish').
 * @returns {{ res: object, answer: Promise<{ status: number, headers: Record<string, string | number | string[]>, body: Buffer } | undefined> }}
 */
function holdAnswer() {
  let settle;
  const answer = new Promise((resolve) => (settle = resolve));
  const headers = {};
  const chunks = [];
  const res = Object.assign(new EventEmitter(), {
    statusCode: 200,
    headersSent: false,
    destroyed: false,
    writableEnded: false,
    shouldKeepAlive: false,
    setHeader(name, value) {
      headers[name.toLowerCase()] = value;
      return res;
    },
    getHeader: (name) => headers[name.toLowerCase()],
    hasHeader: (name) => name.toLowerCase() in headers,
    removeHeader(name) {
      delete headers[name.toLowerCase()];
    },
    writeHead(status, message, more) {
      const extra = typeof message === 'string' ? more : message;
      res.statusCode = status;
      for (const [name, value] of Object.entries(extra ?? {})) headers[name.toLowerCase()] = value;
      res.headersSent = true;
      return res;
    },
    write(chunk) {
      res.headersSent = true;
      chunks.push(Buffer.from(chunk));
      return true;
    },
    end(chunk) {
      if (chunk !== undefined && chunk !== null && typeof chunk !== 'function') chunks.push(Buffer.from(chunk));
      res.headersSent = true;
      res.writableEnded = true;
      settle({ status: res.statusCode, headers, body: Buffer.concat(chunks) });
      res.emit('finish');
      res.emit('close');
      return res;
    },
    destroy() {
      res.destroyed = true;
      settle(undefined);
      res.emit('close');
      return res;
    },
  });
  return { res, answer };
}

function readBody(req) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    let size = 0;
    let settled = false;
    const finish = (result) => {
      if (settled) return;
      settled = true;
      resolve(result);
    };
    req.on('data', (chunk) => {
      size += chunk.length;
      if (size <= MAX_BODY_BYTES) chunks.push(chunk);
      else if (size > MAX_DRAIN_BYTES) {
        req.pause();
        finish({ buffer: Buffer.alloc(0), tooLarge: true, truncated: true });
      }
    });
    req.on('end', () => {
      const tooLarge = size > MAX_BODY_BYTES;
      finish({ buffer: tooLarge ? Buffer.alloc(0) : Buffer.concat(chunks), tooLarge, truncated: false });
    });
    req.on('error', (error) => {
      if (!settled) {
        settled = true;
        reject(error);
      }
    });
  });
}

function parseJson(text) {
  if (text === '') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function sendJson(res, status, value) {
  const body = JSON.stringify(value);
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': Buffer.byteLength(body) });
  res.end(body);
}

function sendStatus(res, status, params) {
  if (status < 200 || status > 599) {
    sendJson(res, 400, { error: 'status must be between 200 and 599' });
    return;
  }
  const retryAfter = params.get('retryAfter');
  if (retryAfter !== null) res.setHeader('Retry-After', retryAfter);
  const type = params.get('type') ?? 'json';
  const reference = params.get('reference') ?? undefined;
  // These statuses never carry a body.
  if (status === 204 || status === 205 || status === 304 || type === 'empty') {
    res.writeHead(status, status === 204 || status === 304 ? {} : { 'Content-Length': '0' }).end();
    return;
  }
  // 3xx here has no Location: a test of an odd status, not a redirect.
  const error = status >= 300 ? `status ${status}` : undefined;
  switch (type) {
    case 'html': {
      const body = `<!doctype html><html><head><title>${status}</title></head><body><h1>${status}</h1><p>Something went wrong.</p></body></html>`;
      res.writeHead(status, { 'Content-Type': 'text/html; charset=utf-8', 'Content-Length': Buffer.byteLength(body) });
      res.end(body);
      return;
    }
    case 'text': {
      const body = `status ${status}${reference ? ` ${reference}` : ''}`;
      res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', 'Content-Length': Buffer.byteLength(body) });
      res.end(body);
      return;
    }
    default:
      sendJson(res, status, { reference, error });
  }
}

// ---------------------------------------------------------------------------------------------
// Service mimics. Each answers the way the service's documentation says (the URLs are in
// test/fixtures/adapters/*.json): a request the real service would refuse is refused here too, with
// a 400 whose `mimic` field says why, so a test fails loudly when an adapter drifts from the service.

const MIMIC_EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
/** HubSpot refuses fields its form does not define; this mimic's form has these three. */
const HUBSPOT_FORM_FIELDS = ['email', 'firstname', 'message'];
let zendeskNextId = 35436;

function mimicService(req, res, url, rawBody) {
  const service = url.pathname.split('/')[2];
  let refuse = url.searchParams.get('refuse');
  const type = String(req.headers['content-type'] ?? '');
  const accept = String(req.headers.accept ?? '');
  const json = /^application\/json\b/.test(type) ? parseJson(rawBody) : undefined;
  const isObject = (v) => v !== null && typeof v === 'object' && !Array.isArray(v);
  const wrong = (why) => sendJson(res, 400, { mimic: `${service}: ${why}` });

  switch (service) {
    case 'form': {
      if (!/^application\/x-www-form-urlencoded\b/.test(type)) return wrong(`content type ${type}`);
      const fields = Object.fromEntries(new URLSearchParams(rawBody));
      if (fields.schema !== 'membrane.v1' || !fields.id || !fields.kind || !fields.createdAt) return wrong('missing schema, id, kind or createdAt');
      if (req.headers['idempotency-key'] !== fields.id) return wrong('Idempotency-Key is not the id field');
      if (!['true', 'false'].includes(fields.escalate)) return wrong('escalate is not "true" or "false"');
      if (refuse) return sendJson(res, 422, { error: 'invalid', fields: { [refuse]: refuse === 'email' ? 'email' : 'required' } });
      return sendJson(res, 200, { reference: `FORM-${fields.id.slice(0, 4).toUpperCase()}` });
    }
    case 'formspree': {
      // Without Accept: application/json Formspree answers a browser form post: a redirect.
      if (!accept.includes('application/json')) {
        res.writeHead(302, { Location: 'https://formspree.io/thanks', 'Content-Length': '0' }).end();
        return;
      }
      if (!isObject(json)) return wrong('body is not a JSON object');
      if (Object.keys(json).length === 0) return sendJson(res, 400, { error: 'Empty form', errors: [{ code: 'EMPTY', message: 'empty form' }] });
      const nonText = Object.entries(json).find(([, v]) => typeof v !== 'string');
      if (nonText) return wrong(`field ${nonText[0]} is not text`);
      if (json.email !== undefined && !MIMIC_EMAIL.test(json.email)) refuse ??= 'email';
      if (refuse) {
        const code = refuse === 'email' ? 'TYPE_EMAIL' : 'REQUIRED_FIELD_MISSING';
        return sendJson(res, 422, { error: 'Validation errors', errors: [{ field: refuse, code, message: 'invalid' }] });
      }
      return sendJson(res, 200, { ok: true, next: 'https://formspree.io/thanks?language=en' });
    }
    case 'web3forms': {
      if (!isObject(json)) return sendJson(res, 400, { success: false, message: 'Request body must be JSON' });
      if (typeof json.access_key !== 'string' || json.access_key === '') {
        return sendJson(res, 400, { success: false, message: 'Access key is required' });
      }
      // "quietly": the defensive case of a refusal that still says 200.
      if (refuse) return sendJson(res, refuse === 'quietly' ? 200 : 400, { success: false, message: 'Submission refused' });
      return sendJson(res, 200, { success: true, message: 'Email sent successfully!', data: json });
    }
    case 'hubspot': {
      if (!isObject(json) || !Array.isArray(json.fields)) return wrong('body has no fields array');
      const bad = json.fields.find((f) => !isObject(f) || typeof f.objectTypeId !== 'string' || typeof f.name !== 'string' || typeof f.value !== 'string');
      if (bad) return wrong(`field ${JSON.stringify(bad)} is not { objectTypeId, name, value } strings`);
      if (json.context !== undefined && (!isObject(json.context) || typeof json.context.pageUri !== 'string')) return wrong('context.pageUri');
      const error = (field, message, errorType) =>
        sendJson(res, 400, {
          status: 'error',
          message: 'The request is not valid',
          correlationId: randomUUID(),
          errors: [{ message: `Error in 'fields.${field}'. ${message}`, errorType }],
        });
      const stray = json.fields.find((f) => !HUBSPOT_FORM_FIELDS.includes(f.name));
      if (stray) return error(stray.name, 'This field was not defined in the form definition', 'FIELD_NOT_IN_FORM_DEFINITION');
      const email = json.fields.find((f) => f.name === 'email');
      if (!email) return error('email', "Required field 'email' is missing", 'REQUIRED_FIELD');
      if (refuse === 'email' || !MIMIC_EMAIL.test(email.value)) return error('email', 'Invalid email address', 'INVALID_EMAIL');
      return sendJson(res, 200, { inlineMessage: 'Thanks for submitting the form.' });
    }
    case 'zendesk': {
      // Anonymous requests carry no credentials.
      if (req.headers.authorization) return wrong('anonymous requests carry no Authorization');
      const request = isObject(json) ? json.request : undefined;
      if (!isObject(request) || !isObject(request.requester) || !isObject(request.comment)) return wrong('no request.requester / request.comment');
      const { requester, comment, subject } = request;
      if (typeof requester.name !== 'string' || requester.name === '') return wrong('requester.name is required for anonymous requests');
      if (typeof comment.body !== 'string' || comment.body === '') return wrong('comment.body is required');
      if (typeof subject !== 'string') return wrong('subject is not text');
      const invalid = (field, description, error) =>
        sendJson(res, 422, { error: 'RecordInvalid', description: 'Record validation errors', details: { [field]: [{ description, error }] } });
      // ?refuse=email: an account that will not take an anonymous request without an address.
      if (refuse === 'email' && requester.email === undefined) return invalid('requester', "Requester: Email can't be blank", 'BlankValue');
      if (requester.email !== undefined && !MIMIC_EMAIL.test(requester.email)) {
        return invalid('requester', 'Requester: Email is not properly formatted', 'InvalidValue');
      }
      const id = zendeskNextId++;
      return sendJson(res, 201, { request: { id, url: `https://example.zendesk.com/api/v2/requests/${id}.json`, subject, status: 'new' } });
    }
    default:
      return sendJson(res, 404, { error: `no mimic for ${service}` });
  }
}

/** The security.txt routes (see the list at the top). */
async function serveSecurityTxt(res, url) {
  const path = url.pathname === '/.well-known/security.txt' ? '/security-txt/full-crlf.txt' : url.pathname;
  const file = /^\/security-txt(-redirect)?\/([a-z0-9-]+\.(?:txt|html|bin))$/.exec(path);
  if (file?.[1]) {
    res.writeHead(302, { Location: `/security-txt/${file[2]}`, 'Content-Length': '0' }).end();
  } else if (file) {
    let body;
    try {
      body = await readFile(join(SECURITY_TXT_DIR, file[2]));
    } catch {
      return sendJson(res, 404, { error: `no fixture ${file[2]}` });
    }
    const type = url.searchParams.get('type') ?? 'text';
    const contentType = { text: 'text/plain; charset=utf-8', html: 'text/html; charset=utf-8', none: '' }[type] ?? type;
    const status = Number(url.searchParams.get('status') ?? 200);
    res.writeHead(status, { ...(contentType ? { 'Content-Type': contentType } : {}), 'Content-Length': body.length });
    res.end(body);
  } else if (path === '/security-txt-huge') {
    const total = Math.max(0, Number(url.searchParams.get('bytes') ?? 5 * 1024 * 1024) || 0);
    res.writeHead(200, { 'Content-Type': 'text/plain; charset=utf-8', ...(url.searchParams.has('length') ? { 'Content-Length': total } : {}) });
    const chunk = Buffer.from('# padding\n'.repeat(6554));
    let sent = 0;
    const pump = () => {
      while (sent < total && !res.destroyed) {
        const piece = chunk.subarray(0, Math.min(chunk.length, total - sent));
        sent += piece.length;
        // Wait for the client to take more; a client that cancels closes the socket instead.
        if (!res.write(piece)) return void res.once('drain', pump);
      }
      if (sent >= total) res.end();
    };
    pump();
  } else if (path === '/security-txt-hang') {
    // Left open; the socket is tracked so close() can destroy it.
    if (url.searchParams.get('after') === 'headers') {
      res.writeHead(200, { 'Content-Type': 'text/plain; charset=utf-8' });
      res.write('Contact: mailto:security@example.com\n');
    }
  } else {
    sendJson(res, 404, { error: `no route ${url.pathname}` });
  }
}
