/**
 * Warnings for site owners: each names the element and the attribute at fault, and each distinct
 * warning is printed once per element, so a misconfigured page does not flood the console. Inside a
 * widget the script tag made, a setting is named as the site owner wrote it (`data-endpoint`), and
 * printed once for the whole widget, however many forms inside it notice.
 */
import { SETTINGS, settingName } from '../widget/settings.js';

const printed = new WeakMap<object, Set<string>>();

/** The widget configured by a script tag that holds this element, if any. */
function scriptWidget(element: Element): (Element & { scriptSettings?: 'data' | 'config' }) | undefined {
  let node: Node | null = element;
  while (node) {
    if ((node as { scriptSettings?: string }).scriptSettings) return node as Element & { scriptSettings: 'data' | 'config' };
    node = node.parentNode ?? (node as ShadowRoot).host ?? null;
  }
  return undefined;
}

export function warnOnce(element: Element, attribute: string, message: string): void {
  const widget = scriptWidget(element);
  const via = widget?.scriptSettings;
  const name = via && SETTINGS.includes(attribute) ? settingName(via, attribute) : attribute;
  const owner = via ? widget : element;
  const seen = printed.get(owner) ?? new Set<string>();
  printed.set(owner, seen);
  const key = `${name}\u0000${message}`;
  if (seen.has(key)) return;
  seen.add(key);
  console.warn(`[membrane] <${via ? 'script' : element.localName}> ${name}: ${message}`);
}
