#!/usr/bin/env node
// npm run bench: what the widget costs a host page, measured in this machine's headless Chromium and
// reported as ratios against a peer widget measured in the same run (SPEC.md, Budgets). The peer is
// Sentry's user-feedback widget, the leanest open-source one (issue 4): @sentry/browser, pinned as a
// devDependency, bundled at bench time into one minified classic script and served on a copy of the
// demo's home page with its script tag in place of ours (scripts/bench/peer.mjs). Speed is measured
// here, never in a timed unit test.
//
//   - load, both widgets, their runs taken in turn in one browser: time until the launcher is on
//     screen, long tasks over 50 ms and layout shift while the page loads (ours until the contact flow
//     part has loaded on idle); in traced runs of their own, the longest main-thread task running the
//     widget's scripts (scripts/bench/main-thread.mjs); the script each loads, brotli -q 11: ours the
//     launcher (dist/membrane.js) and the flow (dist/membrane-flow.js), the peer its whole bundle;
//   - paste, ours only: the longest task while a customer pastes 5 MB into the message field (refused).
//
// Targets (issues 4 and 5), ours only: no long task over 50 ms, no layout shift, the paste refused.
// Exits 1 when one is missed. The peer's figures are reported, not targets; but when the peer does not
// load, throws, or its launcher cannot be seen, the bench fails (exit 1) with the reason: a comparison
// that quietly dropped the peer would mislead.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants } from 'node:zlib';
import puppeteer from 'puppeteer-core';

import { startDemoServer } from '../demo/server.mjs';
import { traceLongestWidgetTask } from './bench/main-thread.mjs';
import { OBSERVE, waitForLauncher } from './bench/observe.mjs';
import { PEER_VERSION, buildPeerScript, startPeerServer } from './bench/peer.mjs';

const DIST = join(dirname(fileURLToPath(import.meta.url)), '..', 'dist');
const LONG_TASK_MS = 50;
const RUNS = Number(process.env.BENCH_RUNS) || 5;

const dir = await mkdtemp(join(tmpdir(), 'membrane-bench-'));
/** @type {Awaited<ReturnType<typeof startDemoServer>> | undefined} */
let demo;
/** @type {Awaited<ReturnType<typeof startPeerServer>> | undefined} */
let peer;
/** @type {import('puppeteer-core').Browser | undefined} */
let browser;

const widgetScripts = (widget) => Object.keys({ ...widget.launcherScripts, ...widget.laterScripts });

/** The byte figures count the scripts a widget is said to load: fail if its page loaded others. */
function checkScripts(widget, loaded) {
  const [got, want] = [loaded, widgetScripts(widget)].map((paths) => [...paths].sort().join(', '));
  if (got !== want) throw new Error(`${widget.name}'s page loaded ${got || 'no script'}, not ${want}: its byte figures would be wrong`);
}

async function openWidgetPage(widget) {
  const page = await browser.newPage();
  const errors = [];
  page.on('pageerror', (error) => errors.push(error.message));
  await page.evaluateOnNewDocument(OBSERVE, widget.host, widget.button);
  return { page, errors };
}

/** Loads the page until the launcher is on screen and the widget has settled, then 500 ms more. */
async function loadWidget(page, widget) {
  await page.goto(widget.url, { waitUntil: 'load' });
  const launcherMs = await waitForLauncher(page, widget);
  await page.waitForFunction(widget.settled, { timeout: 15_000 });
  await new Promise((resolve) => setTimeout(resolve, 500));
  return launcherMs;
}

async function measureLoad(widget) {
  const { page, errors } = await openWidgetPage(widget);
  const launcherMs = await loadWidget(page, widget);
  const result = await page.evaluate(() => ({ ...window.__bench, scripts: window.__bench.scripts() }));
  await page.close();
  const faults = [...errors, ...result.violations.map((violation) => `blocked by the page's policy: ${violation}`)];
  if (faults.length > 0) throw new Error(`${widget.name}'s page did not run cleanly: ${faults.join('; ')}`);
  checkScripts(widget, result.scripts);
  return { launcherMs, longest: Math.max(0, ...result.longTasks), shifts: result.shifts };
}

