/**
 * `zendesk`: an anonymous request through Zendesk's Requests API, the one Zendesk endpoint that
 * answers browser (CORS) requests without credentials:
 * `endpoint="https://{subdomain}.zendesk.com/api/v2/requests.json"`. The account must allow
 * anonymous requests ("Anyone can submit tickets", no required registration).
 *
 * The requester is the customer's name and e-mail; the subject is the one-line summary; the first
 * comment is the message followed by every other field. An anonymous security report is sent with
 * no e-mail (Zendesk documents a requester with a name only), so nobody can reply to it; if the
 * account refuses that, Zendesk's complaint about the requester marks the e-mail field.
 *
 * The created request's `id` is the reference shown to the customer; a 422's `details` name fields.
 */
import { isObject, type Adapter } from './adapter.js';
import { post, refusal, subjectOf, textOf } from './plain-text.js';

export const zendeskAdapter: Adapter = {
  toRequest: (payload, { endpoint }) =>
    post(
      endpoint,
      JSON.stringify({
        request: {
          requester: { name: payload.name ?? payload.email ?? 'Anonymous', email: payload.email || undefined },
          subject: subjectOf(payload),
          comment: { body: textOf(payload) },
        },
      }),
    ),
  fromResponse({ ok, json }) {
    if (!isObject(json)) return undefined;
    const created = json.request;
    if (ok) return { reference: isObject(created) && created.id != null ? String(created.id) : undefined };
    // `details` maps Zendesk's field names to lists of { error, description }; the text holds both.
    return refusal(isObject(json.details) && Object.entries(json.details), ([key, list]) => [
      key == 'requester' ? 'email' : key,
      JSON.stringify(list),
    ]);
  },
};
