// `hubspot`: HubSpot's unauthenticated Forms API v3 submit.
import { expect } from '@open-wc/testing';

import { hubspotAdapter } from '../../../src/core/adapters/hubspot.js';
import { findBackend } from '../../../src/core/adapters/registry.js';
import { describeDocumented, fixedPayloads, responseView } from './documented.js';

const ENDPOINT = 'https://api.hsforms.com/submissions/v3/integration/submit/123456/0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d';

const fieldsOf = (kind: 'contact' | 'followUp' | 'security') =>
  JSON.parse(hubspotAdapter.toRequest(fixedPayloads()[kind], { endpoint: ENDPOINT, key: undefined }).init.body!).fields as {
    objectTypeId: string;
    name: string;
    value: string;
  }[];

describe('the hubspot adapter', () => {
  it('is the preset backend="hubspot" names', () => {
    expect(findBackend('hubspot')).to.equal(hubspotAdapter);
  });

  describeDocumented('hubspot', hubspotAdapter, { endpoint: ENDPOINT });

  it('sends only the three contact properties the HubSpot form must have', () => {
    const fields = fieldsOf('contact');
    expect(fields.map((f) => f.name)).to.deep.equal(['email', 'firstname', 'message']);
    expect(fields.every((f) => f.objectTypeId === '0-1')).to.equal(true);
    expect(fields[1]!.value).to.equal('Ada Lovelace');
  });

  it('keeps everything else in the message property, the customer’s words first', () => {
    const message = fieldsOf('followUp').find((f) => f.name === 'message')!.value;
    expect(message.split('\n').slice(0, 3)).to.deep.equal(['Any news?', '', 'kind: follow-up']);
    expect(message).to.contain('followUp.reference: MB-ABC123').and.contain('escalate: true');
  });

  it('sends no e-mail or name property for an anonymous security report', () => {
    const fields = fieldsOf('security');
    expect(fields.map((f) => f.name)).to.deep.equal(['message']);
    expect(fields[0]!.value).to.contain('security.summary: Stored XSS in the order notes field');
  });

  it('reads the property a complaint names, firstname as the name field', () => {
    const refuse = (errors: unknown[]) =>
      hubspotAdapter.fromResponse!(
        responseView({ name: '', source: '', status: 400, contentType: 'application/json', body: { status: 'error', errors }, outcome: null, delivery: {} }),
      );
    expect(
      refuse([
        { message: "Error in 'fields.firstname'. Value is too long", errorType: 'INPUT_TOO_LARGE' },
        { message: "Error in 'fields.email'. Email address is blocked", errorType: 'BLOCKED_EMAIL' },
      ]),
    ).to.deep.equal({ fieldErrors: { name: 'too-long', email: 'email' } });
    expect(refuse([{ message: 'The form is not accepting submissions', errorType: 'FORM_NOT_FOUND' }])).to.equal(undefined);
  });
});
