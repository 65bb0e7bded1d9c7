// `zendesk`: an anonymous request through Zendesk's Requests API.
import { expect } from '@open-wc/testing';

import { findBackend } from '../../../src/core/adapters/registry.js';
import { zendeskAdapter } from '../../../src/core/adapters/zendesk.js';
import { buildContactPayload } from '../../../src/core/payload.js';
import { interpretResponse } from '../../../src/core/transport.js';
import { contactDraft } from '../drafts.js';
import { describeDocumented, fixedPayloads } from './documented.js';

const ENDPOINT = 'https://shop.zendesk.com/api/v2/requests.json';
const requestOf = (payload = fixedPayloads().contact) =>
  JSON.parse(zendeskAdapter.toRequest(payload, { endpoint: ENDPOINT, key: undefined }).init.body!).request;

describe('the zendesk adapter', () => {
  it('is the preset backend="zendesk" names', () => {
    expect(findBackend('zendesk')).to.equal(zendeskAdapter);
  });

  describeDocumented('zendesk', zendeskAdapter, { endpoint: ENDPOINT });

  it('makes the customer the requester, so the agent’s reply reaches them', () => {
    expect(requestOf().requester).to.deep.equal({ name: 'Ada Lovelace', email: 'ada@example.com' });
    const nameless = buildContactPayload(contactDraft({ name: '' }), { href: 'https://shop.example/', locale: 'en' });
    expect(requestOf(nameless).requester).to.deep.equal({ name: 'ada@example.com', email: 'ada@example.com' });
  });

  it('files an anonymous security report with a requester name only, no invented address', () => {
    const request = requestOf(fixedPayloads().security);
    expect(request.requester).to.deep.equal({ name: 'Anonymous' });
    expect(request.subject).to.equal('security: Stored XSS in the order notes field');
    expect(request.comment.body).to.contain('security.steps: Put <img src=x onerror=alert(1)> in the notes.');
  });

  it('shows the created request’s id as the reference, and derives one when the answer has none', () => {
    const id = fixedPayloads().contact.id;
    const created = interpretResponse(201, 'application/json', '{"request":{"id":987654}}', id, zendeskAdapter);
    expect(created).to.include({ ok: true, reference: '987654', referenceFromServer: true });
    const odd = interpretResponse(201, 'application/json', '{"request":{}}', id, zendeskAdapter);
    expect(odd).to.include({ ok: true, referenceFromServer: false });
  });

  it('does not count a refusal as sent even when it names a request', () => {
    const delivery = interpretResponse(403, 'application/json', '{"request":{"id":1},"error":"Forbidden"}', 'x', zendeskAdapter);
    expect(delivery).to.deep.equal({ ok: false, code: 'http', status: 403 });
  });
});
