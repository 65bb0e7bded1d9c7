/**
 * The receiver's request handler: a plain Node `(req, res)` handler that accepts `membrane.v1`
 * payloads the way a careful backend should. The demo server (demo/server.mjs) and the standalone
 * server (receiver/server.mjs) both mount it, so there is one code path for every request. It
 * validates with the same schemas the form uses (imported from the build, not copied), so the form,
 * the payload and the receiver cannot disagree.
 *
 * Answers (JSON bodies):
 *   200 { reference }                         stored (and handed to `afterStore`), or stored before
 *                                             under the same Idempotency-Key with the same body
 *                                             (then with `Idempotent-Replayed: true`)
 *   204                                       CORS preflight
 *   400 { error: "bad-json" | "idempotency-key" }
 *   403 { error: "origin" }                   Origin not allowed
 *   405 { error: "method" }
 *   409 { error: "idempotency-key-in-flight" } the same key is still being stored or forwarded;
 *                                             `Retry-After: 1`
 *   413 { error: "too-large" }                body over maxBodyBytes (reading stops there)
 *   415 { error: "content-type" }             not application/json
 *   422 { error: "invalid", fields: { email: "required", … } }
 *   422 { error: "idempotency-key-reused" }   the key was used before for a different body
 *   500 { error: "storage" }
 *
 * The idempotency rules follow the IETF Idempotency-Key draft (draft-ietf-httpapi-idempotency-key-
 * header): a replay gets the first answer, a concurrent duplicate is told to come back rather than
 * being processed twice, and a key reused for another body is refused rather than silently mapped
 * to the first request (which would hand one customer's reference to another request).
 */
import { checkPayload, MAX_BODY_BYTES } from '../dist/core/index.js';
import { hashPayload } from './idempotency.mjs';
import { openRequestStore } from './request-store.mjs';

const ALLOWED_METHODS = 'POST';
// Membrane-Captcha: the token a page's `captcha` function gives, for the backend to verify.
const ALLOWED_HEADERS = 'Content-Type, Idempotency-Key, Accept, Membrane-Captcha';
// Without this a page's script cannot read these headers on a cross-origin answer (Fetch standard,
// CORS-safelisted response headers), and a client that wants to honour Retry-After needs it.
const EXPOSED_HEADERS = 'Idempotent-Replayed, Retry-After';

/**
 * @typedef {import('node:http').IncomingMessage} IncomingMessage
 * @typedef {import('node:http').ServerResponse} ServerResponse
 * @typedef {'*' | readonly string[]} AllowedOrigins
 * @typedef {{ receivedAt: string, reference: string, payload: Record<string, any> }} StoredRequest
 * @typedef {((req: IncomingMessage, res: ServerResponse) => void) & {
 *   listRequests: () => { security: StoredRequest[], other: StoredRequest[] },
 *   flush: () => Promise<void>,
 *   files: { security: string, other: string },
 * }} Receiver
 */

/**
 * @param {{
 *   dataDir: string,
 *   allowedOrigins: AllowedOrigins,
 *   maxBodyBytes?: number,
 *   afterStore?: (record: StoredRequest) => Promise<void>,
 *   now?: () => Date,
 *   warn?: (message: string) => void,
 * }} options
 *   `afterStore` runs once per newly stored request, before the answer is sent (the standalone
 *   server forwards there); until it settles the request's key counts as in flight. It should not
 *   throw: the request is stored whatever it does. `now` and `warn` exist for tests and logging.
 * @returns {Receiver}
 */
