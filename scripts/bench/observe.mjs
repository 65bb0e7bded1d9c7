// What the bench runs inside each page, before the page's own scripts, and how it reads the result.
// The same code watches both widgets, so neither is judged by a different test.

/**
 * Collects long tasks, layout shifts and policy violations and, given a launcher's selectors (a host
 * element and a button in its shadow root), watches every frame for the launcher to be on screen.
 */
export const OBSERVE = (hostSelector, buttonSelector) => {
  const bench = { longTasks: [], shifts: 0, violations: [], launcherAt: undefined, notYet: 'the page has drawn no frame' };
  window.__bench = bench;
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) bench.longTasks.push(entry.duration);
  }).observe({ type: 'longtask', buffered: true });
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) if (!entry.hadRecentInput) bench.shifts += entry.value;
  }).observe({ type: 'layout-shift', buffered: true });
  // A widget whose script or styles the page's policy blocked is not the widget a visitor sees.
  document.addEventListener('securitypolicyviolation', (event) => bench.violations.push(`${event.effectiveDirective} ${event.blockedURI}`));
  bench.scripts = () =>
    performance
      .getEntriesByType('resource')
      .filter((entry) => entry.initiatorType === 'script')
      .map((entry) => new URL(entry.name).pathname);
  if (!hostSelector) return;
  // On screen: found, sized, in the viewport, not hidden, and the topmost thing at its centre (its
  // styles applied, nothing of the page's on top of it). Otherwise, why not.
  const onScreen = () => {
    const host = document.querySelector(hostSelector);
    if (!host) return `no element matches ${hostSelector}`;
    if (!host.shadowRoot) return `${hostSelector} has no open shadow root`;
    const button = host.shadowRoot.querySelector(buttonSelector);
    if (!button) return `the shadow root of ${hostSelector} has no ${buttonSelector}`;
    const box = button.getBoundingClientRect();
    if (box.width < 1 || box.height < 1) return 'the launcher has no size';
    if (box.right <= 0 || box.bottom <= 0 || box.left >= innerWidth || box.top >= innerHeight) return 'the launcher is outside the viewport';
    const style = getComputedStyle(button);
    if (style.visibility !== 'visible' || Number(style.opacity) === 0) return `the launcher is ${style.visibility} at opacity ${style.opacity}`;
    const hit = host.shadowRoot.elementFromPoint(box.x + box.width / 2, box.y + box.height / 2);
    for (let node = hit; node; node = node.assignedSlot ?? node.parentNode ?? node.host) if (node === button) return true;
    return `the launcher is covered by ${hit?.localName ?? 'nothing'}`;
  };
  // Checked in the page from its first frame: a check from the bench could only start after the
  // load event, when the launcher may have been showing (and the flow part loading) for a while.
  const watch = () => {
    const state = onScreen();
    if (state === true) {
      bench.launcherAt = performance.now();
    } else {
      bench.notYet = state;
      requestAnimationFrame(watch);
    }
  };
  requestAnimationFrame(watch);
};

/**
 * Waits for the launcher to be on screen; when it never is, says which step of finding it failed.
 * @param {import('puppeteer-core').Page} page
 * @param {{ name: string }} widget
 * @returns {Promise<number>} when it was first on screen, in ms after navigation start
 */
export async function waitForLauncher(page, { name }) {
  try {
    return await (await page.waitForFunction(() => window.__bench.launcherAt, { timeout: 15_000 })).jsonValue();
  } catch (error) {
    const why = await page
      .evaluate(() => [window.__bench.notYet, ...window.__bench.violations.map((v) => `blocked by the page's policy: ${v}`)].join('; '))
      .catch(() => error.message);
    throw new Error(`${name}: no launcher on screen after 15 s (${why}). If ${name} renders its launcher differently now, update its selectors in scripts/bench.mjs.`);
  }
}
