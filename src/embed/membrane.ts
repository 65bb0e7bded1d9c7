/**
 * The script-tag entry: one self-contained classic script that registers the elements, so a site
 * owner can paste `<script src=".../membrane.js" defer>` and write `<membrane-contact-form>` in any
 * page with no build step. Registration is guarded, so loading it twice, or next to an npm copy,
 * does not throw.
 *
 * The security form is a part loaded on demand, with its integrity pinned (load-part.ts): when the
 * customer turns to it in the contact form, or when the page itself holds a <membrane-security-form>.
 */
import '../elements/topic/topic.js';
import '../elements/contact-form/contact-form.js';
import { loadPart } from './load-part.js';
import { publishRuntime } from './runtime.js';

publishRuntime();

const SECURITY_TAG = 'membrane-security-form';

function loadSecurityForm(): void {
  loadPart('security').catch((error: unknown) => console.warn(String(error)));
}

const holdsSecurityForm = (node: Node) =>
  node instanceof Element && (node.localName === SECURITY_TAG || node.querySelector(SECURITY_TAG) !== null);

if (!customElements.get(SECURITY_TAG)) {
  const watch = () => {
    if (document.querySelector(SECURITY_TAG)) return loadSecurityForm();
    // Only added nodes are looked at, so a busy page pays little for the watch.
    const observer = new MutationObserver((mutations) => {
      if (mutations.some((m) => Array.from(m.addedNodes).some(holdsSecurityForm))) {
        observer.disconnect();
        loadSecurityForm();
      }
    });
    observer.observe(document.documentElement, { childList: true, subtree: true });
  };
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', watch, { once: true });
  else watch();
}
