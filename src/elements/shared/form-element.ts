/**
 * What the contact and security forms share: the sending attributes, strings, events, the HTTPS rule
 * made visible, and one delivery flow. Elements never call `fetch`: `sendPayload` in core does.
 */
import { html, LitElement, nothing, type PropertyValues, type TemplateResult } from 'lit';
import type { Adapter } from '../../core/adapters/adapter.js';
import { PRESETS, presetName } from '../../core/adapters/presets.js';
import { checkEndpoint, type EndpointProblem } from '../../core/endpoint-rules.js';
import { isValidEmail } from '../../core/text-rules.js';
import { decodeDraft, DRAFT_TTL_MS, draftKey, encodeDraft } from '../../core/drafts.js';
import { findSecrets, removeSecrets } from '../../core/secrets.js';
import { createOutbox, type Outbox, type OutboxEvent, type OutboxItem, type SendResult } from '../../core/outbox.js';
import { outboxKey } from '../../core/outbox-key.js';
import { checkPayload, type FieldErrorCode, type FieldErrors, type Kind, type Payload } from '../../core/schemas.js';
import { DEFAULT_TIMEOUT_MS, sendPayload, type Delivery } from '../../core/transport.js';
import { storageEntry, tabLock, type StorageArea } from './browser-storage.js';
import { format, resolveStrings, type Strings } from '../../locales/index.js';
import type { SecurityStrings } from '../../locales/en-security.js';
import { watchConnectPolicy } from './connect-policy.js';
import type { MembraneErrorDetail } from './events.js';
import { loadBackend } from './load-backend.js';
import { resolveLocale } from './locale.js';
import { renderField, type FieldOptions } from './field.js';
import { renderSendButton, renderStatus } from './template.js';
import { warnOnce } from './warnings.js';

/**
 * What the customer is told about their message (issue 5's honest states): being sent; sent (a 2xx,
 * with the reference); not sent yet and kept for a retry (`queued`); not sent and needing them
 * (`failed`: what to fix, or why it cannot be sent from here).
 */
export type SendState = 'idle' | 'sending' | 'sent' | 'failed' | 'queued';

/** Why the form will not send at all: shown before the customer types, not after. */
export interface Blocker {
  readonly code: 'insecure-endpoint' | 'insecure-page' | 'config';
  readonly attribute: string;
  readonly message: string;
  /** Misconfigured rather than insecure: the customer reads that the form is not set up. */
  readonly notConfigured: boolean;
}

const ENDPOINT_REASONS: Record<EndpointProblem, (value: string) => string> = {
  missing: () => 'is missing: set the https: URL of your backend.',
  unparsable: (v) => `${v} is not a URL the browser can parse.`,
  'insecure-scheme': (v) => `${v} is not an https: URL (http: only to localhost).`,
  credentials: (v) => `${v} holds a user name or password: remove it.`,
};

/** The same message whatever its id, time and signals: what the customer wrote and chose. */
function sameMessage(kept: unknown, next: Payload): boolean {
  const content = (p: unknown) => JSON.stringify({ ...(p as Payload), id: 0, createdAt: 0, signals: 0 });
  return content(kept) === content(next);
}

const blocked = (code: Blocker['code'], attribute: string, notConfigured: boolean, reason: string): Blocker => ({
  code,
  attribute,
  notConfigured,
  message: `${reason} Nothing will be sent.`,
});

export abstract class MembraneFormElement extends LitElement {
  static override properties = {
    endpoint: { type: String },
    securityEndpoint: { type: String, attribute: 'security-endpoint' },
    securityPolicy: { type: String, attribute: 'security-policy' },
    backend: { type: String },
    backendKey: { type: String, attribute: 'backend-key' },
    fallbackEmail: { type: String, attribute: 'fallback-email' },
    persist: { type: String },
    timeout: { type: Number },
    draftRestored: { state: true },
    secretsFound: { state: true },
    refusedPaste: { state: true },
    adapter: { attribute: false },
    captcha: { attribute: false },
    strings: { attribute: false },
    sendState: { state: true },
    failure: { state: true },
    reference: { state: true },
    submitted: { state: true },
    touched: { state: true },
    serverErrors: { state: true },
    refusedByPolicy: { state: true },
  };

