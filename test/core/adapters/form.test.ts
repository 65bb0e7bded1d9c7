// `form`: flat fields, urlencoded, for the site's own backend.
import { expect } from '@open-wc/testing';

import { formAdapter } from '../../../src/core/adapters/form.js';
import { findBackend } from '../../../src/core/adapters/registry.js';
import { buildContactPayload } from '../../../src/core/payload.js';
import { contactDraft } from '../drafts.js';
import { bodyOf, describeDocumented } from './documented.js';

describe('the form adapter', () => {
  it('is the preset backend="form" names', () => {
    expect(findBackend('form')).to.equal(formAdapter);
    expect(findBackend(' FORM ')).to.equal(formAdapter);
  });

  describeDocumented('form', formAdapter, { endpoint: 'https://shop.example/contact.php' });

  it('keeps every character of the message through the form encoding', () => {
    const message = 'Line one & two = three\r\nCafé 🙂 +50% ?q=1#x';
    const payload = buildContactPayload(contactDraft({ message, topic: 'other', topicOther: 'Refund + return' }), {
      href: 'https://shop.example/',
      locale: 'fr',
    });
    const request = formAdapter.toRequest(payload, { endpoint: 'https://shop.example/contact.php', key: undefined });
    const fields = bodyOf(request) as Record<string, string>;
    expect(fields.message).to.equal(message);
    expect(fields.topicOther).to.equal('Refund + return');
    expect(fields['context.locale']).to.equal('fr');
    expect(fields.escalate).to.equal('false');
  });

  it('leaves out the fields the customer did not give, rather than sending empty ones', () => {
    const payload = buildContactPayload(contactDraft({ name: '  ' }), { href: 'https://shop.example/', locale: 'en' });
    const fields = bodyOf(formAdapter.toRequest(payload, { endpoint: 'https://shop.example/c', key: undefined })) as object;
    expect(fields).to.not.have.any.keys('name', 'topicOther', 'followUp.reference', 'security.summary');
    expect(Object.values(fields)).to.not.include('undefined');
  });

  it('sends the payload id as the Idempotency-Key, so a retry is not a second request', () => {
    const payload = buildContactPayload(contactDraft(), { href: 'https://shop.example/', locale: 'en' });
    const request = formAdapter.toRequest(payload, { endpoint: 'https://shop.example/c', key: undefined });
    expect(request.init.headers?.['Idempotency-Key']).to.equal(payload.id);
    expect((bodyOf(request) as { id: string }).id).to.equal(payload.id);
  });
});
