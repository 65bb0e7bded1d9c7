/**
 * The launcher and its dialog. This element is written without Lit so that the button appears from
 * the first few kilobytes of the script tag; the screens inside the dialog (topics, articles, the
 * contact form) are `<membrane-widget-panel>`, loaded on the first hover, focus, click or idle moment
 * (load-widget-panel.ts).
 *
 * The dialog is a native modal `<dialog>`: it sits in the top layer (no z-index fight with the page),
 * makes the page behind inert, and closes on Escape. Tab is kept inside it by hand, since browsers let
 * it wander out to their own toolbar.
 */
import type { Adapter } from '../../core/adapters/adapter.js';
import { OUTBOX_KEY_PREFIX, PENDING_ITEM_MARK } from '../../core/outbox-key.js';
import type { ContactPrefill } from '../contact-form/contact-form.js';
import type { SecurityStrings } from '../../locales/en-security.js';
import { enWidget, type WidgetStrings } from '../../locales/en-widget.js';
import type { Strings } from '../../locales/en.js';
import { warnOnce } from '../shared/warnings.js';
import { deepActiveElement, tabbables } from './focus.js';
import { loadWidgetPanel } from './load-widget-panel.js';
import { SETTINGS } from './settings.js';
import { widgetCss } from './widget-styles.js';

/** What `prefill()` accepts: the contact form's fields. */
export type WidgetPrefill = ContactPrefill;

/** What the panel offers the launcher once it is loaded. */
export interface WidgetPanel extends HTMLElement {
  widget: MembraneWidgetElement | undefined;
  show(topic?: string): void;
  prefill(values: WidgetPrefill): void;
  requestSubmit(): void;
  requestUpdate(): void;
}

/** Attributes the widget hands on to the forms inside it. */
const FORWARDED = SETTINGS.filter((s) => !['position', 'label', 'theme', 'topics', 'lang'].includes(s));

const POSITIONS = ['bottom-end', 'bottom-start'];
const THEMES = ['auto', 'light', 'dark'];
const SVG = 'http://www.w3.org/2000/svg';

let sheet: CSSStyleSheet | undefined;

function el<K extends keyof HTMLElementTagNameMap>(tag: K, attributes: Record<string, string>, ...children: Node[]) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, value);
  element.append(...children);
  return element;
}

function icon(): SVGSVGElement {
  const svg = document.createElementNS(SVG, 'svg');
  const path = document.createElementNS(SVG, 'path');
  svg.setAttribute('viewBox', '0 0 24 24');
  svg.setAttribute('aria-hidden', 'true');
  path.setAttribute('d', 'M4 4h16a1 1 0 0 1 1 1v11a1 1 0 0 1-1 1H9l-5 4v-4H4a1 1 0 0 1-1-1V5a1 1 0 0 1 1-1z');
  svg.append(path);
  return svg;
}

/** Whether an outbox the forms keep in this origin's storage holds a message to send. */
function messageKept(): boolean {
  try {
    for (const area of [localStorage, sessionStorage]) {
      for (let i = 0; i < area.length; i++) {
        const key = area.key(i)!;
        if (key.startsWith(OUTBOX_KEY_PREFIX) && area.getItem(key)!.includes(PENDING_ITEM_MARK)) return true;
      }
    }
  } catch {
    // No storage here: then no message was kept in it either.
  }
  return false;
}

