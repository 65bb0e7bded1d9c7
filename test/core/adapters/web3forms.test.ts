// `web3forms`: the public access key from backend-key, JSON to api.web3forms.com.
import { expect } from '@open-wc/testing';

import { findBackend } from '../../../src/core/adapters/registry.js';
import { web3formsAdapter } from '../../../src/core/adapters/web3forms.js';
import { sendPayload } from '../../../src/core/transport.js';
import { describeDocumented, fixedPayloads } from './documented.js';

describe('the web3forms adapter', () => {
  it('is the preset backend="web3forms" names, with Web3Forms’ submit URL as its default endpoint', () => {
    expect(findBackend('web3forms')).to.equal(web3formsAdapter);
    expect(web3formsAdapter.defaultEndpoint).to.equal('https://api.web3forms.com/submit');
  });

  describeDocumented('web3forms', web3formsAdapter, { key: 'YOUR-ACCESS-KEY-0000' });

  it('posts to the endpoint attribute instead when one is set', () => {
    const request = web3formsAdapter.toRequest(fixedPayloads().contact, { endpoint: 'https://forms.example/submit', key: 'k' });
    expect(request.url).to.equal('https://forms.example/submit');
    expect(JSON.parse(request.init.body!)).to.include({ access_key: 'k', email: 'ada@example.com', subject: 'contact: billing' });
  });

  it('sends nothing without an access key and tells the site owner it is a configuration problem', async () => {
    let fetched = false;
    const delivery = await sendPayload({
      endpoint: undefined,
      payload: fixedPayloads().contact,
      secureContext: true,
      adapter: web3formsAdapter,
      fetch: (async () => {
        fetched = true;
        return new Response('{}');
      }) as typeof fetch,
    });
    expect(fetched).to.equal(false);
    expect(delivery).to.include({ ok: false, code: 'config' });
    expect((delivery as { detail: string }).detail).to.contain('backend-key');
  });
});
