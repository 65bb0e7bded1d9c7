// "Nothing is lost" (SPEC.md principle 6), against a network that misbehaves the way real ones do: a
// connection dropped before or after the backend stored the message, 503 and 429 with Retry-After, an
// answer slower than the form's timeout, a 500, a reload while sending, going offline, two tabs, and
// storage that throws. For each, the receiver on loopback (/faults/receive, test/support/
// loopback-server.mjs) must hold exactly one record under the message's id, and the customer must see
// the truth: first that the message is kept and will be sent, then the confirmation with the
// reference the receiver stored.
//
// All browsers share the loopback server, so everything is looked up by the payload id (the
// Idempotency-Key), never by clearing the server's state.
import { expect, fixture, html, waitUntil } from '@open-wc/testing';

import '../../src/elements/contact-form/contact-form.js';
import type { MembraneContactFormElement } from '../../src/elements/contact-form/contact-form.js';
import { format } from '../../src/locales/en.js';
import { faultUrl, storedCount, type StoredCount } from '../support/loopback.js';
import { closePages, field, openPage, pressSend, type, waitForConfirmation, type Page, type PageWindow } from '../support/pages.js';
import { CustomerHarness, en, fillValidRequest, Recorder } from './harness.js';

const MESSAGE = 'My invoice for March is charged twice.';
/** Stands for the confirmation panel in a list of what the status line showed. */
const CONFIRMED = '(confirmation)';
const SENDING = en.statusSending;
const queuedBecause = (reason: string): string => format(en.statusQueued, { reason });
const BUSY = (status: number): string => queuedBecause(format(en.reasonBusy, { status }));
const WAIT = { timeout: 8000, interval: 20 };

async function mount(
  endpoint: string,
  extra: Partial<MembraneContactFormElement> = {},
): Promise<{ el: MembraneContactFormElement; customer: CustomerHarness }> {
  const el = await fixture<MembraneContactFormElement>(html`
    <membrane-contact-form .endpoint=${endpoint}>
      <membrane-topic value="billing" label="Billing"></membrane-topic>
    </membrane-contact-form>
  `);
  Object.assign(el, extra);
  await el.updateComplete;
  return { el, customer: new CustomerHarness(el) };
}

/** One change of what the customer sees: the status line's text (or CONFIRMED), and when. */
interface Shown {
  readonly text: string;
  readonly at: number;
}

const observers: MutationObserver[] = [];

/**
 * Records every state the form shows, as it is rendered: a state that lasts only until the next
 * retry (a few ms, with full jitter) would slip between the polls of a waitUntil.
 */
function watchStatus(customer: CustomerHarness): Shown[] {
  const shown: Shown[] = [];
  const note = () => {
    const text = customer.confirmation() !== undefined ? CONFIRMED : customer.status();
    if (shown.at(-1)?.text !== text) shown.push({ text, at: Date.now() });
  };
  const observer = new MutationObserver(note);
  observer.observe(customer.root, { subtree: true, childList: true, characterData: true });
  observers.push(observer);
  note();
  return shown;
}

/** The states shown, in order, leaving out the empty status line. */
const states = (shown: readonly Shown[]): string[] => shown.map((s) => s.text).filter((text) => text !== '');

