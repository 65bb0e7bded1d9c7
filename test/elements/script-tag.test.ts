// The script-tag build as a site owner uses it: one classic script, no build step. Runs the built
// dist/membrane.js (npm test builds first), so it checks what is shipped, not the sources.
import { expect, waitUntil } from '@open-wc/testing';

import { loopbackUrl, recordedRequests } from '../support/loopback.js';
import { en } from './harness.js';


function loadScript(): Promise<void> {
  return new Promise((resolve, reject) => {
    const script = document.createElement('script');
    script.src = '/dist/membrane.js';
    script.onload = () => resolve();
    script.onerror = () => reject(new Error('dist/membrane.js did not load: run the build first'));
    document.head.append(script);
  });
}

describe('the script-tag bundle', () => {
  it('registers the launcher and topic elements, and loading it twice throws nothing', async () => {
    const errors: string[] = [];
    const onError = (e: ErrorEvent) => errors.push(e.message);
    window.addEventListener('error', onError);
    await loadScript();
    await loadScript();
    window.removeEventListener('error', onError);
    expect(errors).to.deep.equal([]);
    for (const tag of ['membrane-widget', 'membrane-topic']) {
      expect(customElements.get(tag), tag).to.not.equal(undefined);
    }
  });

  it('loads the security form, with its integrity pinned, when the page holds one', async () => {
    await loadScript();
    const form = document.createElement('membrane-security-form');
    document.body.append(form);
    await customElements.whenDefined('membrane-security-form');
    const part = document.querySelector<HTMLScriptElement>('script[src$="/dist/membrane-security.js"]');
    expect(part?.integrity).to.match(/^sha256-[A-Za-z0-9+/]{43}=$/);
    expect(part?.crossOrigin).to.equal('anonymous');
    await waitUntil(() => form.shadowRoot?.querySelector('form'), 'the security form did not render');
    form.remove();
  });

  it('turns plain markup into a working form that sends over HTTPS, loading the contact flow part', async () => {
    await loadScript();
    const host = document.createElement('div');
    host.innerHTML = `<membrane-contact-form endpoint="${loopbackUrl('/receive')}">
        <membrane-topic value="billing" label="Billing"></membrane-topic>
      </membrane-contact-form>`;
    document.body.append(host);
    const form = host.querySelector('membrane-contact-form')!;
    await waitUntil(() => form.shadowRoot?.querySelector('form'), 'the form did not render', { timeout: 8000 });
    const part = document.querySelector<HTMLScriptElement>('script[src$="/dist/membrane-flow.js"]');
    expect(part?.integrity).to.match(/^sha256-[A-Za-z0-9+/]{43}=$/);
    const root = form.shadowRoot!;
    const type = (id: string, value: string) => {
      const control = root.getElementById(id) as HTMLInputElement;
      control.value = value;
      control.dispatchEvent(new InputEvent('input', { bubbles: true, composed: true }));
    };
    (root.getElementById('topic-billing') as HTMLInputElement).click();
    type('email', 'ada@example.com');
    type('message', 'Hello from a plain HTML page.');
    const sent = new Promise<CustomEvent>((resolve) => document.addEventListener('membrane-sent', (e) => resolve(e), { once: true }));
    root.querySelector<HTMLButtonElement>('button[type="submit"]')!.click();
    const event = await sent;
    expect(root.textContent).to.contain(en.sentHeading);
    const [arrived] = await recordedRequests(event.detail.payload.id);
    expect(arrived?.body).to.include({ kind: 'contact', topic: 'billing', message: 'Hello from a plain HTML page.' });
    host.remove();
  });
});
