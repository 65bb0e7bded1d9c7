// A site owner's page, loaded into an iframe, and a customer's hands on the widget inside it.
//
// Pages live in test/pages/ and are served by test/support/pages-plugin.mjs at
// /__membrane/page/<name>.html, with a fresh nonce and their Content-Security-Policy. Every page
// starts with the same recorder (see test/pages/README.md), so a test can read what the page saw:
// error events, CSP / Trusted Types violations and console warnings, from before any of our code ran.
//
// Everything here reads across the iframe boundary, so nothing uses `instanceof` (each page has its
// own HTMLElement) and every wait polls with waitUntil.
import { waitUntil } from '@open-wc/testing';

/** One `securitypolicyviolation` event as the page recorded it. */
export interface Violation {
  directive: string;
  blocked: string;
  sample: string;
  source: string;
}

type Command = (...args: unknown[]) => void;

/** What every test page's recorder puts on its window, and the command queue. */
export interface PageWindow extends Window {
  membrane: Command & { version?: string; q?: unknown[] };
  pageErrors: string[];
  violations: Violation[];
  warnings: string[];
  /** Whatever the page's own scripts leave for the test (callback logs and the like). */
  [key: string]: unknown;
}

export interface Page {
  frame: HTMLIFrameElement;
  win: PageWindow;
  doc: Document;
}

const WAIT = { timeout: 8000, interval: 20 };

const frames = new Set<HTMLIFrameElement>();

/** Loads test/pages/<name>.html into an iframe and waits for its load event. */
export async function openPage(name: string): Promise<Page> {
  const frame = document.createElement('iframe');
  // Big enough that the launcher and dialog lay out as on a laptop (the default is 300 x 150).
  frame.width = '900';
  frame.height = '700';
  const loaded = new Promise<void>((resolve, reject) => {
    frame.addEventListener('load', () => resolve(), { once: true });
    frame.addEventListener('error', () => reject(new Error(`page ${name} did not load`)), { once: true });
  });
  frame.src = `/__membrane/page/${name}.html`;
  document.body.append(frame);
  frames.add(frame);
  await loaded;
  const win = frame.contentWindow as PageWindow;
  if (!Array.isArray(win.pageErrors)) throw new Error(`page ${name} has no recorder (or was not found)`);
  return { frame, win, doc: frame.contentDocument! };
}

/** Removes every page this module opened (call from afterEach). */
export function closePages(): void {
  for (const frame of frames) frame.remove();
  frames.clear();
}

export function widgets(page: Page): HTMLElement[] {
  return Array.from(page.doc.querySelectorAll<HTMLElement>('membrane-widget'));
}

/** The one widget on the page, once the script tag has mounted it. */
export async function widgetOf(page: Page): Promise<HTMLElement> {
  await waitUntil(() => page.doc.querySelector('membrane-widget')?.shadowRoot, 'no <membrane-widget> was mounted', WAIT);
  return page.doc.querySelector<HTMLElement>('membrane-widget')!;
}

export function launcherOf(widget: HTMLElement): HTMLButtonElement {
  return widget.shadowRoot!.querySelector<HTMLButtonElement>('button[part~="launcher"]')!;
}

export function dialogOf(widget: HTMLElement): HTMLDialogElement {
  return widget.shadowRoot!.querySelector<HTMLDialogElement>('dialog[part~="dialog"]')!;
}

export async function waitForDialog(widget: HTMLElement, open: boolean): Promise<void> {
  await waitUntil(() => dialogOf(widget).open === open, `the dialog did not ${open ? 'open' : 'close'}`, WAIT);
}

/** The screens inside the dialog (the panel's shadow root), once the dialog's code has loaded. */
export async function screensOf(widget: HTMLElement): Promise<ShadowRoot> {
  await waitUntil(
    () => widget.shadowRoot!.querySelector('membrane-widget-panel')?.shadowRoot?.querySelector('h3'),
    "the dialog's screens did not appear",
    WAIT,
  );
  return widget.shadowRoot!.querySelector('membrane-widget-panel')!.shadowRoot!;
}

/** Opens the widget with its launcher, as a customer does, and returns the screens inside. */
export async function openWithLauncher(widget: HTMLElement): Promise<ShadowRoot> {
  launcherOf(widget).click();
  await waitForDialog(widget, true);
  return screensOf(widget);
}

/** The flow part's script elements, as the part loader added them to the page. */
export function flowScripts(page: Page): HTMLScriptElement[] {
  return Array.from(page.doc.querySelectorAll<HTMLScriptElement>('script[src$="/membrane-flow.js"]'));
}

/** The heading of the screen on show: "Choose a topic", a topic's label, ... */
export function screenHeading(screens: ShadowRoot): string {
  return screens.querySelector('h3')?.textContent?.trim() ?? '';
}

export async function waitForScreen(screens: ShadowRoot, heading: string): Promise<void> {
  await waitUntil(() => screenHeading(screens) === heading, `the "${heading}" screen did not appear (on screen: "${screenHeading(screens)}")`, WAIT);
}

const text = (element: Element) => (element.textContent ?? '').replace(/\s+/g, ' ').trim();

