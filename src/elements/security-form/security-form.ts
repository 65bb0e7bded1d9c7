import { html, nothing, type PropertyValues } from 'lit';
import { checkCvssVector } from '../../core/cvss.js';
import { LIMITS } from '../../core/limits.js';
import type { FieldErrors, Payload } from '../../core/schemas.js';
import { buildSecurityPayload, type SecurityDraft } from '../../core/security-payload.js';
import { contactChoices, type SecurityTxtFields, type SecurityTxtProblem } from '../../core/security-txt.js';
import { fetchSecurityTxt, type SecurityTxtFetch } from '../../core/security-txt-fetch.js';
import { fetchText } from '../../core/fetch-text.js';
import { loadEncryption, type EncryptionResult } from './encryptor.js';
import { warnOnce } from '../shared/warnings.js';
import { en, format, resolveStrings, type Strings } from '../../locales/index.js';
import { enSecurity, type SecurityStrings } from '../../locales/en-security.js';
import { renderChoice } from '../shared/field.js';
import { MembraneFormElement } from '../shared/form-element.js';
import { formStyles } from '../shared/styles.js';
import { formatParts, renderConfirmation } from '../shared/template.js';
import { renderSelect } from './select-field.js';

/** What `prefill()` accepts on the security form. */
export interface SecurityPrefill {
  name?: string;
  email?: string;
  summary?: string;
  asset?: string;
  steps?: string;
  impact?: string;
  /** Taken as the steps when no `steps` is given (the contact form hands its message over). */
  message?: string;
}

/** The form's own fields: the payload's, plus the choices that become them. */
interface SecurityFormDraft extends SecurityDraft {
  /** A category value from CATEGORIES; `other` asks for `categoryOther`. */
  categoryChoice: string;
  categoryOther: string;
  /** `low` … `critical`, `cvss` (asks for `cvss`), or empty. */
  severityChoice: string;
  cvss: string;
}

const EMPTY_DRAFT: Readonly<SecurityFormDraft> = {
  summary: '',
  asset: '',
  category: '',
  categoryChoice: '',
  categoryOther: '',
  steps: '',
  impact: '',
  severity: '',
  severityChoice: '',
  cvss: '',
  name: '',
  email: '',
  credit: '',
  policyAccepted: false,
};

/** Common weakness classes, in the words researchers and triagers use. Values are sent as is. */
const CATEGORIES = [
  ['', 'categoryUnsure'],
  ['xss', 'categoryXss'],
  ['injection', 'categoryInjection'],
  ['authentication', 'categoryAuth'],
  ['access-control', 'categoryAccess'],
  ['csrf', 'categoryCsrf'],
  ['ssrf', 'categorySsrf'],
  ['data-exposure', 'categoryExposure'],
  ['transport', 'categoryTransport'],
  ['misconfiguration', 'categoryConfig'],
  ['other', 'categoryOther'],
] as const;

const SEVERITIES = [
  ['', 'severityUnsure'],
  ['low', 'severityLow'],
  ['medium', 'severityMedium'],
  ['high', 'severityHigh'],
  ['critical', 'severityCritical'],
  ['cvss', 'severityCvss'],
] as const;

const FIELD_LIMITS: Record<string, number> = {
  'security.summary': LIMITS.summary,
  'security.category': LIMITS.topicOther,
  'security.credit': LIMITS.name,
  'security.asset': LIMITS.asset,
  'security.steps': LIMITS.steps,
  'security.impact': LIMITS.impact,
  name: LIMITS.name,
  email: LIMITS.email,
};