/**
 * @tag membrane-widget
 * @summary A help button in a corner of the page that opens a dialog with the whole flow: topics, help articles, the contact form, follow-ups and the security path.
 *
 * @attr endpoint - HTTPS URL contact and follow-up requests are POSTed to.
 * @attr security-endpoint - HTTPS URL for security reports; defaults to `endpoint`.
 * @attr security-policy - URL of the disclosure policy, shown on the security form.
 * @attr security-txt - `auto` or a security.txt URL, for the security form.
 * @attr encryption-key - The security team's OpenPGP public key (URL or armored text).
 * @attr encryption - `optional` allows an unencrypted security report after asking.
 * @attr backend - Adapter preset: `json` (default) or a named service.
 * @attr backend-key - The public key some backends take.
 * @attr response-time - When to expect an answer, e.g. "within 2 business days".
 * @attr ack-time - When to expect an acknowledgement of a security report.
 * @attr fallback-email - Offered as a mailto: link while a message waits for a retry or cannot be sent.
 * @attr persist - Where drafts are kept: the session (default) or `local` (7 days).
 * @attr timeout - Seconds to wait for the backend's answer (default 30).
 * @attr position - `bottom-end` (default) or `bottom-start`.
 * @attr label - The launcher's text (default "Help").
 * @attr theme - `light` (default), `dark`, or `auto` to follow the system.
 * @attr open - Present while the dialog is open.
 * @attr lang - The customer's language; defaults to the nearest `lang` attribute.
 *
 * @slot - `<membrane-topic>` elements declaring the topics (with `<a href>` help articles).
 * @slot icon - Replaces the launcher's icon.
 *
 * @fires membrane-open - When the dialog opens.
 * @fires membrane-close - When the dialog closes.
 * @fires membrane-submit - From the form inside: before sending; cancelable.
 * @fires membrane-sent - From the form inside: after a 2xx answer.
 * @fires membrane-error - From the form inside, or when the dialog's code cannot be loaded.
 *
 * @csspart launcher - The launcher button.
 * @csspart dialog - The dialog.
 * @csspart header - The dialog's header with its title and close button.
 * @csspart title - The dialog's title.
 * @csspart close - The close button.
 * @csspart body - The area holding the screens.
 * @csspart status - Loading and failure messages.
 * @csspart button - Buttons of the frame.
 *
 * @cssprop --membrane-accent - Accent colour of the launcher, buttons and focus rings.
 * @cssprop --membrane-text - Text colour.
 * @cssprop --membrane-background - Background colour of the dialog.
 * @cssprop --membrane-radius - Corner radius.
 * @cssprop --membrane-font - Font shorthand.
 * @cssprop --membrane-z-index - Stacking order of the launcher (default 2147483000).
 * @cssprop --membrane-offset - Distance of the launcher from the corner (default 1.25rem).
 */
export class MembraneWidgetElement extends HTMLElement {
  static readonly observedAttributes = ['open', ...SETTINGS];

  /** Topics as data; `<membrane-topic>` children come first, then these. */
  topics: { value: string; label: string; articles?: { title: string; url: string; keywords?: string[] }[] }[] | undefined;
  /** A custom adapter for the forms inside. */
  adapter: Adapter | undefined;
  /** Returns a fresh CAPTCHA token for each attempt (see the contact form). */
  captcha: (() => Promise<string> | string) | undefined;
  /** Overrides for any string, by key (the forms' and the widget's). */
  strings: Partial<Strings & SecurityStrings & WidgetStrings> | undefined;
  /** Set when a script tag made this widget: warnings then name `data-*` or `membraneConfig` keys. */
  scriptSettings: 'data' | 'config' | undefined;

  private readonly launcher: HTMLButtonElement;
  private readonly dialog: HTMLDialogElement;
  private readonly body: HTMLDivElement;
  private readonly label: HTMLSpanElement;
  private readonly heading: HTMLHeadingElement;
  private readonly closer: HTMLButtonElement;
  private panel: WidgetPanel | undefined;
  private loading: Promise<WidgetPanel | undefined> | undefined;
  private pending: { topic?: string | undefined; prefill?: WidgetPrefill } = {};

