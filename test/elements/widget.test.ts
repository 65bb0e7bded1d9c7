// <membrane-widget> as a customer meets it: a launcher in a corner that opens a modal dialog with
// the topics, a topic's help articles, the contact form and its confirmation. Driven with real key
// presses (sendKeys), so "keyboard only" means what it says.
import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';

import '../../src/elements/widget/widget.js';
import type { MembraneWidgetElement } from '../../src/elements/widget/widget.js';
import { enWidget } from '../../src/locales/en-widget.js';
import { loopbackUrl, recordedRequests } from '../support/loopback.js';
import { en } from './harness.js';

/** The focused element, inside whatever shadow roots hold it. */
function focused(): Element | null {
  let active = document.activeElement;
  while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
  return active;
}

const text = (element: Element | null) => (element?.textContent ?? '').replace(/\s+/g, ' ').trim();

/**
 * The WebDriver path of sendKeys (WebKit here) knows only `press` and `type`. A chord of WebDriver key
 * codes (U+E008 Shift, U+E004 Tab) does move focus back, but WebKitGTK's driver delivers that Tab with
 * `key` "Unidentified", which the dialog's Tab handler (reading `key`, as pages do) cannot know is Tab;
 * so Shift+Tab is checked in Chromium and Firefox only.
 */
const canHoldShift = !(/AppleWebKit/.test(navigator.userAgent) && !/Chrome/.test(navigator.userAgent));

async function shiftTab(): Promise<void> {
  await sendKeys({ down: 'Shift' });
  await sendKeys({ press: 'Tab' });
  await sendKeys({ up: 'Shift' });
}

/** Presses Tab until the focused element matches, as a keyboard user would; fails if it never does. */
async function tabTo(matches: (element: Element) => boolean, what: string, shift = false): Promise<Element> {
  for (let i = 0; i < 40; i++) {
    if (shift) await shiftTab();
    else await sendKeys({ press: 'Tab' });
    const element = focused();
    if (element && matches(element)) return element;
  }
  throw new Error(`Tab never reached ${what}; focus is on ${focused()?.outerHTML.slice(0, 80)}`);
}

const isButton = (label: string) => (e: Element) => e.localName === 'button' && text(e).startsWith(label);
const isField = (id: string) => (e: Element) => e.id === id;

function parts(widget: MembraneWidgetElement) {
  const root = widget.shadowRoot!;
  const panelRoot = () => root.querySelector('membrane-widget-panel')?.shadowRoot ?? null;
  const formRoot = () => panelRoot()?.querySelector('membrane-contact-form')?.shadowRoot ?? null;
  return {
    launcher: root.querySelector<HTMLButtonElement>('[part~="launcher"]')!,
    dialog: root.querySelector('dialog')!,
    panelRoot,
    formRoot,
    heading: () => text(panelRoot()?.querySelector('h3') ?? null),
  };
}

async function widgetFixture(attributes = '') {
  const widget = await fixture<MembraneWidgetElement>(
    `<membrane-widget endpoint="${loopbackUrl('/receive')}" response-time="within 2 business days" ${attributes}>
      <membrane-topic value="billing" label="Billing">
        <a href="https://help.example/invoices" data-keywords="refund, receipt">Where is my invoice?</a>
        <a href="https://help.example/cards">Changing your card</a>
      </membrane-topic>
      <membrane-topic value="shipping" label="Shipping"></membrane-topic>
    </membrane-widget>`,
  );
  return { widget, ...parts(widget) };
}

async function openedAtHome(attributes = '') {
  const w = await widgetFixture(attributes);
  w.widget.open();
  await waitUntil(() => w.heading() === enWidget.widgetTopics, 'the topic list did not appear', { timeout: 8000 });
  return w;
}

