/**
 * The reference receiver: a plain Node request handler that accepts `membrane.v1` payloads the way a
 * careful backend should. It validates with the same schemas the form uses (imported from the build,
 * not copied), so the form, the payload and the receiver cannot disagree.
 *
 * Answers (JSON bodies):
 *   200 { reference }                         stored, or stored before under the same Idempotency-Key
 *   204                                       CORS preflight
 *   400 { error: "bad-json" | "idempotency-key" }
 *   403 { error: "origin" }                   Origin not allowed
 *   405 { error: "method" }
 *   413 { error: "too-large" }                body over maxBodyBytes (reading stops there)
 *   415 { error: "content-type" }             not application/json
 *   422 { error: "invalid", fields: { email: "required", … } }
 *   500 { error: "storage" }
 *
 * This is a demo and a reference for backend authors, not a production server: it has no
 * authentication for the inbox, no rate limiting and keeps everything in two files.
 */
import { checkPayload, MAX_BODY_BYTES } from '../dist/core/index.js';
import { openRequestStore } from './request-store.mjs';

const ALLOWED_METHODS = 'POST';
const ALLOWED_HEADERS = 'Content-Type, Idempotency-Key, Accept';

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
 *   now?: () => Date,
 *   warn?: (message: string) => void,
 * }} options `now` and `warn` exist for tests
 * @returns {Receiver}
 */
export function createReceiver({ dataDir, allowedOrigins, maxBodyBytes = MAX_BODY_BYTES, now, warn }) {
  if (allowedOrigins !== '*' && !Array.isArray(allowedOrigins)) {
    throw new TypeError('createReceiver: allowedOrigins must be "*" or an array of origins');
  }
  const origins = allowedOrigins === '*' ? '*' : new Set(allowedOrigins.map(normalizeOrigin));
  const store = openRequestStore({ dataDir, now, warn });

  /** @param {string | undefined} origin */
  const isAllowedOrigin = (origin) => origins === '*' || origins.has(normalizeOrigin(origin ?? ''));

  /** @type {Receiver} */
  const handler = (req, res) => {
    handle(req, res).catch((error) => {
      console.error('membrane receiver:', error);
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

    const { reference, replayed } = await store.store(checked.payload);
    if (replayed) res.setHeader('Idempotent-Replayed', 'true');
    return sendJson(res, 200, { reference });
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
