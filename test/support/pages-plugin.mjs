// Serves whole test pages, as a site owner's page would be served, for tests that load them into
// an iframe (test/embed/*.test.ts): test/pages/<name>.html at /__membrane/page/<name>.html.
//
// A test page cannot be a test file's own document: the test runner's page has no Content Security
// Policy and its own scripts, and a script tag reads its configuration while the page is parsed. So
// each page is a file, with placeholders filled in per request:
//
//   {{nonce}}   a fresh random nonce for this response (also in its Content-Security-Policy header)
//   {{https}}   the HTTPS loopback server's base, e.g. https://127.0.0.1:41234
//   {{recorder}} test/pages/recorder.html: the script, first on every page, that records errors,
//               policy violations and console warnings for the test to read back
//   {{include:name}} test/pages/<name>.html, a fragment several pages share
//
// and the response header Content-Security-Policy taken from POLICIES below (pages not listed there
// get none). The policy is a response header, not a <meta>, because that is how strict sites send
// it, and a header governs the page from its first byte (a <meta> only from where it is parsed).

import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';

const PREFIX = '/__membrane/page/';
// What @web/dev-server-core's webSocketsPlugin appends to HTML responses.
const DEV_SERVER_SCRIPT = /<!-- injected by web-dev-server -->\s*<script type="module" src="\/__web-dev-server__web-socket\.js"><\/script>/;

/**
 * The Content-Security-Policy of each page that has one, by page name.
 * @type {Record<string, (values: { nonce: string, https: string }) => string>}
 */
export const POLICIES = {
  // A strict nonce-based policy with Trusted Types enforced: only our two policy names may exist.
  'strict-csp': (values) => strictPolicy(values, 'membrane membrane-lit'),
  // The same, on a page that runs its own Lit, whose policy is the default name "lit-html".
  'lit-host': (values) => strictPolicy(values, 'lit-html membrane membrane-lit'),
  // A page whose connect-src does not list the form's endpoint.
  'connect-blocked': ({ nonce }) => `default-src 'self'; script-src 'nonce-${nonce}' 'strict-dynamic'; style-src 'self'; connect-src 'self'`,
};

function strictPolicy({ nonce, https }, trustedTypes) {
  return [
    `default-src 'self'`,
    `script-src 'nonce-${nonce}' 'strict-dynamic'`,
    `style-src 'self'`,
    `connect-src 'self' ${https}`,
    `object-src 'none'`,
    `base-uri 'none'`,
    `require-trusted-types-for 'script'`,
    `trusted-types ${trustedTypes}`,
  ].join('; ');
}

/**
 * @param {{ loopback: { httpsBase: string }, pagesDir: string }} options
 *   loopback: the running loopback server (startLoopbackServer); pagesDir: folder of the .html pages
 */
export function membranePagesPlugin({ loopback, pagesDir }) {
  const dir = pagesDir.endsWith('/') ? pagesDir : `${pagesDir}/`;
  const isPage = (path) => path.startsWith(PREFIX);
  return {
    name: 'membrane-pages',
    async serve(context) {
      if (!isPage(context.path)) return undefined;
      const name = context.path.slice(PREFIX.length).replace(/\.html$/, '');
      // Page names are plain words: nothing outside test/pages/ can be asked for.
      if (!/^[a-z0-9-]+$/.test(name) || name.endsWith('recorder')) return undefined; // the server answers 404
      let template;
      try {
        template = await readFile(`${dir}${name}.html`, 'utf8');
      } catch {
        return undefined; // the server answers 404
      }
      const values = { nonce: randomBytes(18).toString('base64'), https: loopback.httpsBase };
      const fragment = async (fragmentName) => (await readFile(`${dir}${fragmentName}.html`, 'utf8')).replace(/^<!--.*-->\n/, '');
      let body = template.replaceAll('{{recorder}}', await fragment('recorder'));
      for (const [placeholder, fragmentName] of body.matchAll(/\{\{include:([a-z0-9-]+)\}\}/g)) {
        body = body.replaceAll(placeholder, await fragment(fragmentName));
      }
      body = body
        .replaceAll('{{nonce}}', values.nonce)
        .replaceAll('{{https}}', values.https);
      const headers = { 'Cache-Control': 'no-store' };
      const policy = POLICIES[name];
      if (policy) headers['Content-Security-Policy'] = policy(values);
      return { body, type: 'html', headers };
    },
    transform(context) {
      if (!isPage(context.path)) return undefined;
      // The server keeps transformed HTML (its inline scripts go through esbuild) by URL; a cached
      // copy would serve the same nonce twice. Opt these pages out of that cache.
      const result = { transformCache: false };
      // The dev server appends its live-reload socket script to every HTML page. A site owner's
      // page has no such script, and under a nonce-based policy it would be refused (a violation
      // that is not ours), so it is taken out again. The test runner talks to its own page only.
      if (typeof context.body === 'string') result.body = context.body.replace(DEV_SERVER_SCRIPT, '');
      return result;
    },
  };
}