/** The choices of the home screen, in order. */
export function homeChoices(screens: ShadowRoot): string[] {
  return Array.from(screens.querySelectorAll('ul button'), text);
}

/** The help articles listed on a topic's articles screen. */
export function articleLinks(screens: ShadowRoot): { title: string; href: string }[] {
  return Array.from(screens.querySelectorAll<HTMLAnchorElement>('[part~="articles"] a'), (a) => ({ title: text(a), href: a.getAttribute('href') ?? '' }));
}

/** Presses the button whose text starts with `label`, among those in `root`. */
export function press(root: ShadowRoot | Document, label: string): void {
  const buttons = Array.from(root.querySelectorAll('button'));
  const button = buttons.find((b) => text(b).startsWith(label));
  if (!button) throw new Error(`no button "${label}"; buttons: ${buttons.map(text).join(' | ')}`);
  button.click();
}

/** The contact form's shadow root, once it is on screen (the form screen) and rendered. */
export async function contactFormOf(screens: ShadowRoot): Promise<ShadowRoot> {
  await waitUntil(
    () => {
      const form = screens.querySelector<HTMLElement>('membrane-contact-form');
      return form && !form.hidden && form.shadowRoot?.querySelector('form');
    },
    'the contact form did not appear',
    WAIT,
  );
  return screens.querySelector('membrane-contact-form')!.shadowRoot!;
}

/** The control a visible label names, in a form's shadow root. */
export function field(form: ShadowRoot, label: string): HTMLInputElement | HTMLTextAreaElement {
  const labels = Array.from(form.querySelectorAll('label'));
  const found = labels.find((l) => text(l).startsWith(label));
  if (!found) throw new Error(`no field labelled "${label}"; labels: ${labels.map(text).join(' | ')}`);
  const control = form.getElementById(found.htmlFor);
  if (!control) throw new Error(`label "${label}" points at nothing`);
  return control as HTMLInputElement | HTMLTextAreaElement;
}

/** Types into a field as one input event (like a paste), then leaves it. */
export function type(form: ShadowRoot, label: string, value: string): void {
  const control = field(form, label);
  const view = control.ownerDocument.defaultView!;
  control.focus();
  control.value = value;
  control.dispatchEvent(new view.InputEvent('input', { bubbles: true, composed: true }));
  control.dispatchEvent(new view.FocusEvent('blur'));
}

export function pressSend(form: ShadowRoot): void {
  const button = form.querySelector<HTMLButtonElement>('button[type="submit"]');
  if (!button) throw new Error('no send button on screen');
  button.click();
}

/** The confirmation's text once the message is sent (fails with the status line if it is not). */
export async function waitForConfirmation(form: ShadowRoot): Promise<string> {
  const confirmation = () => form.querySelector('[part~="confirmation"]');
  // The message is built when the wait fails, so it shows the status line at that moment.
  await waitUntil(() => confirmation(), '', WAIT).catch(() => {
    throw new Error(`no confirmation; status: "${form.querySelector('[role="status"]')?.textContent?.trim() ?? ''}"`);
  });
  return text(confirmation()!);
}

/** Console warnings from Membrane (the page's recorder keeps every console.warn). */
export function membraneWarnings(page: Page): string[] {
  return page.win.warnings.filter((w) => w.startsWith('[membrane]'));
}

/** Waits a little for events that arrive asynchronously (violation reports are queued as tasks). */
export function settle(page: Page, ms = 100): Promise<void> {
  return new Promise((resolve) => page.win.setTimeout(resolve, ms));
}

/** Whether the page's browser has Trusted Types (Firefox ESR and some WebKit builds may not). */
export function hasTrustedTypes(page: Page): boolean {
  return 'trustedTypes' in page.win;
}

/**
 * A control: gives the page an inline style attribute, which `style-src 'self'` forbids, and
 * returns the violations the page recorded for it.
 */
export async function violateStyleSrc(page: Page): Promise<Violation[]> {
  const before = page.win.violations.length;
  const probe = page.doc.createElement('p');
  page.doc.body.append(probe);
  probe.setAttribute('style', 'color: red');
  await waitUntil(() => page.win.violations.length > before, 'the inline style attribute raised no violation', WAIT);
  return page.win.violations.slice(before).filter((v) => v.directive.startsWith('style-src'));
}

/**
 * A control: assigns a plain string to innerHTML, which `require-trusted-types-for 'script'`
 * forbids. Returns whether the assignment threw a TypeError, and the violations recorded for it.
 */
export async function violateTrustedTypes(page: Page): Promise<{ threw: string; violations: Violation[] }> {
  const before = page.win.violations.length;
  const div = page.doc.createElement('div');
  let threw = 'nothing';
  try {
    div.innerHTML = '<b>x</b>';
  } catch (error) {
    threw = (error as Error).name;
  }
  await waitUntil(() => page.win.violations.length > before, 'the innerHTML assignment raised no violation', { timeout: 3000, interval: 20 }).catch(() => undefined);
  return { threw, violations: page.win.violations.slice(before).filter((v) => v.directive === 'require-trusted-types-for') };
}