/** A load of its own under a trace (tracing slows the page): the longest task running the widget's code. */
async function measureWidgetTask(widget) {
  const { page } = await openWidgetPage(widget);
  const scripts = widgetScripts(widget).map((path) => new URL(path, widget.url).href);
  const longest = await traceLongestWidgetTask(page, scripts, () => loadWidget(page, widget));
  await page.close();
  return longest;
}

async function measurePaste() {
  const page = await browser.newPage();
  await page.evaluateOnNewDocument(OBSERVE);
  await page.goto(demo.url, { waitUntil: 'load' });
  await page.waitForFunction(() => customElements.get('membrane-widget-panel') !== undefined, { timeout: 15_000 });
  const refused = await page.evaluate(async () => {
    const widget = document.querySelector('membrane-widget');
    widget.open('orders');
    const until = async (find) => {
      for (let i = 0; i < 200; i++) {
        const found = find();
        if (found) return found;
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      throw new Error('the form did not appear');
    };
    const form = await until(() =>
      widget.shadowRoot.querySelector('membrane-widget-panel')?.shadowRoot?.querySelector('membrane-contact-form')?.shadowRoot,
    );
    const message = await until(() => form.getElementById('message'));
    window.__bench.longTasks.length = 0;
    const data = new DataTransfer();
    data.setData('text/plain', 'x'.repeat(5 * 1024 * 1024));
    message.focus();
    const event = new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true, composed: true });
    // Dispatched from a timer of the page's own, so the long-task observer sees it as the page's work.
    await new Promise((resolve) => setTimeout(() => resolve(message.dispatchEvent(event)), 0));
    await new Promise((resolve) => setTimeout(resolve, 300));
    return event.defaultPrevented && message.value === '';
  });
  const result = await page.evaluate(() => window.__bench);
  await page.close();
  return { refused, longest: Math.max(0, ...result.longTasks) };
}

/** The control: a page that blocks for 80 ms must show a long task, or the figures above mean nothing. */
async function observerWorks() {
  const page = await browser.newPage();
  await page.evaluateOnNewDocument(OBSERVE);
  await page.goto(demo.url, { waitUntil: 'load' });
  // From a timer of the page's own: a task the debugger runs is not reported as the page's.
  await page.evaluate(() => {
    setTimeout(() => {
      const end = performance.now() + 80;
      while (performance.now() < end);
    }, 0);
  });
  await new Promise((resolve) => setTimeout(resolve, 200));
  const { longTasks } = await page.evaluate(() => window.__bench);
  await page.close();
  return longTasks.some((duration) => duration >= 75);
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const brotli = async (file) => {
  const bytes = await readFile(file);
  // The settings of the size check (test/node/bundle.test.mjs), so the two agree to the byte.
  return brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: bytes.length } }).length;
};
const brotliSum = async (files) => (await Promise.all(Object.values(files).map(brotli))).reduce((sum, size) => sum + size, 0);
const longest = (ms) => (ms > 0 ? `longest ${ms.toFixed(0)} ms` : 'none');
/** The form every comparison line ends in, on the figures as printed. */
const ratio = (ours, theirs) => (theirs > 0 ? `(ratio ${ours}/${theirs} = ${(ours / theirs).toFixed(2)})` : '(no ratio: the peer\'s figure is 0)');

