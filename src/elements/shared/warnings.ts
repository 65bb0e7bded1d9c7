/**
 * Warnings for site owners: each names the element and the attribute at fault, and each distinct
 * warning is printed once per element, so a misconfigured page does not flood the console.
 */
const printed = new WeakMap<Element, Set<string>>();

export function warnOnce(element: Element, attribute: string, message: string): void {
  const seen = printed.get(element) ?? new Set<string>();
  printed.set(element, seen);
  const key = `${attribute}\u0000${message}`;
  if (seen.has(key)) return;
  seen.add(key);
  console.warn(`[membrane] <${element.localName}> ${attribute}: ${message}`);
}
