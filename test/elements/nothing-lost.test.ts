// SPEC principle 6, "Nothing is lost", as a customer meets it: a draft that comes back, spam signals
// that travel without dropping anything, a fresh CAPTCHA token per attempt, hostile input refused
// with a sentence, and an e-mail way out while a message waits. Every send goes to the loopback
// server (test/support/loopback.ts), so each check is on what actually arrived.
//
// "Comes back" here means a new form element connected on the same page: that is exactly what a
// reload does to the element (it restores in connectedCallback), without a page of its own.
import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { ifDefined } from 'lit/directives/if-defined.js';

import '../../src/elements/contact-form/contact-form.js';
import '../../src/elements/security-form/security-form.js';
import type { MembraneContactFormElement } from '../../src/elements/contact-form/contact-form.js';
import type { MembraneSecurityFormElement } from '../../src/elements/security-form/security-form.js';
import { DRAFT_TTL_MS, draftKey } from '../../src/core/drafts.js';
import { LIMITS } from '../../src/core/limits.js';
import { format } from '../../src/locales/index.js';
import { faultUrl, loopbackUrl, recordedRequests, type RecordedRequest } from '../support/loopback.js';
import { CustomerHarness, en, Recorder } from './harness.js';

type Captcha = () => Promise<string> | string;

interface ContactOptions {
  endpoint?: string;
  persist?: string;
  fallbackEmail?: string;
  captcha?: Captcha;
}

async function mountContact(o: ContactOptions = {}) {
  const el = await fixture<MembraneContactFormElement>(html`
    <membrane-contact-form
      .endpoint=${o.endpoint ?? loopbackUrl('/receive')}
      .captcha=${o.captcha}
      persist=${ifDefined(o.persist)}
      fallback-email=${ifDefined(o.fallbackEmail)}
    >
      <membrane-topic value="billing" label="Billing"></membrane-topic>
    </membrane-contact-form>
  `);
  return { el, customer: new CustomerHarness(el) };
}

async function mountSecurity(o: { endpoint?: string; persist?: string } = {}) {
  const el = await fixture<MembraneSecurityFormElement>(html`
    <membrane-security-form .endpoint=${o.endpoint ?? loopbackUrl('/receive')} persist=${ifDefined(o.persist)}></membrane-security-form>
  `);
  return { el, customer: new CustomerHarness(el) };
}

async function fillRequest(customer: CustomerHarness, message = 'My invoice for March is charged twice.') {
  await customer.choose('Billing');
  await customer.type(en.nameLabel, 'Ada Lovelace');
  await customer.type(en.emailLabel, 'ada@example.com');
  await customer.type(en.messageLabel, message);
}

const CONTACT_KEY = () => draftKey('contact', location.href);
const SECURITY_KEY = () => draftKey('security', location.href);

/** Every draft key in a storage area (drafts of any kind, for any page). */
const draftKeysIn = (storage: Storage) => Object.keys(storage).filter((key) => key.startsWith('membrane:draft:'));

const draftNote = (customer: CustomerHarness) => customer.root.querySelector<HTMLElement>('[part~="draft-note"]');

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The one request with this payload id that reached the loopback server, once it has. */
async function arrived(id: string, count = 1): Promise<RecordedRequest[]> {
  let requests: RecordedRequest[] = [];
  await waitUntil(async () => (requests = await recordedRequests(id)).length >= count, `expected ${count} request(s) for ${id}`, {
    timeout: 8000,
  });
  return requests;
}

/** The id of the message the form last tried to send (from membrane-submit, which fires before any attempt). */
function submittedId(recorder: Recorder): string {
  const submit = recorder.named('membrane-submit').at(-1);
  if (!submit) throw new Error('nothing was submitted');
  return submit.detail.payload.id;
}

/** The body of the message as the server received it. */
const bodyOf = (request: RecordedRequest | undefined) => request?.body as Record<string, unknown> & { signals?: { honeypot: unknown; elapsedMs: unknown } };

/**
 * Replaces Storage.prototype methods for the duration of a test; `restore` puts them back. Each
 * replacement is counted, so a test can tell that the form really went to storage.
 */