  /** HTTPS URL that contact and follow-up requests are POSTed to. */
  declare endpoint: string | undefined;
  /** HTTPS URL for security reports; defaults to `endpoint`. */
  declare securityEndpoint: string | undefined;
  /** URL of the site's vulnerability disclosure policy. */
  declare securityPolicy: string | undefined;
  /** Adapter preset: `json` (default), or a named service (docs/backends.md). */
  declare backend: string | undefined;
  /** A public key some backends take (`web3forms`' access key). */
  declare backendKey: string | undefined;
  /** A custom adapter: `{ toRequest(payload), fromResponse(response) }`; overrides `backend`. */
  declare adapter: Adapter | undefined;
  /** Seconds to wait for the backend's answer before trying again later (default 30). */
  declare timeout: number | undefined;
  /** Where drafts are kept: this tab's session (default) or, with `local`, this browser for 7 days. */
  declare persist: string | undefined;
  /** An address offered as a `mailto:` way out when a message cannot be sent now. */
  declare fallbackEmail: string | undefined;
  /** Returns a fresh CAPTCHA token (Turnstile, hCaptcha, ALTCHA) for each attempt, sent as `Membrane-Captcha`. */
  declare captcha: (() => Promise<string> | string) | undefined;
  /** Overrides for any of the English strings, by key (see src/locales). */
  declare strings: Partial<Strings & SecurityStrings> | undefined;

  protected declare sendState: SendState;
  protected declare failure: Delivery | undefined;
  protected declare reference: string;
  protected declare submitted: boolean;
  protected declare touched: ReadonlySet<string>;
  protected declare serverErrors: FieldErrors;
  protected declare draftRestored: boolean;
  /** Likely secrets were found at the last send, until the customer removes them or sends anyway. */
  protected declare secretsFound: boolean;
  protected declare refusedPaste: { id: string; text: string } | undefined;
  /** The page's connect-src refused the endpoint: nothing can be sent from here. */
  private declare refusedByPolicy: string | undefined;

  constructor() {
    super();
    this.sendState = 'idle';
    this.reference = '';
    this.submitted = false;
    this.touched = new Set();
    this.serverErrors = {};
    this.draftRestored = false;
    this.secretsFound = false;
  }

  /** Which endpoint attribute this form's requests go to. */
  protected abstract readonly endpointAttribute: 'endpoint' | 'security-endpoint';

  protected get t(): Strings {
    return resolveStrings(this.strings);
  }

  protected get locale(): string {
    return resolveLocale(this);
  }

  protected get endpointValue(): string | undefined {
    return this.endpointAttribute === 'security-endpoint' ? this.securityEndpoint || this.endpoint : this.endpoint;
  }

  /** The endpoint requests go to: the attribute, else the preset's own (a service's fixed URL). */
  private endpointOrDefault(preset = presetName(this.backend)): string | undefined {
    return this.endpointValue || (preset ? PRESETS[preset]!.defaultEndpoint : undefined);
  }

  /** Seconds to wait for an answer: the `timeout` attribute when it is a positive number, else 30. */
  private get timeoutSeconds(): number {
    return this.timeout! > 0 ? this.timeout! : DEFAULT_TIMEOUT_MS / 1000;
  }

