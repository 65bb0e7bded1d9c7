/**
 * What the contact and security forms share: the sending attributes, strings, events, the HTTPS rule
 * made visible, and one delivery flow. Elements never call `fetch`: `sendPayload` in core does.
 */
import { html, LitElement, nothing, type PropertyValues, type TemplateResult } from 'lit';
import type { Adapter } from '../../core/adapters/adapter.js';
import { PRESETS, presetName } from '../../core/adapters/presets.js';
import { checkEndpoint, type EndpointProblem } from '../../core/endpoint-rules.js';
import { checkPayload, type FieldErrorCode, type FieldErrors, type Payload } from '../../core/schemas.js';
import { sendPayload, type Delivery } from '../../core/transport.js';
import { format, resolveStrings, type Strings } from '../../locales/index.js';
import type { SecurityStrings } from '../../locales/en-security.js';
import { watchConnectPolicy } from './connect-policy.js';
import type { MembraneErrorDetail } from './events.js';
import { loadBackend } from './load-backend.js';
import { resolveLocale } from './locale.js';
import { renderSendButton, renderStatus } from './template.js';
import { warnOnce } from './warnings.js';

export type SendState = 'idle' | 'sending' | 'sent' | 'failed';

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
    adapter: { attribute: false },
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
  /** Overrides for any of the English strings, by key (see src/locales). */
  declare strings: Partial<Strings & SecurityStrings> | undefined;

  protected declare sendState: SendState;
  protected declare failure: Delivery | undefined;
  protected declare reference: string;
  protected declare submitted: boolean;
  protected declare touched: ReadonlySet<string>;
  protected declare serverErrors: FieldErrors;
  /** The page's connect-src refused the endpoint: nothing can be sent from here. */
  private declare refusedByPolicy: string | undefined;

  constructor() {
    super();
    this.sendState = 'idle';
    this.reference = '';
    this.submitted = false;
    this.touched = new Set();
    this.serverErrors = {};
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
    const value = this.endpointValue || PRESETS[preset]!.defaultEndpoint;
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

    this.sendState = 'sending';
    this.failure = undefined;
    let adapter = this.adapter;
    try {
      adapter ??= await loadBackend(presetName(this.backend)!);
    } catch {
      // The preset's code did not load (offline, or its integrity did not match): not sent.
    }
    const refusedByPolicy = watchConnectPolicy();
    const delivery: Delivery = adapter
      ? await sendPayload({
          endpoint: this.endpointValue,
          payload: check.payload,
          base: document.baseURI,
          secureContext: window.isSecureContext,
          adapter,
          key: this.backendKey,
        })
      : { ok: false, code: 'network' };
    const refused = await refusedByPolicy();
    if (!delivery.ok && delivery.code === 'network' && refused) {
      const preset = PRESETS[presetName(this.backend) ?? 'json'];
      try {
        this.refusedByPolicy = new URL(this.endpointValue || preset?.defaultEndpoint || '', document.baseURI).origin;
      } catch {
        this.refusedByPolicy = 'the endpoint';
      }
      const blocker = this.blocker!;
      this.failure = { ok: false, code: 'config' };
      this.sendState = 'failed';
      this.reportError({ code: 'config', message: blocker.message, attribute: blocker.attribute });
      return;
    }
    if (delivery.ok) {
      if (delivery.shape === 'other') {
        warnOnce(
          this,
          this.endpointAttribute,
          `the server answered ${delivery.status} with something other than JSON (a web page?). The request was accepted, but check that ${this.endpointAttribute} is your form backend and answers {"reference": "..."}.`,
        );
      }
      this.reference = delivery.reference;
      this.sendState = 'sent';
      this.onSent(check.payload, delivery.reference);
      this.dispatchEvent(
        new CustomEvent('membrane-sent', {
          detail: { payload: check.payload, reference: delivery.reference },
          bubbles: true,
          composed: true,
        }),
      );
      return;
    }
    this.failure = delivery;
    this.sendState = 'failed';
    const fields = delivery.fieldErrors ?? {};
    this.serverErrors = fields;
    const status = delivery.status;
    const where = this.adapter ? 'the adapter' : this.endpointAttribute;
    const messages: Record<string, string> = {
      network: `no answer from ${where} (offline, TLS, CORS, or a redirect, which is never followed).`,
      timeout: `no answer from ${where} within 30 seconds.`,
      http: `${where} answered ${status}; only a 2xx counts as sent.`,
      config: `${delivery.detail}.`,
      'insecure-endpoint': ENDPOINT_REASONS[delivery.endpointProblem ?? 'unparsable']("the adapter's URL"),
    };
    const ownerFault = delivery.code === 'config' || delivery.code === 'insecure-endpoint';
    this.reportError({
      code: Object.keys(fields).length > 0 ? 'invalid' : delivery.code,
      message: messages[delivery.code] ?? delivery.code,
      ...(ownerFault ? { attribute: this.adapter ? 'adapter' : 'backend' } : {}),
      ...(status !== undefined ? { status } : {}),
    });
    if (Object.keys(fields).length > 0) await this.focusFirstInvalid();
  }

  /** Hook for subclasses to reset their drafts once a request is confirmed. */
  protected abstract onSent(payload: Payload, reference: string): void;

  /** Behaves exactly like pressing the send button, validation included. */
  abstract requestSubmit(): void;

  /** Shown above the fields, before the customer types, when this form cannot send from here. */
  protected renderBlockerNotice(): TemplateResult | typeof nothing {
    const blocker = this.blocker;
    if (!blocker) return nothing;
    return html`<p class="notice" part="notice">${blocker.notConfigured ? this.t.notConfigured : this.t.insecure}</p>`;
  }

  /** The live status line, the retry action after a failure, and the send button. */
  protected renderSendControls(): TemplateResult {
    const blocked = this.blocker !== undefined;
    return html`${renderStatus({
      state: this.sendState,
      failure: this.failureText(),
      failureShownElsewhere: blocked,
      canRetry: !blocked,
      onRetry: () => this.requestSubmit(),
      t: this.t,
    })}
    ${renderSendButton(this.sendState, this.t)}`;
  }

  /** The customer-facing sentence for the current failure. */
  protected failureText(): string | undefined {
    const f = this.failure;
    if (!f || f.ok) return undefined;
    const t = this.t;
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

