// Browser tests: Chromium, Firefox ESR and WebKit, all from Debian packages (no test tool downloads
// a browser; see .puppeteerrc.cjs and .ci/run). Choose with BROWSERS=chromium,firefox,webkit.
//
// Test pages are served from http://localhost:<port>, a secure context in all three browsers (the
// components refuse to send from insecure pages). They talk to a loopback server on 127.0.0.1 over
// HTTPS (self-signed certificate) and HTTP; tests import its addresses from test/support/loopback.ts.
//
// How each browser is made to trust the self-signed loopback certificate:
// - Chromium: --ignore-certificate-errors-spki-list pins exactly this certificate's public key, so
//   every other TLS error still fails as it would for a customer (narrower than
//   --ignore-certificate-errors).
// - Firefox: the WebDriver BiDi session capability acceptInsecureCerts (puppeteer 24 drives Firefox
//   over BiDi only; Firefox has no per-certificate switch short of editing the profile's NSS store).
// - WebKit: the WebDriver capability acceptInsecureCerts; without it fetch fails with "Load failed".

import { createHash, X509Certificate } from 'node:crypto';
import { fileURLToPath } from 'node:url';

import { esbuildPlugin } from '@web/dev-server-esbuild';
import { defaultReporter } from '@web/test-runner';
import { chromeLauncher } from '@web/test-runner-chrome';
import { puppeteerLauncher } from '@web/test-runner-puppeteer';
import { webdriverLauncher } from '@web/test-runner-webdriver';

import { startLoopbackServer } from './test/support/loopback-server.mjs';
import { membranePagesPlugin } from './test/support/pages-plugin.mjs';
import { summaryFileReporter } from './test/support/summary-file-reporter.mjs';
import { startWebKitDriver } from './test/support/webkit-driver.mjs';

const root = (path) => fileURLToPath(new URL(path, import.meta.url));

const KNOWN_BROWSERS = ['chromium', 'firefox', 'webkit'];
const selected = (process.env.BROWSERS ?? KNOWN_BROWSERS.join(','))
  .split(',')
  .map((name) => name.trim().toLowerCase())
  .filter(Boolean);
const unknown = selected.filter((name) => !KNOWN_BROWSERS.includes(name));
if (unknown.length > 0 || selected.length === 0) {
  throw new Error(`BROWSERS must list some of ${KNOWN_BROWSERS.join(', ')}; got "${process.env.BROWSERS}"`);
}

const loopback = await startLoopbackServer({ certDir: root('test/.cert') });
const webkit = selected.includes('webkit')
  ? await startWebKitDriver({ driverPath: process.env.WEBKIT_DRIVER_PATH }).catch(async (error) => {
      await loopback.close();
      throw error;
    })
  : undefined;

// web-test-runner (and puppeteer) clean up on SIGINT only; on SIGTERM/SIGHUP node would exit at once,
// leaving Firefox, Xvfb and WebKitWebDriver behind. Treat them as SIGINT, with a deadline.
for (const [signal, code] of [['SIGTERM', 143], ['SIGHUP', 129]]) {
  process.once(signal, () => {
    setTimeout(() => {
      webkit?.kill();
      process.exit(code);
    }, 5000).unref();
    process.emit('SIGINT', 'SIGINT');
  });
}

const spki = createHash('sha256')
  .update(new X509Certificate(loopback.cert).publicKey.export({ type: 'spki', format: 'der' }))
  .digest('base64');