  constructor() {
    super();
    const root = this.attachShadow({ mode: 'open' });
    // A constructed sheet: pages whose CSP refuses inline styles still style it.
    sheet ??= new CSSStyleSheet();
    if (sheet.cssRules.length === 0) sheet.replaceSync(widgetCss);
    root.adoptedStyleSheets = [sheet];
    this.label = el('span', {});
    this.launcher = el(
      'button',
      { part: 'launcher', class: 'launcher', type: 'button', 'aria-haspopup': 'dialog', 'aria-expanded': 'false' },
      el('slot', { name: 'icon' }, icon()),
      this.label,
    );
    this.heading = el('h2', { id: 'title', part: 'title', tabindex: '-1' });
    this.closer = el('button', { part: 'button close', class: 'close', type: 'button' }, el('span', { 'aria-hidden': 'true' }, document.createTextNode('×')));
    this.body = el('div', { part: 'body', class: 'body' });
    this.dialog = el(
      'dialog',
      { part: 'dialog', 'aria-labelledby': 'title' },
      el('div', { part: 'header', class: 'header' }, this.heading, this.closer),
      this.body,
    );
    root.append(this.launcher, this.dialog, el('slot', {}));

    const prepare = () => void this.loadPanel();
    this.launcher.addEventListener('pointerenter', prepare);
    this.launcher.addEventListener('focus', prepare);
    this.launcher.addEventListener('click', () => this.open());
    this.closer.addEventListener('click', () => this.close());
    this.dialog.addEventListener('close', () => this.closed());
    this.dialog.addEventListener('keydown', (e) => this.keepTabInside(e));
    this.renderText();
  }

  private get t(): WidgetStrings {
    return { ...enWidget, ...this.strings } as WidgetStrings;
  }

  private onFocusIn = (e: FocusEvent): void => {
    // Never cover the content a keyboard user is on (WCAG 2.4.11): step aside while it is focused.
    const target = e.composedPath()[0];
    const a = target instanceof Element && !e.composedPath().includes(this) ? target.getBoundingClientRect() : undefined;
    const b = this.launcher.getBoundingClientRect();
    this.toggleAttribute('data-covering', !!a && a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom);
  };

  connectedCallback(): void {
    document.addEventListener('focusin', this.onFocusIn, true);
    this.checkChoices();
    // Otherwise the dialog's code is fetched once the page has loaded and gone quiet; not when the
    // visitor asked for less data (Save-Data), since most visits never open the dialog, unless a
    // message of theirs waits to be sent: only the contact form's code can send it.
    const idle = () => ('requestIdleCallback' in window ? requestIdleCallback(() => this.loadPanel(), { timeout: 4000 }) : setTimeout(() => this.loadPanel(), 2000));
    if (!(navigator as { connection?: { saveData?: boolean } }).connection?.saveData || messageKept()) {
      if (document.readyState === 'complete') idle();
      else addEventListener('load', idle, { once: true });
    }
    if (this.hasAttribute('open')) this.open();
  }

  disconnectedCallback(): void {
    document.removeEventListener('focusin', this.onFocusIn, true);
    if (this.dialog.open) this.dialog.close();
  }

  attributeChangedCallback(name: string): void {
    if (name === 'open') {
      if (this.hasAttribute('open') !== this.dialog.open && this.isConnected) {
        if (this.hasAttribute('open')) this.open();
        else this.close();
      }
      return;
    }
    this.checkChoices();
    this.renderText();
    this.panel?.requestUpdate();
  }

  private checkChoices(): void {
    for (const [name, allowed] of [['position', POSITIONS], ['theme', THEMES]] as const) {
      const value = this.getAttribute(name);
      if (value !== null && !allowed.includes(value)) {
        warnOnce(this, name, `"${value}" is not one of ${allowed.join(', ')}: ${allowed[name === 'theme' ? 1 : 0]} is used.`);
      }
    }
  }

  private renderText(): void {
    const t = this.t;
    this.label.textContent = this.getAttribute('label') || t.launcher;
    this.heading.textContent = t.widgetTitle;
    this.closer.setAttribute('aria-label', t.close);
  }

  /** The attribute values the forms inside take, by attribute name. */
  forwarded(): Record<string, string | undefined> {
    return Object.fromEntries(FORWARDED.map((name) => [name, this.getAttribute(name) ?? undefined]));
  }

  /** Whether the dialog is open. */
  get isOpen(): boolean {
    return this.dialog.open;
  }

