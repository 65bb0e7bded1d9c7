// A node:test reporter that emits one JSON line of totals, for scripts/test.mjs.
//
// It reads the summary the runner itself computes (the closing "pass N", "fail N", ... diagnostics
// that the tap and spec reporters print), so the counts are the runner's own, including a test file
// that failed to load (counted by node:test as a failed test).

const KEYS = new Set(['tests', 'suites', 'pass', 'fail', 'cancelled', 'skipped', 'todo']);

export default async function* nodeSummaryReporter(source) {
  const counts = {};
  for await (const event of source) {
    if (event.type !== 'test:diagnostic' || event.data.nesting !== 0) continue;
    const match = /^(\w+) (\d+)$/.exec(event.data.message);
    if (match && KEYS.has(match[1])) counts[match[1]] = Number(match[2]);
  }
  yield JSON.stringify({
    passed: counts.pass ?? 0,
    failed: (counts.fail ?? 0) + (counts.cancelled ?? 0),
    skipped: (counts.skipped ?? 0) + (counts.todo ?? 0),
    complete: 'pass' in counts,
  }) + '\n';
}
