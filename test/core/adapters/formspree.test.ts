// `formspree`: the site's Formspree form, as JSON with Accept: application/json.
import { expect } from '@open-wc/testing';

import { formspreeAdapter } from '../../../src/core/adapters/formspree.js';
import { findBackend } from '../../../src/core/adapters/registry.js';
import { describeDocumented, fixedPayloads, responseView } from './documented.js';

const ENDPOINT = 'https://formspree.io/f/xyzzyabc';

describe('the formspree adapter', () => {
  it('is the preset backend="formspree" names', () => {
    expect(findBackend('formspree')).to.equal(formspreeAdapter);
  });

  describeDocumented('formspree', formspreeAdapter, { endpoint: ENDPOINT });

  it('puts the customer’s address in Formspree’s reply-to field and a triage line in _subject', () => {
    const request = formspreeAdapter.toRequest(fixedPayloads().followUp, { endpoint: ENDPOINT, key: undefined });
    const body = JSON.parse(request.init.body!);
    expect(body).to.include({ email: 'ada@example.com', message: 'Any news?', _subject: '[escalated] follow-up: MB-ABC123' });
    expect(request.url).to.equal(ENDPOINT);
  });

  it('marks only fields the customer can fix, and leaves the rest to the status', () => {
    const refuse = (errors: unknown[]) =>
      formspreeAdapter.fromResponse!(
        responseView({ name: '', source: '', status: 422, contentType: 'application/json', body: { error: 'x', errors }, outcome: null, delivery: {} }),
      );
    expect(
      refuse([
        { field: 'email', code: 'REQUIRED_FIELD_EMPTY', message: 'required' },
        { field: 'phone', code: 'REQUIRED_FIELD_MISSING', message: 'required' },
        { field: 'message', code: 'TYPE_NUMERIC', message: 'should be a number' },
      ]),
    ).to.deep.equal({ fieldErrors: { email: 'required' } });
    expect(refuse([{ field: 'phone', code: 'REQUIRED_FIELD_MISSING' }])).to.equal(undefined);
    expect(refuse(['nonsense', null, 42])).to.equal(undefined);
  });
});
