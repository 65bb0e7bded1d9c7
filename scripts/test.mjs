#!/usr/bin/env node
// Runs every test and ends with one line of totals: `N passed, N failed` (`, N skipped` when any).
//
//   1. Node-side tests: node --test on test/node/**/*.test.{mjs,js,cjs}, when there are any.
//   2. Browser tests: web-test-runner with web-test-runner.config.mjs (BROWSERS=... selects).
//
// Arguments are passed on to web-test-runner, e.g. `node scripts/test.mjs --files test/core/x.test.ts`.
// Exits non-zero when anything failed, when a runner died without reporting, or when no test ran.

import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const nodeTestDir = join(root, 'test', 'node');
const wtrBin = join(root, 'node_modules', '@web', 'test-runner', 'dist', 'bin.js');

const totals = { passed: 0, failed: 0, skipped: 0 };
const timings = [];
const work = await mkdtemp(join(tmpdir(), 'membrane-test-'));

let current;
let interrupted = false;
for (const [signal, code] of [['SIGINT', 130], ['SIGTERM', 143]]) {
  process.on(signal, () => {
    interrupted = true;
    current?.kill(signal);
    process.exitCode = code;
  });
}

try {
  const nodeFiles = findNodeTests(nodeTestDir);
  if (nodeFiles.length > 0) {
    const outputFile = join(work, 'node-summary.json');
    const started = performance.now();
    const code = await run(process.execPath, [
      '--test',
      '--test-reporter=spec',
      '--test-reporter-destination=stdout',
      `--test-reporter=${join(root, 'test', 'support', 'node-summary-reporter.mjs')}`,
      `--test-reporter-destination=${outputFile}`,
      ...nodeFiles.map((file) => relative(root, file)),
    ]);
    timings.push(`node tests ${seconds(started)}`);
    add('node --test', readJson(outputFile), code);
  }

  if (interrupted) {
    console.log('Interrupted: browser tests not run.');
    totals.failed += 1;
  } else {
    const outputFile = join(work, 'wtr-summary.json');
    const started = performance.now();
    const code = await run(process.execPath, [wtrBin, '--config', 'web-test-runner.config.mjs', ...process.argv.slice(2)], {
      MEMBRANE_WTR_SUMMARY: outputFile,
    });
    timings.push(`browser tests ${seconds(started)}`);
    add('web-test-runner', readJson(outputFile), code);
  }
} finally {
  await rm(work, { recursive: true, force: true });
}

if (totals.passed + totals.failed === 0) console.log('No tests ran.');
if (timings.length > 0) console.log(`(${timings.join(', ')})`);
console.log(`${totals.passed} passed, ${totals.failed} failed${totals.skipped > 0 ? `, ${totals.skipped} skipped` : ''}`);
if (totals.failed > 0 || totals.passed + totals.failed === 0) process.exitCode ||= 1;

/** Adds one runner's counts; a runner that failed without counting a failure still counts one. */
function add(name, summary, exitCode) {
  if (!summary) {
    console.log(`${name} exited with ${exitCode} and wrote no summary: counting 1 failure.`);
    totals.failed += 1;
    return;
  }
  totals.passed += summary.passed;
  totals.failed += summary.failed;
  totals.skipped += summary.skipped;
  if (exitCode !== 0 && summary.failed === 0) {
    console.log(`${name} exited with ${exitCode} without a failing test: counting 1 failure.`);
    totals.failed += 1;
  }
}

function findNodeTests(dir) {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && /\.test\.(mjs|cjs|js)$/.test(entry.name))
    .map((entry) => join(entry.parentPath ?? entry.path, entry.name))
    .sort();
}

function run(command, args, env = {}) {
  return new Promise((resolve) => {
    current = spawn(command, args, { cwd: root, stdio: 'inherit', env: { ...process.env, ...env } });
    current.once('error', (error) => {
      console.log(`could not start ${command}: ${error.message}`);
      resolve(1);
    });
    current.once('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
  });
}

function readJson(file) {
  try {
    const value = JSON.parse(readFileSync(file, 'utf8'));
    return value.complete === false ? undefined : value;
  } catch {
    return undefined;
  }
}

function seconds(started) {
  return `${((performance.now() - started) / 1000).toFixed(1)} s`;
}