  /** Opens the dialog, at a topic's articles or form when one is named (`follow-up` opens a follow-up). */
  open(topic?: string): void {
    if (!this.isConnected) return;
    this.pending.topic = topic;
    if (!this.dialog.open) {
      this.dialog.showModal();
      this.launcher.setAttribute('aria-expanded', 'true');
      this.setAttribute('open', '');
      this.heading.focus();
      this.dispatchEvent(new CustomEvent('membrane-open', { bubbles: true, composed: true }));
    }
    void this.loadPanel().then((panel) => {
      if (!panel || !this.dialog.open) return;
      panel.show(this.pending.topic);
      this.pending.topic = undefined;
    });
  }

  /** Closes the dialog; focus goes back to the launcher. */
  close(): void {
    if (this.dialog.open) this.dialog.close();
    this.closed();
  }

  /** After close() or Escape (whose close event comes a moment later): once only. */
  private closed(): void {
    if (this.launcher.getAttribute('aria-expanded') !== 'true') return;
    this.launcher.setAttribute('aria-expanded', 'false');
    this.removeAttribute('open');
    this.launcher.focus();
    this.dispatchEvent(new CustomEvent('membrane-close', { bubbles: true, composed: true }));
  }

  /** Fills the contact form's fields; kept until the form is on screen. */
  prefill(values: WidgetPrefill): void {
    if (this.panel) this.panel.prefill(values);
    else this.pending.prefill = { ...this.pending.prefill, ...values };
  }

  /** Behaves like pressing the send button of the form on screen. */
  requestSubmit(): void {
    this.panel?.requestSubmit();
  }

  private keepTabInside(e: KeyboardEvent): void {
    if (e.key !== 'Tab') return;
    const list = tabbables(this.dialog);
    const first = list[0];
    const last = list[list.length - 1];
    const active = deepActiveElement();
    if (!first || !last) return;
    if (e.shiftKey ? active === first || active === this.heading : active === last) {
      e.preventDefault();
      (e.shiftKey ? last : first).focus();
    }
  }

  private status(text: string, retry: boolean): void {
    const button = el('button', { part: 'button retry', type: 'button', class: 'secondary' }, document.createTextNode(this.t.widgetRetry));
    button.addEventListener('click', () => this.open(this.pending.topic));
    this.body.replaceChildren(el('p', { role: 'status', part: 'status' }, document.createTextNode(text)), ...(retry ? [button] : []));
  }

  /** Loads and mounts the panel once; a failed load can be tried again. */
  private loadPanel(): Promise<WidgetPanel | undefined> {
    if (this.panel) return Promise.resolve(this.panel);
    if (!this.loading) {
      this.status(this.t.widgetLoading, false);
      this.loading = loadWidgetPanel()
        // A task of its own for the first render: evaluating the flow's code and rendering its
        // screens in one task would be the longest the widget ever runs on a page.
        .then(() => new Promise((resolve) => setTimeout(resolve)))
        .then(
          () => {
            const panel = document.createElement('membrane-widget-panel') as WidgetPanel;
            panel.widget = this;
            this.panel = panel;
            this.body.replaceChildren(panel);
            if (this.pending.prefill) panel.prefill(this.pending.prefill);
            this.pending.prefill = undefined;
            return panel;
          },
          (error: unknown) => {
            this.loading = undefined;
            this.status(this.t.widgetLoadFailed, true);
            const message = `the dialog's code could not be loaded: ${String(error)}`;
            warnOnce(this, 'src', message);
            this.dispatchEvent(new CustomEvent('membrane-error', { detail: { code: 'network', message }, bubbles: true, composed: true }));
            return undefined;
          },
        );
    }
    return this.loading;
  }
}

customElements.get('membrane-widget') ?? customElements.define('membrane-widget', MembraneWidgetElement);

declare global {
  interface HTMLElementTagNameMap {
    'membrane-widget': MembraneWidgetElement;
  }
}
