// The one-line script tag on a site owner's page (SPEC.md, "Script tag"), in a page of its own
// (test/pages/): the built dist/membrane.js mounts one <membrane-widget> configured from its data-*
// attributes or from window.membraneConfig; data-membrane-open links open it at a topic; commands
// queued before the script loaded run once it has, in order; pasting the script twice, or next to
// an npm copy, breaks nothing and shows one widget; a malformed data-topics prints one warning that
// names it, and the widget still works. Messages go to the HTTPS loopback server.
import { expect, waitUntil } from '@open-wc/testing';

import { createOutbox } from '../../src/core/outbox.js';
import { buildContactPayload } from '../../src/core/payload.js';
import { storageEntry } from '../../src/elements/shared/browser-storage.js';
import { loopbackUrl, recordedRequests, waitForRequests } from '../support/loopback.js';
import {
  articleLinks,
  closePages,
  contactFormOf,
  field,
  flowScripts,
  homeChoices,
  launcherOf,
  membraneWarnings,
  openPage,
  openWithLauncher,
  press,
  pressSend,
  screensOf,
  settle,
  type,
  waitForConfirmation,
  waitForDialog,
  waitForScreen,
  widgetOf,
  widgets,
  type Page,
} from '../support/pages.js';

const CHOOSE = 'Choose a topic';
const ALWAYS_OFFERED = ['Other', 'Follow up on an earlier request', 'Report a security vulnerability'];

afterEach(closePages);

describe('the script tag configured by data attributes', () => {
  it('mounts one widget with the attributes applied', async () => {
    const page = await openPage('data-attributes');
    const widget = await widgetOf(page);
    expect(widgets(page)).to.have.length(1);
    expect(widget.parentElement).to.equal(page.doc.body);
    expect(widget.getAttribute('endpoint')).to.equal(loopbackUrl('/receive'));
    expect(widget.getAttribute('response-time')).to.equal('within 2 business days');
    expect(widget.getAttribute('position')).to.equal('bottom-start');
    expect(widget.getAttribute('theme')).to.equal('dark');

    const launcher = launcherOf(widget);
    expect(launcher.textContent?.trim()).to.equal('Support');
    // bottom-start on a left-to-right page: the bottom left corner.
    const box = launcher.getBoundingClientRect();
    expect(box.left, 'launcher left edge').to.be.below(page.win.innerWidth / 2);
    expect(box.top, 'launcher top edge').to.be.above(page.win.innerHeight / 2);
    expect(page.win.getComputedStyle(launcher).colorScheme).to.equal('dark');

    expect(page.win.pageErrors).to.deep.equal([]);
    expect(membraneWarnings(page), 'a correct configuration warns about nothing').to.deep.equal([]);
  });

  it('offers the topics of data-topics on the home screen', async () => {
    const page = await openPage('data-attributes');
    const screens = await openWithLauncher(await widgetOf(page));
    await waitForScreen(screens, CHOOSE);
    expect(homeChoices(screens)).to.deep.equal(['Billing', 'Your account', ...ALWAYS_OFFERED]);
  });

  it('opens at the billing articles from a data-membrane-open="billing" link, then on to the form', async () => {
    const page = await openPage('data-attributes');
    const widget = await widgetOf(page);
    page.doc.querySelector<HTMLAnchorElement>('[data-membrane-open="billing"]')!.click();
    await waitForDialog(widget, true);
    expect(page.win.location.hash, "the link's own navigation is cancelled").to.equal('');

    const screens = await screensOf(widget);
    await waitForScreen(screens, 'Billing');
    expect(articleLinks(screens)).to.deep.equal([{ title: 'Update your card', href: '/help/card' }]);

    press(screens, 'Still need help? Write to us');
    const form = await contactFormOf(screens);
    expect((field(form, 'Billing') as HTMLInputElement).checked, 'Billing is chosen on the form').to.equal(true);
  });
});