describe('delivery through a faulty network', () => {
  let recorder: Recorder;
  beforeEach(() => {
    recorder = new Recorder();
  });
  afterEach(() => {
    recorder.restore();
    for (const observer of observers.splice(0)) observer.disconnect();
    // Pages go before the shared afterEach clears storage, so no page writes its outbox back.
    closePages();
  });

  const submittedId = (): string => {
    const [submit] = recorder.named('membrane-submit');
    expect(submit, 'no membrane-submit event').to.not.equal(undefined);
    return submit!.detail.payload.id as string;
  };

  /** Sends a valid request to `/faults/receive?script=…` and waits for the confirmation. */
  async function sendThrough(script: string, extra: Partial<MembraneContactFormElement> = {}) {
    const { el, customer } = await mount(faultUrl(script), extra);
    const shown = watchStatus(customer);
    await fillValidRequest(customer, MESSAGE);
    await customer.send();
    await customer.waitForConfirmation();
    const id = submittedId();
    const stored = await storedCount(id);
    return { el, customer, shown, id, stored };
  }

  /** What every case ends with: one record, the confirmation naming it, one membrane-sent for the id. */
  function expectDeliveredOnce(customer: CustomerHarness, id: string, stored: StoredCount, attempts: number): void {
    expect(stored.count, 'records stored under the id').to.equal(1);
    expect(stored.attempts, 'attempts that reached the receiver').to.equal(attempts);
    expect(customer.reference()).to.equal(stored.references[0]);
    const sent = recorder.named('membrane-sent');
    expect(sent).to.have.length(1);
    expect(sent[0]!.detail.payload.id).to.equal(id);
    expect(sent[0]!.detail.reference).to.equal(stored.references[0]);
  }

  describe('a connection dropped mid-request', () => {
    it('sends again when the connection dropped before anything was stored, and the receiver stores it once', async function () {
      this.timeout(20000);
      const { customer, shown, id, stored } = await sendThrough('drop,ok');
      expectDeliveredOnce(customer, id, stored, 2);
      expect(states(shown)).to.deep.equal([SENDING, queuedBecause(en.reasonNetwork), SENDING, CONFIRMED]);
    });

    it('sends again when the answer was lost after the message was stored, and shows the stored reference', async function () {
      this.timeout(20000);
      const { customer, shown, id, stored } = await sendThrough('stored-drop,ok');
      expectDeliveredOnce(customer, id, stored, 2);
      expect(states(shown)).to.deep.equal([SENDING, queuedBecause(en.reasonNetwork), SENDING, CONFIRMED]);
    });
  });

  describe('a busy backend', () => {
    for (const status of [503, 429]) {
      it(`shows the message as kept after ${status} with Retry-After: 1, and sends it again no sooner than a second later`, async function () {
        this.timeout(20000);
        const { customer, shown, id, stored } = await sendThrough(`${status}+ra=1,ok`);
        expectDeliveredOnce(customer, id, stored, 2);
        expect(states(shown)).to.deep.equal([SENDING, BUSY(status), SENDING, CONFIRMED]);
        const queued = shown.findIndex((s) => s.text === BUSY(status));
        const retried = shown[queued + 1]!;
        expect(retried.text).to.equal(SENDING);
        // The Retry-After floor, with a little room for how late the queued state was rendered.
        expect(retried.at - shown[queued]!.at, 'ms between the 503/429 and the next attempt').to.be.at.least(900);
      });
    }

    it('sends again after a 500, and the receiver stores it once', async function () {
      this.timeout(20000);
      const { customer, shown, id, stored } = await sendThrough('500,ok');
      expectDeliveredOnce(customer, id, stored, 2);
      expect(states(shown)).to.deep.equal([SENDING, BUSY(500), SENDING, CONFIRMED]);
    });
  });

  it('gives up waiting after the timeout attribute, sends again, and shows the reference stored by the slow first attempt', async function () {
    this.timeout(20000);
    const { customer, shown, id, stored } = await sendThrough('stored-slow:3000,ok', { timeout: 1 });
    expectDeliveredOnce(customer, id, stored, 2);
    expect(states(shown)).to.deep.equal([SENDING, queuedBecause(en.reasonTimeout), SENDING, CONFIRMED]);
    const sending = shown.find((s) => s.text === SENDING)!;
    const queued = shown.find((s) => s.text === queuedBecause(en.reasonTimeout))!;
    // timeout="1": about a second, not the 3 s the first answer took nor the default 30 s.
    expect(queued.at - sending.at, 'ms until the form stopped waiting').to.be.within(900, 2500);
  });

  describe('offline, then online', () => {
    const realFetch = window.fetch;
    const realRandom = Math.random;
    afterEach(() => {
      window.fetch = realFetch;
      Math.random = realRandom;
    });

    it('keeps the message while offline and sends it as soon as the browser is back online, not at the scheduled retry', async function () {
      this.timeout(20000);
      // Full jitter draws its longest wait: the first scheduled retry is then ~2 s after the failure.
      Math.random = () => 0.99;
      let offlineCalls = 0;
      window.fetch = () => {
        offlineCalls += 1;
        return Promise.reject(new TypeError('Failed to fetch'));
      };
      const { customer } = await mount(faultUrl('ok'));
      const shown = watchStatus(customer);
      await fillValidRequest(customer, MESSAGE);
      await customer.send();
      await customer.waitForStatus((s) => s === queuedBecause(en.reasonNetwork), 'the message was not shown as kept');
      expect(customer.field('Your message').value).to.equal(MESSAGE);

      window.fetch = realFetch;
      dispatchEvent(new Event('online'));
      await customer.waitForConfirmation();

      const id = submittedId();
      const stored = await storedCount(id);
      expectDeliveredOnce(customer, id, stored, 1);
      expect(offlineCalls, 'sends while offline').to.equal(1);
      expect(states(shown)).to.deep.equal([SENDING, queuedBecause(en.reasonNetwork), SENDING, CONFIRMED]);
      const queued = shown.find((s) => s.text === queuedBecause(en.reasonNetwork))!;
      expect(shown.at(-1)!.at - queued.at, 'ms from offline failure to confirmation').to.be.below(1200);
    });
  });

  describe('storage that throws (blocked, private mode, quota)', () => {
    const storage = Storage.prototype;
    const real = { getItem: storage.getItem, setItem: storage.setItem, removeItem: storage.removeItem };
    let storageCalls = 0;
    const breakStorage = () => {
      storageCalls = 0;
      const refuse = () => {
        storageCalls += 1;
        throw new DOMException('The operation is insecure.', 'SecurityError');
      };
      Object.assign(storage, { getItem: refuse, setItem: refuse, removeItem: refuse });
    };
    const restoreStorage = () => Object.assign(storage, real);
    afterEach(restoreStorage);

    it('still sends, from memory, and the receiver stores it once', async function () {
      this.timeout(20000);
      breakStorage();
      let result;
      try {
        result = await sendThrough('ok');
      } finally {
        restoreStorage();
      }
      const { customer, shown, id, stored } = result;
      expectDeliveredOnce(customer, id, stored, 1);
      expect(states(shown)).to.deep.equal([SENDING, CONFIRMED]);
      expect(storageCalls, 'storage calls refused').to.be.greaterThan(0);
      expect(Object.keys(localStorage).filter((key) => key.startsWith('membrane-outbox:'))).to.deep.equal([]);
    });

    it('still retries after a 503, from memory, to the confirmation', async function () {
      this.timeout(20000);
      breakStorage();
      let result;
      try {
        result = await sendThrough('503+ra=1,ok');
      } finally {
        restoreStorage();
      }
      const { customer, shown, id, stored } = result;
      expectDeliveredOnce(customer, id, stored, 2);
      expect(states(shown)).to.deep.equal([SENDING, BUSY(503), SENDING, CONFIRMED]);
      expect(storageCalls, 'storage calls refused').to.be.greaterThan(0);
      expect(Object.keys(localStorage).filter((key) => key.startsWith('membrane-outbox:'))).to.deep.equal([]);
    });
  });

  describe('whole pages', () => {
    /** What test/pages/delivery-*.html record for the test to read back. */
    type DeliveryWindow = PageWindow & {
      submitted: string[];
      sent: { id: string | null; reference: string }[];
      statuses: string[];
    };
    const win = (page: Page) => page.win as DeliveryWindow;

    async function formOf(page: Page): Promise<ShadowRoot> {
      await waitUntil(() => page.doc.querySelector('membrane-contact-form')?.shadowRoot?.querySelector('form'), 'the contact form did not appear', WAIT);
      return page.doc.querySelector('membrane-contact-form')!.shadowRoot!;
    }

    const statusOf = (form: ShadowRoot): string => form.querySelector('[role="status"]')?.textContent?.trim() ?? '';
    const referenceOf = (form: ShadowRoot): string | undefined =>
      form.querySelector('[part~="confirmation"] .reference strong')?.textContent?.trim();

    function fill(form: ShadowRoot): void {
      field(form, 'Billing').click();
      type(form, 'Your name', 'Ada Lovelace');
      type(form, 'Your e-mail address', 'ada@example.com');
      type(form, 'Your message', MESSAGE);
    }

    const settled = (form: ShadowRoot) => (form.host as HTMLElement & { updateComplete: Promise<unknown> }).updateComplete;

    /** Tab A sends and keeps the message after a 503; then tab B opens on the same page. */
    async function keptInTabAThenTabB(pageName: string) {
      const a = await openPage(pageName);
      const formA = await formOf(a);
      fill(formA);
      await settled(formA);
      pressSend(formA);
      await waitUntil(() => statusOf(formA) === BUSY(503), `tab A did not keep the message (status: "${statusOf(formA)}")`, WAIT);
      const id = win(a).submitted[0]!;
      const b = await openPage(pageName);
      return { a, formA, id, b, formB: await formOf(b) };
    }

    /** Reloads the page in its iframe, as the customer's reload button does. */
    async function reload(page: Page): Promise<Page> {
      const loaded = new Promise<void>((resolve) => page.frame.addEventListener('load', () => resolve(), { once: true }));
      page.win.location.reload();
      await loaded;
      return { frame: page.frame, win: page.frame.contentWindow as PageWindow, doc: page.frame.contentDocument! };
    }

    it('keeps a message whose page was reloaded while sending, shows it as kept after the reload, and delivers it once', async function () {
      this.timeout(20000);
      let page = await openPage('delivery-reload');
      let form = await formOf(page);
      fill(form);
      await settled(form);
      pressSend(form);
      await waitUntil(() => win(page).submitted.length === 1, 'the form did not send', WAIT);
      const id = win(page).submitted[0]!;
      // The receiver has stored it and holds its answer back for 2.5 s: reload now.
      await waitUntil(async () => (await storedCount(id)).count === 1, 'the first attempt was not stored', WAIT);
      expect(statusOf(form)).to.equal(SENDING);
      expect(win(page).sent).to.deep.equal([]);

      page = await reload(page);
      form = await formOf(page);
      await waitForConfirmation(form);

      const stored = await storedCount(id);
      expect(stored.count, 'records stored under the id').to.equal(1);
      expect(stored.attempts, 'attempts that reached the receiver').to.equal(2);
      expect(referenceOf(form)).to.equal(stored.references[0]);
      expect(win(page).sent).to.deep.equal([{ id, reference: stored.references[0] }]);
      // After the reload: the kept message, then its sending, then the confirmation.
      expect(win(page).statuses.filter((s) => s !== '')).to.deep.equal([queuedBecause(en.reasonInterrupted), SENDING, 'confirmation']);
    });

    it('delivers a message kept in one tab once, with a second tab open on the same form, and both tabs say it was sent', async function () {
      this.timeout(20000);
      // Tab B opens while the message waits out its Retry-After: 2 in tab A's outbox.
      const { a, formA, id, b, formB } = await keptInTabAThenTabB('delivery-two-tabs');
      for (const page of [b, a]) page.win.dispatchEvent(new (page.win as unknown as typeof globalThis).Event('online'));

      await waitForConfirmation(formA);
      await waitForConfirmation(formB);
      const stored = await storedCount(id);
      expect(stored.count, 'records stored under the id').to.equal(1);
      // Exactly the 503 and one delivery: a third attempt would be the two tabs sending at once
      // (the receiver would still store one record, so the count alone cannot tell).
      expect(stored.attempts, 'attempts that reached the receiver').to.equal(2);
      expect(referenceOf(formA)).to.equal(stored.references[0]);
      expect(referenceOf(formB)).to.equal(stored.references[0]);
      expect(win(a).sent).to.deep.equal([{ id, reference: stored.references[0] }]);
      // Tab B showed the kept message (with tab A's reason) before it was delivered.
      expect(win(b).statuses.filter((s) => s !== '').slice(0, 1)).to.deep.equal([BUSY(503)]);
      expect(win(b).statuses.at(-1)).to.equal('confirmation');
    });

    // While one tab sends a kept message, the other looks again now and then; it does not spin.
    it('does not busy-wait in the other tab while one tab is sending the kept message', async function () {
      this.timeout(20000);
      const { a, formA, id, b, formB } = await keptInTabAThenTabB('delivery-two-tabs-slow');

      // From now on, count every storage read either tab makes.
      let reads = 0;
      for (const page of [a, b]) {
        const proto = (page.win as unknown as typeof globalThis).Storage.prototype;
        const getItem = proto.getItem;
        proto.getItem = function (this: Storage, key: string) {
          reads += 1;
          return getItem.call(this, key);
        };
      }
      // The second attempt reaches the receiver after Retry-After: 1 and is answered 2 s later.
      await waitUntil(async () => (await storedCount(id)).attempts >= 2, 'the message was not sent again', WAIT);
      await waitForConfirmation(formA);
      await waitForConfirmation(formB);

      const stored = await storedCount(id);
      expect(stored).to.include({ count: 1, attempts: 2 });
      // A tab waiting for a 2 s answer has no reason to read storage more than a few times.
      expect(reads, 'storage reads by both tabs during a 2 s send').to.be.below(200);
    });
  });

  describe('accessibility of the screens that are not a confirmation', () => {
    it('is accessible while the message is kept for a retry, with every way out offered, and "Try now" delivers it once', async function () {
      this.timeout(20000);
      const { el, customer } = await mount(faultUrl('503+ra=60,ok'), { fallbackEmail: 'help@shop.example' });
      await fillValidRequest(customer, MESSAGE);
      await customer.send();
      await customer.waitForStatus((s) => s === BUSY(503), 'the message was not shown as kept');
      expect(customer.root.querySelector('[part~="try-now"]')?.textContent?.trim()).to.equal(en.tryNow);
      expect(customer.root.querySelector('[part~="copy"]')?.textContent?.trim()).to.equal(en.copyMessage);
      expect(customer.root.querySelector<HTMLAnchorElement>('[part~="fallback-email"]')?.href).to.match(/^mailto:help@shop\.example\?/);
      await expect(el).to.be.accessible();

      await customer.pressButton(en.tryNow);
      await customer.waitForConfirmation();
      const id = submittedId();
      expectDeliveredOnce(customer, id, await storedCount(id), 2);
    });

    it('is accessible when the backend refuses the message, and nothing is retried or stored', async () => {
      const { el, customer } = await mount(faultUrl('400,ok'), { fallbackEmail: 'help@shop.example' });
      await fillValidRequest(customer, MESSAGE);
      await customer.send();
      const status = await customer.waitForStatus((s) => s.startsWith('Your message was not sent'), 'no failure was shown');
      expect(status).to.equal(format(en.failedHttp, { status: 400 }));
      expect(customer.root.querySelector('[part~="fallback-email"]')).to.not.equal(null);
      expect(customer.root.querySelector('[part~="try-now"]')).to.equal(null);
      await expect(el).to.be.accessible();
      expect(await storedCount(submittedId())).to.include({ count: 0, attempts: 1 });
      expect(customer.field('Your message').value).to.equal(MESSAGE);
    });
  });
});
