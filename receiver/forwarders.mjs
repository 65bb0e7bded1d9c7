/**
 * Builds the two forwarders the configuration names: one for contact and follow-up requests, one
 * for security reports (SPEC principle 2: security reports reach the people qualified to assess
 * them, so they may go somewhere else entirely). Each destination type lives in its own module;
 * nodemailer is imported only when one of them is `smtp:`.
 */
import { createFileForwarder } from './forward-file.mjs';
import { createSmtpForwarder, loadNodemailer } from './forward-smtp.mjs';
import { createWebhookForwarder } from './forward-webhook.mjs';

/**
 * @typedef {{ receivedAt: string, reference: string, payload: Record<string, any> }} StoredRequest
 * @typedef {object} Forwarder
 * @property {string} name where it delivers, safe to print (no secrets)
 * @property {(record: StoredRequest) => Promise<void>} send resolves once delivered; rejects with an
 *   Error whose message is safe to log
 * @property {() => Promise<void>} [close]
 * @typedef {{ contact?: Forwarder, security?: Forwarder }} Forwarders
 */

/**
 * @param {{
 *   forward?: import('./config.mjs').Destination,
 *   securityForward?: import('./config.mjs').Destination,
 *   forwardTimeoutMs: number,
 * }} config
 * @param {{ importNodemailer?: () => Promise<any>, fetch?: typeof fetch }} [hooks] for tests
 * @returns {Promise<Forwarders>}
 */
export async function openForwarders({ forward, securityForward, forwardTimeoutMs }, { importNodemailer, fetch } = {}) {
  const needsSmtp = forward?.type === 'smtp' || securityForward?.type === 'smtp';
  // Loaded before anything listens, so a missing package stops the start with its install hint
  // instead of surfacing at the first security report.
  const nodemailer = needsSmtp ? await loadNodemailer(importNodemailer) : undefined;

  /** @param {import('./config.mjs').Destination | undefined} destination */
  const open = (destination) => {
    if (destination === undefined) return undefined;
    switch (destination.type) {
      case 'webhook':
        return createWebhookForwarder({ url: destination.url, secret: destination.secret, timeoutMs: forwardTimeoutMs, fetch });
      case 'smtp':
        return createSmtpForwarder({ ...destination, timeoutMs: forwardTimeoutMs, nodemailer });
      case 'file':
        return createFileForwarder({ path: destination.path });
      default:
        throw new TypeError(`unknown destination type ${/** @type {{ type: unknown }} */ (destination).type}`);
    }
  };

  const contact = open(forward);
  // Same destination object → one forwarder, so one SMTP transport and one file queue serve both.
  const security = securityForward === forward ? contact : open(securityForward);
  return { ...(contact ? { contact } : {}), ...(security ? { security } : {}) };
}

/**
 * The forwarder for a request: security reports to `security`, everything else to `contact`.
 * @param {Forwarders} forwarders
 * @param {StoredRequest} record
 */
export function forwarderFor(forwarders, record) {
  return record.payload.kind === 'security' ? forwarders.security : forwarders.contact;
}
