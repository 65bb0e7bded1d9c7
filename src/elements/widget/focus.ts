/**
 * Focus across shadow roots: the dialog's controls live in several nested ones (the panel, the
 * contact form, the security form), which `querySelectorAll` does not enter.
 */

/** The focused element, looked for inside shadow roots. */
export function deepActiveElement(): Element | null {
  let active = document.activeElement;
  while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
  return active;
}

/** Elements Tab stops at under `root`, in the order the page shows them (the flat tree). */
export function tabbables(root: Element, found: HTMLElement[] = []): HTMLElement[] {
  const children = root.shadowRoot
    ? root.shadowRoot.children
    : root instanceof HTMLSlotElement
      ? root.assignedElements({ flatten: true })
      : root.children;
  for (const child of Array.from(children)) {
    if (!(child instanceof HTMLElement) || child.hidden || child.inert) continue;
    if (child.tabIndex >= 0 && !(child as HTMLButtonElement).disabled && child.getClientRects().length > 0) found.push(child);
    tabbables(child, found);
  }
  return found;
}