/**
 * @tag membrane-security-form
 * @summary A vulnerability report form: for weaknesses in the site, routed to the security team.
 *
 * @attr endpoint - HTTPS URL requests are POSTed to when `security-endpoint` is not set.
 * @attr security-endpoint - HTTPS URL security reports are POSTed to.
 * @attr security-policy - URL of the disclosure policy, linked from the form and the confirmation.
 * @attr ack-time - When to expect an acknowledgement, e.g. "within 3 business days".
 * @attr security-txt - `auto` or a URL of a security.txt file (RFC 9116): its contacts, policy, acknowledgements and key are used.
 * @attr encryption-key - The security team's OpenPGP public key (https: URL or ASCII armor): steps and impact are encrypted in the browser.
 * @attr encryption - `optional` allows sending unencrypted, after asking the customer, when the key cannot be used.
 * @attr fallback-email - Offered as a mailto: link while a message waits for a retry or cannot be sent.
 * @attr persist - Where drafts are kept: the session (default) or `local` (7 days; contact form only).
 * @attr timeout - Seconds to wait for the backend's answer (default 30).
 * @attr lang - The customer's language; defaults to the nearest `lang` attribute.
 *
 * @fires membrane-submit - Before sending; cancel it to veto. `detail.payload`.
 * @fires membrane-sent - After a 2xx answer. `detail.payload`, `detail.reference`.
 * @fires membrane-error - When something keeps the report from being sent. `detail.code`, `detail.message`.
 *
 * @csspart form - The form.
 * @csspart field - Each field's wrapper.
 * @csspart label - Field labels.
 * @csspart control - Inputs and text areas.
 * @csspart hint - Hints under labels.
 * @csspart error - Field error text.
 * @csspart status - The live status line.
 * @csspart button - Buttons.
 * @csspart confirmation - The panel shown after sending.
 *
 * @cssprop --membrane-accent - Accent colour of buttons, links and focus rings.
 * @cssprop --membrane-text - Text colour.
 * @cssprop --membrane-background - Background colour.
 * @cssprop --membrane-radius - Corner radius of fields and buttons.
 * @cssprop --membrane-font - Font shorthand.
 */
export class MembraneSecurityFormElement extends MembraneFormElement {
  static override styles = formStyles;

  static override properties = {
    ...MembraneFormElement.properties,
    ackTime: { type: String, attribute: 'ack-time' },
    securityTxt: { type: String, attribute: 'security-txt' },
    encryptionKey: { type: String, attribute: 'encryption-key' },
    encryption: { type: String },
    embedded: { type: Boolean },
    draft: { state: true },
    txt: { state: true },
    key: { state: true },
    sendPlain: { state: true },
  };

  /** When to expect an acknowledgement, shown after sending. */
  declare ackTime: string | undefined;
  /** `auto` (the page origin's /.well-known/security.txt) or a URL: contacts, policy, key (RFC 9116). */
  declare securityTxt: string | undefined;
  /** The security team's OpenPGP public key: an https: URL or the ASCII-armored key itself. */
  declare encryptionKey: string | undefined;
  /** `optional` lets the customer send unencrypted, after asking them, when the key cannot be used. */
  declare encryption: string | undefined;
  /** Set by the contact form that hosts this one: offers a way back to its topics. */
  declare embedded: boolean;
  private declare draft: SecurityFormDraft;
  /** The security.txt as read, while `security-txt` is set. */
  private declare txt: 'loading' | SecurityTxtFetch | undefined;
  /** The security team's key, once read: its fingerprint, or why it cannot be used. */
  private declare key: 'loading' | { ok: true; fingerprint: string; armored: string } | { ok: false; problem: string } | undefined;
  /** The customer chose to send unencrypted (only offered with `encryption="optional"`). */
  private declare sendPlain: boolean;

  protected readonly endpointAttribute = 'security-endpoint' as const;

  protected override get t(): Strings & SecurityStrings {
    return resolveStrings(this.strings, { ...en, ...enSecurity });
  }

  constructor() {
    super();
    this.embedded = false;
    this.draft = EMPTY_DRAFT;
    this.sendPlain = false;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    // Inside a contact form, the security settings are the contact form's attributes: it forwards
    // the common ones as properties, and these are read here so the contact form carries no code
    // for them.
    const host = this.embedded ? (this.getRootNode() as ShadowRoot).host : null;
    if (host) {
      this.securityTxt ??= host.getAttribute('security-txt') ?? undefined;
      this.encryptionKey ??= host.getAttribute('encryption-key') ?? undefined;
      this.encryption ??= host.getAttribute('encryption') ?? undefined;
    }
  }

