/**
 * Acts on a Membrane form the way a customer does: find fields by their visible label, type, choose,
 * press Send, and read what is on screen. Tests written with it read like what a customer does, and
 * they break only when what a customer sees changes.
 */
import { waitUntil } from '@open-wc/testing';

import { enSecurity } from '../../src/locales/en-security.js';
import { en as contactStrings } from '../../src/locales/en.js';

/** Every English string, as a customer reads them on either form. */
export const en = { ...contactStrings, ...enSecurity };

type FormHost = HTMLElement & { updateComplete: Promise<boolean> };

export class CustomerHarness {
  constructor(readonly host: FormHost) {}

  /** The shadow root the customer is looking at (the security form's, when it is shown in place). */
  get root(): ShadowRoot {
    return this.host.shadowRoot!;
  }

  async settle(): Promise<void> {
    await this.host.updateComplete;
    const nested = this.root.querySelector('membrane-security-form');
    if (nested) await nested.updateComplete;
  }

  private labelFor(text: string, root: ShadowRoot = this.root): HTMLLabelElement {
    const labels = Array.from(root.querySelectorAll('label'));
    const label = labels.find((l) => (l.textContent ?? '').trim().startsWith(text));
    if (!label) {
      throw new Error(`no field labelled "${text}"; labels: ${labels.map((l) => l.textContent?.trim()).join(' | ')}`);
    }
    return label;
  }

  /** The control a visible label names. */
  field(label: string, root: ShadowRoot = this.root): HTMLInputElement | HTMLTextAreaElement {
    const l = this.labelFor(label, root);
    const control = root.getElementById(l.htmlFor);
    if (!control) throw new Error(`label "${label}" points at nothing`);
    return control as HTMLInputElement | HTMLTextAreaElement;
  }

  hasField(label: string): boolean {
    return Array.from(this.root.querySelectorAll('label')).some((l) => (l.textContent ?? '').trim().startsWith(label));
  }

  /** Types into a field (as one input event, like a paste) and leaves it. */
  async type(label: string, text: string, root?: ShadowRoot): Promise<void> {
    const control = this.field(label, root);
    control.focus();
    control.value = text;
    control.dispatchEvent(new InputEvent('input', { bubbles: true, composed: true }));
    control.dispatchEvent(new FocusEvent('blur'));
    await this.settle();
  }

  /** Picks a radio button or ticks a checkbox by its label. */
  async choose(label: string): Promise<void> {
    this.field(label).click();
    await this.settle();
  }

  /** The labels of the topic choices, in order. */
  topics(): string[] {
    const fieldset = this.root.querySelector('[part~="topics"]');
    return Array.from(fieldset?.querySelectorAll('label') ?? [], (label) => {
      const copy = label.cloneNode(true) as HTMLElement;
      copy.querySelectorAll('.hint').forEach((hint) => hint.remove());
      return (copy.textContent ?? '').trim();
    });
  }

  /** Presses the send button of the form on screen. */
  async send(): Promise<void> {
    const root = this.securityRoot ?? this.root;
    const button = root.querySelector<HTMLButtonElement>('button[type="submit"]');
    if (!button) throw new Error('no send button on screen');
    button.click();
    await this.settle();
  }

  async pressButton(text: string): Promise<void> {
    const root = this.securityRoot ?? this.root;
    const button = [...root.querySelectorAll('button'), ...this.root.querySelectorAll('button')].find((b) =>
      (b.textContent ?? '').trim().startsWith(text),
    );
    if (!button) throw new Error(`no button "${text}"`);
    button.click();
    await this.settle();
  }

  /** The error text shown for a field, if any. */
  errorFor(label: string, root?: ShadowRoot): string | undefined {
    const control = this.field(label, root);
    const ids = (control.getAttribute('aria-describedby') ?? '').split(' ').filter(Boolean);
    const errorId = ids.find((id) => id.endsWith('-error'));
    if (control.getAttribute('aria-invalid') !== 'true' || !errorId) return undefined;
    return (root ?? this.root).getElementById(errorId)?.textContent?.trim();
  }