  /** The reason this form cannot send from here, if there is one. */
  protected get blocker(): Blocker | undefined {
    if (!window.isSecureContext) return blocked('insecure-page', 'page', false, 'this page is not a secure context: serve it over https:.');
    if (this.refusedByPolicy) {
      const reason = `the page's Content-Security-Policy does not allow ${this.refusedByPolicy} in connect-src: add it there.`;
      return blocked('config', this.endpointAttribute, true, reason);
    }
    // A custom adapter may choose its URL per request: the transport checks it at send time.
    if (this.adapter) return undefined;
    const preset = presetName(this.backend);
    if (!preset) return blocked('config', 'backend', true, `"${this.backend}" is not one of ${Object.keys(PRESETS).join(', ')}.`);
    const value = this.endpointOrDefault(preset);
    const check = checkEndpoint(value, document.baseURI);
    if (check.ok) return undefined;
    // A security form with no security-endpoint falls back to endpoint: name the one the site owner set.
    const attribute =
      this.endpointAttribute === 'security-endpoint' && this.securityEndpoint ? 'security-endpoint' : 'endpoint';
    return blocked('insecure-endpoint', attribute, check.problem === 'missing', ENDPOINT_REASONS[check.problem](`"${value}"`));
  }

  protected override updated(changed: PropertyValues): void {
    super.updated(changed);
    this.announceBlocker();
    if (changed.has('draft') && this.hasUpdated) {
      clearTimeout(this.draftTimer);
      this.draftTimer = setTimeout(this.saveDraft, 400);
    }
  }

  private announcedBlocker = '';

  /** Tells the site owner as soon as the configuration is known, not only when a customer presses send. */
  private announceBlocker(): void {
    const blocker = this.blocker;
    const key = blocker ? `${blocker.attribute}:${blocker.message}` : '';
    if (key === this.announcedBlocker) return;
    this.announcedBlocker = key;
    if (blocker) this.reportError({ code: blocker.code, message: blocker.message, attribute: blocker.attribute });
  }

  /** Console warning (for misconfiguration) plus a `membrane-error` event, as SPEC requires. */
  protected reportError(detail: MembraneErrorDetail): void {
    if (detail.attribute) warnOnce(this, detail.attribute, detail.message);
    this.dispatchEvent(new CustomEvent('membrane-error', { detail, bubbles: true, composed: true }));
  }

  /** Sentence for a field error code, in the customer's language. */
  protected errorText(code: FieldErrorCode | undefined, value: string, max: number): string | undefined {
    const t = this.t;
    switch (code) {
      case undefined:
        return undefined;
      case 'required':
        return t.errorRequired;
      case 'too-long':
        return format(t.errorTooLong, { max, count: value.length });
      case 'email':
        return t.errorEmail;
      case 'characters':
        return t.errorCharacters;
      default:
        return t.errorInvalid;
    }
  }

  /** Errors to show now: a field's own only after it was touched, all after a submit attempt. */
  protected visibleErrors(payload: Payload): FieldErrors {
    const check = checkPayload(payload);
    const errors: FieldErrors = { ...(check.ok ? {} : check.errors), ...this.serverErrors };
    if (this.submitted) return errors;
    return Object.fromEntries(Object.entries(errors).filter(([key]) => this.touched.has(key)));
  }

  protected touch(key: string): void {
    if (!this.touched.has(key)) this.touched = new Set([...this.touched, key]);
  }

  protected clearServerError(key: string): void {
    if (key in this.serverErrors) {
      const { [key]: _, ...rest } = this.serverErrors;
      this.serverErrors = rest;
    }
  }

  /** Moves focus to the first field marked invalid, after the errors have rendered. */
  protected async focusFirstInvalid(): Promise<void> {
    await this.updateComplete;
    const first = this.renderRoot.querySelector<HTMLElement>('[aria-invalid="true"]');
    first?.focus();
  }

