/**
 * The screens inside the widget's dialog: topics first (with Follow-up and Security always there),
 * then a topic's help articles with a "Still need help?" way on, then the contact form, whose own
 * confirmation ends the flow. The contact form stays mounted while the customer moves between
 * screens, so going back to pick another topic loses nothing they typed.
 */
import { css, html, LitElement, nothing, type PropertyValues } from 'lit';
import { normalizeTopics, type Topic } from '../../core/topics.js';
import { enWidget, type WidgetStrings } from '../../locales/en-widget.js';
import { resolveStrings, type Strings } from '../../locales/index.js';
import type { ContactPrefill, MembraneContactFormElement } from '../contact-form/contact-form.js';
import '../contact-form/contact-form.js';
import { formStyles } from '../shared/styles.js';
import { warnOnce } from '../shared/warnings.js';
import { MembraneTopicElement } from '../topic/topic.js';
import type { MembraneWidgetElement, WidgetPanel, WidgetPrefill } from './widget.js';

type Screen = 'home' | 'articles' | 'form';

/** Opens the form in follow-up mode rather than at a topic. */
const FOLLOW_UP = 'follow-up';

export class MembraneWidgetPanelElement extends LitElement implements WidgetPanel {
  static override styles = [
    formStyles,
    css`
      :host {
        color: inherit;
      }
      membrane-contact-form {
        color-scheme: inherit;
      }
      ul {
        list-style: none;
        margin: 0;
        padding: 0;
        display: grid;
        gap: 0.5rem;
      }
      .choice-button {
        inline-size: 100%;
        text-align: start;
      }
      h3 {
        margin: 0;
        font-size: 1.05em;
      }
      h3:focus {
        outline: none;
      }
    `,
  ];

  static override properties = {
    screen: { state: true },
    topic: { state: true },
    formMounted: { state: true },
  };

  widget: MembraneWidgetElement | undefined;
  private declare screen: Screen;
  private declare topic: string;
  /** The contact form is mounted a task after the topic list (firstUpdated), or at once when asked for. */
  private declare formMounted: boolean;
  private observer: MutationObserver | undefined;

  constructor() {
    super();
    this.screen = 'home';
    this.topic = '';
    this.formMounted = false;
  }

  protected override firstUpdated(): void {
    // The contact form is the costliest first render, and it must run before the customer asks for
    // it: it sends what an earlier visit kept. In a task of its own, after the topic list's, the
    // page sees two short tasks instead of one long one.
    setTimeout(() => (this.formMounted = true));
  }

  override connectedCallback(): void {
    super.connectedCallback();
    // <membrane-topic> children of the widget, and their articles, may change at any time.
    this.observer = new MutationObserver(() => this.requestUpdate());
    if (this.widget) this.observer.observe(this.widget, { childList: true, subtree: true, attributes: true, characterData: true });
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.observer?.disconnect();
  }

  private get t(): WidgetStrings & Strings {
    const overrides = this.widget?.strings;
    return { ...resolveStrings(overrides), ...resolveStrings(overrides, enWidget as WidgetStrings) };
  }

  private get configuredTopics() {
    const children = Array.from(this.widget?.children ?? [])
      .filter((c): c is MembraneTopicElement => c instanceof MembraneTopicElement)
      .map((c) => c.toTopic());
    const configured = this.widget?.topics;
    return [...children, ...(Array.isArray(configured) ? configured : [])];
  }

  private get topicList(): readonly Topic[] {
    return normalizeTopics(this.configuredTopics).topics;
  }

  private get form(): MembraneContactFormElement | null {
    return this.renderRoot.querySelector('membrane-contact-form');
  }

  private pendingPrefill: ContactPrefill | undefined;

  prefill(values: WidgetPrefill): void {
    this.pendingPrefill = { ...this.pendingPrefill, ...values };
    void this.applyPrefill();
  }

  private async applyPrefill(): Promise<void> {
    await this.updateComplete;
    const form = this.form;
    if (!form || !this.pendingPrefill) return;
    form.prefill(this.pendingPrefill);
    this.pendingPrefill = undefined;
  }

  requestSubmit(): void {
    if (this.screen === 'form') this.form?.requestSubmit();
  }

  /** Goes to a topic's articles or form, to a follow-up, or to the topic list. */
  show(topic?: string): void {
    if (topic === undefined || topic === '') return this.go('home');
    if (topic === FOLLOW_UP) return this.go('form', '', { kind: 'follow-up' });
    const found = this.topicList.find((t) => t.value === topic);
    if (!found) {
      if (this.widget) {
        const values = this.topicList.map((t) => t.value).join(', ');
        warnOnce(this.widget, 'open', `topic "${topic}" is not one of ${values}, ${FOLLOW_UP}: the topic list is shown.`);
      }
      return this.go('home');
    }
    this.choose(found);
  }

