/**
 * The presets a site owner names with the `backend` attribute. Each is a small module; services that
 * need a secret (Freshdesk, Jira, GitHub, Slack or Discord webhooks) have none, by design: a secret
 * in a web page is a published secret. They go through the receiver (docs/backends.md).
 */
import type { Adapter } from './adapter.js';
import { formAdapter } from './form.js';
import { formspreeAdapter } from './formspree.js';
import { hubspotAdapter } from './hubspot.js';
import { jsonAdapter } from './json.js';
import { web3formsAdapter } from './web3forms.js';
import { zendeskAdapter } from './zendesk.js';

export const BACKENDS: Readonly<Record<string, Adapter>> = {
  json: jsonAdapter,
  form: formAdapter,
  formspree: formspreeAdapter,
  web3forms: web3formsAdapter,
  hubspot: hubspotAdapter,
  zendesk: zendeskAdapter,
};

export function findBackend(name: string | undefined): Adapter | undefined {
  const key = (name ?? '').trim().toLowerCase() || 'json';
  return Object.hasOwn(BACKENDS, key) ? BACKENDS[key] : undefined;
}
