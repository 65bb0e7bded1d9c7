// The service presets end to end: a customer fills the form, the real transport sends it to a
// loopback mimic of the service (test/support/loopback-server.mjs), which checks the request the way
// the service would and answers with its documented body. What the customer sees is asserted.
import { expect, fixture, html } from '@open-wc/testing';
import { nothing } from 'lit';

import '../../src/elements/contact-form/contact-form.js';
import '../../src/elements/security-form/security-form.js';
import type { MembraneContactFormElement } from '../../src/elements/contact-form/contact-form.js';
import type { MembraneSecurityFormElement } from '../../src/elements/security-form/security-form.js';
import { referenceFromId } from '../../src/core/payload.js';
import type { Payload } from '../../src/core/schemas.js';
import { format } from '../../src/locales/index.js';
import { loopbackUrl, recordedRequests, type RecordedRequest } from '../support/loopback.js';
import { CustomerHarness, en, Recorder } from './harness.js';


const HUBSPOT = '/mimic/hubspot/submissions/v3/integration/submit/123456/0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d';
const ZENDESK = '/mimic/zendesk/api/v2/requests.json';

/** An anonymous security report, summary and steps typed, on a form using `backend`. */
async function fileAnonymousReport(backend: string, securityEndpoint: string): Promise<CustomerHarness> {
  const el = await fixture<MembraneSecurityFormElement>(html`
    <membrane-security-form backend=${backend} security-endpoint=${securityEndpoint}></membrane-security-form>
  `);
  const customer = new CustomerHarness(el);
  await customer.type(en.summaryLabel, 'Stored XSS in the order notes field');
  await customer.type(en.stepsLabel, 'Add <img src=x onerror=alert(1)> as a note.');
  return customer;
}

async function mountContact(backend: string, endpoint: string, key?: string) {
  const el = await fixture<MembraneContactFormElement>(html`
    <membrane-contact-form backend=${backend} endpoint=${endpoint} backend-key=${key ?? nothing}>
      <membrane-topic value="billing" label="Billing"></membrane-topic>
    </membrane-contact-form>
  `);
  return { el, customer: new CustomerHarness(el) };
}

async function fillContact(customer: CustomerHarness, email = 'ada@example.com') {
  await customer.choose('Billing');
  await customer.type('Your name', 'Ada Lovelace');
  await customer.type('Your e-mail address', email);
  await customer.type('Your message', 'My invoice for March is charged twice.\nOrder 1234 & 5678.');
}

/** The request that reached the mimic for this payload: presets send no Idempotency-Key, so find it by id. */
async function arrivedFor(payload: Payload): Promise<RecordedRequest> {
  const arrived = (await recordedRequests()).filter((r) => r.path.startsWith('/mimic/') && r.rawBody.includes(payload.id));
  expect(arrived, 'requests that reached the mimic').to.have.length(1);
  return arrived[0]!;
}