  /** Fills the visible fields; the customer can still edit them. */
  prefill(values: SecurityPrefill): void {
    const d: SecurityFormDraft = { ...this.draft };
    for (const key of ['name', 'email', 'summary', 'asset', 'steps', 'impact'] as const) {
      const value = values[key];
      if (typeof value === 'string') d[key] = value;
    }
    if (typeof values.steps !== 'string' && typeof values.message === 'string') d.steps = values.message;
    this.draft = d;
  }

  requestSubmit(): void {
    this.renderRoot.querySelector('form')?.requestSubmit();
  }

  /** The draft as the payload wants it: the chosen category and severity in their own words. */
  private formDraft(): SecurityDraft {
    const d = this.draft;
    const category = d.categoryChoice === 'other' ? d.categoryOther : d.categoryChoice;
    const severity = d.severityChoice === 'cvss' ? d.cvss : d.severityChoice;
    return { ...d, category, severity };
  }

  private payloadEnv() {
    return { href: location.href, locale: this.locale };
  }

  private payload(): Payload {
    return buildSecurityPayload(this.formDraft(), this.payloadEnv());
  }

  /** The payload path a draft field's errors are filed under. */
  private static errorKey(key: keyof SecurityFormDraft): string {
    if (key === 'name' || key === 'email') return key;
    if (key === 'categoryOther') return 'security.category';
    if (key === 'cvss') return 'security.severity';
    return `security.${key}`;
  }

  private set<K extends keyof SecurityFormDraft>(key: K, value: SecurityFormDraft[K]): void {
    this.draft = { ...this.draft, [key]: value };
    this.clearServerError(MembraneSecurityFormElement.errorKey(key));
    if (key === 'steps' || key === 'impact') this.sealAhead();
  }

  /** Rules the payload schema cannot know: a policy to accept, a CVSS vector to check, Other to describe. */
  private formErrors(): FieldErrors {
    const d = this.draft;
    const errors: FieldErrors = {};
    if (this.policyUrl && !d.policyAccepted) errors['security.policyAccepted'] = 'required';
    if (d.categoryChoice === 'other' && d.categoryOther.trim() === '') errors['security.category'] = 'required';
    if (d.severityChoice === 'cvss') {
      if (d.cvss.trim() === '') errors['security.severity'] = 'required';
      else if (!checkCvssVector(d.cvss).ok) errors['security.severity'] = 'invalid';
    }
    return errors;
  }

  protected override visibleErrors(payload: Payload): FieldErrors {
    const own = this.formErrors();
    const shown = this.submitted ? own : Object.fromEntries(Object.entries(own).filter(([key]) => this.touched.has(key)));
    return { ...shown, ...super.visibleErrors(payload) };
  }

  protected override async deliver(payload: Payload): Promise<void> {
    this.submitted = true;
    const own = Object.keys(this.formErrors());
    if (own.length > 0) {
      this.reportError({ code: 'invalid', message: `Fields to fix: ${own.join(', ')}.` });
      await this.focusFirstInvalid();
      return;
    }
    // Only a report that passes validation is worth encrypting; the base class reports the rest.
    if (!this.keySource || this.sendPlain || Object.keys(this.visibleErrors(payload)).length > 0) {
      return super.deliver(payload);
    }
    await this.keyReady;
    const key = this.key;
    if (typeof key !== 'object' || !key.ok) {
      // The notice on screen already says why; nothing leaves the browser unencrypted.
      this.reportError({ code: 'invalid', message: 'the report was not sent: the encryption key cannot be used.' });
      return;
    }
    // Steps and impact leave this browser only as an OpenPGP message to the team's key.
    const sealed = await this.seal(key.armored);
    if (!sealed.ok) {
      this.key = { ok: false, problem: sealed.problem };
      this.reportError({ code: 'invalid', message: `the report was not sent: encryption failed (${sealed.problem}).` });
      return;
    }
    await super.deliver(buildSecurityPayload({ ...this.formDraft(), encrypted: sealed.armored }, this.payloadEnv()));
  }

