/**
 * The script-tag entry: the launcher. One classic script a site owner pastes, whose SRI hash covers
 * everything it may load later: the contact flow (Lit, zod, the forms), the security form, the
 * backend presets and the encryption code are parts with their hashes pinned at build time
 * (load-part.ts). This bundle holds only what the launcher needs to appear: the widget's button and
 * dialog frame, the topic element, the command queue and the part loader.
 *
 * A page may also write `<membrane-contact-form>` or `<membrane-security-form>` itself: then the parts
 * they need are loaded as soon as they appear. Loading the script twice, or next to an npm copy,
 * changes nothing the second time (registrations are guarded; script-tag.ts starts once).
 */
import '../elements/topic/topic.js';
import '../elements/widget/widget.js';
import { loadPart } from './load-part.js';
import { publishRuntime } from './runtime.js';
import { startScriptTag } from './script-tag.js';

// Read while the script runs: later, document.currentScript is null.
const script = document.currentScript as HTMLScriptElement | null;

publishRuntime();
const first = startScriptTag(script);

const waiting = new Set(['membrane-contact-form', 'membrane-security-form']);

function load(tag: string): void {
  waiting.delete(tag);
  loadPart('flow')
    .then(() => (tag === 'membrane-security-form' ? loadPart('security') : undefined))
    .catch((error: unknown) => console.warn(`[membrane] <${tag}>: ${String(error)}`));
}

/** Loads the parts of the forms the page holds, now or once they are added. */
function watch(): void {
  const check = () => {
    for (const tag of waiting) {
      if (customElements.get(tag)) waiting.delete(tag);
      else if (document.querySelector(tag)) load(tag);
    }
    return waiting.size === 0;
  };
  if (check()) return;
  // Only additions are looked at, so a busy page pays little for the watch.
  const observer = new MutationObserver((mutations) => {
    if (mutations.some((m) => m.addedNodes.length > 0) && check()) observer.disconnect();
  });
  observer.observe(document.documentElement, { childList: true, subtree: true });
}

// A second copy leaves the forms to the first: loading the parts twice would ask Trusted Types for
// the same policies twice.
if (first && document.readyState === 'loading') document.addEventListener('DOMContentLoaded', watch, { once: true });
else if (first) watch();