describe('<membrane-widget>', () => {
  it('shows a labelled launcher of at least 24 by 24 pixels in the bottom end corner, and passes axe closed', async () => {
    const { widget, launcher } = await widgetFixture();
    const box = launcher.getBoundingClientRect();
    expect(text(launcher)).to.equal(enWidget.launcher);
    expect(box.width).to.be.at.least(24);
    expect(box.height).to.be.at.least(24);
    expect(box.right).to.be.greaterThan(innerWidth / 2);
    expect(box.bottom).to.be.greaterThan(innerHeight / 2);
    expect(launcher.getAttribute('aria-expanded')).to.equal('false');
    await expect(widget).to.be.accessible();
  });

  it('takes its label from the label attribute and moves to the start corner with position', async () => {
    const { launcher } = await widgetFixture('label="Contact us" position="bottom-start"');
    expect(text(launcher)).to.equal('Contact us');
    expect(launcher.getBoundingClientRect().left).to.be.lessThan(innerWidth / 2);
  });

  it('goes from launcher to confirmation and back to the launcher with the keyboard alone', async () => {
    const { widget, launcher, dialog, formRoot, panelRoot, heading } = await widgetFixture();
    const opened: string[] = [];
    widget.addEventListener('membrane-open', () => opened.push('open'));
    widget.addEventListener('membrane-close', () => opened.push('close'));
    let sentId = '';
    widget.addEventListener('membrane-sent', (e) => (sentId = (e as CustomEvent).detail.payload.id));

    launcher.focus();
    await sendKeys({ press: 'Enter' });
    expect(dialog.open).to.equal(true);
    expect(widget.hasAttribute('open')).to.equal(true);
    await waitUntil(() => heading() === enWidget.widgetTopics, 'the topic list did not appear', { timeout: 8000 });
    await waitUntil(() => focused() === panelRoot()!.querySelector('h3'), `focus did not move into the dialog: ${focused()?.localName}`);

    await tabTo(isButton('Billing'), 'the Billing topic');
    await sendKeys({ press: 'Enter' });
    await waitUntil(() => heading() === 'Billing', 'the Billing articles did not appear');
    await tabTo(isButton(enWidget.stillNeedHelpButton), '"Still need help?"');
    await sendKeys({ press: 'Enter' });
    await waitUntil(() => formRoot()?.querySelector('form') && heading() === 'Billing', 'the form did not appear');

    await tabTo(isField('email'), 'the e-mail field');
    await sendKeys({ type: 'ada@example.com' });
    await tabTo(isField('message'), 'the message field');
    await sendKeys({ type: 'Invoice-for-March-lost.' });
    await tabTo(isButton(en.send), 'the Send button');
    await sendKeys({ press: 'Enter' });
    await waitUntil(() => text(formRoot()!.querySelector('[part~="confirmation"]')).includes(en.sentHeading), 'no confirmation', {
      timeout: 8000,
    });
    const reference = text(formRoot()!.querySelector('[part~="confirmation"] .reference strong'));
    const arrived = await recordedRequests(sentId);
    expect(arrived).to.have.length(1);
    expect(arrived[0]!.body).to.include({ topic: 'billing', email: 'ada@example.com', message: 'Invoice-for-March-lost.' });
    expect(reference).to.not.equal('');

    await sendKeys({ press: 'Escape' });
    await waitUntil(() => !dialog.open, 'Escape did not close the dialog');
    expect(widget.hasAttribute('open')).to.equal(false);
    expect(focused()).to.equal(launcher);
    expect(opened).to.deep.equal(['open', 'close']);
  });

  it('keeps Tab inside the open dialog, both ways, and makes the page behind inert', async () => {
    const outside = await fixture<HTMLButtonElement>(html`<button>Outside</button>`);
    const { widget, dialog } = await openedAtHome();
    const close = widget.shadowRoot!.querySelector<HTMLButtonElement>('[part~="close"]')!;
    const last = await tabTo(isButton(en.topicSecurity), 'the last choice');
    await sendKeys({ press: 'Tab' });
    expect(focused()).to.equal(close);
    if (canHoldShift) {
      await shiftTab();
      expect(focused()).to.equal(last);
    }
    outside.focus();
    expect(document.activeElement).to.not.equal(outside);
    expect(dialog.open).to.equal(true);
  });

  it('closes with the close button, returning focus to the launcher', async () => {
    const { widget, launcher, dialog } = await openedAtHome();
    widget.shadowRoot!.querySelector<HTMLButtonElement>('[part~="close"]')!.click();
    expect(dialog.open).to.equal(false);
    expect(focused()).to.equal(launcher);
  });

  it('opens and closes through its open attribute and methods, firing membrane-open and membrane-close', async () => {
    const { widget, dialog } = await widgetFixture();
    const events: string[] = [];
    widget.addEventListener('membrane-open', () => events.push('open'));
    widget.addEventListener('membrane-close', () => events.push('close'));
    widget.setAttribute('open', '');
    expect(dialog.open).to.equal(true);
    widget.removeAttribute('open');
    expect(dialog.open).to.equal(false);
    widget.open();
    widget.close();
    expect(events).to.deep.equal(['open', 'close', 'open', 'close']);
  });

  it('offers every topic, Other, Follow-up and Security on the first screen, and passes axe there', async () => {
    const { widget, panelRoot } = await openedAtHome();
    const choices = Array.from(panelRoot()!.querySelectorAll('button'), (b) => text(b));
    expect(choices).to.deep.equal(['Billing', 'Shipping', en.topicOther, en.modeFollowUp, en.topicSecurity]);
    await expect(widget).to.be.accessible();
  });

  it("shows a topic's articles with an always visible way on to the form, and passes axe there", async () => {
    const { widget, panelRoot, formRoot, heading } = await openedAtHome();
    widget.open('billing');
    await waitUntil(() => heading() === 'Billing');
    const links = Array.from(panelRoot()!.querySelectorAll('[part~="articles"] a'), (a) => [text(a), a.getAttribute('href')]);
    expect(links).to.deep.equal([
      ['Where is my invoice?', 'https://help.example/invoices'],
      ['Changing your card', 'https://help.example/cards'],
    ]);
    await expect(widget).to.be.accessible();
    (Array.from(panelRoot()!.querySelectorAll('button')).find(isButton(enWidget.stillNeedHelpButton)) as HTMLButtonElement).click();
    await waitUntil(
      () => !formRoot()!.host.hasAttribute('hidden') && (formRoot()!.getElementById('topic-billing') as HTMLInputElement).checked,
      'the form did not open at Billing',
    );
  });

  it('suggests matching articles beside the form while the customer types, without blocking Send', async () => {
    const { widget, formRoot } = await openedAtHome();
    widget.open('shipping');
    await waitUntil(() => formRoot()?.querySelector('form'));
    const message = formRoot()!.getElementById('message') as HTMLTextAreaElement;
    message.value = 'I would like a refund for my last order';
    message.dispatchEvent(new InputEvent('input', { bubbles: true, composed: true }));
    await waitUntil(() => formRoot()!.querySelector('[part~="suggestions"]'), 'no suggestion appeared');
    expect(text(formRoot()!.querySelector('[part~="suggestions"] ul'))).to.equal('Where is my invoice?');
    expect(formRoot()!.querySelector('button[type="submit"]')).to.not.equal(null);
    await expect(widget).to.be.accessible();
    message.value = 'Nothing related here';
    message.dispatchEvent(new InputEvent('input', { bubbles: true, composed: true }));
    await waitUntil(() => !formRoot()!.querySelector('[part~="suggestions"]'), 'the suggestion stayed');
  });

  it('keeps what the customer typed when they go back to choose another topic', async () => {
    const { widget, panelRoot, formRoot, heading } = await openedAtHome();
    widget.open('shipping');
    await waitUntil(() => formRoot()?.querySelector('form'));
    const message = formRoot()!.getElementById('message') as HTMLTextAreaElement;
    message.value = 'Half-written thought';
    message.dispatchEvent(new InputEvent('input', { bubbles: true, composed: true }));
    (panelRoot()!.querySelector('[part~="back"]') as HTMLButtonElement).click();
    await waitUntil(() => heading() === enWidget.widgetTopics);
    (Array.from(panelRoot()!.querySelectorAll('button')).find(isButton(en.topicOther)) as HTMLButtonElement).click();
    await waitUntil(() => !formRoot()!.host.hasAttribute('hidden'));
    expect((formRoot()!.getElementById('message') as HTMLTextAreaElement).value).to.equal('Half-written thought');
    expect((formRoot()!.getElementById('topic-other') as HTMLInputElement).checked).to.equal(true);
  });

  it('reaches Follow-up and Security from the first screen, and passes axe on the confirmation', async () => {
    const { widget, formRoot, panelRoot } = await openedAtHome();
    (Array.from(panelRoot()!.querySelectorAll('button')).find(isButton(en.modeFollowUp)) as HTMLButtonElement).click();
    await waitUntil(() => formRoot()?.getElementById('reference'), 'the follow-up form did not appear');
    expect((formRoot()!.getElementById('mode-follow-up') as HTMLInputElement).checked).to.equal(true);
    widget.open('security');
    await waitUntil(() => formRoot()?.querySelector('membrane-security-form')?.shadowRoot?.querySelector('form'), 'no security form', {
      timeout: 8000,
    });
    await expect(widget).to.be.accessible();
    widget.prefill({ email: 'ada@example.com', message: 'Thanks', topic: 'shipping' });
    widget.open('shipping');
    await waitUntil(() => (formRoot()!.getElementById('message') as HTMLTextAreaElement | null)?.value === 'Thanks');
    widget.requestSubmit();
    await waitUntil(() => formRoot()!.querySelector('[part~="confirmation"]'), 'no confirmation', { timeout: 8000 });
    await expect(widget).to.be.accessible();
  });

  it('renders dark when asked, and follows the system with theme="auto"', async () => {
    const { widget, launcher, dialog } = await openedAtHome('theme="dark"');
    expect(getComputedStyle(dialog).backgroundColor).to.equal('rgb(22, 22, 26)');
    expect(getComputedStyle(launcher).backgroundColor).to.equal('rgb(143, 176, 255)');
    await expect(widget).to.be.accessible();
    widget.setAttribute('theme', 'light');
    expect(getComputedStyle(dialog).backgroundColor).to.equal('rgb(255, 255, 255)');
    widget.setAttribute('theme', 'auto');
    const dark = matchMedia('(prefers-color-scheme: dark)').matches;
    expect(getComputedStyle(dialog).backgroundColor).to.equal(dark ? 'rgb(22, 22, 26)' : 'rgb(255, 255, 255)');
  });

  it('mirrors to the left corner on a right-to-left page', async () => {
    const holder = await fixture<HTMLDivElement>(html`<div dir="rtl" lang="ar"></div>`);
    const { widget, launcher } = await widgetFixture();
    holder.append(widget);
    expect(launcher.getBoundingClientRect().left).to.be.lessThan(innerWidth / 2);
    widget.open();
    const close = widget.shadowRoot!.querySelector('[part~="close"]')!;
    const title = widget.shadowRoot!.querySelector('h2')!;
    expect(close.getBoundingClientRect().left).to.be.lessThan(title.getBoundingClientRect().left);
    widget.close();
  });

  it('sets theming through --membrane-* properties, and no page CSS gets in', async () => {
    await fixture(html`<style>
      button { background: rgb(255, 0, 0) !important; font-size: 40px; }
      .launcher { display: none; }
    </style>`);
    const { widget, launcher } = await widgetFixture();
    widget.style.setProperty('--membrane-accent', 'rgb(0, 128, 0)');
    widget.style.setProperty('--membrane-z-index', '7');
    expect(getComputedStyle(launcher).backgroundColor).to.equal('rgb(0, 128, 0)');
    expect(getComputedStyle(launcher).zIndex).to.equal('7');
    expect(getComputedStyle(launcher).display).to.not.equal('none');
    expect(getComputedStyle(launcher).fontSize).to.not.equal('40px');
  });

  it('steps aside while focused page content sits under the launcher', async () => {
    const { launcher } = await widgetFixture();
    const box = launcher.getBoundingClientRect();
    const under = await fixture<HTMLButtonElement>(html`<button>Under</button>`);
    Object.assign(under.style, { position: 'fixed', left: `${box.left}px`, top: `${box.top}px` });
    under.focus();
    await waitUntil(() => getComputedStyle(launcher).opacity === '0', 'the launcher still covers the focused button');
    launcher.focus();
    await waitUntil(() => getComputedStyle(launcher).opacity === '1', 'the launcher did not come back');
  });

  it('warns the site owner about an unknown position or theme, naming the attribute', async () => {
    const warnings: string[] = [];
    const original = console.warn;
    console.warn = (...args: unknown[]) => warnings.push(args.join(' '));
    try {
      await widgetFixture('position="top-left" theme="purple"');
    } finally {
      console.warn = original;
    }
    expect(warnings.some((w) => w.includes('position') && w.includes('top-left'))).to.equal(true);
    expect(warnings.some((w) => w.includes('theme') && w.includes('purple'))).to.equal(true);
  });
});