  /** The text that is encrypted: what the team needs to reproduce and weigh the problem. */
  private sealedText(): string {
    return `Steps to reproduce:\n${this.draft.steps}\n\nImpact:\n${this.draft.impact}\n`;
  }

  /** The last text encrypted while the researcher paused, so Send rarely waits for OpenPGP. */
  private sealedAhead: { text: string; armoredKey: string; result: Promise<EncryptionResult> } | undefined;
  private sealTimer: ReturnType<typeof setTimeout> | undefined;

  /** Encrypts the current steps and impact, reusing the work done ahead when nothing changed since. */
  private seal(armoredKey: string): Promise<EncryptionResult> {
    const text = this.sealedText();
    const ahead = this.sealedAhead;
    if (ahead && ahead.text === text && ahead.armoredKey === armoredKey) return ahead.result;
    const result = loadEncryption().then((api) => api.encryptText(armoredKey, text));
    this.sealedAhead = { text, armoredKey, result };
    return result;
  }

  /**
   * STYLE.md: encrypt when the researcher pauses, not on the send click. The work runs in the
   * encryption worker; a failure here is only a missed head start, since Send encrypts again.
   */
  private sealAhead(): void {
    clearTimeout(this.sealTimer);
    const key = this.key;
    if (typeof key !== 'object' || !key.ok || this.draft.steps.trim() === '') return;
    this.sealTimer = setTimeout(() => void this.seal(key.armored).catch(() => (this.sealedAhead = undefined)), 800);
  }

  /** Where the team's key comes from: the attribute, else the security.txt's first https: Encryption. */
  private get keySource(): string | undefined {
    if (this.encryptionKey?.trim()) return this.encryptionKey.trim();
    return this.txtFields?.encryption.find((uri) => uri.startsWith('https:'));
  }

  private keyLoadedFrom: string | undefined;
  /** Settles when the key being read is read (or refused): a send waits for it. */
  private keyReady: Promise<void> | undefined;

  private loadKey(): Promise<void> {
    this.keyReady = this.readKey();
    return this.keyReady;
  }

  private async readKey(): Promise<void> {
    const source = this.keySource;
    this.keyLoadedFrom = source;
    if (!source) {
      this.key = undefined;
      return;
    }
    const attribute = this.encryptionKey?.trim() ? 'encryption-key' : 'security-txt';
    this.key = 'loading';
    const fail = (problem: string, message: string) => {
      if (source !== this.keySource) return;
      this.key = { ok: false, problem };
      this.reportError({ code: 'config', attribute, message });
    };
    let armored = source;
    if (!source.startsWith('-----BEGIN')) {
      const file = await fetchText(source, {
        page: location.href,
        secureContext: window.isSecureContext,
        maxBytes: 64 * 1024,
        types: ['text/plain', 'application/pgp-keys'],
      });
      if (!file.ok) return fail(file.code, `the key at "${source}" could not be read (${file.code}${file.status ? ` ${file.status}` : ''}).`);
      armored = file.text;
    }
    try {
      const api = await loadEncryption();
      if (api.inspectKeyText(armored) === 'private-key') {
        return fail('private-key', 'is a PRIVATE key. It was not used or sent anywhere: remove it from the page now and publish only the public key.');
      }
      const read = await api.readPublicKey(armored);
      if (!read.ok) return fail(read.problem, `the key cannot encrypt reports (${read.problem}).`);
      if (source === this.keySource) this.key = { ok: true, fingerprint: read.fingerprint, armored };
    } catch (error) {
      fail('unavailable', `encryption could not be loaded: ${String(error)}.`);
    }
  }