  /**
   * The one delivery flow: validate with the payload schema, let the host veto (`membrane-submit`),
   * refuse to send insecurely, send, then tell the truth about the outcome.
   */
  protected async deliver(payload: Payload): Promise<void> {
    if (this.sendState === 'sending') return;
    this.submitted = true;
    this.serverErrors = {};
    const check = checkPayload(payload);
    if (!check.ok) {
      this.sendState = 'idle';
      this.failure = undefined;
      this.reportError({ code: 'invalid', message: `Fields to fix: ${Object.keys(check.errors).join(', ')}.` });
      await this.focusFirstInvalid();
      return;
    }
    if (!this.secretsAccepted) {
      if (Object.values(this.fields).some((v) => typeof v === 'string' && findSecrets(v).length > 0)) {
        this.secretsFound = true;
        this.sendState = 'idle';
        await this.updateComplete;
        this.renderRoot.querySelector<HTMLElement>('[part~="secrets"] button')?.focus();
        return;
      }
    }
    this.secretsAccepted = false;
    this.secretsFound = false;
    const submit = new CustomEvent('membrane-submit', {
      detail: { payload: check.payload },
      bubbles: true,
      composed: true,
      cancelable: true,
    });
    if (!this.dispatchEvent(submit)) return;

    const blocker = this.blocker;
    if (blocker) {
      this.sendState = 'failed';
      this.failure = { ok: false, code: blocker.code };
      this.reportError({ code: blocker.code, message: blocker.message, attribute: blocker.attribute });
      return;
    }

    const outbox = this.outbox();
    const own = this.ownItem();
    // Send pressed again on an unchanged message kept for a retry: that message, now, with its id.
    if (own && this.pendingId === own.id && own.state === 'pending' && sameMessage(own.payload, check.payload)) {
      return this.tryNow();
    }
    this.sendState = 'sending';
    // A changed message, or one the backend refused and the customer fixed, replaces the kept one.
    if (own && this.pendingId === own.id) outbox.remove(own.id);
    const signals = { honeypot: this.honeypot !== '', elapsedMs: Math.max(0, Math.round(performance.now() - this.firstRendered)) };
    const queued = { ...check.payload, signals };
    outbox.enqueue(queued, queued.id);
    this.pendingId = queued.id;
    this.pendingPayload = queued;
    await outbox.flush(queued.id);
    this.scheduleRetry();
  }

  /** "Try now": the kept message, at once, with its id. */
  protected async tryNow(): Promise<void> {
    if (!this.pendingId || this.sendState === 'sending') return;
    this.sendState = 'sending';
    await this.outbox().retryNow(this.pendingId);
    // No attempt was made here (another tab holds it, or it was delivered meanwhile): say which.
    if (this.sendState === 'sending') {
      this.checkDelivered();
      if (this.sendState === 'sending') this.sendState = 'queued';
    }
    this.scheduleRetry();
  }

  /** Filled in by the hidden honeypot field (renderHoneypot): people never see it. */
  protected honeypot = '';
  private firstRendered = performance.now();
  private pendingId: string | undefined;
  private pendingPayload: Payload | undefined;
  private box: Outbox | undefined;
  private boxKey = '';
  private retryTimer: ReturnType<typeof setTimeout> | undefined;

  /** Where kept messages wait: the origin's storage, shared by its tabs (security forms: this tab's). */
  protected get outboxArea(): StorageArea {
    return 'localStorage';
  }

  /**
   * One outbox per form type and endpoint: a kept message goes where it was meant to go, whichever
   * page of the site sends it in the end.
   */
  private outbox(): Outbox {
    const key = outboxKey(this.localName, this.endpointValue ?? '');
    if (this.boxKey !== key) this.box = undefined;
    this.boxKey = key;
    this.box ??= createOutbox({
      store: storageEntry(this.outboxArea, key),
      lock: tabLock,
      accept: (payload) => checkPayload(payload).ok,
      send: (item) => this.attempt(item),
      onEvent: (event) => this.onOutboxEvent(event),
    });
    return this.box;
  }

  /** This form's message in the outbox: the one it sent, or the newest one kept from an earlier visit. */
  private ownItem(): OutboxItem | undefined {
    const items = this.outbox().items();
    return this.pendingId ? items.find((item) => item.id === this.pendingId) : items.at(-1);
  }

  /** Sends what is due (at start-up, back online, the page visible again, a retry's time). */
  private flushOutbox = (): void => {
    if (document.visibilityState === 'hidden') return;
    const own = this.ownItem();
    // A message kept from an earlier visit (a reload while sending, a tab closed offline): its state
    // is on screen again until it is delivered.
    if (own && !this.pendingId && this.sendState === 'idle') {
      this.pendingId = own.id;
      this.pendingPayload = own.payload as Payload;
      if (own.state === 'pending') {
        this.sendState = 'queued';
        this.failure = { ok: false, code: own.lastError?.code ?? 'network', status: own.lastError?.status };
        this.interrupted = !own.lastError;
      }
    }
    void this.outbox()
      .flush()
      .then(() => {
        this.checkDelivered();
        this.scheduleRetry();
      });
  };

