#!/usr/bin/env node
/**
 * `npm run receiver`: reads the configuration from environment variables (receiver/config.mjs),
 * starts the standalone receiver and says where it listens and where requests go. Stops on SIGINT
 * or SIGTERM after the requests in flight are answered and pending writes are on disk; a second
 * signal stops at once.
 *
 * Exit codes: 0 stopped cleanly, 1 could not start (the message says why), 2 configuration error.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const CORE_BUILD = fileURLToPath(new URL('../dist/core/index.js', import.meta.url));

async function main() {
  // The receiver validates with the library's own schemas, from the build: say so plainly rather
  // than with an ERR_MODULE_NOT_FOUND stack.
  if (!existsSync(CORE_BUILD)) {
    console.error('Membrane receiver: dist/core is missing. Run: npm run build');
    return 1;
  }
  const { ConfigError, readConfig } = await import('./config.mjs');
  const { startReceiverServer } = await import('./server.mjs');
  const { createRedactor, secretsOf } = await import('./redact.mjs');

  let read;
  try {
    read = readConfig(process.env);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    for (const warning of error.warnings) console.warn(`Warning: ${warning}`);
    console.error('Membrane receiver: the configuration has problems:\n');
    for (const problem of error.problems) console.error(`  ${problem.variable}: ${problem.message}`);
    console.error('\nSee docs/receiver.md for every variable.');
    return 2;
  }
  const { config, warnings } = read;
  for (const warning of warnings) console.warn(`Warning: ${warning}`);

  let running;
  try {
    running = await startReceiverServer(config);
  } catch (error) {
    const redact = createRedactor(secretsOf(config));
    console.error(`Membrane receiver could not start: ${redact(error instanceof Error ? error.message : String(error))}`);
    return 1;
  }
  console.log(`
Membrane receiver: ${running.url}

  allowed origins   ${config.allowedOrigins.join(', ')}
  stored in         ${config.dataDir}
  contact requests  ${running.destinations.contact ?? 'stored only (MEMBRANE_FORWARD is not set)'}
  security reports  ${running.destinations.security ?? 'stored only (MEMBRANE_SECURITY_FORWARD is not set)'}
${running.resumed > 0 ? `  resumed           ${running.resumed} unfinished forward(s) from the last run\n` : ''}${
    config.tls ? '' : '\nPlain HTTP: put it behind a reverse proxy that terminates HTTPS, or set MEMBRANE_TLS_CERT and MEMBRANE_TLS_KEY.\n'
  }
Press Ctrl+C to stop.
`);

  let stopping = false;
  const stop = (/** @type {NodeJS.Signals} */ signal) => {
    if (stopping) process.exit(1); // a second signal means "now"
    stopping = true;
    console.log(`${signal}: stopping the receiver…`);
    running.close().then(
      () => process.exit(0),
      (error) => {
        console.error(`Membrane receiver: ${error instanceof Error ? error.message : String(error)}`);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  return undefined;
}

main().then(
  (code) => {
    if (code !== undefined) process.exitCode = code;
  },
  (error) => {
    // Only the message: a stack or an options dump could carry a secret from the environment.
    console.error(`Membrane receiver could not start: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 1;
  },
);
