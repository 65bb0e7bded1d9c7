/**
 * `formspree`: posts to the site's Formspree form (`endpoint="https://formspree.io/f/{form id}"`) as
 * JSON with `Accept: application/json`, which makes Formspree answer JSON instead of redirecting to
 * its thank-you page. Fields are the flat payload names, so `email` (Formspree's reply-to field),
 * `name` and `message` are the ones Formspree knows; `_subject` sets the notification's subject.
 *
 * Formspree refuses with `{ error, errors: [{ field, code, message }] }`; its codes become ours
 * (TYPE_EMAIL → email, REQUIRED_FIELD_MISSING / _EMPTY → required). A success (`{ ok, next }`)
 * names no reference, so one is derived from the payload id.
 */
import { isObject, type Adapter } from './adapter.js';
import { flatJson, refusal, subjectOf } from './plain-text.js';

export const formspreeAdapter: Adapter = {
  toRequest: (payload, { endpoint }) => flatJson(endpoint, payload, { _subject: subjectOf(payload) }),
  fromResponse: ({ json }) => refusal(isObject(json) && json.errors, (e) => [e?.field, e?.code]),
};