  private scheduleRetry(): void {
    clearTimeout(this.retryTimer);
    const due = this.box?.nextDueAt();
    if (due !== undefined && this.isConnected) {
      // Still due after a flush: another tab holds it and is sending it. Look again in a second,
      // rather than spin until that tab is done.
      const wait = due - Date.now();
      this.retryTimer = setTimeout(this.flushOutbox, wait > 0 ? Math.min(wait, 2 ** 31 - 1) : 1000);
    }
  }

  override connectedCallback(): void {
    super.connectedCallback();
    addEventListener('online', this.onOnline);
    addEventListener('storage', this.checkDelivered);
    document.addEventListener('visibilitychange', this.flushOutbox);
    addEventListener('pagehide', this.saveDraft);
    document.addEventListener('visibilitychange', this.onHidden);
    if (!this.hasUpdated) this.restoreDraft();
    queueMicrotask(this.flushOutbox);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    removeEventListener('online', this.onOnline);
    removeEventListener('storage', this.checkDelivered);
    document.removeEventListener('visibilitychange', this.flushOutbox);
    removeEventListener('pagehide', this.saveDraft);
    document.removeEventListener('visibilitychange', this.onHidden);
    clearTimeout(this.retryTimer);
    this.saveDraft();
  }

  /** One attempt at sending a kept message, with the configuration the form has now. */
  private async attempt(item: OutboxItem): Promise<SendResult> {
    const blocker = this.blocker;
    if (blocker) return { ok: false, code: blocker.code };
    let adapter = this.adapter;
    try {
      adapter ??= await loadBackend(presetName(this.backend)!);
    } catch {
      // The preset's code did not load (offline, or its integrity did not match): not sent.
    }
    if (!adapter) return { ok: false, code: 'network' };
    let headers: Record<string, string> | undefined;
    if (this.captcha) {
      try {
        headers = { 'Membrane-Captcha': String(await this.captcha()) };
      } catch (error) {
        return { ok: false, code: 'config', attribute: 'captcha', detail: `the captcha function failed: ${String(error)}` };
      }
    }
    const refusedByPolicy = watchConnectPolicy();
    const delivery = await sendPayload({
      endpoint: this.endpointValue,
      payload: item.payload as Payload,
      base: document.baseURI,
      secureContext: window.isSecureContext,
      adapter,
      key: this.backendKey,
      headers,
      timeoutMs: this.timeoutSeconds * 1000,
    });
    if (!delivery.ok && delivery.code === 'network' && (await refusedByPolicy())) {
      try {
        this.refusedByPolicy = new URL(this.endpointOrDefault() ?? '', document.baseURI).origin;
      } catch {
        this.refusedByPolicy = 'the endpoint';
      }
      return { ok: false, code: 'config', detail: this.blocker!.message };
    }
    return delivery;
  }

