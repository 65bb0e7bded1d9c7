// Starts WebKitGTK's WebDriver (WebKitWebDriver, Debian package webkit2gtk-driver) on a virtual X
// display so web-test-runner can drive WebKit on Linux without a desktop.
//
// Quirks, measured with WebKitGTK 2.50:
// - WebKitGTK's MiniBrowser has no headless mode; it needs an X server, hence Xvfb.
// - Xvfb picks a free display itself (-displayfd), so parallel runs on one machine do not collide.
// - MiniBrowser exits when its X server goes away, so Xvfb is stopped last and takes any browser
//   left behind by a crashed run with it.

import { spawn } from 'node:child_process';
import { createServer } from 'node:net';

/**
 * @param {{ driverPath?: string, xvfbPath?: string }} [options]
 * @returns {Promise<{ port: number, display: string, stop(): Promise<void>, kill(): void }>}
 */
export async function startWebKitDriver({ driverPath = 'WebKitWebDriver', xvfbPath = 'Xvfb' } = {}) {
  const children = [];
  // Synchronous last resort: the test runner ends with process.exit(), which skips async cleanup.
  const kill = () => {
    for (const child of children.toReversed()) {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    }
  };
  process.once('exit', kill);

  try {
    const xvfb = spawn(xvfbPath, ['-displayfd', '3', '-nolisten', 'tcp', '-screen', '0', '1280x1024x24'], {
      stdio: ['ignore', 'ignore', 'pipe', 'pipe'],
    });
    children.push(xvfb);
    const display = ':' + (await readDisplayNumber(xvfb));

    const port = await findFreePort();
    const driver = spawn(driverPath, [`--port=${port}`], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: {
        ...process.env,
        DISPLAY: display,
        // No accessibility bus in a container; without this GTK prints a warning per browser.
        NO_AT_BRIDGE: '1',
      },
    });
    children.push(driver);
    const output = collectOutput(driver);
    await waitForDriver(driver, port, output);

    return {
      port,
      display,
      kill,
      async stop() {
        process.off('exit', kill);
        // Driver first (it closes its browsers), then the display they were drawn on.
        for (const child of children.toReversed()) await stopChild(child);
      },
    };
  } catch (error) {
    kill();
    process.off('exit', kill);
    throw error;
  }
}

function readDisplayNumber(xvfb) {
  return new Promise((resolve, reject) => {
    let text = '';
    let stderr = '';
    const timer = setTimeout(() => fail(new Error('Xvfb did not report a display within 10 s')), 10_000);
    const fail = (error) => {
      clearTimeout(timer);
      reject(new Error(`${error.message}${stderr ? `\n${stderr.trim()}` : ''}`));
    };
    xvfb.stderr.on('data', (chunk) => (stderr = (stderr + chunk).slice(-4000)));
    xvfb.stdio[3].on('data', (chunk) => {
      text += chunk;
      const match = /^(\d+)\n/.exec(text);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    });
    xvfb.once('error', (error) => fail(new Error(`could not start Xvfb: ${error.message}`)));
    xvfb.once('exit', (code, signal) => fail(new Error(`Xvfb exited early (${signal ?? code})`)));
  });
}

function findFreePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

function collectOutput(child) {
  const output = { text: '' };
  const append = (chunk) => (output.text = (output.text + chunk).slice(-4000));
  child.stdout.on('data', append);
  child.stderr.on('data', append);
  return output;
}

async function waitForDriver(driver, port, output) {
  let exited;
  driver.once('exit', (code, signal) => (exited = signal ?? code));
  let spawnError;
  driver.once('error', (error) => (spawnError = error));
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    if (spawnError) throw new Error(`could not start WebKitWebDriver: ${spawnError.message}`);
    if (exited !== undefined) throw new Error(`WebKitWebDriver exited early (${exited})\n${output.text.trim()}`);
    try {
      const response = await fetch(`http://127.0.0.1:${port}/status`);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`WebKitWebDriver did not answer on port ${port} within 10 s\n${output.text.trim()}`);
}

function stopChild(child) {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), 3000);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}
