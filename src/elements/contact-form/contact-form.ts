import { html, nothing, type PropertyValues } from 'lit';
import { suggestArticles } from '../../core/article-match.js';
import { LIMITS } from '../../core/limits.js';
import { buildContactPayload, type ContactDraft } from '../../core/payload.js';
import type { Payload } from '../../core/schemas.js';
import { normalizeTopics, type Topic, type TopicProblem } from '../../core/topics.js';
import { format } from '../../locales/index.js';
import { renderChoice } from '../shared/field.js';
import { MembraneFormElement } from '../shared/form-element.js';
import { formStyles } from '../shared/styles.js';
import { renderConfirmation } from '../shared/template.js';
import { MembraneTopicElement } from '../topic/topic.js';
import type { MembraneSecurityFormElement } from '../security-form/security-form.js';
import { loadSecurityForm } from './load-security-form.js';

const SECURITY_TAG = 'membrane-security-form';

/** What `prefill()` accepts. */
export interface ContactPrefill {
  topic?: string;
  topicOther?: string;
  name?: string;
  email?: string;
  message?: string;
  /** An earlier request's reference: switches to a follow-up. */
  reference?: string;
  /** A new request or a follow-up (a non-empty `reference` implies a follow-up). */
  kind?: 'contact' | 'follow-up';
}

/** A topic as the `topics` property takes it. */
export interface TopicConfig {
  value: string;
  label: string;
  articles?: { title: string; url: string; keywords?: string[] }[];
}

const FIELD_LIMITS: Record<string, number> = {
  topicOther: LIMITS.topicOther,
  name: LIMITS.name,
  email: LIMITS.email,
  message: LIMITS.message,
  'followUp.reference': LIMITS.reference,
};

const EMPTY_DRAFT: Readonly<ContactDraft> = {
  kind: 'contact',
  topic: '',
  topicOther: '',
  name: '',
  email: '',
  message: '',
  reference: '',
  escalate: false,
};

function describeTopicProblem(p: TopicProblem): string {
  switch (p.kind) {
    case 'not-a-list':
      return 'must be an array of { value, label, articles? }: ignored.';
    case 'invalid':
      return `entry ${p.index} needs a "value" (letters, digits, . _ -) and a "label": ignored.`;
    case 'duplicate':
      return `the value "${p.value}" appears more than once: the first is used.`;
  }
}

/**
 * @tag membrane-contact-form
 * @summary An inline contact form: topics (always with Security and Other), follow-ups, escalation, HTTPS-only sending.
 *
 * @attr endpoint - HTTPS URL contact and follow-up requests are POSTed to.
 * @attr security-endpoint - HTTPS URL for security reports; defaults to `endpoint`.
 * @attr security-policy - URL of the disclosure policy, shown on the security form.
 * @attr response-time - When to expect an answer, e.g. "within 2 business days".
 * @attr ack-time - When to expect an acknowledgement of a security report.
 * @attr security-txt - Passed to the security form: `auto` or a security.txt URL.
 * @attr encryption-key - Passed to the security form: the security team's OpenPGP public key.
 * @attr encryption - Passed to the security form: `optional` allows an unencrypted report after asking.
 * @attr fallback-email - Offered as a mailto: link while a message waits for a retry or cannot be sent.
 * @attr persist - Where drafts are kept: the session (default) or `local` (7 days; contact form only).
 * @attr timeout - Seconds to wait for the backend's answer (default 30).
 * @attr lang - The customer's language; defaults to the nearest `lang` attribute.
 *
 * @slot - `<membrane-topic>` elements declaring the topics.
 *
 * @fires membrane-submit - Before sending; cancel it to veto. `detail.payload`.
 * @fires membrane-sent - After a 2xx answer. `detail.payload`, `detail.reference`.
 * @fires membrane-error - When something keeps the request from being sent. `detail.code`, `detail.message`.
 *
 * @csspart form - The form.
 * @csspart topics - The topic choice.
 * @csspart field - Each field's wrapper.
 * @csspart label - Field labels.
 * @csspart control - Inputs and text areas.
 * @csspart hint - Hints under labels.
 * @csspart error - Field error text.
 * @csspart status - The live status line.
 * @csspart button - Buttons.
 * @csspart confirmation - The panel shown after sending.
 * @csspart suggestions - Help articles matching the message, shown while the customer types.
 * @csspart security-form - The security report form shown when Security is chosen.
 *
 * @cssprop --membrane-accent - Accent colour of buttons, links and focus rings.
 * @cssprop --membrane-text - Text colour.
 * @cssprop --membrane-background - Background colour.
 * @cssprop --membrane-radius - Corner radius of fields and buttons.
 * @cssprop --membrane-font - Font shorthand.
 */
