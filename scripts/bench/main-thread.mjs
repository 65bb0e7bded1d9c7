// The longest main-thread task in which a widget's scripts ran, read from a Chromium trace.
//
// Why a trace: the Long Tasks API, which the bench's targets use, reports only tasks over 50 ms, so
// two widgets that both stay under it would compare as 0 ms to 0 ms. Why only the widget's tasks: the
// longest task of a page load is often the page's own (committing the navigation, its first layout),
// the same on both pages, and would hide the difference between the widgets. Tracing slows the page
// a little, so these figures come from runs of their own and are compared only with each other.
const CATEGORIES = ['devtools.timeline', 'disabled-by-default-devtools.timeline'];
// Trace events that mean a script itself ran (not merely that it was requested), with its URL.
const RAN_SCRIPT = new Set(['EvaluateScript', 'v8.compile', 'FunctionCall']);

/**
 * Runs `load` (a navigation and whatever waiting it needs) under a trace.
 * @param {import('puppeteer-core').Page} page
 * @param {readonly string[]} scripts absolute URLs of the widget's scripts
 * @param {() => Promise<unknown>} load
 * @returns {Promise<number>} ms
 */
export async function traceLongestWidgetTask(page, scripts, load) {
  await page.tracing.start({ categories: CATEGORIES });
  let trace;
  try {
    await load();
  } finally {
    trace = await page.tracing.stop();
  }
  return longestWidgetTask(JSON.parse(Buffer.from(trace ?? []).toString('utf8')).traceEvents, page.url(), new Set(scripts));
}

/**
 * @param {Array<{ name: string, ph: string, pid: number, tid: number, ts: number, dur?: number, args?: any }>} events
 * @param {string} url the page's address
 * @param {Set<string>} scripts
 */
function longestWidgetTask(events, url, scripts) {
  const { origin } = new URL(url);
  // The renderer the page committed in: a navigation may swap processes, and the browser's other
  // tabs (the first about:blank) run tasks of their own.
  const renderers = new Set(
    events
      .filter((event) => event.name === 'FrameCommittedInBrowser' && event.args?.data?.url?.startsWith(origin))
      .map((event) => event.args.data.processId),
  );
  const mainThread = events.find((event) => event.name === 'thread_name' && event.args?.name === 'CrRendererMain' && renderers.has(event.pid));
  if (!mainThread) throw new Error(`the trace shows no main thread for ${url}: has Chromium's trace format changed? (scripts/bench/main-thread.mjs)`);
  const onMain = events.filter((event) => event.pid === mainThread.pid && event.tid === mainThread.tid);
  const ran = onMain.filter((event) => RAN_SCRIPT.has(event.name) && scripts.has(event.args?.data?.url)).map((event) => event.ts);
  // Complete ('X') tasks only: the few left open ('B') are the ones running when tracing stopped.
  const tasks = onMain
    .filter((task) => task.name === 'RunTask' && task.ph === 'X' && ran.some((ts) => ts >= task.ts && ts < task.ts + (task.dur ?? 0)))
    .map((task) => (task.dur ?? 0) / 1000);
  if (tasks.length === 0) throw new Error(`the trace shows none of ${[...scripts].join(', ')} running on ${url}`);
  return Math.max(...tasks);
}
