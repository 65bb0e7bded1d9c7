import { expect, fixture, html } from '@open-wc/testing';

import '../../src/elements/contact-form/contact-form.js';
import type { MembraneContactFormElement } from '../../src/elements/contact-form/contact-form.js';
import type { Adapter } from '../../src/core/adapters/adapter.js';
import { loopbackUrl, recordedRequests } from '../support/loopback.js';
import { CustomerHarness, en, Recorder } from './harness.js';


async function mount(setup: (el: MembraneContactFormElement) => void) {
  const el = await fixture<MembraneContactFormElement>(html`<membrane-contact-form></membrane-contact-form>`);
  setup(el);
  await el.updateComplete;
  return { el, customer: new CustomerHarness(el) };
}

async function fill(customer: CustomerHarness) {
  await customer.choose(en.topicOther);
  await customer.type(en.topicOtherLabel, 'Partnership');
  await customer.type('Your e-mail address', 'ada@example.com');
  await customer.type('Your message', 'Can we talk?');
}

describe('choosing a backend', () => {
  let recorder: Recorder;
  beforeEach(() => {
    recorder = new Recorder();
  });
  afterEach(() => recorder.restore());

  it('says the form is not set up for a backend name it does not know, naming the attribute', async () => {
    const { customer } = await mount((el) => {
      el.endpoint = loopbackUrl('/receive');
      el.backend = 'freshdesk';
    });
    expect(customer.notice()).to.equal(en.notConfigured);
    expect(recorder.warnings.filter((w) => w.includes('backend') && w.includes('"freshdesk"'))).to.have.length(1);
    expect(recorder.errorCodes()).to.include('config');
  });

  it('sends through a custom adapter, shows the reference it reads, and keeps the HTTPS rule', async () => {
    const adapter: Adapter = {
      toRequest: (payload) => ({
        url: loopbackUrl('/status/201', { type: 'json', reference: 'TICKET-9' }),
        init: { headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ ticket: payload.topicOther, id: payload.id }) },
      }),
      fromResponse: ({ json }) => ({ reference: `#${(json as { reference: string }).reference}` }),
    };
    const { el, customer } = await mount((el) => {
      el.adapter = adapter;
    });
    expect(customer.notice()).to.equal(undefined);
    await fill(customer);
    await customer.send();
    await customer.waitForConfirmation();
    expect(customer.reference()).to.equal('#TICKET-9');
    const id = recorder.named('membrane-sent')[0]!.detail.payload.id;
    expect((await recordedRequests()).some((r) => (r.body as { id?: string })?.id === id)).to.equal(true);

    el.adapter = { toRequest: () => ({ url: 'http://tickets.example/new', init: {} }) };
    await customer.pressButton(en.newRequest);
    await fill(customer);
    await customer.send();
    await customer.waitForStatus((s) => s === en.insecure);
    expect(recorder.warnings.some((w) => w.includes('adapter') && w.includes('not an https: URL'))).to.equal(true);
    expect(customer.field('Your message').value).to.equal('Can we talk?');
  });
});