describe('the widget after a message is sent', () => {
  // After sending, Back and another topic show a form for that topic, not the old confirmation.
  it('shows a form for the next topic chosen, not the confirmation of the last message', async () => {
    const page = await openPage('data-attributes');
    const screens = await openWithLauncher(await widgetOf(page));
    await waitForScreen(screens, CHOOSE);
    press(screens, 'Your account');
    const form = await contactFormOf(screens);
    type(form, 'Your e-mail address', 'ada@example.com');
    type(form, 'Your message', 'A first question.');
    pressSend(form);
    await waitForConfirmation(form);

    press(screens, 'Back');
    await waitForScreen(screens, CHOOSE);
    press(screens, 'Billing');
    await waitForScreen(screens, 'Billing');
    press(screens, 'Still need help? Write to us');
    await waitUntil(() => form.querySelector('form'), 'no form for Billing: the confirmation of the first message is still on screen', { timeout: 3000 });
    expect((field(form, 'Billing') as HTMLInputElement).checked, 'Billing is chosen').to.equal(true);
    expect(field(form, 'Your message').value, 'the message field is empty').to.equal('');
  });
});

describe('data-membrane-open inside a web component', () => {
  // A document listener sees a click in a shadow root retargeted to its host: the path finds the opener.
  it('opens at the topic from a data-membrane-open button in a shadow root', async () => {
    const page = await openPage('data-attributes');
    const widget = await widgetOf(page);
    page.doc.querySelector('account-menu')!.shadowRoot!.querySelector<HTMLButtonElement>('[data-membrane-open]')!.click();
    await waitForDialog(widget, true);
    const screens = await screensOf(widget);
    await waitForScreen(screens, 'Your account');
    await contactFormOf(screens);
  });
});

describe('the script tag configured by window.membraneConfig', () => {
  it('mounts one widget with the settings applied and offers the configured topics', async () => {
    const page = await openPage('membrane-config');
    const widget = await widgetOf(page);
    expect(widgets(page)).to.have.length(1);
    expect(widget.getAttribute('endpoint')).to.equal(loopbackUrl('/receive'));
    expect(widget.getAttribute('position')).to.equal('bottom-start');
    expect(widget.getAttribute('theme')).to.equal('dark');
    expect(launcherOf(widget).textContent?.trim()).to.equal('Ask us');
    expect(JSON.parse(JSON.stringify((widget as HTMLElement & { topics: unknown }).topics))).to.deep.equal([
      { value: 'shipping', label: 'Shipping' },
      { value: 'returns', label: 'Returns' },
    ]);

    const screens = await openWithLauncher(widget);
    await waitForScreen(screens, CHOOSE);
    expect(homeChoices(screens)).to.deep.equal(['Shipping', 'Returns', ...ALWAYS_OFFERED]);
    press(screens, 'Shipping');
    const form = await contactFormOf(screens);
    expect((field(form, 'Shipping') as HTMLInputElement).checked, 'Shipping is chosen on the form').to.equal(true);

    expect(page.win.pageErrors).to.deep.equal([]);
    expect(membraneWarnings(page), 'a correct configuration warns about nothing').to.deep.equal([]);
  });
});

describe('the script tag configured by window.membraneConfig, its tag marked by other tools', () => {
  // Consent managers and CDNs mark script tags too (data-cookieconsent, data-cfasync): only Membrane settings count.
  it('still uses window.membraneConfig when the tag\'s only data attributes are not Membrane settings', async () => {
    const page = await openPage('membrane-config-marked');
    const widget = await widgetOf(page);
    expect(widgets(page)).to.have.length(1);
    expect(widget.getAttribute('endpoint'), 'endpoint from membraneConfig').to.equal(loopbackUrl('/receive'));
    expect(launcherOf(widget).textContent?.trim()).to.equal('Ask us');
    const screens = await openWithLauncher(widget);
    await waitForScreen(screens, CHOOSE);
    expect(homeChoices(screens)).to.deep.equal(['Shipping', 'Returns', ...ALWAYS_OFFERED]);
  });
});

