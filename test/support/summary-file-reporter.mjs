// A web-test-runner reporter that writes pass/fail/skip counts to a JSON file for scripts/test.mjs.
//
// Every test is counted once per browser. A test file whose session failed without a failing test
// (it did not load, threw outside a test, timed out, the browser crashed) counts as one failure, so
// a broken file can never make the run look green by contributing zero tests.

import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, relative } from 'node:path';

/**
 * @param {{ outputFile?: string }} [options] where to write; nothing is written when unset
 * @returns {import('@web/test-runner').Reporter}
 */
export function summaryFileReporter({ outputFile } = {}) {
  let rootDir = process.cwd();
  const write = (sessions) => {
    if (!outputFile) return;
    mkdirSync(dirname(outputFile), { recursive: true });
    writeFileSync(outputFile, JSON.stringify(summarize(sessions, rootDir), null, 2) + '\n');
  };
  return {
    start({ config }) {
      rootDir = config.rootDir ?? rootDir;
    },
    onTestRunFinished({ sessions }) {
      write(sessions);
    },
    stop({ sessions }) {
      write(sessions);
    },
  };
}

/** @param {import('@web/test-runner').TestSession[]} sessions */
export function summarize(sessions, rootDir = process.cwd()) {
  const totals = { passed: 0, failed: 0, skipped: 0 };
  const browsers = {};
  const failures = [];
  for (const session of sessions) {
    const browserName = session.browser?.name || 'unknown browser';
    const perBrowser = (browsers[browserName] ??= { passed: 0, failed: 0, skipped: 0 });
    const file = relative(rootDir, session.testFile);
    let failedTests = 0;
    for (const { test, path } of walk(session.testResults)) {
      const outcome = test.skipped ? 'skipped' : test.passed ? 'passed' : 'failed';
      totals[outcome] += 1;
      perBrowser[outcome] += 1;
      if (outcome === 'failed') {
        failedTests += 1;
        failures.push({ browser: browserName, file, test: [...path, test.name].join(' > '), error: test.error?.message });
      }
    }
    if (session.passed !== true && failedTests === 0) {
      totals.failed += 1;
      perBrowser.failed += 1;
      const reason = session.errors?.map((e) => e.message).join('; ') || `session ended as ${session.status}`;
      failures.push({ browser: browserName, file, test: '(test file)', error: reason });
    }
  }
  return { ...totals, browsers, failures };
}

function* walk(suite, path = []) {
  if (!suite) return;
  for (const test of suite.tests ?? []) yield { test, path };
  for (const child of suite.suites ?? []) yield* walk(child, [...path, child.name]);
}
