/**
 * Forwards a stored request as a plain-text e-mail through an SMTP server, with nodemailer.
 *
 * nodemailer is an optional peer dependency: it is imported only when a destination is `smtp:`, so a
 * receiver that forwards to a webhook or a file needs nothing beyond Node. The connection is
 * encrypted unless it stays on this machine: `smtps://` is TLS from the start, `smtp://` must upgrade
 * with STARTTLS (a server that does not offer it is refused rather than sent a report in clear),
 * and only `smtp://` to a loopback host may speak plain SMTP (a local relay, or a test server).
 *
 * The e-mail is plain text (no HTML to render what a stranger typed), its Reply-To is the customer's
 * address when they gave one, and its subject carries the reference so replies thread by request.
 */
import { isLoopbackHost } from '../dist/core/index.js';

export const INSTALL_HINT = 'SMTP forwarding needs nodemailer, which is not installed. Run: npm install nodemailer';
// Subjects are for scanning an inbox; the whole summary is in the body.
const SUBJECT_SUMMARY_LENGTH = 120;

/**
 * Imports nodemailer, or throws an error whose message says how to install it.
 * @param {() => Promise<any>} [importer] for tests
 * @returns {Promise<any>} the nodemailer module
 */
export async function loadNodemailer(importer = () => import('nodemailer')) {
  try {
    const module = await importer();
    const nodemailer = module.default ?? module;
    if (typeof nodemailer.createTransport !== 'function') throw new Error('no createTransport');
    return nodemailer;
  } catch (error) {
    const code = /** @type {{ code?: string }} */ (error)?.code;
    if (code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND') throw new Error(INSTALL_HINT);
    throw new Error(`${INSTALL_HINT} (loading it failed: ${error instanceof Error ? error.message : String(error)})`);
  }
}

/**
 * @param {{
 *   url: string,
 *   from: string,
 *   to: string[],
 *   timeoutMs: number,
 *   nodemailer: any,
 * }} options `nodemailer`: the module, from loadNodemailer()
 * @returns {import('./forwarders.mjs').Forwarder}
 */
export function createSmtpForwarder({ url, from, to, timeoutMs, nodemailer }) {
  const server = new URL(url);
  const host = server.hostname.replace(/^\[(.*)\]$/, '$1');
  const implicitTls = server.protocol === 'smtps:';
  const local = isLoopbackHost(server.hostname);
  const transport = nodemailer.createTransport({
    host,
    port: server.port === '' ? (implicitTls ? 465 : 587) : Number(server.port),
    secure: implicitTls,
    requireTLS: !implicitTls && !local,
    ignoreTLS: !implicitTls && local,
    auth: server.username ? { user: decodeURIComponent(server.username), pass: decodeURIComponent(server.password) } : undefined,
    tls: { minVersion: 'TLSv1.2' },
    connectionTimeout: timeoutMs,
    greetingTimeout: timeoutMs,
    socketTimeout: timeoutMs,
    dnsTimeout: timeoutMs,
    // Nothing here attaches files or fetches URLs; close the doors anyway, since message fields
    // carry text a stranger typed.
    disableFileAccess: true,
    disableUrlAccess: true,
    logger: false,
    debug: false,
  });

  return {
    name: `smtp ${host}:${server.port || (implicitTls ? 465 : 587)} → ${to.join(', ')}`,
    async send(record) {
      const message = composeEmail(record);
      try {
        await transport.sendMail({ from, to, ...message });
      } catch (error) {
        throw new Error(describeSmtpError(error));
      }
    },
    async close() {
      transport.close?.();
    },
  };
}

/**
 * @param {unknown} error
 * @returns {string}
 */
function describeSmtpError(error) {
  const e = /** @type {{ code?: unknown, responseCode?: unknown, message?: unknown }} */ (error ?? {});
  const code = typeof e.code === 'string' ? e.code : undefined;
  const status = typeof e.responseCode === 'number' ? ` ${e.responseCode}` : '';
  const text = typeof e.message === 'string' ? e.message.split('\n', 1)[0].slice(0, 200) : 'unknown error';
  return `smtp failed${code ? ` (${code}${status})` : ''}: ${text}`;
}

/**
 * The e-mail for one stored request: subject, plain-text body and Reply-To.
 * @param {import('./forwarders.mjs').StoredRequest} record
 * @returns {{ subject: string, text: string, replyTo?: { name: string, address: string } }}
 */
export function composeEmail({ reference, receivedAt, payload }) {
  const p = payload;
  const s = p.security ?? {};
  const escalated = p.escalate === true ? ' (contacted us before)' : '';
  let subject;
  if (p.kind === 'security') {
    subject = `[Membrane] security report ${reference}: ${shorten(oneLine(s.summary ?? ''), SUBJECT_SUMMARY_LENGTH)}`;
  } else if (p.kind === 'follow-up') {
    subject = `[Membrane] follow-up on ${oneLine(p.followUp?.reference ?? '?')} — ${reference}${escalated}`;
  } else {
    const topic = p.topic === 'other' && p.topicOther ? `other: ${shorten(oneLine(p.topicOther), 60)}` : oneLine(p.topic ?? 'contact');
    subject = `[Membrane] ${topic} — ${reference}${escalated}`;
  }

  const sender = [p.name, p.email ? `<${p.email}>` : ''].filter(Boolean).join(' ') || 'anonymous';
  const lines = [
    field('Reference', reference),
    field('Kind', p.kind),
    field('Topic', p.topic === 'other' && p.topicOther ? `other — ${p.topicOther}` : p.topic),
    field('From', sender),
    field('Follow-up on', p.followUp?.reference),
    p.kind === 'security' ? '' : field('Contacted before', p.escalate === true ? 'yes' : 'no'),
    field('Page', p.context?.page),
    field('Language', p.context?.locale),
    field('Sent', p.createdAt),
    field('Received', receivedAt),
    field('Request id', p.id),
  ].filter(Boolean);

  const blocks =
    p.kind === 'security'
      ? [
          block('Summary', s.summary),
          block('Affected', s.asset),
          block('Category', s.category),
          block('Severity', s.severity),
          block('Steps to reproduce', s.steps),
          block('Impact', s.impact),
          block('Encrypted details (OpenPGP)', s.encrypted),
          block('Accepted the disclosure policy', s.policyAccepted === true ? 'yes' : s.policyAccepted === false ? 'no' : undefined),
        ]
      : [block('Message', p.message)];

  const text = `${lines.join('\n')}\n${blocks.filter(Boolean).join('')}`;
  const replyTo = typeof p.email === 'string' && p.email !== '' ? { name: oneLine(p.name ?? ''), address: p.email } : undefined;
  return { subject, text, ...(replyTo ? { replyTo } : {}) };
}

/** @param {string} label @param {unknown} value */
function field(label, value) {
  return value === undefined || value === null || value === '' ? '' : `${`${label}:`.padEnd(18)}${oneLine(String(value))}`;
}

/** @param {string} label @param {unknown} value */
function block(label, value) {
  return value === undefined || value === null || value === '' ? '' : `\n${label}:\n${String(value).replace(/\r\n?/g, '\n')}\n`;
}

/** Header values and one-line fields: no line breaks or other controls, whatever reached us. */
function oneLine(/** @type {string} */ value) {
  return value.replace(/[\u0000-\u001F\u007F-\u009F\u2028\u2029]+/g, ' ').trim();
}

/** @param {string} value @param {number} max */
function shorten(value, max) {
  return value.length <= max ? value : `${value.slice(0, max - 1)}…`;
}