  topicError(): string | undefined {
    return this.root.getElementById('topic-error')?.textContent?.trim();
  }

  /** The live status line of the form on screen. */
  status(): string {
    const root = this.securityRoot ?? this.root;
    return root.querySelector('[role="status"]')?.textContent?.trim() ?? '';
  }

  /** The blocker notice shown before the customer types (insecure or unconfigured). */
  notice(): string | undefined {
    const root = this.securityRoot ?? this.root;
    return root.querySelector('[part~="notice"]')?.textContent?.trim();
  }

  /** The confirmation panel's text, once sent. */
  confirmation(): string | undefined {
    const root = this.securityRoot ?? this.root;
    return root.querySelector('[part~="confirmation"]')?.textContent?.replace(/\s+/g, ' ').trim();
  }

  reference(): string | undefined {
    const root = this.securityRoot ?? this.root;
    return root.querySelector('[part~="confirmation"] .reference strong')?.textContent?.trim();
  }

  async waitForConfirmation(): Promise<string> {
    await waitUntil(() => this.confirmation() !== undefined, 'the confirmation did not appear', { timeout: 8000 });
    return this.confirmation()!;
  }

  async waitForStatus(predicate: (text: string) => boolean, message = 'status did not change'): Promise<string> {
    await waitUntil(() => predicate(this.status()), message, { timeout: 8000 });
    return this.status();
  }

  /** Waits until the security form, loaded on demand, is on screen and ready to type in. */
  async waitForSecurityForm(): Promise<ShadowRoot> {
    await waitUntil(() => this.securityRoot?.querySelector('form'), 'the security form did not appear', { timeout: 8000 });
    await this.settle();
    return this.securityRoot!;
  }

  /** The security form shown in place of the contact fields, if any. */
  get securityForm(): FormHost | null {
    return this.root.querySelector('membrane-security-form');
  }

  get securityRoot(): ShadowRoot | null {
    if (this.host.localName === 'membrane-security-form') return this.root;
    return this.securityForm?.shadowRoot ?? null;
  }
}

/** A valid new request about Billing, typed the way a customer does. */
export async function fillValidRequest(customer: CustomerHarness, message = 'My invoice for March is charged twice.'): Promise<void> {
  await customer.choose('Billing');
  await customer.type('Your name', 'Ada Lovelace');
  await customer.type('Your e-mail address', 'ada@example.com');
  await customer.type('Your message', message);
}

/** Collects `membrane-*` events and console warnings during a test. */
export class Recorder {
  readonly events: CustomEvent[] = [];
  readonly warnings: string[] = [];
  private readonly originalWarn = console.warn;
  private readonly listener = (e: Event) => this.events.push(e as CustomEvent);

  constructor(private readonly target: EventTarget = document) {
    for (const name of ['membrane-submit', 'membrane-sent', 'membrane-error']) {
      target.addEventListener(name, this.listener);
    }
    console.warn = (...args: unknown[]) => {
      this.warnings.push(args.map(String).join(' '));
    };
  }

  named(name: string): CustomEvent[] {
    return this.events.filter((e) => e.type === name);
  }

  errorCodes(): string[] {
    return this.named('membrane-error').map((e) => e.detail.code);
  }

  restore(): void {
    console.warn = this.originalWarn;
    for (const name of ['membrane-submit', 'membrane-sent', 'membrane-error']) {
      this.target.removeEventListener(name, this.listener);
    }
  }
}

/**
 * Kept messages and drafts live in the origin's storage, which every test page of one file shares:
 * without this, a message one test left queued would be sent, and shown, in the next.
 */
export function forgetKeptMessages(): void {
  for (const storage of [localStorage, sessionStorage]) {
    for (const key of Object.keys(storage)) if (key.startsWith('membrane-') || key.startsWith('membrane:')) storage.removeItem(key);
  }
}

afterEach(forgetKeptMessages);