  /** What tells the customer how their details travel. */
  private renderEncryption() {
    const t = this.t;
    const key = this.key;
    if (!this.keySource || key === undefined) return nothing;
    if (key === 'loading') return html`<p class="note" part="encryption">${t.encryptionLoading}</p>`;
    if (key.ok) {
      return html`<p class="note" part="encryption">
        ${formatParts(t.encryptionOn, { fingerprint: html`<code>${key.fingerprint}</code>` })}
      </p>`;
    }
    return html`<div class="field" part="encryption">
      <p class="notice" part="notice">${t.encryptionFailed}</p>
      ${this.encryption === 'optional'
        ? html`${renderChoice({
              type: 'checkbox',
              id: 'sendPlain',
              name: 'sendPlain',
              checked: this.sendPlain,
              describedBy: 'sendPlain-hint',
              label: t.encryptionOptOut,
              onChange: (checked) => (this.sendPlain = checked),
            })}
            <p class="hint" id="sendPlain-hint" part="hint">${t.encryptionOptOutHint}</p>`
        : nothing}
    </div>`;
  }

  private onSubmit(e: Event): void {
    e.preventDefault();
    void this.deliver(this.payload());
  }

  protected readonly draftKind = 'security' as const;
  protected readonly emptyFields = EMPTY_DRAFT as unknown as Record<string, string | boolean>;

  protected get fields(): Record<string, string | boolean> {
    return { ...this.draft };
  }

  protected set fields(values: Record<string, string | boolean>) {
    this.draft = { ...this.draft, ...values };
  }

  /** A report may hold unencrypted details: it waits in this tab's storage only. */
  protected override get outboxArea(): 'sessionStorage' {
    return 'sessionStorage';
  }

  protected onSent(): void {
    this.sealedAhead = undefined;
    this.draft = EMPTY_DRAFT;
    this.submitted = false;
    this.touched = new Set();
  }

  private back(): void {
    this.dispatchEvent(new CustomEvent('membrane-back', { bubbles: true }));
  }

  protected override updated(changed: PropertyValues): void {
    super.updated(changed);
    if (changed.has('securityTxt')) void this.loadSecurityTxt();
    if ((changed.has('encryptionKey') || changed.has('txt')) && this.keySource !== this.keyLoadedFrom) void this.loadKey();
    if (changed.has('sendState') && this.sendState === 'sent') {
      this.renderRoot.querySelector<HTMLElement>('h2')?.focus();
    }
  }

  private get txtFields(): SecurityTxtFields | undefined {
    return typeof this.txt === 'object' && this.txt.ok ? this.txt.fields : undefined;
  }

  /** The disclosure policy: the attribute's, else the security.txt's. */
  private get policyUrl(): string | undefined {
    return this.securityPolicy || this.txtFields?.policy[0];
  }

  /** Without an endpoint, a security.txt's contacts are the way to report: that is not a misconfiguration. */
  protected override get blocker() {
    const blocker = super.blocker;
    return blocker?.code === 'insecure-endpoint' && blocker.notConfigured && this.securityTxt ? undefined : blocker;
  }

  private get contactsOnly(): boolean {
    return !this.endpointValue && !this.adapter && Boolean(this.securityTxt);
  }

  private async loadSecurityTxt(): Promise<void> {
    const source = this.securityTxt;
    if (!source) {
      this.txt = undefined;
      return;
    }
    this.txt = 'loading';
    const result = await fetchSecurityTxt(source, { page: location.href, secureContext: window.isSecureContext });
    if (source !== this.securityTxt) return;
    this.txt = result;
    if (!result.ok) {
      const status = result.status ? ` ${result.status}` : '';
      this.reportError({ code: 'config', attribute: 'security-txt', message: `"${source}" could not be read (${result.code}${status}).` });
      return;
    }
    for (const problem of result.problems) warnOnce(this, 'security-txt', describeTxtProblem(problem, result.url));
    if (contactChoices(result.fields).length === 0 && this.contactsOnly) {
      this.reportError({ code: 'config', attribute: 'security-txt', message: `${result.url} names no https:, mailto: or tel: contact, and no endpoint is set.` });
    }
  }

