/**
 * The demo: `npm start` builds the library and runs this file, which serves the demo pages, the
 * built bundle and the reference receiver over HTTPS on localhost. HTTPS because Membrane refuses to
 * send from a page that is not a secure context (SPEC principle 3), and because the demo should look
 * like a real deployment.
 *
 *   /                       index of the demo pages
 *   /contact.html           inline <membrane-contact-form>
 *   /security.html          standalone <membrane-security-form>
 *   /security-policy.html   a sample disclosure policy
 *   /help/*.html            help articles the topics link to
 *   /inbox                  what the receiver stored
 *   /api/requests           receiver (contact and follow-up requests)
 *   /api/security           receiver (security reports; same receiver, their own queue)
 *   /dist/…                 the build
 *
 * Environment: PORT (default 8443; the next few are tried when it is taken), HOST (default localhost),
 * ALLOWED_ORIGINS (comma-separated extra origins that may POST to the receiver, e.g. a local site you
 * are embedding the form in).
 */
import { createServer } from 'node:https';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { ensureCertificate } from './certificate.mjs';
import { createInboxHandler } from './inbox.mjs';
import { createReceiver } from '../receiver/handler.mjs';
import { setPageHeaders } from './security-headers.mjs';
import { demoSecurityTxt, ensureDemoKey, SECURITY_KEY_PATH, SECURITY_TXT_PATH } from './security-txt.mjs';
import { serveFile } from './static-files.mjs';

const DEMO_DIR = dirname(fileURLToPath(import.meta.url));
const ROOT_DIR = dirname(DEMO_DIR);
const DIST_DIR = join(ROOT_DIR, 'dist');

/**
 * The home page holds the README's script tag word for word, hash placeholder included; this fills
 * in the hash the build published (dist/membrane.js.sri), so the page checks what it loads.
 * @param {import('node:http').IncomingMessage} req
 * @param {import('node:http').ServerResponse} res
 */
async function serveHome(req, res) {
  let page;
  let sri;
  try {
    page = await readFile(join(DEMO_DIR, 'index.html'), 'utf8');
    sri = (await readFile(join(DIST_DIR, 'membrane.js.sri'), 'utf8')).trim();
  } catch {
    return false;
  }
  const body = Buffer.from(page.replace('integrity="sha384-…"', `integrity="${sri}"`));
  res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', 'Content-Length': body.length, 'Cache-Control': 'no-cache' });
  res.end(req.method === 'HEAD' ? undefined : body);
  return true;
}

export const DEFAULT_PORT = 8443;
const PORT_ATTEMPTS = 10;
const RECEIVER_PATHS = new Set(['/api/requests', '/api/security']);

/**
 * @typedef {object} DemoServerOptions
 * @property {number} [port] 0 picks a free port; otherwise this one or, when taken, one of the next few
 * @property {string} [host] interface to bind, default `localhost`
 * @property {string} [dataDir] where the receiver keeps requests.jsonl and security.jsonl
 * @property {string} [certDir] where the self-signed certificate is kept
 * @property {readonly string[]} [allowedOrigins] extra origins allowed to POST to the receiver
 *
 * @typedef {object} DemoServer
 * @property {string} url e.g. `https://localhost:8443/`
 * @property {number} port
 * @property {import('../receiver/handler.mjs').Receiver} receiver
 * @property {import('node:https').Server} server
 * @property {() => Promise<void>} close stops accepting, ends open connections, waits for pending writes
 */

/**
 * @param {DemoServerOptions} [options]
 * @returns {Promise<DemoServer>}
 */
