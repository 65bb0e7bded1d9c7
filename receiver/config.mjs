/**
 * The standalone receiver's configuration, read once from environment variables and checked before
 * anything listens: a receiver that starts with a typo in its forwarding address would accept
 * requests and quietly deliver them nowhere.
 *
 * Every problem names the variable it is about and says what would be right. Values that may hold a
 * secret (forwarding destinations, the SMTP URL, the webhook secret) are never repeated in a
 * message, because these messages end up in terminals, CI logs and bug reports.
 */
import { existsSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { checkEndpoint, isLoopbackHost, isValidEmail } from '../dist/core/index.js';

export const DEFAULT_PORT = 8787;
export const DEFAULT_HOST = '127.0.0.1';
export const DEFAULT_FORWARD_TIMEOUT_MS = 10_000;
// A shorter HMAC key is guessable offline from one signed request.
const MIN_WEBHOOK_SECRET_LENGTH = 16;

/** Every variable the receiver reads; anything else starting with MEMBRANE_ is probably a typo. */
export const VARIABLES = Object.freeze([
  'MEMBRANE_ALLOWED_ORIGINS',
  'MEMBRANE_DATA_DIR',
  'MEMBRANE_PORT',
  'MEMBRANE_HOST',
  'MEMBRANE_TLS_CERT',
  'MEMBRANE_TLS_KEY',
  'MEMBRANE_FORWARD',
  'MEMBRANE_SECURITY_FORWARD',
  'MEMBRANE_FORWARD_TIMEOUT_MS',
  'MEMBRANE_WEBHOOK_SECRET',
  'MEMBRANE_SMTP_URL',
  'MEMBRANE_SMTP_FROM',
  'MEMBRANE_SMTP_TO',
  'MEMBRANE_SECURITY_SMTP_TO',
]);

/**
 * @typedef {{ type: 'webhook', url: string, secret?: string }} WebhookDestination
 * @typedef {{ type: 'smtp', url: string, from: string, to: string[] }} SmtpDestination
 * @typedef {{ type: 'file', path: string }} FileDestination
 * @typedef {WebhookDestination | SmtpDestination | FileDestination} Destination
 *
 * @typedef {object} ReceiverConfig
 * @property {string} host interface to bind
 * @property {number} port 0 picks a free one
 * @property {string} dataDir absolute folder for requests.jsonl, security.jsonl, forward-log.jsonl
 * @property {string[]} allowedOrigins exact origins (`https://shop.example`) allowed to POST
 * @property {{ certFile: string, keyFile: string }} [tls] serve HTTPS with these PEM files
 * @property {Destination} [forward] where contact and follow-up requests go
 * @property {Destination} [securityForward] where security reports go
 * @property {number} forwardTimeoutMs how long one forwarding attempt may take
 *
 * @typedef {{ variable: string, message: string }} ConfigProblem
 */

export class ConfigError extends Error {
  /**
   * @param {ConfigProblem[]} problems
   * @param {string[]} [warnings] what was noticed besides; a typo warning often explains a problem
   */
  constructor(problems, warnings = []) {
    super(problems.map((problem) => `${problem.variable}: ${problem.message}`).join('\n'));
    this.name = 'ConfigError';
    this.problems = problems;
    this.warnings = warnings;
  }
}

/**
 * @param {Record<string, string | undefined>} env usually `process.env`
 * @param {{ cwd?: string }} [options] relative paths resolve against `cwd`
 * @returns {{ config: ReceiverConfig, warnings: string[] }}
 * @throws {ConfigError} listing every problem found, not just the first
 */
export function readConfig(env, { cwd = process.cwd() } = {}) {
  /** @type {ConfigProblem[]} */
  const problems = [];
  /** @type {string[]} */
  const warnings = [];
  // The security destination may re-read the same SMTP variables: report each problem once.
  const fail = (/** @type {string} */ variable, /** @type {string} */ message) => {
    if (!problems.some((p) => p.variable === variable && p.message === message)) problems.push({ variable, message });
  };
  const get = (/** @type {string} */ name) => {
    const value = env[name]?.trim();
    return value === undefined || value === '' ? undefined : value;
  };

  for (const name of Object.keys(env)) {
    if (name.startsWith('MEMBRANE_') && !VARIABLES.includes(name)) {
      warnings.push(`${name} is not a variable the receiver reads (a typo?); it is ignored.`);
    }
  }

  const allowedOrigins = readOrigins(get('MEMBRANE_ALLOWED_ORIGINS'), fail);

  const dataDirValue = get('MEMBRANE_DATA_DIR');
  if (dataDirValue === undefined) {
    fail('MEMBRANE_DATA_DIR', 'required: the folder where accepted requests are stored, e.g. /var/lib/membrane');
  }
  const dataDir = resolve(cwd, dataDirValue ?? '.');

  const port = readInteger(get('MEMBRANE_PORT'), { name: 'MEMBRANE_PORT', fallback: DEFAULT_PORT, min: 0, max: 65535 }, fail);
  const host = get('MEMBRANE_HOST') ?? DEFAULT_HOST;
  const forwardTimeoutMs = readInteger(
    get('MEMBRANE_FORWARD_TIMEOUT_MS'),
    { name: 'MEMBRANE_FORWARD_TIMEOUT_MS', fallback: DEFAULT_FORWARD_TIMEOUT_MS, min: 1000, max: 120_000 },
    fail,
  );

  const certFile = get('MEMBRANE_TLS_CERT');
  const keyFile = get('MEMBRANE_TLS_KEY');
  /** @type {ReceiverConfig['tls']} */
  let tls;
  if ((certFile === undefined) !== (keyFile === undefined)) {
    fail(certFile === undefined ? 'MEMBRANE_TLS_CERT' : 'MEMBRANE_TLS_KEY', 'set both MEMBRANE_TLS_CERT and MEMBRANE_TLS_KEY (PEM files), or neither');
  } else if (certFile !== undefined && keyFile !== undefined) {
    tls = { certFile: resolve(cwd, certFile), keyFile: resolve(cwd, keyFile) };
    if (!existsSync(tls.certFile)) fail('MEMBRANE_TLS_CERT', `no such file: ${tls.certFile}`);
    if (!existsSync(tls.keyFile)) fail('MEMBRANE_TLS_KEY', `no such file: ${tls.keyFile}`);
  }

  const secret = get('MEMBRANE_WEBHOOK_SECRET');
  if (secret !== undefined && secret.length < MIN_WEBHOOK_SECRET_LENGTH) {
    fail('MEMBRANE_WEBHOOK_SECRET', `must be at least ${MIN_WEBHOOK_SECRET_LENGTH} characters; make one with: openssl rand -hex 32`);
  }

  const context = { get, fail, cwd, secret };
  const forward = readDestination('MEMBRANE_FORWARD', get('MEMBRANE_FORWARD'), 'contact', context);
  const securityValue = get('MEMBRANE_SECURITY_FORWARD');
  // Without a destination of their own, security reports go where the rest goes (the payload's
  // `kind` tells them apart), but an e-mail still goes to the security address when there is one.
  const securityForward =
    securityValue !== undefined
      ? readDestination('MEMBRANE_SECURITY_FORWARD', securityValue, 'security', context)
      : forward?.type === 'smtp'
        ? readDestination('MEMBRANE_FORWARD', 'smtp:', 'security', context)
        : forward;

  if (forward === undefined && securityForward === undefined && problems.length === 0) {
    warnings.push('Neither MEMBRANE_FORWARD nor MEMBRANE_SECURITY_FORWARD is set: requests are stored but not forwarded anywhere.');
  }
  if (securityForward?.type === 'smtp' && get('MEMBRANE_SECURITY_SMTP_TO') === undefined && problems.length === 0) {
    warnings.push('MEMBRANE_SECURITY_SMTP_TO is not set: security reports are e-mailed to MEMBRANE_SMTP_TO. Set it to reach the people who can assess them.');
  }
  const usesWebhook = forward?.type === 'webhook' || securityForward?.type === 'webhook';
  if (secret !== undefined && !usesWebhook) warnings.push('MEMBRANE_WEBHOOK_SECRET is set but no destination is a webhook; it is not used.');
  if (usesWebhook && secret === undefined) {
    warnings.push('MEMBRANE_WEBHOOK_SECRET is not set: webhook requests are not signed, so the webhook cannot tell them from forged ones.');
  }

  if (problems.length > 0) throw new ConfigError(problems, warnings);
  return {
    config: {
      host,
      port,
      dataDir,
      allowedOrigins,
      ...(tls ? { tls } : {}),
      ...(forward ? { forward } : {}),
      ...(securityForward ? { securityForward } : {}),
      forwardTimeoutMs,
    },
    warnings,
  };
}

/**
 * Exact origins only: a site owner lists the pages' origins, and anything with a path, a wildcard or
 * plain http: to a real host is a mistake worth stopping at (the widget cannot send from such a page).
 * @param {string | undefined} value
 * @param {(variable: string, message: string) => void} fail
 * @returns {string[]}
 */
function readOrigins(value, fail) {
  const name = 'MEMBRANE_ALLOWED_ORIGINS';
  if (value === undefined) {
    fail(name, 'required: comma-separated origins of the pages that embed the widget, e.g. https://shop.example,https://www.shop.example');
    return [];
  }
  /** @type {string[]} */
  const origins = [];
  for (const item of value.split(',').map((part) => part.trim()).filter(Boolean)) {
    if (item === '*') {
      fail(name, '"*" is not accepted: list the exact origins of your pages');
      continue;
    }
    let url;
    try {
      url = new URL(item);
    } catch {
      fail(name, `"${item}" is not an origin like https://shop.example`);
      continue;
    }
    const bare = url.pathname === '/' && url.search === '' && url.hash === '' && url.username === '' && url.password === '';
    const secure = url.protocol === 'https:' || (url.protocol === 'http:' && isLoopbackHost(url.hostname));
    if (!bare || !/^https?:$/.test(url.protocol) || !/^[a-z]+:\/\/[^/]+\/?$/i.test(item)) {
      fail(name, `"${item}" is not an origin: scheme, host and port only, e.g. https://shop.example`);
    } else if (!secure) {
      fail(name, `"${item}" is not https: (the widget sends only from secure pages; http: only for localhost)`);
    } else {
      origins.push(url.origin);
    }
  }
  if (origins.length === 0 && value.split(',').every((part) => part.trim() === '')) {
    fail(name, 'required: at least one origin, e.g. https://shop.example');
  }
  return [...new Set(origins)];
}

/**
 * @param {string | undefined} value
 * @param {{ name: string, fallback: number, min: number, max: number }} rule
 * @param {(variable: string, message: string) => void} fail
 */
function readInteger(value, { name, fallback, min, max }, fail) {
  if (value === undefined) return fallback;
  const number = Number(value);
  if (!/^\d+$/.test(value) || number < min || number > max) {
    fail(name, `must be a whole number from ${min} to ${max}, not "${value}"`);
    return fallback;
  }
  return number;
}

/**
 * `webhook:<https URL>`, `smtp:` (server and addresses from the MEMBRANE_SMTP_* variables) or
 * `file:<path>`. The value itself is never echoed: a webhook URL usually is the secret.
 * @param {string} name the variable read
 * @param {string | undefined} value
 * @param {'contact' | 'security'} role which recipient an e-mail goes to
 * @param {{
 *   get: (name: string) => string | undefined,
 *   fail: (variable: string, message: string) => void,
 *   cwd: string,
 *   secret: string | undefined,
 * }} context
 * @returns {Destination | undefined}
 */
function readDestination(name, value, role, { get, fail, cwd, secret }) {
  if (value === undefined) return undefined;
  const colon = value.indexOf(':');
  const scheme = colon === -1 ? value.toLowerCase() : value.slice(0, colon).toLowerCase();
  const rest = colon === -1 ? '' : value.slice(colon + 1).trim();

  if (scheme === 'webhook') {
    const check = checkEndpoint(rest);
    if (!check.ok) {
      const why = {
        missing: 'give the URL after "webhook:", e.g. webhook:https://hooks.example/membrane',
        unparsable: 'the part after "webhook:" is not a URL',
        'insecure-scheme': 'the webhook URL must be https: (http: only to a loopback host such as 127.0.0.1)',
        credentials: 'the webhook URL must not contain a user name or password; MEMBRANE_WEBHOOK_SECRET signs each request instead',
      }[check.problem];
      fail(name, why);
      return undefined;
    }
    return { type: 'webhook', url: check.url.href, ...(secret ? { secret } : {}) };
  }

  if (scheme === 'file') {
    if (rest === '') {
      fail(name, 'give a path after "file:", e.g. file:/var/lib/membrane/forwarded.jsonl');
      return undefined;
    }
    let path = rest;
    if (rest.startsWith('//')) {
      try {
        path = fileURLToPath(`file:${rest}`);
      } catch {
        fail(name, 'the part after "file:" is not a usable file URL or path');
        return undefined;
      }
    }
    return { type: 'file', path: isAbsolute(path) ? path : resolve(cwd, path) };
  }

  if (scheme === 'smtp') {
    if (rest !== '') {
      fail(name, 'write just "smtp:"; the server and addresses come from MEMBRANE_SMTP_URL, MEMBRANE_SMTP_FROM and MEMBRANE_SMTP_TO');
      return undefined;
    }
    const url = readSmtpUrl(get('MEMBRANE_SMTP_URL'), name, fail);
    const from = readAddresses('MEMBRANE_SMTP_FROM', get('MEMBRANE_SMTP_FROM'), { single: true, requiredBy: name }, fail);
    const toName = role === 'security' && get('MEMBRANE_SECURITY_SMTP_TO') !== undefined ? 'MEMBRANE_SECURITY_SMTP_TO' : 'MEMBRANE_SMTP_TO';
    const to = readAddresses(toName, get(toName), { single: false, requiredBy: name }, fail);
    if (url === undefined || from === undefined || to === undefined) return undefined;
    return { type: 'smtp', url, from: from[0], to };
  }

  fail(name, 'must start with webhook:, smtp: or file: (e.g. webhook:https://hooks.example/membrane)');
  return undefined;
}

/**
 * @param {string | undefined} value
 * @param {string} requiredBy
 * @param {(variable: string, message: string) => void} fail
 * @returns {string | undefined}
 */
function readSmtpUrl(value, requiredBy, fail) {
  const name = 'MEMBRANE_SMTP_URL';
  if (value === undefined) {
    fail(name, `required when ${requiredBy} is smtp:, e.g. smtps://user:password@smtp.example.com:465`);
    return undefined;
  }
  let url;
  try {
    url = new URL(value);
  } catch {
    fail(name, 'is not a URL like smtps://user:password@smtp.example.com:465');
    return undefined;
  }
  if (url.protocol !== 'smtp:' && url.protocol !== 'smtps:') {
    fail(name, 'must start with smtps:// (TLS from the start) or smtp:// (STARTTLS, required except on loopback)');
    return undefined;
  }
  if (url.hostname === '') {
    fail(name, 'has no host, e.g. smtps://user:password@smtp.example.com:465');
    return undefined;
  }
  if ((url.username === '') !== (url.password === '')) {
    fail(name, 'give both a user name and a password (user:password@host), or neither');
    return undefined;
  }
  return url.href;
}

/**
 * `ops@example.com`, `Support <ops@example.com>`, comma-separated when several are allowed. Checked
 * with the same e-mail rule as the form, so a typo fails here rather than at the first report.
 * @param {string} name
 * @param {string | undefined} value
 * @param {{ single: boolean, requiredBy: string }} rule
 * @param {(variable: string, message: string) => void} fail
 * @returns {string[] | undefined}
 */
function readAddresses(name, value, { single, requiredBy }, fail) {
  if (value === undefined) {
    fail(name, `required when ${requiredBy} is smtp:, e.g. ${single ? 'Membrane <support@example.com>' : 'support@example.com'}`);
    return undefined;
  }
  const items = single ? [value] : value.split(',').map((part) => part.trim()).filter(Boolean);
  for (const item of items) {
    const address = /<([^<>]*)>\s*$/.exec(item)?.[1] ?? item;
    if (!isValidEmail(address) || /[\r\n]/.test(item)) {
      fail(name, `"${item}" is not an e-mail address${single ? ' (one address, optionally as Name <address>)' : ''}`);
      return undefined;
    }
  }
  if (items.length === 0) {
    fail(name, 'required: at least one e-mail address');
    return undefined;
  }
  return items;
}
