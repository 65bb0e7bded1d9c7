/**
 * @tag membrane-topic
 * @summary A topic customers can choose, declared in markup as a child of a Membrane form or widget.
 *
 * @attr value - The identifier sent as the payload's `topic` (`other` and `security` are reserved: they rename those choices).
 * @attr label - What customers read.
 * @slot - `<a href>` elements: help articles shown when this topic is chosen; `data-keywords="refund, invoice"` adds words that suggest one while a customer types.
 *
 * It renders nothing itself; its parent reads it.
 */
export class MembraneTopicElement extends HTMLElement {
  static readonly observedAttributes = ['value', 'label'];

  get value(): string {
    return this.getAttribute('value') ?? '';
  }
  set value(value: string) {
    this.setAttribute('value', value);
  }

  get label(): string {
    return this.getAttribute('label') ?? this.value;
  }
  set label(value: string) {
    this.setAttribute('label', value);
  }

  connectedCallback(): void {
    this.hidden = true;
  }

  attributeChangedCallback(): void {
    // Parents watch their children with a MutationObserver, so nothing to do here; declaring the
    // attributes keeps the element's contract visible to tools that read observedAttributes.
  }

  /** The topic as plain data, for the parent's topic list. */
  toTopic(): { value: string; label: string; articles: { title: string; url: string; keywords?: string[] }[] } {
    const articles = Array.from(this.querySelectorAll('a[href]'), (a) => ({
      title: (a.textContent ?? '').trim(),
      url: (a as HTMLAnchorElement).href,
      keywords: (a.getAttribute('data-keywords') ?? '').split(',').map((k) => k.trim()).filter(Boolean),
    })).filter((a) => a.title !== '');
    return { value: this.value, label: this.label, articles };
  }
}

customElements.get('membrane-topic') ?? customElements.define('membrane-topic', MembraneTopicElement);

declare global {
  interface HTMLElementTagNameMap {
    'membrane-topic': MembraneTopicElement;
  }
}
