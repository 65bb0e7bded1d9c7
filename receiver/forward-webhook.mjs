/**
 * Forwards a stored request to a webhook: `POST <url>` with JSON `{ reference, receivedAt, payload }`.
 *
 * The same rules as the widget's own transport, for the same reasons: https: only (http: only to a
 * loopback host, which never leaves the machine), no redirects (a 3xx could hand the report to
 * another host or downgrade it to http:), a bounded wait, and only a 2xx counts as delivered.
 *
 * With a secret, each request carries `Membrane-Signature: sha256=<hex>`, an HMAC-SHA256 of the
 * exact body bytes, so the webhook can refuse requests that did not come from this receiver. The
 * webhook URL is itself a credential for most services (Slack, Discord, Teams), so it is only ever
 * shown as its origin.
 */
import { createHmac } from 'node:crypto';
import { checkEndpoint } from '../dist/core/index.js';

export const SIGNATURE_HEADER = 'Membrane-Signature';

/**
 * @param {string} body
 * @param {string} secret
 * @returns {string} `sha256=<lowercase hex>`
 */
export function signBody(body, secret) {
  return `sha256=${createHmac('sha256', secret).update(body, 'utf8').digest('hex')}`;
}

/**
 * @param {{ url: string, secret?: string, timeoutMs: number, fetch?: typeof fetch }} options
 * @returns {import('./forwarders.mjs').Forwarder}
 */
export function createWebhookForwarder({ url, secret, timeoutMs, fetch: doFetch = globalThis.fetch }) {
  // Checked again here, not only when the environment is read: options can reach this module
  // from code as well as from receiver/config.mjs.
  const check = checkEndpoint(url);
  if (!check.ok) throw new Error(`webhook URL refused (${check.problem}): https: only, or http: to a loopback host`);
  const target = check.url.href;
  const name = `webhook ${check.url.origin}/…`;

  return {
    name,
    async send(record) {
      const body = JSON.stringify({ reference: record.reference, receivedAt: record.receivedAt, payload: record.payload });
      /** @type {Record<string, string>} */
      const headers = {
        'Content-Type': 'application/json',
        Accept: 'application/json, text/plain;q=0.9, */*;q=0.1',
        'User-Agent': 'membrane-receiver',
        // The payload id: the webhook can drop a repeat when a retried forward had in fact arrived.
        'Idempotency-Key': record.payload.id,
      };
      if (secret) headers[SIGNATURE_HEADER] = signBody(body, secret);

      let response;
      try {
        response = await doFetch(target, {
          method: 'POST',
          headers,
          body,
          redirect: 'manual',
          signal: AbortSignal.timeout(timeoutMs),
        });
      } catch (error) {
        throw new Error(describeFetchError(error, timeoutMs));
      }
      // Read and drop the body so the connection can be reused; what the webhook says is not ours to log.
      await response.arrayBuffer().catch(() => undefined);
      if (response.status >= 300 && response.status < 400) {
        throw new Error(`webhook answered ${response.status} (a redirect, not followed)`);
      }
      if (!response.ok) throw new Error(`webhook answered ${response.status}`);
    },
  };
}

/**
 * A message that says what happened without the URL (undici's messages and causes may carry it).
 * @param {unknown} error
 * @param {number} timeoutMs
 */
function describeFetchError(error, timeoutMs) {
  const name = /** @type {{ name?: string }} */ (error)?.name;
  if (name === 'TimeoutError' || name === 'AbortError') return `webhook did not answer within ${timeoutMs} ms`;
  const code = /** @type {{ cause?: { code?: unknown } }} */ (error)?.cause?.code;
  return typeof code === 'string' && /^[A-Z_]+$/.test(code) ? `webhook unreachable (${code})` : 'webhook unreachable';
}