  /** Tells the customer, once per change, what state their message is in. */
  private onOutboxEvent(event: OutboxEvent): void {
    if (event.id !== this.pendingId) return;
    this.copied = false;
    this.interrupted = false;
    if (event.type === 'sending') {
      this.sendState = 'sending';
      return;
    }
    if (event.type === 'sent') {
      if (event.delivery.shape === 'other') {
        warnOnce(
          this,
          this.endpointAttribute,
          `the server answered ${event.delivery.status} with something other than JSON (a web page?). The request was accepted, but check that ${this.endpointAttribute} is your form backend and answers {"reference": "..."}.`,
        );
      }
      return this.showSent(event.reference);
    }
    const delivery = event.delivery;
    this.failure = delivery;
    const status = delivery.status;
    const where = this.adapter ? 'the adapter' : this.endpointAttribute;
    const messages: Record<string, string> = {
      network: `no answer from ${where} (offline, TLS, CORS, or a redirect, which is never followed).`,
      timeout: `no answer from ${where} within ${this.timeoutSeconds} seconds.`,
      http: `${where} answered ${status}; only a 2xx counts as sent.`,
      config: `${delivery.detail}.`,
      'insecure-endpoint': ENDPOINT_REASONS[delivery.endpointProblem ?? 'unparsable']("the adapter's URL"),
    };
    const message = messages[delivery.code] ?? delivery.code;
    if (event.type === 'will-retry') {
      this.sendState = 'queued';
      this.reportError({ code: 'queued', message: `kept for a retry: ${message}`, ...(status !== undefined ? { status } : {}) });
      return;
    }
    this.sendState = 'failed';
    const fields = delivery.fieldErrors ?? {};
    this.serverErrors = fields;
    const ownerFault = delivery.code === 'config' || delivery.code === 'insecure-endpoint';
    const blocker = this.blocker;
    this.reportError({
      code: Object.keys(fields).length > 0 ? 'invalid' : delivery.code,
      message: blocker && ownerFault && !delivery.attribute ? blocker.message : message,
      ...(ownerFault ? { attribute: delivery.attribute ?? blocker?.attribute ?? (this.adapter ? 'adapter' : 'backend') } : {}),
      ...(status !== undefined ? { status } : {}),
    });
    if (Object.keys(fields).length > 0) void this.focusFirstInvalid();
  }

  /** A confirmed delivery, by this tab or another: the confirmation, the event, the draft gone. */
  private showSent(reference: string): void {
    const payload = this.pendingPayload;
    this.pendingId = undefined;
    this.reference = reference;
    this.failure = undefined;
    this.sendState = 'sent';
    this.onSent();
    this.draftRestored = false;
    try {
      this.draftStore().entry.remove();
    } catch {
      // Nothing was stored.
    }
    this.savedDraft = JSON.stringify(this.draftText());
    this.dispatchEvent(new CustomEvent('membrane-sent', { detail: { payload, reference }, bubbles: true, composed: true }));
  }

  /** Another tab may have delivered this form's message (they share the outbox): say so here too. */
  private checkDelivered = (): void => {
    const reference = this.pendingId && this.box?.delivered(this.pendingId);
    if (reference) this.showSent(reference);
  };

  /** Back online: messages that failed for want of a network go now, not at their scheduled time. */
  private onOnline = (): void => {
    const outbox = this.outbox();
    for (const item of outbox.items()) {
      if (item.state === 'pending' && (item.lastError?.code === 'network' || item.lastError?.code === 'timeout')) {
        void outbox.retryNow(item.id).then(() => this.scheduleRetry());
      }
    }
    this.flushOutbox();
  };

  /** Hook for subclasses to reset their drafts once a request is confirmed. */
  protected abstract onSent(): void;

  /** The form's fields as drafts store them; setting merges. */
  protected abstract get fields(): Record<string, string | boolean>;
  protected abstract set fields(values: Record<string, string | boolean>);
  /** Which draft this form keeps. */
  protected abstract readonly draftKind: Kind;
  /** The fields of an untouched form: a draft equal to it is no draft. */
  protected abstract readonly emptyFields: Record<string, string | boolean>;

  private secretsAccepted = false;
  private draftTimer: ReturnType<typeof setTimeout> | undefined;
  private savedDraft = '';

  /** Drafts of security reports stay in this tab's session, whatever `persist` says. */
  private draftStore() {
    const local = this.persist === 'local' && this.outboxArea === 'localStorage';
    return {
      entry: storageEntry(local ? 'localStorage' : 'sessionStorage', draftKey(this.draftKind, location.href)),
      ttl: local ? DRAFT_TTL_MS : Infinity,
    };
  }

