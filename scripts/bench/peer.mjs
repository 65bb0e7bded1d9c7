// The peer page for npm run bench: Sentry's feedback widget (sentry-feedback.js beside this file),
// built at bench time into one minified classic script, the way a site owner would ship it, and
// served on a copy of the demo's home page with our script tag swapped for the peer's. The demo's
// certificate, headers and Content-Security-Policy too (plus a style nonce, which Sentry needs and ours
// does not), so the two pages differ in little but the widget. The bundle is never committed: it is
// rebuilt from the pinned package on each run.
import { createHash, randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:https';
import { createRequire } from 'node:module';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import resolve from '@rollup/plugin-node-resolve';
import terser from '@rollup/plugin-terser';
import { rollup } from 'rollup';

import { ensureCertificate } from '../../demo/certificate.mjs';
import { PAGE_CSP, setPageHeaders } from '../../demo/security-headers.mjs';
import { serveFile } from '../../demo/static-files.mjs';

const HERE = dirname(fileURLToPath(import.meta.url));
const DEMO_DIR = join(HERE, '..', '..', 'demo');
const ENTRY = join(HERE, 'sentry-feedback.js');
const OUR_SCRIPT_TAG = /<script src="\/dist\/membrane\.js"[^>]*>\s*<\/script>/;
// Where the Sentry SDK posts its envelopes for the DSN `https://public@<host>/1`.
const ENVELOPE_PATH = '/api/1/envelope/';

/** The installed @sentry/browser version, for the report (package.json pins it exactly). */
export const PEER_VERSION = createRequire(import.meta.url)('@sentry/browser/package.json').version;

/**
 * Bundles the peer entry into `dir` with the plugins and minifier settings of our own script-tag
 * build (rollup.config.mjs, scriptPlugins), so neither side wins on build settings. The one addition
 * is the flag Sentry documents for tree shaking (__SENTRY_DEBUG__: false): it drops the SDK's debug
 * logging, as resolving to Lit's production build drops Lit's dev-mode warnings from ours.
 * @param {string} dir
 * @returns {Promise<string>} the bundle's path
 */
export async function buildPeerScript(dir) {
  const file = join(dir, 'sentry-feedback.js');
  const bundle = await rollup({
    input: ENTRY,
    plugins: [
      resolve({ browser: true }),
      terser({
        ecma: 2020,
        module: false,
        compress: { passes: 3, global_defs: { __SENTRY_DEBUG__: false } },
        format: { comments: false },
      }),
    ],
  });
  try {
    await bundle.write({ file, format: 'iife' });
  } finally {
    await bundle.close();
  }
  return file;
}

/**
 * Serves the peer page, its bundle, the demo's stylesheet, and a sink for the SDK's envelopes.
 * @param {{ certDir: string, script: string }} options `script`: the built bundle
 * @returns {Promise<{ url: string, close: () => Promise<void> }>}
 */
export async function startPeerServer({ certDir, script }) {
  const { key, cert } = await ensureCertificate(certDir);
  const home = await readFile(join(DEMO_DIR, 'index.html'), 'utf8');
  if (!OUR_SCRIPT_TAG.test(home)) throw new Error('demo/index.html no longer holds the /dist/membrane.js script tag the peer page replaces');
  const integrity = `sha384-${createHash('sha384').update(await readFile(script)).digest('base64')}`;

  const server = createServer({ key, cert }, async (req, res) => {
    const path = (req.url ?? '/').split(/[?#]/, 1)[0];
    // Answered as Sentry's ingest would, should the SDK post anything (it sends no session without
    // a release, so a load usually posts nothing).
    if (path === ENVELOPE_PATH && req.method === 'POST') {
      req.resume();
      req.on('end', () => res.writeHead(200, { 'Content-Type': 'application/json' }).end('{}'));
      return;
    }
    // The demo's policy, with one nonce a response for the <style> elements Sentry inserts.
    const nonce = randomBytes(16).toString('base64');
    setPageHeaders(res, PAGE_CSP.replace("style-src 'self'", `style-src 'self' 'nonce-${nonce}'`));
    if (path === '/') {
      const tag = `<script src="/${basename(script)}" async integrity="${integrity}" crossorigin="anonymous" nonce="${nonce}"></script>`;
      const body = Buffer.from(home.replace(OUR_SCRIPT_TAG, tag));
      res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', 'Content-Length': body.length, 'Cache-Control': 'no-cache' });
      return res.end(body);
    }
    if (path === `/${basename(script)}` && (await serveFile(req, res, { root: dirname(script), path: basename(script) }))) return;
    if (path === '/demo.css' && (await serveFile(req, res, { root: DEMO_DIR, path: 'demo.css' }))) return;
    res.writeHead(path === '/favicon.ico' ? 204 : 404).end();
  });
  await new Promise((done, fail) => server.once('error', fail).listen(0, 'localhost', () => done(undefined)));
  const address = /** @type {import('node:net').AddressInfo} */ (server.address());

  return {
    url: `https://localhost:${address.port}/`,
    close: () =>
      new Promise((done) => {
        server.close(() => done(undefined));
        server.closeAllConnections();
      }),
  };
}
