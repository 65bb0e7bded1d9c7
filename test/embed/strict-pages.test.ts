// The script tag on pages with a strict Content Security Policy (nonces, 'strict-dynamic',
// style-src 'self', connect-src limited to the endpoint) that also enforces Trusted Types and allows
// only named policies: ours, "membrane" (the part loader) and "membrane-lit" (our bundled Lit). On
// such a page the widget must open, load its dialog code, render the form and send a message (and
// open the security report form, another part) without a single violation report, including on a
// page that runs its own Lit (policy "lit-html").
//
// An empty violation list proves nothing unless the page would have recorded one, so each page ends
// with controls: an inline style attribute (a style-src violation, all engines) and, where the browser
// has Trusted Types, innerHTML from a plain string (a require-trusted-types-for violation). Browsers
// without Trusted Types (Firefox ESR before it shipped them, some WebKit builds) skip that control:
// they ignore the Trusted Types directives, and only the CSP half of these tests applies to them.
//
// A page whose connect-src leaves out the endpoint: the customer and the site owner are told so, and
// nothing is tried again.
//
// Each describe block shares one page between its tests, in order: the flows first, then the controls.
import { expect, waitUntil } from '@open-wc/testing';

import { en } from '../elements/harness.js';
import {
  closePages,
  contactFormOf,
  dialogOf,
  flowScripts,
  hasTrustedTypes,
  launcherOf,
  membraneWarnings,
  openPage,
  openWithLauncher,
  press,
  pressSend,
  screensOf,
  settle,
  type,
  violateStyleSrc,
  violateTrustedTypes,
  waitForConfirmation,
  waitForDialog,
  waitForScreen,
  widgetOf,
  widgets,
  type Page,
} from '../support/pages.js';

/**
 * What a customer does: open with the launcher, pick a topic, write, send, read the confirmation.
 * When a step fails, the error lists what the page recorded (a refused part shows up there).
 */
async function sendAMessage(page: Page): Promise<string> {
  try {
    return await customerSends(page);
  } catch (error) {
    const recorded = JSON.stringify({ violations: page.win.violations, errors: page.win.pageErrors, warnings: page.win.warnings });
    throw new Error(`${(error as Error).message}; the page recorded ${recorded}`);
  }
}

async function customerSends(page: Page): Promise<string> {
  const widget = await widgetOf(page);
  if (!dialogOf(widget).open) launcherOf(widget).click();
  await waitForDialog(widget, true);
  const screens = await screensOf(widget);
  await waitForScreen(screens, 'Choose a topic');
  press(screens, 'Your account');
  const form = await contactFormOf(screens);
  type(form, 'Your e-mail address', 'ada@example.com');
  type(form, 'Your message', 'Sent from a page with a strict policy.');
  pressSend(form);
  return waitForConfirmation(form);
}

/** The controls, shared by both pages. */
function controls(getPage: () => Page): void {
  it('control: the page does record a violation (an inline style attribute)', async () => {
    const style = await violateStyleSrc(getPage());
    expect(style, 'style-src violations').to.have.length.above(0);
  });

  it('control: the page does enforce Trusted Types (innerHTML from a plain string)', async function (this: { skip(): void }) {
    // Skipped where the browser has no Trusted Types: it ignores those directives altogether.
    if (!hasTrustedTypes(getPage())) this.skip();
    const { threw, violations } = await violateTrustedTypes(getPage());
    expect(threw, 'what the assignment threw').to.equal('TypeError');
    expect(violations, 'require-trusted-types-for violations').to.have.length.above(0);
  });
}

after(closePages);