  private draftText(fields = this.fields): Record<string, string> {
    return Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, v === true ? 'true' : v === false ? '' : v]));
  }

  /** True when nothing differs from an untouched form. */
  private untouched(values: Record<string, string>): boolean {
    const empty = this.draftText(this.emptyFields);
    return Object.entries(values).every(([k, v]) => v === (empty[k] ?? ''));
  }

  /** Brings back what the customer typed before a reload; tampered or foreign data is ignored. */
  private restoreDraft(): void {
    let stored: string | null = null;
    try {
      stored = this.draftStore().entry.read();
    } catch {
      return;
    }
    const current = this.fields;
    const found = decodeDraft(stored, Date.now(), Object.keys(current));
    if (!found || this.untouched({ ...this.draftText(this.emptyFields), ...found })) return;
    this.fields = Object.fromEntries(Object.entries(found).map(([k, v]) => [k, typeof current[k] === 'boolean' ? v === 'true' : v]));
    this.savedDraft = JSON.stringify(this.draftText());
    this.draftRestored = true;
  }

  /** Saves the draft now (debounced typing, pagehide, the page hidden); secrets never reach storage. */
  private saveDraft = (): void => {
    clearTimeout(this.draftTimer);
    const values = this.draftText();
    const text = JSON.stringify(values);
    if (text === this.savedDraft) return;
    this.savedDraft = text;
    const { entry, ttl } = this.draftStore();
    try {
      if (this.untouched(values)) entry.remove();
      else entry.write(encodeDraft(values, Date.now(), ttl));
    } catch {
      // No storage here: the draft lives as long as the page, and sending is unaffected.
    }
  };

  private onHidden = (): void => {
    if (document.visibilityState === 'hidden') this.saveDraft();
  };

  /** "Discard it": the restored draft is cleared from the form and from storage. */
  protected discardDraft(): void {
    this.fields = this.emptyFields;
    this.draftRestored = false;
    this.saveDraft();
  }

  /** A field with the paste guard: a paste longer than the field takes is refused, with a sentence. */
  protected field(o: FieldOptions & { max: number }): TemplateResult {
    const refused = this.refusedPaste?.id === o.id ? this.refusedPaste.text : undefined;
    return renderField({
      ...o,
      error: refused ?? o.error,
      onInput: (value) => {
        if (refused) this.refusedPaste = undefined;
        o.onInput(value);
      },
      onPaste: (length) => {
        if (length <= o.max) return true;
        this.refusedPaste = { id: o.id, text: format(this.t.pasteRefused, { count: length, max: o.max }) };
        return false;
      },
    });
  }

  /** Offered before sending when a field seems to hold a private key, password or token. */
  protected renderSecretsNotice(): TemplateResult | typeof nothing {
    if (!this.secretsFound) return nothing;
    const t = this.t;
    const remove = () => {
      this.fields = Object.fromEntries(Object.entries(this.fields).map(([k, v]) => [k, typeof v === 'string' ? removeSecrets(v) : v]));
      this.secretsFound = false;
    };
    const sendAnyway = () => {
      this.secretsAccepted = true;
      this.requestSubmit();
    };
    return html`<div class="notice" role="alert" part="secrets">
      <p>${t.secretsFound}</p>
      <div class="actions">
        <button type="button" part="button remove-secrets" @click=${remove}>${t.removeSecrets}</button>
        <button type="button" class="secondary" part="button send-anyway" @click=${sendAnyway}>${t.sendAnyway}</button>
      </div>
    </div>`;
  }

  /** Said once, at the top, when a draft was brought back. */
  protected renderDraftNote(): TemplateResult | typeof nothing {
    if (!this.draftRestored) return nothing;
    return html`<p class="note" part="draft-note">
      ${this.t.draftRestored}
      <button type="button" class="link-button" part="button discard" @click=${this.discardDraft}>${this.t.discardDraft}</button>
    </p>`;
  }

  /** Behaves exactly like pressing the send button, validation included. */
  abstract requestSubmit(): void;

  /** A field hidden from people and assistive technology: only a bot fills it in (`signals.honeypot`). */
  protected renderHoneypot(): TemplateResult {
    return html`<div class="hp" aria-hidden="true">
      <label>Leave this empty <input name="website" tabindex="-1" autocomplete="off" @input=${(e: Event) => (this.honeypot = (e.target as HTMLInputElement).value)} /></label>
    </div>`;
  }

  /** Shown above the fields, before the customer types, when this form cannot send from here. */
  protected renderBlockerNotice(): TemplateResult | typeof nothing {
    const blocker = this.blocker;
    if (!blocker) return nothing;
    return html`<p class="notice" part="notice">${blocker.notConfigured ? this.t.notConfigured : this.t.insecure}</p>`;
  }

  /** The live status line, the retry action after a failure, and the send button. */
  protected renderSendControls(): TemplateResult {
    const blocked = this.blocker !== undefined;
    const t = this.t;
    const queued = this.sendState === 'queued';
    const mail = this.mailto();
    return html`${renderStatus({
      state: this.sendState,
      failure: [this.failureText(), this.copied && queued ? t.copied : ''].join(' ').trim(),
      failureShownElsewhere: blocked,
      canRetry: !blocked,
      onRetry: () => this.requestSubmit(),
      t,
    })}
    ${queued
      ? html`<div class="actions">
          <button type="button" class="secondary" part="button try-now" @click=${() => this.tryNow()}>${t.tryNow}</button>
          <button type="button" class="secondary" part="button copy" @click=${this.copyMessage}>${t.copyMessage}</button>
        </div>`
      : nothing}
    ${mail && (queued || this.sendState === 'failed') ? html`<p><a href=${mail} part="fallback-email">${t.mailFallback}</a></p>` : nothing}
    ${renderSendButton(this.sendState, t)}`;
  }

  private copied = false;
  /** The kept message's last attempt never ended (the page was reloaded or closed while sending). */
  private interrupted = false;

  /** What the customer wrote, as text they can keep or paste elsewhere. */
  private messageText(): string {
    const p = this.pendingPayload;
    if (!p) return '';
    return [p.topicOther, p.followUp?.reference, p.security?.summary, p.message, p.security?.steps, p.security?.impact]
      .filter(Boolean)
      .join('\n\n');
  }

  private copyMessage = async (): Promise<void> => {
    try {
      await navigator.clipboard.writeText(this.messageText());
      this.copied = true;
      this.requestUpdate();
    } catch {
      // No clipboard here (permissions, an old browser): select the text for the customer instead.
      this.renderRoot.querySelector<HTMLTextAreaElement>('textarea')?.select();
    }
  };

  /** The `mailto:` way out, when the site gave a valid `fallback-email`. */
  private mailto(): string | undefined {
    const address = this.fallbackEmail;
    if (!address) return undefined;
    if (!isValidEmail(address)) {
      warnOnce(this, 'fallback-email', `"${address}" is not an e-mail address: no e-mail link is offered.`);
      return undefined;
    }
    const body = this.messageText();
    return `mailto:${address}?subject=${encodeURIComponent(document.title || location.host)}&body=${encodeURIComponent(body.slice(0, 1500))}`;
  }

  /** The customer-facing sentence for the current failure. */
  protected failureText(): string | undefined {
    const f = this.failure;
    if (!f || f.ok) return undefined;
    const t = this.t;
    if (this.sendState === 'queued') {
      const reason = this.interrupted
        ? t.reasonInterrupted
        : f.code === 'timeout' ? t.reasonTimeout : f.code === 'http' ? format(t.reasonBusy, { status: f.status ?? '' }) : t.reasonNetwork;
      return format(t.statusQueued, { reason });
    }
    switch (f.code) {
      case 'insecure-page':
        return t.insecure;
      case 'insecure-endpoint':
      case 'config':
        return this.blocker?.notConfigured || f.code === 'config' ? t.notConfigured : t.insecure;
      case 'timeout':
        return t.failedTimeout;
      case 'http':
        return Object.keys(this.serverErrors).length > 0 ? t.failedInvalid : format(t.failedHttp, { status: f.status ?? '' });
      default:
        return t.failedNetwork;
    }
  }
}