  /** The ways to report that a security.txt offers, for a site with no endpoint of its own. */
  private renderContacts() {
    const t = this.t;
    const fields = this.txtFields;
    const contacts = fields ? contactChoices(fields) : [];
    if (this.txt === 'loading') return html`<p class="note" role="status" part="status">${t.contactsLoading}</p>`;
    if (contacts.length === 0) return html`<p class="notice" part="notice">${t.notConfigured}</p>`;
    const labels = { mailto: t.contactMail, https: t.contactWeb, tel: t.contactPhone };
    const expired = typeof this.txt === 'object' && this.txt.ok && this.txt.problems.some((p) => p.code === 'expired');
    return html`<p>${t.contactsIntro}</p>
      <ol class="articles" part="contacts">
        ${contacts.map((c) => html`<li><a href=${c.href} part="contact-link">${format(labels[c.kind], { label: c.label })}</a></li>`)}
      </ol>
      ${expired ? html`<p class="notice" part="notice">${format(t.contactsOutdated, { date: fields!.expires ?? '' })}</p>` : nothing}
      ${fields!.preferredLanguages.length
        ? html`<p class="note">${format(t.preferredLanguages, { languages: fields!.preferredLanguages.join(', ') })}</p>`
        : nothing}
      ${this.policyUrl ? html`<p><a href=${this.policyUrl} part="policy-link">${t.policyLink}</a></p>` : nothing}`;
  }

  private renderConfirmation() {
    const t = this.t;
    return renderConfirmation({
      t,
      heading: t.securitySentHeading,
      reference: this.reference,
      lines: [t.securitySentNext, this.ackTime ? format(t.securitySentTime, { time: this.ackTime }) : '', t.sentKeep],
      policy: this.policyUrl ? [this.policyUrl, t.policyLink] : undefined,
      actions: this.txtFields?.acknowledgments[0]
        ? html`<p><a href=${this.txtFields.acknowledgments[0]} part="acknowledgments-link">${t.acknowledgmentsLink}</a></p>`
        : undefined,
    });
  }