  private choose(topic: Topic): void {
    if (topic.articles.length > 0 && !(this.screen === 'articles' && this.topic === topic.value)) {
      this.go('articles', topic.value);
    } else {
      this.go('form', topic.value, { kind: 'contact', topic: topic.value });
    }
  }

  private go(screen: Screen, topic = '', prefill?: ContactPrefill): void {
    this.screen = screen;
    if (screen === 'form') this.formMounted = true;
    this.topic = topic;
    if (prefill) this.prefill(prefill);
    void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>('h3')?.focus());
  }

  protected override updated(changed: PropertyValues): void {
    super.updated(changed);
    void this.applyPrefill();
  }

  private label(t: Strings, topic: Topic | undefined): string {
    if (!topic) return t.modeFollowUp;
    return topic.label ?? (topic.value === 'security' ? t.topicSecurity : t.topicOther);
  }

  private renderHome(t: WidgetStrings & Strings, topics: readonly Topic[]) {
    const button = (topic: Topic, hint = '') =>
      html`<li>
        <button type="button" class="secondary choice-button" part="button topic" aria-describedby=${hint ? 'security-hint' : nothing} @click=${() => this.choose(topic)}>
          ${this.label(t, topic)}
        </button>
        ${hint ? html`<p class="hint" id="security-hint">${hint}</p>` : nothing}
      </li>`;
    return html`<h3 tabindex="-1">${t.widgetTopics}</h3>
      <ul>
        ${topics.filter((topic) => !topic.reserved || topic.value === 'other').map((topic) => button(topic))}
        <li>
          <button type="button" class="secondary choice-button" part="button follow-up" @click=${() => this.show(FOLLOW_UP)}>
            ${t.modeFollowUp}
          </button>
        </li>
        ${button(topics.find((topic) => topic.value === 'security')!, t.topicSecurityHint)}
      </ul>`;
  }

  private renderArticles(t: WidgetStrings & Strings, topics: readonly Topic[], topic: Topic | undefined) {
    if (!topic) return this.renderHome(t, topics);
    return html`<h3 tabindex="-1">${this.label(t, topic)}</h3>
      <p class="note">${t.helpArticles}</p>
      <ul class="articles" part="articles">
        ${topic.articles.map((a) => html`<li><a href=${a.url} target="_blank" rel="noopener">${a.title}</a></li>`)}
      </ul>
      <div class="actions">
        <button type="button" part="button still-need-help" @click=${() => this.choose(topic)}>${t.stillNeedHelpButton}</button>
      </div>`;
  }

  override render() {
    const w = this.widget;
    const a = w?.forwarded() ?? {};
    // Strings and topics once per render: each is a merge or a normalisation.
    const t = this.t;
    const configured = this.configuredTopics;
    const topics = normalizeTopics(configured).topics;
    const onForm = this.screen === 'form';
    const topic = topics.find((candidate) => candidate.value === this.topic);
    return html`<div class="panel">
      ${this.screen === 'home' ? nothing : html`<div class="actions"><button type="button" class="link-button" part="button back" @click=${() => this.go('home')}>${t.back}</button></div>`}
      ${this.screen === 'articles'
        ? this.renderArticles(t, topics, topic)
        : this.screen === 'home'
          ? this.renderHome(t, topics)
          : html`<h3 tabindex="-1">${this.label(t, topic)}</h3>`}
      ${this.formMounted
        ? html`<membrane-contact-form
            ?hidden=${!onForm}
            endpoint=${a.endpoint ?? nothing}
            security-endpoint=${a['security-endpoint'] ?? nothing}
            security-policy=${a['security-policy'] ?? nothing}
            security-txt=${a['security-txt'] ?? nothing}
            encryption-key=${a['encryption-key'] ?? nothing}
            encryption=${a.encryption ?? nothing}
            backend=${a.backend ?? nothing}
            backend-key=${a['backend-key'] ?? nothing}
            response-time=${a['response-time'] ?? nothing}
            ack-time=${a['ack-time'] ?? nothing}
            fallback-email=${a['fallback-email'] ?? nothing}
            persist=${a.persist ?? nothing}
            timeout=${a.timeout ?? nothing}
            .topics=${configured}
            .adapter=${w?.adapter}
            .captcha=${w?.captcha}
            .strings=${w?.strings}
          ></membrane-contact-form>`
        : nothing}
    </div>`;
  }
}

customElements.get('membrane-widget-panel') ?? customElements.define('membrane-widget-panel', MembraneWidgetPanelElement);

declare global {
  interface HTMLElementTagNameMap {
    'membrane-widget-panel': MembraneWidgetPanelElement;
  }
}
