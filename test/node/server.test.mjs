// The demo server (demo/server.mjs) on an ephemeral port: pages over HTTPS with strict headers, the
// receiver end to end, the inbox, and static serving that stays inside its folders.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { request as httpsRequest } from 'node:https';
import { createServer as createNetServer } from 'node:net';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildSecurityPayload } from '../../dist/core/index.js';
import { collectResponse, contactPayload } from './support/payloads.mjs';
import { startDemoServer } from '../../demo/server.mjs';

/**
 * HTTPS client for the self-signed demo certificate. `path` is sent as written (no normalisation,
 * unlike fetch), so traversal attempts reach the server intact.
 * @param {string} base
 * @param {string} path
 * @param {{ method?: string, headers?: Record<string, string>, body?: string }} [options]
 */
function send(base, path, { method = 'GET', headers = {}, body } = {}) {
  const { hostname, port } = new URL(base);
  return new Promise((resolve, reject) => {
    const req = httpsRequest(
      { hostname, port, path, method, headers, rejectUnauthorized: false, servername: 'localhost' },
      (res) => collectResponse(res).then(resolve, reject),
    );
    req.on('error', reject);
    req.end(body);
  });
}

function orderPayload(origin, message = 'The checkout page shows an error.') {
  return contactPayload({ topic: 'orders', name: 'Ada', message, escalate: true }, `${origin}/contact.html`);
}

function postPayload(base, path, payload, origin) {
  return send(base, path, {
    method: 'POST',
    headers: {
      'Content-Type': 'application/json',
      Accept: 'application/json',
      'Idempotency-Key': payload.id,
      Origin: origin,
    },
    body: JSON.stringify(payload),
  });
}