  override render() {
    if (this.sendState === 'sent') return this.renderConfirmation();
    const t = this.t;
    const d = this.draft;
    const errors = this.visibleErrors(this.payload());
    const err = (key: string, value: string) => {
      const code = errors[key];
      if (key === 'security.severity' && code === 'invalid') {
        const check = checkCvssVector(d.cvss);
        return format(t.cvssInvalid, { problem: check.ok ? '' : (check.metric ?? check.problem) });
      }
      return this.errorText(code, value, FIELD_LIMITS[key] ?? 0);
    };
    type TextKey = 'summary' | 'asset' | 'categoryOther' | 'steps' | 'impact' | 'cvss' | 'name' | 'email' | 'credit';
    const field = (
      key: TextKey,
      label: string,
      opts: { required?: boolean; multiline?: boolean; hint?: string; type?: 'text' | 'email'; autocomplete?: string } = {},
    ) => {
      const errorKey = MembraneSecurityFormElement.errorKey(key);
      return this.field({
        id: key,
        max: FIELD_LIMITS[errorKey] ?? 200,
        label,
        value: d[key],
        error: err(errorKey, d[key]),
        hint: opts.hint,
        required: opts.required ?? false,
        optionalText: opts.required ? undefined : t.optional,
        multiline: opts.multiline ?? false,
        type: opts.type ?? 'text',
        autocomplete: opts.autocomplete ?? 'off',
        onInput: (v) => this.set(key, v),
        onBlur: () => this.touch(errorKey),
      });
    };
    const policyError = errors['security.policyAccepted'] ? t.policyRequired : undefined;
    const opening = html`<h2 id="heading">${t.securityHeading}</h2>
      <p class="note">${t.securityIntro}</p>
      <p class="note">
        ${this.embedded
          ? html`${t.securityNotAccount}
              <button type="button" class="link-button" part="back" @click=${this.back}>${t.securityBackToTopics}</button>`
          : t.securityNotAccountStandalone}
      </p>`;
    if (this.contactsOnly) {
      return html`<section class="panel" part="panel" aria-labelledby="heading">${opening} ${this.renderContacts()}</section>`;
    }
    const languages = this.txtFields?.preferredLanguages ?? [];
    return html`<form novalidate part="form" aria-labelledby="heading" @submit=${this.onSubmit}>
      ${opening}
      ${languages.length ? html`<p class="note">${format(t.preferredLanguages, { languages: languages.join(', ') })}</p>` : nothing}
      ${this.renderBlockerNotice()} ${this.renderDraftNote()}
      ${field('summary', t.summaryLabel, { required: true, hint: t.summaryHint })}
      ${field('asset', t.assetLabel, { autocomplete: 'url' })}
      ${renderSelect({
        id: 'category',
        label: t.categoryLabel,
        optionalText: t.optional,
        value: d.categoryChoice,
        options: CATEGORIES.map(([value, key]) => [value, t[key]] as const),
        onChange: (v) => this.set('categoryChoice', v),
      })}
      ${d.categoryChoice === 'other' ? field('categoryOther', t.categoryOtherLabel, { required: true }) : nothing}
      ${this.renderEncryption()}
      ${field('steps', t.stepsLabel, { required: true, multiline: true })}
      ${field('impact', t.impactLabel, { multiline: true, hint: t.impactHint })}
      ${renderSelect({
        id: 'severity',
        label: t.severityLabel,
        optionalText: t.optional,
        value: d.severityChoice,
        options: SEVERITIES.map(([value, key]) => [value, t[key]] as const),
        onChange: (v) => this.set('severityChoice', v),
      })}
      ${d.severityChoice === 'cvss' ? field('cvss', t.cvssLabel, { required: true, hint: t.cvssHint }) : nothing}
      <p class="note">${t.securityAnonymous}</p>
      ${field('name', t.nameLabel, { autocomplete: 'name' })}
      ${field('email', t.emailLabel, { type: 'email', autocomplete: 'email' })}
      ${field('credit', t.creditLabel, { hint: t.creditHint })}
      ${this.policyUrl
        ? html`<div class="field" part="field">
            <p class="note"><a href=${this.policyUrl} part="policy-link">${t.policyLink}</a></p>
            ${renderChoice({
              type: 'checkbox',
              id: 'policyAccepted',
              name: 'policyAccepted',
              checked: d.policyAccepted,
              invalid: policyError !== undefined,
              describedBy: policyError ? 'policyAccepted-error' : undefined,
              label: t.policyAccept,
              onChange: (checked) => {
                this.set('policyAccepted', checked);
                this.touch('security.policyAccepted');
              },
            })}
            ${policyError ? html`<p class="error" id="policyAccepted-error" part="error">${policyError}</p>` : nothing}
          </div>`
        : nothing}
      ${this.renderHoneypot()} ${this.renderSecretsNotice()} ${this.renderSendControls()}
    </form>`;
  }
}

/** A security.txt problem, for the site owner's console. */
function describeTxtProblem(p: SecurityTxtProblem, url: string): string {
  const where = p.line ? `${url} line ${p.line}` : url;
  const what = p.field ? ` (${p.field}${p.value ? `: ${p.value}` : ''})` : '';
  return `${where}: ${p.code}${what}. See RFC 9116.`;
}

customElements.get('membrane-security-form') ??
  customElements.define('membrane-security-form', MembraneSecurityFormElement);

declare global {
  interface HTMLElementTagNameMap {
    'membrane-security-form': MembraneSecurityFormElement;
  }
}