function stubStorage(replacements: Partial<Record<'getItem' | 'setItem' | 'removeItem', (this: Storage, ...args: string[]) => unknown>>) {
  const originals = new Map<string, PropertyDescriptor>();
  const calls: { method: string; area: 'local' | 'session' | 'other'; key: string }[] = [];
  for (const [method, replacement] of Object.entries(replacements)) {
    originals.set(method, Object.getOwnPropertyDescriptor(Storage.prototype, method)!);
    Object.defineProperty(Storage.prototype, method, {
      configurable: true,
      writable: true,
      value(this: Storage, ...args: string[]) {
        const area = this === window.localStorage ? 'local' : this === window.sessionStorage ? 'session' : 'other';
        calls.push({ method, area, key: args[0] ?? '' });
        return replacement!.apply(this, args);
      },
    });
  }
  return {
    calls,
    restore() {
      for (const [method, descriptor] of originals) Object.defineProperty(Storage.prototype, method, descriptor);
    },
  };
}

/** The status line a message kept for a retry after a 503 shows. */
const QUEUED_AFTER_503 = format(en.statusQueued, { reason: format(en.reasonBusy, { status: 503 }) });

/**
 * A paste of `text` as the browser delivers one: a ClipboardEvent carrying a DataTransfer. An engine
 * that cannot construct a ClipboardEvent with clipboardData, or whose constructed one does not hand
 * back the data, gets a drop carrying the same DataTransfer instead: the field guards drops with the
 * same rule and the same sentence. Chromium and WebKit take the paste. Firefox ESR constructs the
 * ClipboardEvent but gives it a new, empty DataTransfer (getData returns "", types is []), so there
 * the refusal is checked with the drop. Which one was used is returned for assertion messages.
 */
function pasteOrDrop(text: string): { event: ClipboardEvent | DragEvent; kind: 'paste' | 'drop' } {
  const init = { bubbles: true, cancelable: true, composed: true };
  const data = new DataTransfer();
  data.setData('text/plain', text);
  try {
    const paste = new ClipboardEvent('paste', { ...init, clipboardData: data });
    if (paste.clipboardData?.getData('text/plain').length === text.length) return { event: paste, kind: 'paste' };
  } catch {
    // This engine refuses to construct a ClipboardEvent with clipboardData: fall back to a drop.
  }
  const drop = new DragEvent('drop', { ...init, dataTransfer: data });
  if (drop.dataTransfer?.getData('text/plain').length !== text.length) {
    throw new Error('this engine can construct neither a paste nor a drop that carries text');
  }
  return { event: drop, kind: 'drop' };
}

const AWS_KEY = 'AKIAIOSFODNN7EXAMPLE';

/** Taken before any test stubs it, for the spy that watches writes and lets them through. */
const originalSetItem = Storage.prototype.setItem;