export class MembraneContactFormElement extends MembraneFormElement {
  static override styles = formStyles;

  static override properties = {
    ...MembraneFormElement.properties,
    responseTime: { type: String, attribute: 'response-time' },
    ackTime: { type: String, attribute: 'ack-time' },
    topics: { attribute: false },
    draft: { state: true },
    childTopics: { state: true },
    securityLoad: { state: true },
  };

  /** When to expect an answer, shown after sending. */
  declare responseTime: string | undefined;
  /** When to expect an acknowledgement of a security report. */
  declare ackTime: string | undefined;
  /** Topics as data; `<membrane-topic>` children come first, then these. */
  declare topics: TopicConfig[] | undefined;
  private declare draft: ContactDraft;
  private declare childTopics: ReturnType<MembraneTopicElement['toTopic']>[];
  /** The security form is loaded when the customer turns to it (hover, focus, choice). */
  private declare securityLoad: 'idle' | 'loading' | 'ready' | 'failed';

  protected readonly endpointAttribute = 'endpoint' as const;
  protected readonly draftKind = 'contact' as const;

  protected get fields(): Record<string, string | boolean> {
    return { ...this.draft };
  }

  protected set fields(values: Record<string, string | boolean>) {
    const draft = { ...this.draft, ...values } as ContactDraft;
    // Storage is input: a mode the form does not have becomes a new request.
    if (draft.kind !== 'follow-up') draft.kind = 'contact';
    this.draft = draft;
  }

  protected readonly emptyFields = EMPTY_DRAFT as unknown as Record<string, string | boolean>;
  private observer: MutationObserver | undefined;
  private pendingSecurityPrefill: ContactPrefill | undefined;

  constructor() {
    super();
    this.draft = EMPTY_DRAFT;
    this.childTopics = [];
    this.securityLoad = customElements.get(SECURITY_TAG) ? 'ready' : 'idle';
  }

  /** Starts loading the security form; safe to call often. */
  private prepareSecurityForm = (): void => {
    if (this.securityLoad === 'ready' || this.securityLoad === 'loading') return;
    this.securityLoad = 'loading';
    loadSecurityForm()
      .then(() => customElements.whenDefined(SECURITY_TAG))
      .then(
        () => (this.securityLoad = 'ready'),
        (error: unknown) => {
          this.securityLoad = 'failed';
          this.reportError({ code: 'network', message: `the security report form could not be loaded: ${String(error)}` });
        },
      );
  };

  override connectedCallback(): void {
    super.connectedCallback();
    this.readChildTopics();
    this.observer = new MutationObserver(() => this.readChildTopics());
    this.observer.observe(this, { childList: true, subtree: true, attributes: true, characterData: true });
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.observer?.disconnect();
  }

  private readChildTopics(): void {
    this.childTopics = Array.from(this.children)
      .filter((c): c is MembraneTopicElement => c instanceof MembraneTopicElement)
      .map((c) => c.toTopic());
  }

  private get topicList(): readonly Topic[] {
    return this.resolvedTopics().topics;
  }

  private resolvedTopics() {
    const configured = this.topics;
    if (configured !== undefined && !Array.isArray(configured)) {
      const list = normalizeTopics(this.childTopics);
      return { topics: list.topics, problems: [{ kind: 'not-a-list' } as const, ...list.problems] };
    }
    return normalizeTopics([...this.childTopics, ...(configured ?? [])]);
  }

