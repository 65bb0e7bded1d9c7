#!/usr/bin/env node
// npm run bench: what the widget costs a host page, measured in this machine's headless Chromium on
// the demo's home page (the README's script tag). Speed is measured here, never in a timed unit test.
//
//   - load: main-thread long tasks (over 50 ms) and layout shift while the page loads, the launcher
//     appears and the contact flow part loads on idle; time until the launcher is on screen;
//   - paste: the longest task while a customer pastes 5 MB into the message field (refused).
//
// Targets (issues 4 and 5): no long task over 50 ms, no layout shift. Exits 1 when one is missed.
// There is no peer widget to compare against offline; the figures are absolute.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import puppeteer from 'puppeteer-core';

import { startDemoServer } from '../demo/server.mjs';

const LONG_TASK_MS = 50;
const RUNS = Number(process.env.BENCH_RUNS) || 5;

const dir = await mkdtemp(join(tmpdir(), 'membrane-bench-'));
const demo = await startDemoServer({ port: 0, dataDir: join(dir, 'data'), certDir: join(dir, 'cert') });
const browser = await puppeteer.launch({
  executablePath: process.env.CHROME_PATH ?? '/usr/bin/chromium',
  headless: true,
  acceptInsecureCerts: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
});

/** Collects long tasks and layout shifts from the first byte of each page. */
const OBSERVE = () => {
  const bench = { longTasks: [], shifts: 0 };
  window.__bench = bench;
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) bench.longTasks.push(entry.duration);
  }).observe({ type: 'longtask', buffered: true });
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) if (!entry.hadRecentInput) bench.shifts += entry.value;
  }).observe({ type: 'layout-shift', buffered: true });
};

async function measureLoad() {
  const page = await browser.newPage();
  await page.evaluateOnNewDocument(OBSERVE);
  await page.goto(demo.url, { waitUntil: 'load' });
  const launcherAt = await page.waitForFunction(
    () => {
      const button = document.querySelector('membrane-widget')?.shadowRoot?.querySelector('[part~="launcher"]');
      return button && button.getBoundingClientRect().width > 0 ? performance.now() : false;
    },
    { polling: 'raf' },
  );
  const launcherMs = await launcherAt.jsonValue();
  // The flow part loads once the page is idle; its parsing is part of what a visit costs.
  await page.waitForFunction(() => customElements.get('membrane-widget-panel') !== undefined, { timeout: 15_000 });
  await new Promise((resolve) => setTimeout(resolve, 500));
  const result = await page.evaluate(() => window.__bench);
  await page.close();
  return { launcherMs, longest: Math.max(0, ...result.longTasks), shifts: result.shifts };
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
let missed = false;
try {
  if (!(await observerWorks())) throw new Error('the long-task observer did not see an 80 ms task: no figure can be trusted');
  const loads = [];
  for (let i = 0; i < RUNS; i++) loads.push(await measureLoad());
  const pastes = [];
  for (let i = 0; i < RUNS; i++) pastes.push(await measurePaste());

  const worstLoadTask = Math.max(...loads.map((l) => l.longest));
  const worstShift = Math.max(...loads.map((l) => l.shifts));
  const worstPasteTask = Math.max(...pastes.map((p) => p.longest));
  console.log(`runs: ${RUNS}, Chromium headless, demo home page (the README's script tag)`);
  console.log(`launcher on screen: median ${median(loads.map((l) => l.launcherMs)).toFixed(0)} ms after navigation start`);
  console.log(`longest main-thread task during load (incl. the flow part on idle): ${worstLoadTask.toFixed(0)} ms (target: none over ${LONG_TASK_MS})`);
  console.log(`layout shift caused during load: ${worstShift.toFixed(4)} (target: 0)`);
  console.log(`5 MB paste into the message: ${pastes.every((p) => p.refused) ? 'refused' : 'NOT refused'}, longest task ${worstPasteTask.toFixed(0)} ms (target: none over ${LONG_TASK_MS})`);
  missed = worstLoadTask > LONG_TASK_MS || worstShift > 0 || worstPasteTask > LONG_TASK_MS || !pastes.every((p) => p.refused);
  console.log(missed ? 'A target was missed.' : 'All targets met.');
} finally {
  await browser.close();
  await demo.close();
  await rm(dir, { recursive: true, force: true });
}
process.exitCode = missed ? 1 : 0;
