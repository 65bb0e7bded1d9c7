import { html, nothing, type PropertyValues } from 'lit';
import { LIMITS } from '../../core/limits.js';
import { buildSecurityPayload, type SecurityDraft } from '../../core/payload.js';
import type { Payload } from '../../core/schemas.js';
import { en, format, resolveStrings, type Strings } from '../../locales/index.js';
import { enSecurity, type SecurityStrings } from '../../locales/en-security.js';
import { renderField } from '../shared/field.js';
import { MembraneFormElement } from '../shared/form-element.js';
import { formStyles } from '../shared/styles.js';
import { renderConfirmation } from '../shared/template.js';

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

const emptyDraft = (): SecurityDraft => ({
  summary: '',
  asset: '',
  steps: '',
  impact: '',
  name: '',
  email: '',
  policyAccepted: false,
});

const FIELD_LIMITS: Record<string, number> = {
  'security.summary': LIMITS.summary,
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
    embedded: { type: Boolean },
    draft: { state: true },
  };

  /** When to expect an acknowledgement, shown after sending. */
  declare ackTime: string | undefined;
  /** Set by the contact form that hosts this one: offers a way back to its topics. */
  declare embedded: boolean;
  private declare draft: SecurityDraft;

  protected readonly endpointAttribute = 'security-endpoint' as const;

  protected override get t(): Strings & SecurityStrings {
    return resolveStrings(this.strings, { ...en, ...enSecurity });
  }

  constructor() {
    super();
    this.embedded = false;
    this.draft = emptyDraft();
  }

  /** Fills the visible fields; the customer can still edit them. */
  prefill(values: SecurityPrefill): void {
    const d = { ...this.draft };
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

  private payload(): Payload {
    return buildSecurityPayload(this.draft, { href: location.href, locale: this.locale });
  }

  private set(key: keyof SecurityDraft, value: string): void {
    this.draft = { ...this.draft, [key]: value };
    this.clearServerError(key === 'name' || key === 'email' ? key : `security.${key}`);
  }

  private onSubmit(e: Event): void {
    e.preventDefault();
    void this.deliver(this.payload());
  }

  protected onSent(): void {
    this.draft = emptyDraft();
    this.submitted = false;
    this.touched = new Set();
  }

  private back(): void {
    this.dispatchEvent(new CustomEvent('membrane-back', { bubbles: true }));
  }

  protected override updated(changed: PropertyValues): void {
    super.updated(changed);
    if (changed.has('sendState') && this.sendState === 'sent') {
      this.renderRoot.querySelector<HTMLElement>('h2')?.focus();
    }
  }

  private renderConfirmation() {
    const t = this.t;
    return renderConfirmation({
      t,
      heading: t.securitySentHeading,
      reference: this.reference,
      lines: [t.securitySentNext, this.ackTime ? format(t.securitySentTime, { time: this.ackTime }) : '', t.sentKeep],
      policy: this.securityPolicy ? [this.securityPolicy, t.policyLink] : undefined,
    });
  }

  override render() {
    if (this.sendState === 'sent') return this.renderConfirmation();
    const t = this.t;
    const d = this.draft;
    const payload = this.payload();
    const errors = this.visibleErrors(payload);
    const err = (key: string, value: string) => this.errorText(errors[key], value, FIELD_LIMITS[key] ?? 0);
    const field = (key: keyof SecurityDraft, label: string, opts: { required?: boolean; multiline?: boolean; hint?: string; type?: 'text' | 'email'; autocomplete?: string } = {}) => {
      const errorKey = key === 'name' || key === 'email' ? key : `security.${key}`;
      return renderField({
        id: key,
        label,
        value: d[key] as string,
        error: err(errorKey, d[key] as string),
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
    return html`<form novalidate part="form" aria-labelledby="heading" @submit=${this.onSubmit}>
      <h2 id="heading">${t.securityHeading}</h2>
      <p class="note">${t.securityIntro}</p>
      <p class="note">
        ${this.embedded
          ? html`${t.securityNotAccount}
              <button type="button" class="link-button" part="back" @click=${this.back}>${t.securityBackToTopics}</button>`
          : t.securityNotAccountStandalone}
      </p>
      ${this.renderBlockerNotice()}
      ${this.securityPolicy ? html`<p><a href=${this.securityPolicy} part="policy-link">${t.policyLink}</a></p>` : nothing}
      ${field('summary', t.summaryLabel, { required: true, hint: t.summaryHint })}
      ${field('asset', t.assetLabel, { autocomplete: 'url' })}
      ${field('steps', t.stepsLabel, { required: true, multiline: true })}
      ${field('impact', t.impactLabel, { multiline: true, hint: t.impactHint })}
      <p class="note">${t.securityAnonymous}</p>
      ${field('name', t.nameLabel, { autocomplete: 'name' })}
      ${field('email', t.emailLabel, { type: 'email', autocomplete: 'email' })}
      ${this.renderSendControls()}
    </form>`;
  }
}

customElements.get('membrane-security-form') ??
  customElements.define('membrane-security-form', MembraneSecurityFormElement);

declare global {
  interface HTMLElementTagNameMap {
    'membrane-security-form': MembraneSecurityFormElement;
  }
}
