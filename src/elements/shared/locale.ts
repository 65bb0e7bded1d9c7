/**
 * The customer's locale: the nearest `lang` attribute (crossing shadow roots, so an element inside
 * another one inherits the page's language), then the browser's language.
 */
export function resolveLocale(element: Element): string {
  let node: Node | null = element;
  while (node) {
    if (node instanceof Element && node.getAttribute('lang')) return node.getAttribute('lang')!;
    node = node.parentNode ?? (node instanceof ShadowRoot ? node.host : null);
  }
  return globalThis.navigator?.language || 'en';
}