describe('nothing is lost', () => {
  let recorder: Recorder;
  beforeEach(() => {
    recorder = new Recorder();
  });
  afterEach(() => recorder.restore());

  describe('drafts', () => {
    it('brings back what was typed in the contact form when a new form comes, with a note and a way to discard it', async () => {
      const first = await mountContact();
      await fillRequest(first.customer, 'Half-written: the invoice shows');
      first.el.remove();

      const { el, customer } = await mountContact();
      expect(customer.field(en.nameLabel).value).to.equal('Ada Lovelace');
      expect(customer.field(en.emailLabel).value).to.equal('ada@example.com');
      expect(customer.field(en.messageLabel).value).to.equal('Half-written: the invoice shows');
      expect((customer.field('Billing') as HTMLInputElement).checked).to.equal(true);
      const note = draftNote(customer);
      expect(note?.textContent).to.contain(en.draftRestored);
      expect(note?.querySelector('button')?.textContent?.trim()).to.equal(en.discardDraft);
      await expect(el).to.be.accessible();
    });

    it('brings back what was typed in the security form when a new form comes, with the same note', async () => {
      const first = await mountSecurity();
      await first.customer.type(en.summaryLabel, 'Open redirect on login');
      await first.customer.type(en.stepsLabel, '1. Visit /login?next=//evil.example\n2. Sign in');
      first.el.remove();

      const { el, customer } = await mountSecurity();
      expect(customer.field(en.summaryLabel).value).to.equal('Open redirect on login');
      expect(customer.field(en.stepsLabel).value).to.equal('1. Visit /login?next=//evil.example\n2. Sign in');
      expect(draftNote(customer)?.textContent).to.contain(en.draftRestored);
      await expect(el).to.be.accessible();
    });

    it('saves while the customer types, after a pause, without the form going away', async () => {
      const { customer } = await mountContact();
      await customer.type(en.messageLabel, 'Saved after a pause');
      await waitUntil(() => sessionStorage.getItem(CONTACT_KEY())?.includes('Saved after a pause'), 'the draft was not saved after typing', {
        timeout: 3000,
      });
    });

    it('saves at once when the page is hidden or left, without waiting for the pause', async () => {
      const { customer } = await mountContact();
      await customer.type(en.messageLabel, 'Written just before leaving');
      // Typing saves only after a 400 ms pause: the draft is not there yet.
      expect(sessionStorage.getItem(CONTACT_KEY()) ?? '').to.not.contain('Written just before leaving');
      window.dispatchEvent(new PageTransitionEvent('pagehide'));
      expect(sessionStorage.getItem(CONTACT_KEY())).to.contain('Written just before leaving');

      await customer.type(en.messageLabel, 'Then the tab was switched');
      expect(sessionStorage.getItem(CONTACT_KEY())).to.not.contain('Then the tab was switched');
      Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => 'hidden' });
      try {
        document.dispatchEvent(new Event('visibilitychange'));
      } finally {
        delete (document as { visibilityState?: unknown }).visibilityState;
      }
      expect(sessionStorage.getItem(CONTACT_KEY())).to.contain('Then the tab was switched');
    });

    it('keeps drafts in sessionStorage only by default, with no expiry', async () => {
      const { el, customer } = await mountContact();
      await customer.type(en.messageLabel, 'Kept for this tab only');
      el.remove();
      const stored = JSON.parse(sessionStorage.getItem(CONTACT_KEY()) ?? 'null');
      expect(stored).to.include({ v: 1 });
      expect(stored.fields.message).to.equal('Kept for this tab only');
      expect(stored).to.not.have.property('expiresAt');
      expect(draftKeysIn(localStorage)).to.deep.equal([]);
    });

    it('keeps drafts in localStorage for 7 days with persist="local", and brings them back from there', async () => {
      const first = await mountContact({ persist: 'local' });
      await first.customer.type(en.messageLabel, 'Finish this tomorrow');
      await waitUntil(() => localStorage.getItem(CONTACT_KEY()) !== null, 'nothing in localStorage', { timeout: 3000 });
      const stored = JSON.parse(localStorage.getItem(CONTACT_KEY())!);
      expect(stored.fields.message).to.equal('Finish this tomorrow');
      expect(stored.expiresAt - stored.savedAt).to.equal(DRAFT_TTL_MS);
      expect(stored.expiresAt).to.be.greaterThan(Date.now());
      expect(draftKeysIn(sessionStorage)).to.deep.equal([]);
      first.el.remove();

      const { customer } = await mountContact({ persist: 'local' });
      expect(customer.field(en.messageLabel).value).to.equal('Finish this tomorrow');
      expect(draftNote(customer)).to.not.equal(null);
    });

    it('never writes a security report to localStorage, even with persist="local", typing or sending', async () => {
      const spy = stubStorage({
        setItem(this: Storage, key: string, value: string) {
          return originalSetItem.call(this, key, value);
        },
      });
      try {
        const { el, customer } = await mountSecurity({ persist: 'local' });
        await customer.type(en.summaryLabel, 'IDOR on /api/orders');
        await customer.type(en.stepsLabel, 'GET /api/orders/2 while signed in as user 1');
        window.dispatchEvent(new PageTransitionEvent('pagehide'));
        await pause(500);
        expect(draftKeysIn(sessionStorage)).to.deep.equal([SECURITY_KEY()]);
        await customer.send();
        await customer.waitForConfirmation();
        el.remove();
        // The spy saw the session writes (draft and outbox), so it was in place: none went to localStorage.
        expect(spy.calls.filter((c) => c.method === 'setItem' && c.area === 'session').map((c) => c.key)).to.include(SECURITY_KEY());
        expect(spy.calls.filter((c) => c.method === 'setItem' && c.area === 'local')).to.deep.equal([]);
      } finally {
        spy.restore();
      }
    });

    it('ignores tampered or foreign data under the draft key, and shows none of it', async () => {
      const now = Date.now();
      const bad: [string, string][] = [
        ['not JSON', '{"v":1,"savedAt":1,"fields":{"message":"TAMPER-1"'],
        ['JSON null', 'null'],
        ['an array', JSON.stringify(['TAMPER-2'])],
        ['another version', JSON.stringify({ v: 2, savedAt: now, fields: { message: 'TAMPER-3' } })],
        ['no version', JSON.stringify({ savedAt: now, fields: { message: 'TAMPER-4' } })],
        ['a time that is not a number', JSON.stringify({ v: 1, savedAt: 'yesterday', fields: { message: 'TAMPER-5' } })],
        ['fields that are not an object', JSON.stringify({ v: 1, savedAt: now, fields: 'TAMPER-6' })],
        ['expired', JSON.stringify({ v: 1, savedAt: now - 10_000, expiresAt: now - 1, fields: { message: 'TAMPER-7' } })],
        ['values that are not strings', JSON.stringify({ v: 1, savedAt: now, fields: { message: ['TAMPER-8'], name: { toString: 'TAMPER-8' } } })],
        ['a value over its limit', JSON.stringify({ v: 1, savedAt: now, fields: { message: 'TAMPER-9 '.repeat(LIMITS.message) } })],
        ['only fields the form does not have', JSON.stringify({ v: 1, savedAt: now, fields: { website: 'TAMPER-10', subject: 'TAMPER-10' } })],
        ['a prototype trick', '{"v":1,"savedAt":1,"fields":{"__proto__":{"message":"TAMPER-11"}}}'],
      ];
      for (const [what, text] of bad) {
        sessionStorage.setItem(CONTACT_KEY(), text);
        const { el, customer } = await mountContact();
        expect(draftNote(customer), what).to.equal(null);
        for (const label of [en.nameLabel, en.emailLabel, en.messageLabel]) expect(customer.field(label).value, `${what}: ${label}`).to.equal('');
        expect(customer.root.textContent, what).to.not.contain('TAMPER');
        el.remove();
      }
    });

    it('shows markup found in a draft only as the text of its field, never as markup', async () => {
      const attack = '<img src=x onerror="window.membraneDraftXss=1"><script>window.membraneDraftXss=2</script>';
      const name = '<b id="membrane-draft-b">Mallet</b>';
      sessionStorage.setItem(CONTACT_KEY(), JSON.stringify({ v: 1, savedAt: Date.now(), fields: { name, message: attack } }));
      const { el, customer } = await mountContact();
      expect(customer.field(en.messageLabel).value).to.equal(attack);
      expect(customer.field(en.nameLabel).value).to.equal(name);
      await pause(200);
      expect((window as { membraneDraftXss?: unknown }).membraneDraftXss).to.equal(undefined);
      expect(customer.root.querySelectorAll('img, script, b')).to.have.length(0);
      expect(document.querySelectorAll('img, #membrane-draft-b')).to.have.length(0);
      expect(el.querySelectorAll('*:not(membrane-topic)')).to.have.length(0);
      // Nowhere on screen as text either: only inside the two controls' values.
      expect(customer.root.textContent).to.not.contain('onerror').and.not.contain('Mallet');
      expect(draftNote(customer)).to.not.equal(null);
    });

    it('sends even when every storage call throws, and keeps the draft in the page meanwhile', async () => {
      const refuse = () => {
        throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
      };
      const spy = stubStorage({ getItem: refuse, setItem: refuse, removeItem: refuse });
      try {
        const { el, customer } = await mountContact();
        await fillRequest(customer, 'Storage is full on this computer.');
        window.dispatchEvent(new PageTransitionEvent('pagehide'));
        await pause(500);
        await customer.send();
        const text = await customer.waitForConfirmation();
        expect(text).to.contain(en.sentHeading);
        const [request] = await arrived(submittedId(recorder));
        expect(bodyOf(request)?.message).to.equal('Storage is full on this computer.');
        el.remove();
        // The form did try storage (for the draft and the outbox), and every try threw.
        expect(spy.calls.some((c) => c.method === 'setItem' && c.key === CONTACT_KEY())).to.equal(true);
        expect(spy.calls.some((c) => c.key.startsWith('membrane-outbox:'))).to.equal(true);
      } finally {
        spy.restore();
      }
    });

    it('removes the draft once the message is confirmed sent, so it does not come back', async () => {
      const { el, customer } = await mountContact();
      await fillRequest(customer, 'Please refund the second charge.');
      await waitUntil(() => sessionStorage.getItem(CONTACT_KEY())?.includes('refund'), 'the draft was not saved', { timeout: 3000 });
      await customer.send();
      await customer.waitForConfirmation();
      expect(sessionStorage.getItem(CONTACT_KEY())).to.equal(null);
      await pause(500);
      el.remove();
      expect(sessionStorage.getItem(CONTACT_KEY()) ?? '').to.not.contain('refund');

      const again = await mountContact();
      expect(again.customer.field(en.messageLabel).value).to.equal('');
      expect(draftNote(again.customer)).to.equal(null);
    });

    it('"Discard it" empties the fields and forgets the draft', async () => {
      const first = await mountContact();
      await fillRequest(first.customer, 'Never mind, found it.');
      first.el.remove();

      const { el, customer } = await mountContact();
      expect(sessionStorage.getItem(CONTACT_KEY())).to.contain('Never mind');
      await customer.pressButton(en.discardDraft);
      for (const label of [en.nameLabel, en.emailLabel, en.messageLabel]) expect(customer.field(label).value, label).to.equal('');
      expect((customer.field('Billing') as HTMLInputElement).checked).to.equal(false);
      expect(draftNote(customer)).to.equal(null);
      expect(sessionStorage.getItem(CONTACT_KEY())).to.equal(null);
      el.remove();

      const again = await mountContact();
      expect(draftNote(again.customer)).to.equal(null);
      expect(again.customer.field(en.messageLabel).value).to.equal('');
    });

    // "Discard it" returns the form to its untouched state, the new-request mode included.
    it('after "Discard it" the form is a fresh form that sends a new request', async () => {
      const first = await mountContact();
      await fillRequest(first.customer, 'Draft to throw away.');
      first.el.remove();

      const { customer } = await mountContact();
      await customer.pressButton(en.discardDraft);
      expect((customer.field(en.modeNew) as HTMLInputElement).checked, 'a new request is chosen').to.equal(true);
      await fillRequest(customer, 'A fresh message after discarding.');
      await customer.send();
      await customer.waitForConfirmation();
      const [request] = await arrived(submittedId(recorder));
      expect(bodyOf(request)).to.include({ kind: 'contact', message: 'A fresh message after discarding.' });
    });

    // The contact form's untouched state has a mode (a new request): that alone is no draft.
    it('an untouched form leaves no draft, and the next form shows no note', async () => {
      const first = await mountContact();
      await pause(600);
      first.el.remove();
      const stored = sessionStorage.getItem(CONTACT_KEY());
      const { customer } = await mountContact();
      expect(draftNote(customer)?.textContent?.trim() ?? null, 'the note').to.equal(null);
      expect(stored, 'stored draft').to.equal(null);
    });

    // Storage is input: a mode the form does not have becomes a new request.
    it('a draft naming a mode the form does not have still leaves a mode chosen', async () => {
      sessionStorage.setItem(CONTACT_KEY(), JSON.stringify({ v: 1, savedAt: Date.now(), fields: { kind: 'bogus', message: 'Kept text' } }));
      const { customer } = await mountContact();
      expect(customer.field(en.messageLabel).value).to.equal('Kept text');
      const checked = [en.modeNew, en.modeFollowUp].filter((label) => (customer.field(label) as HTMLInputElement).checked);
      expect(checked).to.deep.equal([en.modeNew]);
    });

    it('never stores a secret typed in the message, while the customer still sees it', async () => {
      const { el, customer } = await mountContact();
      await customer.type(en.messageLabel, `Our key ${AWS_KEY} stopped working.`);
      el.remove();
      const raw = sessionStorage.getItem(CONTACT_KEY());
      expect(raw).to.not.equal(null);
      expect(raw).to.not.contain(AWS_KEY);
      expect(JSON.parse(raw!).fields.message).to.equal('Our key [removed] stopped working.');
      expect(customer.field(en.messageLabel).value).to.contain(AWS_KEY);
    });
  });

  describe('spam signals', () => {
    it('says the hidden field was empty and how long the form was open, and that time grows', async () => {
      const quick = await mountContact({ endpoint: loopbackUrl('/receive', { form: 'quick' }) });
      await fillRequest(quick.customer);
      await quick.customer.send();
      await quick.customer.waitForConfirmation();
      const [fast] = await arrived(submittedId(recorder));

      const slow = await mountContact({ endpoint: loopbackUrl('/receive', { form: 'slow' }) });
      await fillRequest(slow.customer);
      await pause(700);
      await slow.customer.send();
      await slow.customer.waitForConfirmation();
      const [late] = await arrived(submittedId(recorder));

      for (const request of [fast, late]) {
        const signals = bodyOf(request)?.signals;
        expect(signals?.honeypot).to.equal(false);
        expect(Number.isInteger(signals?.elapsedMs), `elapsedMs ${signals?.elapsedMs}`).to.equal(true);
        expect(signals?.elapsedMs as number).to.be.at.least(0);
      }
      const [early, later] = [bodyOf(fast)!.signals!.elapsedMs as number, bodyOf(late)!.signals!.elapsedMs as number];
      expect(later).to.be.at.least(700);
      expect(later - early).to.be.at.least(400);
    });

    it('marks a message whose hidden field a bot filled in, and still sends it', async () => {
      const { customer } = await mountContact();
      await fillRequest(customer);
      const trap = customer.root.querySelector<HTMLInputElement>('.hp input[name="website"]');
      expect(trap, 'the honeypot field').to.not.equal(null);
      expect(getComputedStyle(trap!.closest('.hp')!).display).to.equal('none');
      expect(trap!.closest('.hp')!.getAttribute('aria-hidden')).to.equal('true');
      trap!.value = 'https://cheap-pills.example';
      trap!.dispatchEvent(new InputEvent('input', { bubbles: true, composed: true }));
      await customer.send();
      await customer.waitForConfirmation();
      const requests = await arrived(submittedId(recorder));
      expect(requests).to.have.length(1);
      expect(bodyOf(requests[0])?.signals?.honeypot).to.equal(true);
      expect(bodyOf(requests[0])?.message).to.equal('My invoice for March is charged twice.');
    });
  });

  describe('captcha', () => {
    it('asks for a fresh token for each attempt and sends each as Membrane-Captcha', async () => {
      const tokens: string[] = [];
      const captcha = async () => {
        const token = `token-${tokens.length + 1}-${Math.random().toString(36).slice(2)}`;
        tokens.push(token);
        return token;
      };
      const { customer } = await mountContact({ endpoint: faultUrl('503+ra=1,ok'), captcha });
      await fillRequest(customer);
      await customer.send();
      await customer.waitForConfirmation();
      const requests = await arrived(submittedId(recorder), 2);
      expect(requests).to.have.length(2);
      const sent = requests.map((r) => r.headers['membrane-captcha']);
      expect(sent).to.deep.equal(tokens);
      expect(new Set(sent).size).to.equal(2);
    });

    it('sends nothing when the captcha function fails, and says the form cannot send', async () => {
      let calls = 0;
      const captcha = async (): Promise<string> => {
        calls += 1;
        throw new Error('the CAPTCHA widget did not load');
      };
      const { customer } = await mountContact({ captcha });
      await fillRequest(customer);
      await customer.send();
      await customer.waitForStatus((text) => text === en.notConfigured, 'no failure shown');
      expect(calls).to.equal(1);
      expect(recorder.named('membrane-sent')).to.have.length(0);
      const error = recorder.named('membrane-error').at(-1);
      expect(error?.detail.code).to.equal('config');
      expect(error?.detail.message).to.contain('captcha');
      await pause(300);
      expect(await recordedRequests(submittedId(recorder))).to.deep.equal([]);
    });
  });

  describe('hostile input', () => {
    it('refuses a 5 MB paste into the message with a sentence, keeping what was there', async function () {
      this.timeout(20_000);
      const { el, customer } = await mountContact();
      await customer.type(en.messageLabel, 'What I wrote before.');
      const huge = 'A'.repeat(5 * 1024 * 1024);
      const { event, kind } = pasteOrDrop(huge);
      const message = customer.field(en.messageLabel);
      message.focus();
      const notRefused = message.dispatchEvent(event);
      await customer.settle();
      expect(notRefused, `the ${kind} was not refused`).to.equal(false);
      expect(message.value).to.equal('What I wrote before.');
      expect(customer.errorFor(en.messageLabel)).to.equal(format(en.pasteRefused, { count: huge.length, max: LIMITS.message }));
      await expect(el).to.be.accessible();

      // A paste that fits is let through, and typing again clears the sentence.
      const { event: small } = pasteOrDrop(' And a little more.');
      expect(message.dispatchEvent(small), 'a small paste was refused').to.equal(true);
      await customer.type(en.messageLabel, 'What I wrote before. And more.');
      expect(customer.errorFor(en.messageLabel)).to.equal(undefined);
    });

    it('points out a secret at Send, sending nothing yet; "Remove it" replaces it with [removed]', async () => {
      const { el, customer } = await mountContact();
      await fillRequest(customer, `Here is our key ${AWS_KEY}, it stopped working.`);
      await customer.send();
      const notice = customer.root.querySelector('[part~="secrets"]');
      expect(notice?.textContent).to.contain(en.secretsFound);
      expect(recorder.named('membrane-submit')).to.have.length(0);
      expect((customer.root.activeElement as HTMLElement | null)?.textContent?.trim()).to.equal(en.removeSecrets);
      await expect(el).to.be.accessible();

      await customer.pressButton(en.removeSecrets);
      expect(customer.field(en.messageLabel).value).to.equal('Here is our key [removed], it stopped working.');
      expect(customer.root.querySelector('[part~="secrets"]')).to.equal(null);
      await customer.send();
      await customer.waitForConfirmation();
      const [request] = await arrived(submittedId(recorder));
      expect(bodyOf(request)?.message).to.equal('Here is our key [removed], it stopped working.');
    });

    it('"Send as it is" sends the message with the secret unchanged', async () => {
      const { customer } = await mountContact();
      const text = `Here is our key ${AWS_KEY}, it stopped working.`;
      await fillRequest(customer, text);
      await customer.send();
      expect(customer.root.querySelector('[part~="secrets"]')).to.not.equal(null);
      await customer.pressButton(en.sendAnyway);
      await customer.waitForConfirmation();
      const [request] = await arrived(submittedId(recorder));
      expect(bodyOf(request)?.message).to.equal(text);
    });

    it('refuses a name with a right-to-left override and sends nothing', async () => {
      const { customer } = await mountContact();
      await fillRequest(customer);
      await customer.type(en.nameLabel, 'Mallory\u202Egnp.exe');
      expect(customer.errorFor(en.nameLabel)).to.equal(en.errorCharacters);
      await customer.send();
      expect(recorder.named('membrane-submit')).to.have.length(0);
      expect(customer.root.activeElement).to.equal(customer.field(en.nameLabel));
    });

    it('sends decomposed (NFD) text composed (NFC)', async () => {
      const name = 'Zoe\u0308 A\u030Angstro\u0308m';
      const message = 'Le cafe\u0301 est fac\u0327onne\u0301 a\u0300 la main.';
      expect(name.normalize('NFC')).to.not.equal(name);
      const { customer } = await mountContact();
      await fillRequest(customer, message);
      await customer.type(en.nameLabel, name);
      await customer.send();
      await customer.waitForConfirmation();
      const [request] = await arrived(submittedId(recorder));
      expect(bodyOf(request)?.name).to.equal('Zoë Ångström');
      expect(bodyOf(request)?.message).to.equal('Le café est façonné à la main.');
      expect(bodyOf(request)?.message).to.equal(message.normalize('NFC'));
    });
  });

  describe('fallback-email', () => {
    it('offers a mailto: link holding the message while it waits for a retry', async () => {
      const { el, customer } = await mountContact({ endpoint: faultUrl('503+ra=60,ok'), fallbackEmail: 'help@shop.example' });
      expect(customer.root.querySelector('[part~="fallback-email"]'), 'no link before sending').to.equal(null);
      await fillRequest(customer, 'Charged twice & not refunded?');
      await customer.send();
      await customer.waitForStatus((text) => text === QUEUED_AFTER_503, 'the message was not kept for a retry');
      const link = customer.root.querySelector<HTMLAnchorElement>('a[part~="fallback-email"]');
      expect(link?.textContent?.trim()).to.equal(en.mailFallback);
      const url = new URL(link!.href);
      expect(url.protocol).to.equal('mailto:');
      expect(url.pathname).to.equal('help@shop.example');
      expect(url.searchParams.get('body')).to.contain('Charged twice & not refunded?');
      await expect(el).to.be.accessible();
    });

    it('warns the site owner about an invalid fallback-email and offers no link', async () => {
      const { customer } = await mountContact({ endpoint: faultUrl('503+ra=60,ok'), fallbackEmail: 'help at shop dot example' });
      await fillRequest(customer);
      await customer.send();
      await customer.waitForStatus((text) => text === QUEUED_AFTER_503, 'the message was not kept for a retry');
      expect(customer.root.querySelector('[part~="fallback-email"]')).to.equal(null);
      expect(customer.root.querySelector('a[href^="mailto:"]')).to.equal(null);
      expect(recorder.warnings.filter((w) => w.includes('fallback-email'))).to.have.length.at.least(1);
    });
  });
});
