/**
 * `form`: the payload as `application/x-www-form-urlencoded` flat fields, for the site's own
 * backend when it reads classic form posts (PHP's `$_POST`, a serverless form handler). Field names
 * are the payload paths (`topic`, `followUp.reference`, `security.summary`, `context.page`, …;
 * docs/backends.md lists them); booleans are "true" / "false". The answer is read like `json`'s.
 */
import type { Adapter } from './adapter.js';
import { jsonAdapter } from './json.js';
import { flatten, post } from './plain-text.js';

export const formAdapter: Adapter = {
  toRequest: (payload, { endpoint }) =>
    // The site's own backend: it allows Idempotency-Key in its CORS answer, as for `json`.
    post(endpoint, new URLSearchParams(flatten(payload)).toString(), {
      'Content-Type': 'application/x-www-form-urlencoded',
      'Idempotency-Key': payload.id,
    }),
  fromResponse: jsonAdapter.fromResponse!,
};