describe('service presets, end to end', () => {
  let recorder: Recorder;
  beforeEach(() => {
    recorder = new Recorder();
  });
  afterEach(() => recorder.restore());

  const sent = () => recorder.named('membrane-sent')[0]!.detail as { payload: Payload; reference: string };
  const submitted = () => recorder.named('membrane-submit')[0]!.detail.payload as Payload;

  describe('backend="form"', () => {
    it('posts flat form fields to the site’s backend and shows the reference it answers', async () => {
      const { customer } = await mountContact('form', loopbackUrl('/mimic/form'));
      await fillContact(customer);
      await customer.send();
      await customer.waitForConfirmation();
      const { payload, reference } = sent();
      expect(customer.reference()).to.equal(reference).and.equal(`FORM-${payload.id.slice(0, 4).toUpperCase()}`);

      const arrived = await arrivedFor(payload);
      expect(arrived.headers['content-type']).to.equal('application/x-www-form-urlencoded');
      expect(arrived.headers['idempotency-key']).to.equal(payload.id);
      const fields = Object.fromEntries(new URLSearchParams(arrived.rawBody));
      expect(fields).to.include({ kind: 'contact', topic: 'billing', email: 'ada@example.com', escalate: 'false' });
      expect(fields.message).to.equal('My invoice for March is charged twice.\nOrder 1234 & 5678.');
    });

    it('marks the field the backend refuses', async () => {
      const { customer } = await mountContact('form', loopbackUrl('/mimic/form', { refuse: 'email' }));
      await fillContact(customer);
      await customer.send();
      await customer.waitForStatus((s) => s === en.failedInvalid);
      expect(customer.errorFor('Your e-mail address')).to.equal(en.errorEmail);
      expect(customer.confirmation()).to.equal(undefined);
    });
  });

  describe('backend="formspree"', () => {
    it('posts JSON Formspree accepts and confirms with a reference derived from the request', async () => {
      const { customer } = await mountContact('formspree', loopbackUrl('/mimic/formspree/f/xyzzyabc'));
      await fillContact(customer);
      await customer.send();
      await customer.waitForConfirmation();
      const { payload } = sent();
      expect(customer.reference()).to.equal(referenceFromId(payload.id));

      const arrived = await arrivedFor(payload);
      expect(arrived.headers['content-type']).to.equal('application/json');
      expect(arrived.headers.accept).to.equal('application/json');
      expect(arrived.headers['idempotency-key']).to.equal(undefined);
      expect(arrived.body).to.include({ email: 'ada@example.com', _subject: 'contact: billing', id: payload.id });
    });

    it('marks the e-mail field when Formspree says it is not an e-mail address', async () => {
      const { customer } = await mountContact('formspree', loopbackUrl('/mimic/formspree/f/xyzzyabc', { refuse: 'email' }));
      await fillContact(customer);
      await customer.send();
      await customer.waitForStatus((s) => s === en.failedInvalid);
      expect(customer.errorFor('Your e-mail address')).to.equal(en.errorEmail);
      expect(recorder.errorCodes()).to.include('invalid');
    });
  });

  describe('backend="web3forms"', () => {
    it('sends the access key from backend-key and confirms', async () => {
      const { customer } = await mountContact('web3forms', loopbackUrl('/mimic/web3forms/submit'), 'PUBLIC-ACCESS-KEY');
      await fillContact(customer);
      await customer.send();
      await customer.waitForConfirmation();
      const { payload } = sent();
      expect(customer.reference()).to.equal(referenceFromId(payload.id));
      const arrived = await arrivedFor(payload);
      expect(arrived.body).to.include({ access_key: 'PUBLIC-ACCESS-KEY', email: 'ada@example.com', subject: 'contact: billing' });
    });

    it('does not call a refusal sent, even one answered with 200', async () => {
      const { customer } = await mountContact('web3forms', loopbackUrl('/mimic/web3forms/submit', { refuse: 'quietly' }), 'KEY');
      await fillContact(customer);
      await customer.send();
      await customer.waitForStatus((s) => s.startsWith(format(en.failedHttp, { status: 200 })));
      expect(customer.confirmation()).to.equal(undefined);
      expect(recorder.named('membrane-sent')).to.have.length(0);
      expect(customer.field('Your message').value).to.contain('charged twice');
    });

    it('sends nothing without backend-key and says the form is not set up', async () => {
      const { customer } = await mountContact('web3forms', loopbackUrl('/mimic/web3forms/submit'));
      await fillContact(customer);
      await customer.send();
      await customer.waitForStatus((s) => s === en.notConfigured);
      const id = submitted().id;
      expect((await recordedRequests()).filter((r) => r.rawBody.includes(id))).to.have.length(0);
      expect(recorder.errorCodes()).to.include('config');
    });
  });

  describe('backend="hubspot"', () => {
    it('submits email, firstname and message to the HubSpot form and confirms', async () => {
      const { customer } = await mountContact('hubspot', loopbackUrl(HUBSPOT));
      await fillContact(customer);
      await customer.send();
      await customer.waitForConfirmation();
      const { payload } = sent();
      expect(customer.reference()).to.equal(referenceFromId(payload.id));

      const body = (await arrivedFor(payload)).body as { fields: { name: string; value: string }[]; context: { pageUri: string } };
      expect(body.fields.map((f) => f.name)).to.deep.equal(['email', 'firstname', 'message']);
      expect(body.fields[2]!.value).to.match(/^My invoice for March is charged twice\.\nOrder 1234 & 5678\.\n\nkind: contact\n/);
      expect(body.context.pageUri).to.equal(location.origin + location.pathname);
    });

    it('marks the e-mail field HubSpot refuses', async () => {
      const { customer } = await mountContact('hubspot', loopbackUrl(HUBSPOT, { refuse: 'email' }));
      await fillContact(customer);
      await customer.send();
      await customer.waitForStatus((s) => s === en.failedInvalid);
      expect(customer.errorFor('Your e-mail address')).to.equal(en.errorEmail);
    });

    it('marks the e-mail field as required when an anonymous report meets a form that requires one', async () => {
      const customer = await fileAnonymousReport('hubspot', loopbackUrl(HUBSPOT));
      await customer.send();
      await customer.waitForStatus((s) => s === en.failedInvalid);
      expect(customer.errorFor('Your e-mail address')).to.equal(en.errorRequired);
    });
  });

  describe('backend="zendesk"', () => {
    it('creates an anonymous request and shows its number as the reference', async () => {
      const { customer } = await mountContact('zendesk', loopbackUrl(ZENDESK));
      await fillContact(customer);
      await customer.send();
      await customer.waitForConfirmation();
      const { payload, reference } = sent();
      expect(reference).to.match(/^\d+$/);
      expect(customer.reference()).to.equal(reference);

      const arrived = await arrivedFor(payload);
      expect(arrived.headers.authorization).to.equal(undefined);
      const { request } = arrived.body as { request: { requester: object; subject: string; comment: { body: string } } };
      expect(request.requester).to.deep.equal({ name: 'Ada Lovelace', email: 'ada@example.com' });
      expect(request.subject).to.equal('contact: billing');
      expect(request.comment.body).to.contain(`id: ${payload.id}`);
    });

    it('files an anonymous security report with no e-mail address', async () => {
      const customer = await fileAnonymousReport('zendesk', loopbackUrl(ZENDESK));
      await customer.send();
      await customer.waitForConfirmation();
      const { payload } = sent();
      expect(customer.reference()).to.match(/^\d+$/);
      const { request } = (await arrivedFor(payload)).body as { request: { requester: object; subject: string } };
      expect(request.requester).to.deep.equal({ name: 'Anonymous' });
      expect(request.subject).to.equal('security: Stored XSS in the order notes field');
    });

    it('asks for an e-mail address when the Zendesk account will not take a report without one', async () => {
      const el = await fixture<MembraneSecurityFormElement>(html`
        <membrane-security-form backend="zendesk" security-endpoint=${loopbackUrl(ZENDESK, { refuse: 'email' })}></membrane-security-form>
      `);
      const customer = new CustomerHarness(el);
      await customer.type(en.summaryLabel, 'Stored XSS in the order notes field');
      await customer.type(en.stepsLabel, 'Add <img src=x onerror=alert(1)> as a note.');
      await customer.send();
      await customer.waitForStatus((s) => s === en.failedInvalid);
      expect(customer.errorFor('Your e-mail address')).to.equal(en.errorRequired);

      await customer.type('Your e-mail address', 'finder@example.org');
      await customer.send();
      await customer.waitForConfirmation();
      expect(customer.reference()).to.match(/^\d+$/);
    });
  });
});
