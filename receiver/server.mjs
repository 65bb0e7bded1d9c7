/**
 * The standalone receiver: the same request handler as the demo (receiver/handler.mjs), served on
 * its own, with every accepted request forwarded to where the site owner's team works (a webhook,
 * an e-mail address, a file). `npm run receiver` starts it from environment variables
 * (receiver/cli.mjs); code can call startReceiverServer() directly.
 *
 * It answers POST (and the CORS preflight) on every path: the payload's `kind`, not the URL, says
 * whether a request is a security report, so `endpoint` and `security-endpoint` may both point here.
 *
 * Order of work for a request: validate, store (append-only, in the data folder), forward (first
 * attempt), answer. The answer is 200 once the request is stored, whether or not the first forward
 * worked: a failed forward is retried in the background and recorded in forward-log.jsonl.
 */
import { createServer as createHttpServer } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { readFile } from 'node:fs/promises';
import { DEFAULT_FORWARD_TIMEOUT_MS, DEFAULT_HOST, DEFAULT_PORT } from './config.mjs';
import { openForwardLog } from './forward-log.mjs';
import { openForwarders } from './forwarders.mjs';
import { createForwarding } from './forwarding.mjs';
import { createReceiver } from './handler.mjs';
import { createRedactor, secretsOf } from './redact.mjs';

// Requests in flight get this long to finish on close() before their connections are ended.
const CLOSE_GRACE_MS = 2000;

/**
 * @typedef {object} ReceiverServerOptions
 * @property {string} dataDir
 * @property {readonly string[]} allowedOrigins exact origins allowed to POST
 * @property {number} [port] default 8787; 0 picks a free port
 * @property {string} [host] default 127.0.0.1
 * @property {{ certFile: string, keyFile: string } | { cert: string, key: string }} [tls] PEM files or PEM text; HTTPS when given
 * @property {import('./config.mjs').Destination} [forward] contact and follow-up requests
 * @property {import('./config.mjs').Destination} [securityForward] security reports
 * @property {number} [forwardTimeoutMs]
 * @property {number} [maxBodyBytes]
 * @property {readonly number[]} [retryDelaysMs] waits between forwarding attempts (tests shorten them)
 * @property {{ info: (message: string) => void, warn: (message: string) => void }} [logger] default: console; every message is redacted first
 * @property {() => Promise<any>} [importNodemailer] for tests
 *
 * @typedef {object} ReceiverServer
 * @property {string} url e.g. `http://127.0.0.1:8787/`
 * @property {number} port
 * @property {import('./handler.mjs').Receiver} receiver
 * @property {import('node:http').Server} server
 * @property {{ contact?: string, security?: string }} destinations where each kind goes (safe to print)
 * @property {number} resumed unfinished forwards picked up from an earlier run
 * @property {() => Promise<void>} close stops accepting, ends connections, stops retries, waits for writes
 */

/**
 * @param {ReceiverServerOptions} options
 * @returns {Promise<ReceiverServer>}
 */
export async function startReceiverServer(options) {
  const {
    dataDir,
    allowedOrigins,
    port = DEFAULT_PORT,
    host = DEFAULT_HOST,
    tls,
    forward,
    securityForward,
    forwardTimeoutMs = DEFAULT_FORWARD_TIMEOUT_MS,
    maxBodyBytes,
    retryDelaysMs,
    importNodemailer,
  } = options;
  if (!Array.isArray(allowedOrigins) || allowedOrigins.length === 0) {
    throw new TypeError('startReceiverServer: allowedOrigins must list at least one origin');
  }
  const redact = createRedactor(secretsOf({ forward, securityForward }));
  const base = options.logger ?? { info: console.log, warn: console.warn };
  const logger = {
    info: (/** @type {string} */ message) => base.info(redact(message)),
    warn: (/** @type {string} */ message) => base.warn(redact(message)),
  };

  const forwarders = await openForwarders({ forward, securityForward, forwardTimeoutMs }, { importNodemailer });
  const forwarding = createForwarding({
    forwarders,
    forwardLog: openForwardLog({ dataDir, redact }),
    retryDelaysMs,
    firstAttemptWaitMs: forwardTimeoutMs,
    logger,
  });
  const receiver = createReceiver({
    dataDir,
    allowedOrigins: [...allowedOrigins],
    maxBodyBytes,
    warn: logger.warn,
    afterStore: (record) => forwarding.forward(record),
  });
  const resumed = forwarding.resume([...Object.values(receiver.listRequests()).flat()]);

  const server = tls ? createHttpsServer(await readTls(tls), receiver) : createHttpServer(receiver);
  try {
    await new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => {
        server.off('error', reject);
        resolve(undefined);
      });
    });
  } catch (error) {
    await forwarding.close();
    throw error;
  }
  const address = server.address();
  const boundPort = address && typeof address === 'object' ? address.port : port;

  /** @type {Promise<void> | undefined} */
  let closing;
  const close = () => {
    closing ??= (async () => {
      await new Promise((resolve) => {
        server.close(() => resolve(undefined));
        server.closeIdleConnections();
        setTimeout(() => server.closeAllConnections(), CLOSE_GRACE_MS).unref();
      });
      await forwarding.close();
      await receiver.flush();
    })();
    return closing;
  };

  return {
    url: `${tls ? 'https' : 'http'}://${urlHost(host)}:${boundPort}/`,
    port: boundPort,
    receiver,
    server,
    destinations: { contact: forwarders.contact?.name, security: forwarders.security?.name },
    resumed,
    close,
  };
}

/**
 * @param {{ certFile: string, keyFile: string } | { cert: string, key: string }} tls
 * @returns {Promise<{ cert: string, key: string }>}
 */
async function readTls(tls) {
  if ('cert' in tls) return tls;
  const [cert, key] = await Promise.all([readFile(tls.certFile, 'utf8'), readFile(tls.keyFile, 'utf8')]);
  return { cert, key };
}

/** @param {string} host */
function urlHost(host) {
  if (host === '' || host === '0.0.0.0' || host === '::') return 'localhost';
  return host.includes(':') ? `[${host}]` : host;
}