const launchers = {
  chromium: () =>
    named('Chromium', chromeLauncher({
      launchOptions: {
        executablePath: process.env.CHROME_PATH ?? '/usr/bin/chromium',
        args: [
          '--headless=new',
          '--no-sandbox',
          '--disable-gpu',
          '--disable-background-networking',
          '--disable-component-update',
          '--no-first-run',
          `--ignore-certificate-errors-spki-list=${spki}`,
        ],
      },
    })),
  firefox: () =>
    puppeteerLauncher({
      launchOptions: {
        browser: 'firefox',
        executablePath: process.env.FIREFOX_PATH ?? '/usr/bin/firefox-esr',
        headless: true,
        // Puppeteer 24 speaks only WebDriver BiDi to Firefox (its CDP support was removed).
        protocol: 'webDriverBiDi',
        acceptInsecureCerts: true,
      },
    }),
  webkit: () => {
    const launcher = webdriverLauncher({
      hostname: '127.0.0.1',
      port: webkit.port,
      logLevel: 'error',
      // No browserName: WebKitWebDriver then drives MiniBrowser, and webdriverio does not ask for a
      // BiDi session (it only adds webSocketUrl when a browserName is given).
      capabilities: { acceptInsecureCerts: true },
    });
    // Without a browserName the runner would label results with an empty name.
    return named('WebKit', launcher);
  },
};

/**
 * Leaves the build in dist/ byte for byte as written: the script-tag bundle loads its parts with
 * Subresource Integrity, which any transform by the test server would (rightly) break.
 */
function servedAsBuilt(plugin) {
  const transform = plugin.transform.bind(plugin);
  plugin.transform = (context) => (context.path.startsWith('/dist/') ? undefined : transform(context));
  return plugin;
}

/** Labels a launcher in the runner's output (chromeLauncher says "Chrome" for any Chromium). */
function named(name, launcher) {
  launcher.name = name;
  // The webdriver launcher derives its name from the capabilities when initialized.
  const initialize = launcher.initialize.bind(launcher);
  launcher.initialize = async (...args) => {
    await initialize(...args);
    launcher.name = name;
  };
  return launcher;
}

/** Serves the loopback addresses to test pages as an ES module, and stops the helpers at the end. */
function membraneLoopbackPlugin() {
  return {
    name: 'membrane-loopback',
    serve(context) {
      if (context.path === '/__membrane/loopback.js') {
        return {
          body:
            `export const httpsBase = ${JSON.stringify(loopback.httpsBase)};\n` +
            `export const httpBase = ${JSON.stringify(loopback.httpBase)};\n`,
          type: 'js',
        };
      }
    },
    async serverStop() {
      await Promise.all([loopback.close(), webkit?.stop()]);
    },
  };
}

// 2 cores: one page per browser at a time, all browsers at once. One page at a time also keeps the
// WebKit driver out of its iframe mode (used when concurrency > 1), where focus and keyboard input
// behave differently from a real top-level page.
const concurrency = Number(process.env.WTR_CONCURRENCY) || 1;

// Property tests explore new random inputs on every local run. In CI they replay one fixed seed, so a
// submission's result does not depend on the draw; FC_SEED picks another (a failure prints its seed).
const propertySeed = process.env.FC_SEED ?? (process.env.CI ? '20261128' : undefined);

export default {
  rootDir: root('.'),
  files: ['test/**/*.test.ts', '!test/node/**'],
  // openpgp/lightweight is published under the browser condition only; development keeps Lit's dev build.
  nodeResolve: { exportConditions: ['browser', 'development'] },
  concurrency,
  concurrentBrowsers: Number(process.env.WTR_CONCURRENT_BROWSERS) || 3,
  browsers: selected.map((name) => launchers[name]()),
  plugins: [
    servedAsBuilt(esbuildPlugin({ ts: true, target: 'es2022', tsconfig: root('tsconfig.json') })),
    membraneLoopbackPlugin(),
    membranePagesPlugin({ loopback, pagesDir: root('test/pages') }),
  ],
  // @open-wc/testing loads Lit's development build, which says so once per test page.
  filterBrowserLogs: ({ args }) => !(typeof args[0] === 'string' && args[0].startsWith('Lit is in dev mode')),
  testFramework: {
    config: { ui: 'bdd', timeout: 10_000 },
  },
  testRunnerHtml: (testFramework) => `<!doctype html><html><body>
    ${propertySeed === undefined ? '' : `<script type="module">import fc from 'fast-check'; fc.configureGlobal({ seed: ${Number(propertySeed)} });</script>`}
    <script type="module" src="${testFramework}"></script>
  </body></html>`,
  reporters: [defaultReporter(), summaryFileReporter({ outputFile: process.env.MEMBRANE_WTR_SUMMARY })],
};