describe('a strict page: nonces, strict-dynamic and Trusted Types', () => {
  let page: Page;
  before(async () => {
    page = await openPage('strict-csp');
  });

  it('opens the security report form (a part of its own) with no violation', async () => {
    const widget = await widgetOf(page);
    expect(widgets(page)).to.have.length(1);
    // Styled by a constructed stylesheet, which style-src 'self' allows (a <style> would be refused).
    expect(page.win.getComputedStyle(launcherOf(widget)).position).to.equal('fixed');
    const screens = await openWithLauncher(widget);
    await waitForScreen(screens, 'Choose a topic');
    press(screens, 'Report a security vulnerability');
    await waitUntil(
      () => screens.querySelector('membrane-contact-form')?.shadowRoot?.querySelector('membrane-security-form')?.shadowRoot?.querySelector('form'),
      'the security report form did not appear',
      { timeout: 8000 },
    );
    expect(page.doc.querySelector<HTMLScriptElement>('script[src$="/membrane-security.js"]')?.integrity).to.match(/^sha256-/);
    press(screens, 'Back');

    await settle(page, 200);
    expect(page.win.violations).to.deep.equal([]);
    expect(page.win.pageErrors).to.deep.equal([]);
  });

  it('sends a message with no violation', async () => {
    expect(await sendAMessage(page)).to.contain('We have your message');
    const [part] = flowScripts(page);
    expect(part?.integrity, "the dialog's code is integrity-pinned").to.match(/^sha256-/);
    const main = page.doc.querySelector<HTMLScriptElement>('script[src$="/dist/membrane.js"]')!;
    expect(main.nonce, 'the nonce of our script tag').to.not.equal('');
    expect(part?.nonce, "the part carries the page's nonce").to.equal(main.nonce);

    await settle(page, 200);
    expect(page.win.violations).to.deep.equal([]);
    expect(page.win.pageErrors).to.deep.equal([]);
  });

  controls(() => page);
});

describe('a strict page that runs its own Lit under Trusted Types', () => {
  let page: Page;
  before(async () => {
    page = await openPage('lit-host');
  });

  it("keeps the page's Lit working, and the widget opens and sends with no violation", async () => {
    // The page's Lit ran first (module scripts and defer scripts run in document order).
    expect(page.win.membraneLoadedBeforeHost, 'Membrane ran before the page rendered').to.equal(false);
    expect(page.doc.getElementById('host-content')?.textContent).to.equal("Rendered by the page's own Lit");

    expect(await sendAMessage(page)).to.contain('We have your message');

    // A template the page's Lit meets for the first time now, after ours: its "lit-html" policy
    // still vouches for it.
    (page.win.renderLater as (text: string) => void)('rendered after the widget');
    expect(page.doc.getElementById('host-later-list')?.textContent?.trim()).to.equal('rendered after the widget');

    await settle(page, 200);
    expect(page.win.violations).to.deep.equal([]);
    expect(page.win.pageErrors).to.deep.equal([]);
  });

  controls(() => page);
});

describe("a page whose connect-src does not allow the endpoint", () => {
  let page: Page;
  before(async () => {
    page = await openPage('connect-blocked');
  });

  it('tells the customer the form cannot send from here, and the site owner which directive to fix, once', async () => {
    const widget = await widgetOf(page);
    const screens = await openWithLauncher(widget);
    await waitForScreen(screens, 'Choose a topic');
    press(screens, 'Other');
    const form = await contactFormOf(screens);
    type(form, 'Tell us in your own words what this is about', 'A question');
    type(form, 'Your e-mail address', 'ada@example.com');
    type(form, 'Your message', 'Will this arrive?');
    pressSend(form);
    await waitUntil(() => form.querySelector('[part~="notice"]'), 'the customer was not told', { timeout: 8000 });
    expect(form.querySelector('[part~="notice"]')!.textContent!.trim()).to.equal(en.notConfigured);
    expect((form.getElementById('message') as HTMLTextAreaElement).value).to.equal('Will this arrive?');
    // No "Try again": trying again cannot get past the page's policy.
    expect(Array.from(form.querySelectorAll('button'), (b) => b.textContent!.trim())).to.not.include(en.tryAgain);
    const warnings = membraneWarnings(page).filter((w) => w.includes('connect-src'));
    expect(warnings).to.have.length(1);
    expect(warnings[0]).to.contain('data-endpoint');
    const violations = page.win.violations.length;
    pressSend(form);
    await settle(page, 300);
    expect(page.win.violations.length, 'a second send was not attempted').to.equal(violations);
  });
});