describe('demo server', () => {
  let dir;
  let demo;
  let origin;

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'membrane-demo-'));
    demo = await startDemoServer({ port: 0, dataDir: join(dir, 'data'), certDir: join(dir, 'cert') });
    origin = new URL(demo.url).origin;
  });

  after(async () => {
    await demo?.close();
    await rm(dir, { recursive: true, force: true });
  });

  test("the home page carries the README's script tag, with this build's hash filled in", async () => {
    const readme = await readFile(new URL('../../README.md', import.meta.url), 'utf8');
    const section = readme.slice(readme.indexOf('## Use it with a script tag'));
    const snippet = /```html\n([\s\S]*?)```/.exec(section)[1];
    const lines = (text) => text.split('\n').map((line) => line.trim()).filter(Boolean).join('\n');
    const sri = (await readFile(new URL('../../dist/membrane.js.sri', import.meta.url), 'utf8')).trim();
    const res = await send(demo.url, '/');
    assert.equal(res.status, 200);
    assert.match(res.headers['content-security-policy'], /script-src 'self'/);
    const expected = lines(snippet).replace('integrity="sha384-…"', `integrity="${sri}"`);
    assert.ok(lines(res.text).includes(expected), 'the served home page holds the README snippet');
  });

  test('serves over HTTPS on localhost and reports its URL', () => {
    assert.match(demo.url, /^https:\/\/localhost:\d+\/$/);
    assert.ok(demo.port > 0);
  });

  test('serves the demo pages with a strict Content-Security-Policy and security headers', async () => {
    for (const path of ['/', '/contact.html', '/security.html', '/security-policy.html']) {
      const res = await send(demo.url, path);
      assert.equal(res.status, 200, path);
      assert.match(res.headers['content-type'], /^text\/html/, path);
      const csp = res.headers['content-security-policy'];
      assert.match(csp, /default-src 'self'/, path);
      assert.match(csp, /script-src 'self'(;|$)/, path);
      assert.match(csp, /style-src 'self'(;|$)/, path);
      assert.equal(res.headers['x-content-type-options'], 'nosniff', path);
      assert.equal(res.headers['referrer-policy'], 'strict-origin-when-cross-origin', path);
      assert.ok(!/<script(?![^>]*\bsrc=)/.test(res.text), `${path} has no inline script`);
      assert.ok(!/\sstyle=/.test(res.text), `${path} has no inline style`);
      assert.ok(!/<style/.test(res.text), `${path} has no style element`);
    }
  });

  test('the contact page configures the inline form for the receiver', async () => {
    const { text } = await send(demo.url, '/contact.html');
    assert.match(text, /<script src="\/dist\/membrane\.js" defer><\/script>/);
    assert.match(text, /<membrane-contact-form[^>]*\bendpoint="\/api\/requests"/);
    assert.match(text, /<membrane-contact-form[^>]*\bsecurity-endpoint="\/api\/security"/);
    assert.match(text, /<membrane-contact-form[^>]*\bsecurity-policy="\/security-policy\.html"/);
    assert.match(text, /<membrane-contact-form[^>]*\bresponse-time="within 2 business days"/);
    assert.match(text, /<membrane-topic value="billing" label="Billing">/);
  });

  test('the security page holds a standalone security form', async () => {
    const { text } = await send(demo.url, '/security.html');
    assert.match(text, /<script src="\/dist\/membrane\.js" defer><\/script>/);
    assert.match(text, /<membrane-security-form[^>]*\bsecurity-endpoint="\/api\/security"/);
  });

  test('serves the stylesheet and the build from /dist', async () => {
    const css = await send(demo.url, '/demo.css');
    assert.equal(css.status, 200);
    assert.match(css.headers['content-type'], /^text\/css/);
    const core = await send(demo.url, '/dist/core/index.js');
    assert.equal(core.status, 200);
    assert.match(core.headers['content-type'], /^text\/javascript/);
  });

  test('accepts a contact request end to end and shows it in the inbox', async () => {
    const payload = orderPayload(origin);
    const res = await postPayload(demo.url, '/api/requests', payload, origin);
    assert.equal(res.status, 200);
    assert.match(res.json.reference, /^MB-[A-HJ-NP-Z2-9]{6}$/);
    assert.equal(res.headers['access-control-allow-origin'], origin);

    const again = await postPayload(demo.url, '/api/requests', payload, origin);
    assert.equal(again.json.reference, res.json.reference);

    const stored = (await readFile(join(dir, 'data', 'requests.jsonl'), 'utf8')).trim().split('\n');
    assert.equal(stored.filter((line) => JSON.parse(line).payload.id === payload.id).length, 1);

    const inbox = await send(demo.url, '/inbox');
    assert.equal(inbox.status, 200);
    assert.ok(inbox.text.includes(res.json.reference));
    assert.match(inbox.headers['content-security-policy'], /default-src 'none'/);
    assert.equal(inbox.headers['cache-control'], 'no-store');
  });

  test('routes a security report posted to /api/security to its own queue, listed first', async () => {
    const report = buildSecurityPayload(
      {
        category: '',
        severity: '',
        credit: '',
        summary: 'Open redirect on /login',
        asset: `${origin}/login`,
        steps: 'Visit /login?next=https://evil.example',
        impact: 'Phishing',
        name: '',
        email: '',
        policyAccepted: true,
      },
      { href: `${origin}/security.html`, locale: 'en' },
    );
    const res = await postPayload(demo.url, '/api/security', report, origin);
    assert.equal(res.status, 200);
    const lines = (await readFile(join(dir, 'data', 'security.jsonl'), 'utf8')).trim().split('\n');
    assert.ok(lines.some((line) => JSON.parse(line).payload.id === report.id));

    const { text } = await send(demo.url, '/inbox');
    const contactReference = demo.receiver.listRequests().other[0].reference;
    assert.ok(text.indexOf(res.json.reference) < text.indexOf(contactReference));
  });

  test('escapes HTML sent in a message when showing it in the inbox', async () => {
    const payload = orderPayload(origin, '<script>alert("x")</script><img src=x onerror=alert(1)>');
    const res = await postPayload(demo.url, '/api/requests', payload, origin);
    assert.equal(res.status, 200);
    const { text } = await send(demo.url, '/inbox');
    assert.ok(!text.includes('<script>alert'));
    assert.ok(!text.includes('<img src=x'));
    assert.ok(text.includes('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;'));
  });

  test('refuses a cross-origin POST from an origin it does not know', async () => {
    const res = await postPayload(demo.url, '/api/requests', orderPayload(origin), 'https://evil.example');
    assert.equal(res.status, 403);
  });

  test('answers the CORS preflight for its own origin', async () => {
    const res = await send(demo.url, '/api/requests', {
      method: 'OPTIONS',
      headers: { Origin: origin, 'Access-Control-Request-Method': 'POST' },
    });
    assert.equal(res.status, 204);
    assert.equal(res.headers['access-control-allow-origin'], origin);
  });

  test('never serves files outside the public folders', async () => {
    const attempts = [
      '/dist/../package.json',
      '/dist/%2e%2e/package.json',
      '/dist/..%2fpackage.json',
      '/dist/%2e%2e%2fpackage.json',
      '/dist/..%5cpackage.json',
      '/dist/%00index.js',
      '/../package.json',
      '/%2e%2e/package.json',
      '/.cert/key.pem',
      '/%2ecert/key.pem',
      '/.data/requests.jsonl',
      '/server.mjs',
      '/receiver.mjs',
      '/certificate.mjs',
      '//etc/passwd',
      '/dist//etc/passwd',
    ];
    for (const path of attempts) {
      const res = await send(demo.url, path);
      assert.ok(res.status >= 400 && res.status < 500, `${path} → ${res.status}`);
      assert.ok(!res.text.includes('PRIVATE KEY'), path);
      assert.ok(!res.text.includes('"devDependencies"'), path);
    }
  });

  test('answers 404 for an unknown page and 405 for a POST to a page', async () => {
    assert.equal((await send(demo.url, '/nope.html')).status, 404);
    assert.equal((await send(demo.url, '/contact.html', { method: 'POST', body: 'x' })).status, 405);
  });
});

test('demo server moves to the next port when the one asked for is taken', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'membrane-port-'));
  const blocker = createNetServer();
  await new Promise((resolve) => blocker.listen(0, 'localhost', resolve));
  const taken = blocker.address().port;
  let demo;
  try {
    demo = await startDemoServer({ port: taken, dataDir: join(dir, 'data'), certDir: join(dir, 'cert') });
    assert.notEqual(demo.port, taken);
    assert.ok(demo.port > taken && demo.port <= taken + 10);
    const res = await send(demo.url, '/');
    assert.equal(res.status, 200);
  } finally {
    await demo?.close();
    await new Promise((resolve) => blocker.close(resolve));
    await rm(dir, { recursive: true, force: true });
  }
});