let missed = false;
try {
  demo = await startDemoServer({ port: 0, dataDir: join(dir, 'data'), certDir: join(dir, 'cert') });
  const peerScript = await buildPeerScript(dir);
  peer = await startPeerServer({ certDir: join(dir, 'cert'), script: peerScript });
  browser = await puppeteer.launch({
    executablePath: process.env.CHROME_PATH ?? '/usr/bin/chromium',
    headless: true,
    acceptInsecureCerts: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
  });
  // Where each page is, how to find its launcher (a button in the shadow root of a host element),
  // when its load is over, and the scripts it loads (URL path to file) before and after the launcher.
  const membrane = {
    name: 'Membrane',
    url: demo.url,
    host: 'membrane-widget',
    button: '[part~="launcher"]',
    // The flow part loads once the page is idle; its parsing is part of what a visit costs.
    settled: () => customElements.get('membrane-widget-panel') !== undefined,
    launcherScripts: { '/dist/membrane.js': join(DIST, 'membrane.js') },
    laterScripts: { '/dist/membrane-flow.js': join(DIST, 'membrane-flow.js') },
  };
  const sentry = {
    name: 'Sentry feedback',
    url: peer.url,
    // The id feedbackIntegration gives its host element unless told otherwise; until its dialog is
    // first opened, the launcher (Sentry's "actor") is the only button in that shadow root.
    host: '#sentry-feedback',
    button: 'button',
    // One bundle holds it all: once the launcher shows, nothing more is coming.
    settled: () => true,
    launcherScripts: { '/sentry-feedback.js': peerScript },
    laterScripts: {},
  };

  if (!(await observerWorks())) throw new Error('the long-task observer did not see an 80 ms task: no figure can be trusted');
  const loads = new Map([membrane, sentry].map((widget) => [widget, []]));
  // Taken in turn, so a slow spell of the machine falls on both widgets alike.
  for (let i = 0; i < RUNS; i++) {
    for (const [widget, runs] of loads) runs.push({ ...(await measureLoad(widget)), widgetTaskMs: await measureWidgetTask(widget) });
  }
  const pastes = [];
  for (let i = 0; i < RUNS; i++) pastes.push(await measurePaste());

  const [ours, theirs] = [membrane, sentry].map((widget) => {
    const runs = loads.get(widget);
    return {
      launcherMs: Math.round(median(runs.map((l) => l.launcherMs))),
      widgetTaskMs: Math.round(median(runs.map((l) => l.widgetTaskMs))),
      worstLongTask: Math.max(...runs.map((l) => l.longest)),
      worstShift: Math.max(...runs.map((l) => l.shifts)),
    };
  });
  const [launcherBytes, flowBytes, peerBytes] = await Promise.all(
    [membrane.launcherScripts, membrane.laterScripts, sentry.launcherScripts].map(brotliSum),
  );
  const worstPasteTask = Math.max(...pastes.map((p) => p.longest));
  const them = sentry.name;
  console.log(`runs: ${RUNS} of each, taken in turn, Chromium headless: Membrane on the demo home page (the README's script tag), ${them} (@sentry/browser ${PEER_VERSION}) on a copy of it with its script tag instead`);
  console.log(`launcher on screen: Membrane median ${ours.launcherMs} ms, ${them} median ${theirs.launcherMs} ms after navigation start ${ratio(ours.launcherMs, theirs.launcherMs)}`);
  console.log(`longest main-thread task running the widget's scripts during load (traced runs; ours incl. the flow part on idle): Membrane median ${ours.widgetTaskMs} ms, ${them} median ${theirs.widgetTaskMs} ms ${ratio(ours.widgetTaskMs, theirs.widgetTaskMs)}`);
  console.log(`long tasks over ${LONG_TASK_MS} ms during load: Membrane ${longest(ours.worstLongTask)} (target: none), ${them} ${longest(theirs.worstLongTask)}`);
  console.log(`layout shift caused during load: Membrane ${ours.worstShift.toFixed(4)} (target: 0), ${them} ${theirs.worstShift.toFixed(4)}`);
  console.log(`script to show the launcher (brotli -q 11): Membrane ${launcherBytes} bytes (dist/membrane.js), ${them} ${peerBytes} bytes (its whole bundle) ${ratio(launcherBytes, peerBytes)}`);
  console.log(`script with the contact flow loaded: Membrane ${launcherBytes} + ${flowBytes} = ${launcherBytes + flowBytes} bytes (+ dist/membrane-flow.js), ${them} ${peerBytes} bytes ${ratio(launcherBytes + flowBytes, peerBytes)}`);
  console.log(`5 MB paste into Membrane's message: ${pastes.every((p) => p.refused) ? 'refused' : 'NOT refused'}, longest task ${worstPasteTask.toFixed(0)} ms (target: none over ${LONG_TASK_MS})`);
  missed = ours.worstLongTask > LONG_TASK_MS || ours.worstShift > 0 || worstPasteTask > LONG_TASK_MS || !pastes.every((p) => p.refused);
  console.log(missed ? 'A target was missed.' : 'All targets met.');
} finally {
  await browser?.close();
  await peer?.close();
  await demo?.close();
  await rm(dir, { recursive: true, force: true });
}
process.exitCode = missed ? 1 : 0;
