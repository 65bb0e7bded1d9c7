/**
 * `hubspot`: HubSpot's unauthenticated Forms API v3 submit, which accepts browser (CORS) requests:
 * `endpoint="https://api.hsforms.com/submissions/v3/integration/submit/{portalId}/{formGuid}"`.
 *
 * HubSpot refuses fields the form does not list, so only three standard contact properties are
 * sent: `email`, `firstname` (the whole name as the customer typed it) and `message` (the message
 * followed by every other field as `name: value` lines). The HubSpot form needs exactly those three
 * fields; docs/backends.md shows the setup.
 *
 * Refusals are `{ status: "error", errors: [{ message: "Error in 'fields.email'. …", errorType }] }`:
 * the property named in the message becomes our field, the errorType our code.
 */
import { isObject, type Adapter } from './adapter.js';
import { post, refusal, textOf } from './plain-text.js';

export const hubspotAdapter: Adapter = {
  toRequest: (payload, { endpoint }) =>
    post(
      endpoint,
      JSON.stringify({
        fields: Object.entries({ email: payload.email, firstname: payload.name, message: textOf(payload) })
          .filter(([, value]) => value)
          .map(([name, value]) => ({ objectTypeId: '0-1', name, value })),
        context: { pageUri: payload.context.page },
      }),
    ),
  fromResponse: ({ json }) =>
    refusal(isObject(json) && json.errors, (e) => {
      const property = /fields\.(\w+)/.exec(e?.message)?.[1];
      return [property == 'firstname' ? 'name' : property, e?.errorType];
    }),
};
