// `npm start` as a person uses it: the demo's contact page in Chromium, a request typed and sent,
// and the reference it shows found in the inbox. Chromium is Debian's (CHROME_PATH), as in the
// browser tests; the demo server runs on an ephemeral port with a throw-away data folder.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import puppeteer from 'puppeteer-core';
import { startDemoServer } from '../../demo/server.mjs';

/** Waits for the confirmation inside an element's shadow root and returns the reference it shows. */
async function shownReference(page, tag) {
  const handle = await page.waitForFunction(
    (name) => name && document.querySelector(name)?.shadowRoot?.querySelector('[part~="confirmation"] .reference strong')?.textContent?.trim(),
    { timeout: 10_000 },
    tag,
  );
  return handle.jsonValue();
}

let demo;
let browser;
let dataDir;
const certDir = new URL('../.cert', import.meta.url).pathname;

before(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'membrane-demo-e2e-'));
  demo = await startDemoServer({ port: 0, dataDir, certDir });
  browser = await puppeteer.launch({
    executablePath: process.env.CHROME_PATH ?? '/usr/bin/chromium',
    headless: true,
    // The demo certificate is self-signed, as it is for anyone running `npm start`.
    acceptInsecureCerts: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
  });
});

after(async () => {
  await browser?.close();
  await demo?.close();
  await rm(dataDir, { recursive: true, force: true });
});

test('a request sent from the demo contact page appears in the inbox with the reference the customer saw', async () => {
  const page = await browser.newPage();
  const problems = [];
  page.on('console', (message) => {
    if (message.type() === 'error' || message.type() === 'warn') problems.push(message.text());
  });
  page.on('pageerror', (error) => problems.push(String(error)));

  await page.goto(new URL('/contact.html', demo.url).href, { waitUntil: 'load' });
  await page.waitForSelector('membrane-contact-form >>> form');
  await page.click('membrane-contact-form >>> #topic-orders');
  await page.type('membrane-contact-form >>> #name', 'Ada Lovelace');
  await page.type('membrane-contact-form >>> #email', 'ada@example.com');
  await page.type('membrane-contact-form >>> #message', 'Order 1234 <b>never</b> arrived.');
  await page.click('membrane-contact-form >>> button[type="submit"]');

  const shown = await shownReference(page, 'membrane-contact-form');
  assert.match(shown, /^MB-[A-Z2-9]{6}$/);

  await page.goto(new URL('/inbox', demo.url).href);
  const inbox = await page.content();
  assert.ok(inbox.includes(shown), `the inbox lists ${shown}`);
  assert.ok(inbox.includes('Order 1234 &lt;b&gt;never&lt;/b&gt; arrived.'), 'the message is shown as text');
  assert.deepEqual(problems, []);
  await page.close();
});

test('a security report from the demo security page is encrypted in the browser to the key its security.txt names, and lands in the security queue', async () => {
  const page = await browser.newPage();
  await page.goto(new URL('/security.html', demo.url).href, { waitUntil: 'load' });
  await page.waitForSelector('membrane-security-form >>> form');
  // The page reads /.well-known/security.txt: its policy must be accepted, its key is shown.
  await page.waitForSelector('membrane-security-form >>> #policyAccepted', { timeout: 10_000 });
  await page.waitForFunction(
    () => document.querySelector('membrane-security-form')?.shadowRoot?.querySelector('[part~="encryption"] code'),
    { timeout: 20_000 },
  );
  await page.type('membrane-security-form >>> #summary', 'Reset link sent over plain HTTP');
  await page.type('membrane-security-form >>> #steps', 'Request a reset and read the link.');
  await page.type('membrane-security-form >>> #impact', 'Anyone on the network can take the account.');
  await page.click('membrane-security-form >>> #policyAccepted');
  await page.click('membrane-security-form >>> button[type="submit"]');
  const shown = await shownReference(page, 'membrane-security-form');
  const { security, other } = demo.receiver.listRequests();
  assert.equal(security.length, 1);
  assert.equal(security[0].reference, shown);
  assert.ok(other.every((item) => item.reference !== shown));
  const stored = security[0].payload.security;
  assert.match(stored.encrypted, /^-----BEGIN PGP MESSAGE-----/);
  assert.equal(stored.steps, undefined);
  assert.equal(stored.impact, undefined);
  assert.equal(stored.policyAccepted, true);

  // The demo's security team can read it with the private key the demo made.
  const openpgp = await import('openpgp');
  const privateKey = await openpgp.readPrivateKey({ armoredKey: await readFile(join(certDir, 'security-private.asc'), 'utf8') });
  const { data } = await openpgp.decrypt({ message: await openpgp.readMessage({ armoredMessage: stored.encrypted }), decryptionKeys: privateKey });
  assert.match(data, /Request a reset and read the link\./);

  await page.goto(new URL('/inbox', demo.url).href);
  assert.ok((await page.content()).includes('-----BEGIN PGP MESSAGE-----'), 'the inbox shows the encrypted report');
  await page.close();
});