export function createReceiver({ dataDir, allowedOrigins, maxBodyBytes = MAX_BODY_BYTES, afterStore, now, warn = console.warn }) {
  if (allowedOrigins !== '*' && !Array.isArray(allowedOrigins)) {
    throw new TypeError('createReceiver: allowedOrigins must be "*" or an array of origins');
  }
  const origins = allowedOrigins === '*' ? '*' : new Set(allowedOrigins.map(normalizeOrigin));
  const store = openRequestStore({ dataDir, now, warn });
  /** @type {Map<string, string>} Idempotency-Key → body hash, for requests not yet answered */
  const inFlight = new Map();

  /** @param {string | undefined} origin */
  const isAllowedOrigin = (origin) => origins === '*' || origins.has(normalizeOrigin(origin ?? ''));

  /** @type {Receiver} */
  const handler = (req, res) => {
    handle(req, res).catch((error) => {
      warn(`membrane receiver: ${error instanceof Error ? error.message : String(error)}`);
      if (!res.headersSent) sendJson(res, 500, { error: 'storage' });
      else res.destroy();
    });
  };

  /**
   * @param {IncomingMessage} req
   * @param {ServerResponse} res
   */
  async function handle(req, res) {
    const origin = req.headers.origin;
    // A request without Origin is not from a browser's cross-origin fetch (curl, a server, a
    // same-origin navigation); CORS has nothing to say about it.
    if (origin !== undefined) {
      if (!isAllowedOrigin(origin)) {
        res.setHeader('Vary', 'Origin');
        return sendJson(res, 403, { error: 'origin' });
      }
      res.setHeader('Access-Control-Allow-Origin', origin);
      res.setHeader('Access-Control-Expose-Headers', EXPOSED_HEADERS);
      res.setHeader('Vary', 'Origin');
    }

    if (req.method === 'OPTIONS') {
      res.writeHead(204, {
        'Access-Control-Allow-Methods': ALLOWED_METHODS,
        'Access-Control-Allow-Headers': ALLOWED_HEADERS,
        'Access-Control-Max-Age': '600',
        Allow: 'POST, OPTIONS',
      });
      return res.end();
    }
    if (req.method !== 'POST') {
      res.setHeader('Allow', 'POST, OPTIONS');
      return sendJson(res, 405, { error: 'method' });
    }

    if (!isJsonContentType(req.headers['content-type'])) {
      req.resume();
      return sendJson(res, 415, { error: 'content-type' });
    }

    const body = await readBody(req, maxBodyBytes);
    if (body === 'too-large') return refuseTooLarge(req, res);
    if (body === 'aborted') return;

    let input;
    try {
      input = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(body));
    } catch {
      return sendJson(res, 400, { error: 'bad-json' });
    }

    const checked = checkPayload(input);
    if (!checked.ok) return sendJson(res, 422, { error: 'invalid', fields: checked.errors });

    // The key is what makes a retry safe; a request whose key does not match its id would either
    // store twice or hand one customer's reference to another request.
    if (req.headers['idempotency-key'] !== checked.payload.id) {
      return sendJson(res, 400, { error: 'idempotency-key' });
    }

    const { payload } = checked;
    const hash = hashPayload(payload);
    // In flight first: a request is stored before it is forwarded, and until both are done its
    // first answer does not exist yet, so there is nothing to replay.
    const pending = inFlight.get(payload.id);
    if (pending !== undefined) {
      if (pending !== hash) return sendJson(res, 422, { error: 'idempotency-key-reused' });
      res.setHeader('Retry-After', '1');
      return sendJson(res, 409, { error: 'idempotency-key-in-flight' });
    }
    const known = store.lookup(payload.id);
    if (known !== undefined) {
      if (known.hash !== hash) return sendJson(res, 422, { error: 'idempotency-key-reused' });
      res.setHeader('Idempotent-Replayed', 'true');
      return sendJson(res, 200, { reference: known.record.reference });
    }

    // From here until the answer, the key is claimed: the lookup above and this claim happen with no
    // await between them, so two copies arriving together cannot both get this far.
    inFlight.set(payload.id, hash);
    try {
      const { reference, replayed, record } = await store.store(payload);
      if (replayed) res.setHeader('Idempotent-Replayed', 'true');
      else if (afterStore) await runAfterStore(record);
      return sendJson(res, 200, { reference });
    } finally {
      inFlight.delete(payload.id);
    }
  }

  /**
   * The request is on disk by now, so whatever happens here the answer is 200: a customer is never
   * told to resend something that was kept (they would get the same reference anyway).
   * @param {StoredRequest} record
   */
  async function runAfterStore(record) {
    try {
      await afterStore?.(record);
    } catch (error) {
      warn(`membrane receiver: after storing ${record.reference}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  handler.listRequests = store.list;
  handler.flush = store.flush;
  handler.files = store.files;
  return handler;
}

/** `https://Example.com:443` and `https://example.com` are the same origin. */
function normalizeOrigin(/** @type {string} */ value) {
  try {
    const url = new URL(value);
    return url.origin === 'null' ? value : url.origin;
  } catch {
    return value;
  }
}

/** `application/json`, optionally with `charset=utf-8` (JSON is UTF-8 by definition, RFC 8259). */
function isJsonContentType(/** @type {string | undefined} */ header) {
  if (header === undefined) return false;
  const [type, ...params] = header.split(';').map((part) => part.trim().toLowerCase());
  if (type !== 'application/json') return false;
  return params.every((param) => !param.startsWith('charset=') || /^charset="?utf-8"?$/.test(param));
}

/**
 * Reads the body, giving up as soon as it passes `limit` so an endless or huge upload costs at most
 * `limit` bytes of memory.
 * @param {IncomingMessage} req
 * @param {number} limit
 * @returns {Promise<Buffer | 'too-large' | 'aborted'>}
 */
function readBody(req, limit) {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit) return Promise.resolve('too-large');
  return new Promise((resolve) => {
    /** @type {Buffer[]} */
    const chunks = [];
    let size = 0;
    const finish = (/** @type {Buffer | 'too-large' | 'aborted'} */ result) => {
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('error', onError);
      req.off('close', onError);
      resolve(result);
    };
    const onData = (/** @type {Buffer} */ chunk) => {
      size += chunk.length;
      if (size > limit) {
        req.pause();
        finish('too-large');
      } else chunks.push(chunk);
    };
    const onEnd = () => finish(Buffer.concat(chunks, size));
    const onError = () => finish('aborted');
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', onError);
    // 'close' before 'end' means the client went away mid-upload.
    req.on('close', onError);
  });
}

/**
 * Answers 413 and closes the connection instead of reading the rest of the upload. The socket is
 * closed only after the answer has been flushed, so the client can still read why.
 * @param {IncomingMessage} req
 * @param {ServerResponse} res
 */
function refuseTooLarge(req, res) {
  res.shouldKeepAlive = false;
  res.setHeader('Connection', 'close');
  res.on('finish', () => setTimeout(() => req.destroy(), 50).unref());
  sendJson(res, 413, { error: 'too-large' });
}

/**
 * @param {ServerResponse} res
 * @param {number} status
 * @param {unknown} body
 */
function sendJson(res, status, body) {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': Buffer.byteLength(text),
    'Cache-Control': 'no-store',
    'X-Content-Type-Options': 'nosniff',
  });
  res.end(text);
}