  protected override willUpdate(changed: PropertyValues): void {
    if (changed.has('topics') || changed.has('childTopics')) {
      for (const problem of this.resolvedTopics().problems) {
        const attribute = problem.kind === 'not-a-list' || this.topics ? 'topics' : '<membrane-topic>';
        const message = describeTopicProblem(problem);
        this.reportError({ code: 'config', attribute, message });
      }
    }
  }

  /** Fills the visible fields; the customer can still edit them. */
  prefill(values: ContactPrefill): void {
    // A prefill starts the next request: the confirmation of the last one makes way for the form.
    if (this.sendState === 'sent') this.sendState = 'idle';
    const d = { ...this.draft };
    for (const key of ['topicOther', 'name', 'email', 'message', 'reference'] as const) {
      const value = values[key];
      if (typeof value === 'string') d[key] = value;
    }
    if (values.kind === 'contact' || values.kind === 'follow-up') d.kind = values.kind;
    if (typeof values.reference === 'string' && values.reference !== '') d.kind = 'follow-up';
    if (typeof values.topic === 'string') {
      if (this.topicList.some((t) => t.value === values.topic)) {
        d.topic = values.topic;
        if (d.kind === 'follow-up' && !values.reference) d.kind = 'contact';
      } else {
        this.reportError({
          code: 'config',
          attribute: 'prefill',
          message: `topic "${values.topic}" is not one of ${this.topicList.map((t) => t.value).join(', ')}: left unchosen.`,
        });
      }
    }
    this.draft = d;
    if (d.topic === 'security' && d.kind === 'contact') {
      this.pendingSecurityPrefill = values;
      this.prepareSecurityForm();
    }
  }

  requestSubmit(): void {
    const security = this.securityForm;
    if (security) security.requestSubmit();
    else this.renderRoot.querySelector('form')?.requestSubmit();
  }

  private get securityChosen(): boolean {
    return this.draft.kind === 'contact' && this.draft.topic === 'security';
  }

  /** The security form shown in place, once it is loaded and upgraded. */
  private get securityForm(): MembraneSecurityFormElement | null {
    if (!this.securityChosen || this.securityLoad !== 'ready') return null;
    return this.renderRoot.querySelector(SECURITY_TAG);
  }

  private payload(): Payload {
    return buildContactPayload(this.draft, { href: location.href, locale: this.locale });
  }

  private set<K extends keyof ContactDraft>(key: K, value: ContactDraft[K], errorKey: string = key): void {
    this.draft = { ...this.draft, [key]: value };
    if (key === 'topic' && value === 'security') this.prepareSecurityForm();
    this.clearServerError(errorKey);
    if (this.sendState === 'failed' && this.failure && !this.failure.ok && this.failure.code === 'http') {
      // Editing after a refusal: the old sentence no longer describes what is on screen.
      this.sendState = 'idle';
    }
  }

  private onSubmit(e: Event): void {
    e.preventDefault();
    void this.deliver(this.payload());
  }

  protected onSent(): void {
    // Name and e-mail stay for a follow-up; the message that was sent does not.
    this.draft = { ...EMPTY_DRAFT, name: this.draft.name, email: this.draft.email };
    this.submitted = false;
    this.touched = new Set();
  }