export async function startDemoServer({
  port = DEFAULT_PORT,
  host = 'localhost',
  dataDir = join(DEMO_DIR, '.data'),
  certDir = join(DEMO_DIR, '.cert'),
  allowedOrigins = [],
} = {}) {
  const { key, cert } = await ensureCertificate(certDir);
  const { publicKey } = await ensureDemoKey(certDir);

  /** @type {import('../receiver/handler.mjs').Receiver | undefined} */
  let receiver;
  // Known once the server listens; no request is routed before that.
  let origin = '';
  /** @type {string[]} */
  let ownOrigins = [];
  /** @type {ReturnType<typeof createInboxHandler> | undefined} */
  let inbox;

  const server = createServer({ key, cert }, (req, res) => {
    route(req, res).catch((error) => {
      console.error('membrane demo:', error);
      if (!res.headersSent) sendText(res, 500, 'Internal error');
      else res.destroy();
    });
  });

  /**
   * @param {import('node:http').IncomingMessage} req
   * @param {import('node:http').ServerResponse} res
   */
  async function route(req, res) {
    const target = req.url ?? '';
    // Only origin-form targets (`/path?query`); an absolute or `*` target has no business here.
    if (!target.startsWith('/')) return sendText(res, 400, 'Bad request');
    const path = target.split(/[?#]/, 1)[0];

    if (RECEIVER_PATHS.has(path)) {
      if (!receiver) return sendText(res, 503, 'Starting');
      return receiver(req, res);
    }

    setPageHeaders(res);
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.setHeader('Allow', 'GET, HEAD');
      return sendText(res, 405, 'Method not allowed');
    }
    // Browsers ask for it on every page; an empty answer keeps the console free of 404 noise.
    if (path === '/favicon.ico') {
      res.writeHead(204, { 'Cache-Control': 'max-age=86400' });
      return res.end();
    }
    if (path === SECURITY_TXT_PATH || path === SECURITY_KEY_PATH) {
      // The origin the page was loaded from, among this server's own names (never a Host header's whim).
      const asked = `https://${req.headers.host}`;
      const body = path === SECURITY_KEY_PATH ? publicKey : demoSecurityTxt(ownOrigins.includes(asked) ? asked : origin);
      res.writeHead(200, { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' });
      return res.end(req.method === 'HEAD' ? undefined : body);
    }
    if (path === '/inbox') {
      if (!inbox) return sendText(res, 503, 'Starting');
      return inbox(req, res);
    }
    if (path.startsWith('/dist/')) {
      if (await serveFile(req, res, { root: DIST_DIR, path: path.slice('/dist/'.length) })) return;
      return sendText(res, 404, `Not found: ${path}. Has the library been built? Run: npm run build`);
    }
    // Pages and their stylesheet only: the demo folder also holds this server's code, the
    // certificate (.cert) and the stored requests (.data), none of which may be served.
    const page = path === '/' ? 'index.html' : path.slice(1);
    if (page === 'index.html' && (await serveHome(req, res))) return;
    if (await serveFile(req, res, { root: DEMO_DIR, path: page, extensions: ['.html', '.css'] })) return;
    return sendText(res, 404, 'Not found');
  }

  const boundPort = await listen(server, port, host);
  origin = `https://${urlHost(host)}:${boundPort}`;
  ownOrigins = ['localhost', '127.0.0.1', '[::1]'].map((name) => `https://${name}:${boundPort}`);
  try {
    receiver = createReceiver({ dataDir, allowedOrigins: [...new Set([origin, ...ownOrigins, ...allowedOrigins])] });
  } catch (error) {
    server.close();
    throw error;
  }
  inbox = createInboxHandler(receiver);
  const readyReceiver = receiver;

  let closing;
  const close = () => {
    closing ??= new Promise((resolve) => {
      server.close(() => resolve(undefined));
      server.closeIdleConnections();
      // Give in-flight requests a moment to finish, then end whatever is left (a stalled upload).
      setTimeout(() => server.closeAllConnections(), 2000).unref();
    }).then(() => readyReceiver.flush());
    return closing;
  };

  return { url: `${origin}/`, port: boundPort, receiver: readyReceiver, server, close };
}

/** @param {string} host */
function urlHost(host) {
  if (host === '' || host === '0.0.0.0' || host === '::') return 'localhost';
  return host.includes(':') ? `[${host}]` : host;
}

/**
 * Listens on `port`, or on one of the next few when it is taken (another demo, another dev server).
 * @param {import('node:https').Server} server
 * @param {number} port
 * @param {string} host
 * @returns {Promise<number>} the port actually bound
 */
async function listen(server, port, host) {
  const attempts = port === 0 ? 1 : PORT_ATTEMPTS;
  for (let i = 0; i < attempts; i++) {
    try {
      await new Promise((resolve, reject) => {
        const onError = (/** @type {Error} */ error) => {
          server.off('listening', onListening);
          reject(error);
        };
        const onListening = () => {
          server.off('error', onError);
          resolve(undefined);
        };
        server.once('error', onError);
        server.once('listening', onListening);
        server.listen(port + i, host);
      });
      const address = server.address();
      if (address && typeof address === 'object') return address.port;
      throw new Error('server has no port');
    } catch (error) {
      const code = /** @type {NodeJS.ErrnoException} */ (error).code;
      if (code !== 'EADDRINUSE' || i === attempts - 1) throw error;
    }
  }
  throw new Error('unreachable');
}

/**
 * @param {import('node:http').ServerResponse} res
 * @param {number} status
 * @param {string} text
 */
function sendText(res, status, text) {
  res.writeHead(status, {
    'Content-Type': 'text/plain; charset=utf-8',
    'Content-Length': Buffer.byteLength(text),
    'Cache-Control': 'no-store',
    'X-Content-Type-Options': 'nosniff',
  });
  res.end(text);
}

/** @param {string | undefined} value */
function parsePort(value) {
  if (value === undefined || value === '') return DEFAULT_PORT;
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(`PORT must be a number from 0 to 65535, not "${value}"`);
  }
  return port;
}

async function main() {
  const port = parsePort(process.env.PORT);
  const allowedOrigins = (process.env.ALLOWED_ORIGINS ?? '')
    .split(',')
    .map((origin) => origin.trim())
    .filter(Boolean);
  const demo = await startDemoServer({ port, host: process.env.HOST || 'localhost', allowedOrigins });
  const shown = (/** @type {string} */ file) => relative(process.cwd(), file) || file;

  if (demo.port !== port && port !== 0) console.log(`Port ${port} is in use; using ${demo.port} instead.`);
  console.log(`
Membrane demo: ${demo.url}

  contact form      ${demo.url}contact.html
  security report   ${demo.url}security.html
  inbox             ${demo.url}inbox
  receiver          ${demo.url}api/requests, ${demo.url}api/security
  stored in         ${shown(demo.receiver.files.other)}, ${shown(demo.receiver.files.security)}

The certificate is self-signed for localhost: your browser warns once; accept it to continue.
Press Ctrl+C to stop.
`);
  if (!existsSync(join(DIST_DIR, 'membrane.js'))) {
    console.warn('Warning: dist/membrane.js is missing, so the pages will show no forms. Run: npm run build\n');
  }

  let stopping = false;
  const stop = (/** @type {NodeJS.Signals} */ signal) => {
    if (stopping) process.exit(1); // a second Ctrl+C means "now"
    stopping = true;
    console.log(`\n${signal}: stopping the demo…`);
    demo.close().then(
      () => process.exit(0),
      (error) => {
        console.error(error);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((error) => {
    console.error(`Membrane demo could not start: ${error.message}`);
    process.exit(1);
  });
}