describe('commands queued before the script loaded', () => {
  it('run in order once it has: listeners, prefill, open; and "sent" is called back with the reference', async () => {
    // The documented snippet in the page's head: the stub, then prefill, on('open'), on('sent') and
    // open, in that order, then <script async src=".../membrane.js" data-...>.
    const page = await openPage('queued-commands');
    const log = () => page.win.log as string[];
    expect(page.win.membrane.version).to.equal('1');
    const widget = await widgetOf(page);
    await waitForDialog(widget, true);
    expect(log(), "on('open') was listening before open ran").to.deep.equal(['open']);

    const screens = await screensOf(widget);
    await waitForScreen(screens, CHOOSE);
    press(screens, 'Your account');
    const form = await contactFormOf(screens);
    await waitUntil(() => field(form, 'Your message').value === 'Queued before the script loaded.', 'the prefilled message is not in the form');
    expect(field(form, 'Your name').value).to.equal('Ada');
    expect(field(form, 'Your e-mail address').value).to.equal('ada@example.com');

    pressSend(form);
    const confirmation = await waitForConfirmation(form);
    expect(confirmation).to.contain('We have your message').and.contain('within 2 business days');
    await waitUntil(() => (page.win.sent as unknown[]).length > 0, "on('sent') was not called");
    const sent = page.win.sent as { reference: string; id: string; type: string }[];
    expect(sent).to.have.length(1);
    expect(log()).to.deep.equal(['open', 'sent']);
    expect(sent[0]!.type).to.equal('membrane-sent');
    expect(sent[0]!.reference).to.be.a('string').and.not.equal('');
    expect(confirmation, 'the reference the page was given is the one on screen').to.contain(sent[0]!.reference);

    const requests = await recordedRequests(sent[0]!.id);
    expect(requests, 'requests with this Idempotency-Key').to.have.length(1);
    expect(requests[0]!.body).to.include({ kind: 'contact', topic: 'account', name: 'Ada', email: 'ada@example.com', message: 'Queued before the script loaded.' });
    expect(page.win.pageErrors).to.deep.equal([]);
  });
});

describe('the script included more than once', () => {
  const pages = {
    'double-script': 'the script tag pasted twice',
    'npm-copy-after': 'the script tag, then an npm copy of the package',
    'npm-copy-first': 'an npm copy of the package, then the script tag',
  };

  for (const [name, description] of Object.entries(pages)) {
    it(`${description}: no error, one widget, and the commands work`, async () => {
      const page: Page = await openPage(name);
      const widget = await widgetOf(page);
      if (name.startsWith('npm')) await waitUntil(() => page.win.npmCopyLoaded, 'the npm copy did not load');
      expect(widgets(page)).to.have.length(1);
      expect(page.win.membrane.version).to.equal('1');

      const closed: string[] = [];
      page.win.membrane('on', 'close', () => closed.push('close'));
      page.win.membrane('prefill', { email: 'grace@example.com', message: 'Sent from a page that loads Membrane twice.' });
      page.win.membrane('open', 'account');
      await waitForDialog(widget, true);
      const screens = await screensOf(widget);
      await waitForScreen(screens, 'Your account');
      const form = await contactFormOf(screens);
      await waitUntil(() => field(form, 'Your message').value === 'Sent from a page that loads Membrane twice.', 'the prefill did not arrive');
      pressSend(form);
      expect(await waitForConfirmation(form)).to.contain('We have your message');

      // The dialog's close event (and so membrane-close) comes a task after close().
      page.win.membrane('close');
      await waitForDialog(widget, false);
      await waitUntil(() => closed.length > 0, "on('close') was not called");
      expect(closed).to.deep.equal(['close']);

      // Each close is reported once, not once per copy of the script.
      page.win.membrane('open');
      await waitForDialog(widget, true);
      page.win.membrane('close');
      await waitUntil(() => closed.length > 1, "on('close') was not called the second time");
      await settle(page);
      expect(closed).to.deep.equal(['close', 'close']);

      page.win.membrane('destroy');
      expect(widgets(page), 'destroy removes the widget').to.have.length(0);

      expect(flowScripts(page).length, 'the dialog code is fetched at most once').to.be.at.most(1);
      expect(page.win.pageErrors).to.deep.equal([]);
    });
  }
});