  private addInformation(): void {
    this.draft = { ...this.draft, kind: 'follow-up', reference: this.reference, message: '', escalate: false };
    this.sendState = 'idle';
    void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>('#message')?.focus());
  }

  private newRequest(): void {
    this.draft = { ...EMPTY_DRAFT, name: this.draft.name, email: this.draft.email };
    this.sendState = 'idle';
    void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>('input[name="mode"]')?.focus());
  }

  protected override updated(changed: PropertyValues): void {
    super.updated(changed);
    if (changed.has('sendState') && this.sendState === 'sent') {
      this.renderRoot.querySelector<HTMLElement>('h2')?.focus();
    }
    const pending = this.pendingSecurityPrefill;
    const security = this.securityForm;
    if (pending && security) {
      this.pendingSecurityPrefill = undefined;
      security.prefill(pending);
    }
  }

  private onBackFromSecurity(): void {
    this.set('topic', '');
    void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>('input[name="topic"]')?.focus());
  }

  private renderConfirmation() {
    const t = this.t;
    return renderConfirmation({
      t,
      heading: t.sentHeading,
      reference: this.reference,
      lines: [t.sentNext, this.responseTime ? format(t.sentTime, { time: this.responseTime }) : '', t.sentKeep],
      actions: html`<div class="actions">
        <button type="button" part="button add-information" @click=${this.addInformation}>${t.addInformation}</button>
        <button type="button" class="secondary" part="button new-request" @click=${this.newRequest}>${t.newRequest}</button>
      </div>`,
    });
  }

  /** Articles matching what the customer describes: beside the form, never in the way of sending. */
  private renderSuggestions(message: string) {
    const found = suggestArticles(message, this.topicList.flatMap((topic) => topic.articles));
    return found.length === 0
      ? nothing
      : html`<div class="field" part="suggestions">
          <p class="note">${this.t.suggestedArticles}</p>
          <ul class="articles">
            ${found.map((a) => html`<li><a href=${a.url} target="_blank" rel="noopener">${a.title}</a></li>`)}
          </ul>
        </div>`;
  }

  private topicLabel(topic: Topic): string {
    if (topic.label !== undefined) return topic.label;
    return topic.value === 'security' ? this.t.topicSecurity : this.t.topicOther;
  }

  private renderTopics(error: string | undefined) {
    const t = this.t;
    const d = this.draft;
    const chosen = this.topicList.find((topic) => topic.value === d.topic);
    return html`<fieldset part="topics" aria-describedby=${error ? 'topic-error' : nothing}>
        <legend>${t.topicLegend}</legend>
        ${this.topicList.map((topic) => {
          const security = topic.value === 'security';
          return renderChoice({
            id: `topic-${topic.value}`,
            name: 'topic',
            checked: d.topic === topic.value,
            invalid: error !== undefined,
            describedBy: security ? 'topic-security-hint' : undefined,
            label: security
              ? html`${this.topicLabel(topic)}<span class="hint" id="topic-security-hint"> — ${t.topicSecurityHint}</span>`
              : this.topicLabel(topic),
            onChange: () => this.set('topic', topic.value),
            onIntent: security ? this.prepareSecurityForm : undefined,
          });
        })}
        ${error ? html`<p class="error" id="topic-error" part="error">${error}</p>` : nothing}
      </fieldset>
      ${chosen && chosen.articles.length > 0
        ? html`<div class="field" part="articles">
            <p class="note">${t.helpArticles}</p>
            <ul class="articles">
              ${chosen.articles.map((a) => html`<li><a href=${a.url}>${a.title}</a></li>`)}
            </ul>
            <p class="note"><strong>${t.stillNeedHelp}</strong></p>
          </div>`
        : nothing}`;
  }

  override render() {
    if (this.sendState === 'sent') return this.renderConfirmation();
    const t = this.t;
    const d = this.draft;
    const followUp = d.kind === 'follow-up';
    const errors = this.visibleErrors(this.payload());
    const err = (key: string, value: string) => this.errorText(errors[key], value, FIELD_LIMITS[key] ?? 0);
    const security = this.securityChosen;

    const modes = html`<fieldset part="mode">
      <legend>${t.modeLegend}</legend>
      ${(['contact', 'follow-up'] as const).map((kind) =>
        renderChoice({
          id: `mode-${kind}`,
          name: 'mode',
          checked: d.kind === kind,
          label: kind === 'contact' ? t.modeNew : t.modeFollowUp,
          onChange: () => this.set('kind', kind),
        }),
      )}
    </fieldset>`;

    const reference = this.field({
      id: 'reference',
      max: LIMITS.reference,
      label: t.referenceLabel,
      hint: t.referenceHint,
      value: d.reference,
      required: true,
      error: err('followUp.reference', d.reference),
      autocomplete: 'off',
      onInput: (v) => this.set('reference', v, 'followUp.reference'),
      onBlur: () => this.touch('followUp.reference'),
    });

    const other =
      !followUp && d.topic === 'other'
        ? this.field({
            id: 'topicOther',
            max: LIMITS.topicOther,
            label: t.topicOtherLabel,
            value: d.topicOther,
            required: true,
            error: err('topicOther', d.topicOther),
            autocomplete: 'off',
            onInput: (v) => this.set('topicOther', v),
            onBlur: () => this.touch('topicOther'),
          })
        : nothing;

    const fields = html`${this.field({
        id: 'name',
        max: LIMITS.name,
        label: t.nameLabel,
        optionalText: t.optional,
        value: d.name,
        error: err('name', d.name),
        autocomplete: 'name',
        onInput: (v) => this.set('name', v),
        onBlur: () => this.touch('name'),
      })}
      ${this.field({
        id: 'email',
        max: LIMITS.email,
        label: t.emailLabel,
        hint: t.emailHint,
        type: 'email',
        required: true,
        value: d.email,
        error: err('email', d.email),
        autocomplete: 'email',
        onInput: (v) => this.set('email', v),
        onBlur: () => this.touch('email'),
      })}
      ${this.field({
        id: 'message',
        max: LIMITS.message,
        label: t.messageLabel,
        multiline: true,
        rows: 6,
        required: true,
        value: d.message,
        error: err('message', d.message),
        onInput: (v) => this.set('message', v),
        onBlur: () => this.touch('message'),
      })}
      ${this.renderSuggestions(followUp ? '' : d.message)}
      <div class="field" part="field">
        ${renderChoice({
          type: 'checkbox',
          id: 'escalate',
          name: 'escalate',
          checked: d.escalate,
          describedBy: 'escalate-hint',
          label: t.escalateLabel,
          onChange: (checked) => this.set('escalate', checked),
        })}
        <p class="hint" id="escalate-hint" part="hint">${t.escalateHint}</p>
      </div>
      ${this.renderHoneypot()} ${this.renderSecretsNotice()} ${this.renderSendControls()}`;

    return html`${security ? nothing : this.renderBlockerNotice()}
      <form novalidate part="form" @submit=${this.onSubmit}>
        ${this.renderDraftNote()} ${modes} ${followUp ? reference : this.renderTopics(err('topic', d.topic) && t.errorTopicRequired)} ${other}
        ${security ? nothing : fields}
      </form>
      ${security && this.securityLoad !== 'ready'
        ? html`<p class=${this.securityLoad === 'failed' ? 'notice' : 'note'} role="status" part="status">
              ${this.securityLoad === 'failed' ? t.securityLoadFailed : t.securityLoading}
            </p>
            ${this.securityLoad === 'failed'
              ? html`<div class="actions"><button type="button" class="secondary" part="button retry" @click=${this.prepareSecurityForm}>${t.tryAgain}</button></div>`
              : nothing}`
        : nothing}
      ${security && this.securityLoad === 'ready'
        ? html`<membrane-security-form
            part="security-form"
            embedded
            .endpoint=${this.endpoint}
            .securityEndpoint=${this.securityEndpoint}
            .securityPolicy=${this.securityPolicy}
            .backend=${this.backend}
            .backendKey=${this.backendKey}
            .adapter=${this.adapter}
            .captcha=${this.captcha}
            .fallbackEmail=${this.fallbackEmail}
            .timeout=${this.timeout}
            .ackTime=${this.ackTime}
            .strings=${this.strings}
            @membrane-back=${this.onBackFromSecurity}
          ></membrane-security-form>`
        : nothing}`;
  }
}

customElements.get('membrane-contact-form') ??
  customElements.define('membrane-contact-form', MembraneContactFormElement);

declare global {
  interface HTMLElementTagNameMap {
    'membrane-contact-form': MembraneContactFormElement;
  }
}