describe('a misconfigured script tag', () => {
  it('says once that data-topics is not JSON, and the widget still works with Other and Security', async () => {
    const page = await openPage('bad-topics');
    const widget = await widgetOf(page);
    const aboutTopics = () => page.win.warnings.filter((w) => w.includes('data-topics'));
    expect(aboutTopics()).to.have.length(1);
    expect(aboutTopics()[0]).to.match(/^\[membrane\] <script> data-topics: /);

    const screens = await openWithLauncher(widget);
    await waitForScreen(screens, CHOOSE);
    expect(homeChoices(screens)).to.deep.equal(ALWAYS_OFFERED);
    press(screens, 'Other');
    const form = await contactFormOf(screens);
    type(form, 'Tell us in your own words what this is about', 'A delivery');
    type(form, 'Your e-mail address', 'ada@example.com');
    type(form, 'Your message', 'The parcel has not arrived.');
    pressSend(form);
    expect(await waitForConfirmation(form)).to.contain('We have your message');

    expect(aboutTopics(), 'still one warning about data-topics after using the widget').to.have.length(1);
    expect(membraneWarnings(page), 'and no other warning').to.deep.equal(aboutTopics());
    expect(page.win.pageErrors).to.deep.equal([]);
  });
});

describe('a visitor who asked for less data (Save-Data)', () => {
  const keptKeys = new Set<string>();
  afterEach(() => {
    for (const key of keptKeys) localStorage.removeItem(key);
    keptKeys.clear();
  });

  it('fetches the dialog code only when they reach for the launcher, not on idle', async function () {
    // Two idle waits of up to 4 s each (requestIdleCallback's timeout), then the dialog.
    this.timeout(20_000);
    // The control: the same script tag without Save-Data fetches it once the page is idle.
    const control = await openPage('data-attributes');
    await widgetOf(control);
    await waitUntil(() => flowScripts(control).length === 1, 'without Save-Data the dialog code is fetched on idle', { timeout: 5000 });

    const page = await openPage('save-data');
    const widget = await widgetOf(page);
    // Longer than the idle fallback (requestIdleCallback's 4 s timeout): idle has certainly come.
    await settle(page, 4500);
    expect(flowScripts(page).length, 'fetched before the visitor reached for the launcher').to.equal(0);

    launcherOf(widget).focus();
    await waitUntil(() => flowScripts(page).length === 1, 'focusing the launcher did not fetch the dialog code');
    const screens = await openWithLauncher(widget);
    await waitForScreen(screens, CHOOSE);
    expect(homeChoices(screens)).to.deep.equal(ALWAYS_OFFERED);
    expect(page.win.pageErrors).to.deep.equal([]);
  });

  it('still fetches it on idle when a message of theirs waits in the outbox, and sends it', async function () {
    this.timeout(20_000);
    // What a contact form leaves after a failed send on an earlier visit (same origin: the test
    // pages share this document's storage).
    const payload = buildContactPayload(
      { kind: 'contact', topic: 'other', topicOther: 'A parcel', name: '', email: 'ada@example.com', message: 'Kept from an earlier visit.', reference: '', escalate: false },
      { href: location.href, locale: 'en' },
    );
    const outboxKey = `membrane-outbox:membrane-contact-form:${loopbackUrl('/receive')}`;
    keptKeys.add(outboxKey);
    createOutbox({ store: storageEntry('localStorage', outboxKey), send: () => new Promise(() => {}) }).enqueue(payload, payload.id);

    const page = await openPage('save-data');
    await widgetOf(page);
    const requests = await waitForRequests(payload.id, 1, 8000);
    expect(requests[0]!.body).to.include({ message: 'Kept from an earlier visit.', topicOther: 'A parcel' });
    expect(flowScripts(page).length, 'fetched without the visitor touching anything').to.equal(1);
    expect(page.win.pageErrors).to.deep.equal([]);
  });
});
