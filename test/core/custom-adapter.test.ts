// The `adapter` hook: a developer's own request shape, with the transport's rules still in force.
import { expect } from '@open-wc/testing';

import type { Adapter } from '../../src/core/adapters/adapter.js';
import { findBackend } from '../../src/core/adapters/registry.js';
import { buildContactPayload } from '../../src/core/payload.js';
import { sendPayload } from '../../src/core/transport.js';
import { loopbackUrl, recordedRequests } from '../support/loopback.js';
import { contactDraft } from './drafts.js';

const payload = () => buildContactPayload(contactDraft(), { href: location.href, locale: 'en' });

/** A fetch that records what it was asked and answers 200 with a JSON reference. */
function spyFetch() {
  const calls: RequestInit[] = [];
  const fetch = (async (_input: RequestInfo | URL, init?: RequestInit) => {
    calls.push(init ?? {});
    return new Response('{"reference":"SPY"}', { status: 200, headers: { 'Content-Type': 'application/json' } });
  }) as typeof globalThis.fetch;
  return { calls, fetch };
}

describe('a custom adapter', () => {
  it('sends the request it builds and reads the reference it finds', async () => {
    const p = payload();
    const adapter: Adapter = {
      toRequest: (body, { endpoint }) => ({
        url: `${endpoint}&ticket=1`,
        init: { headers: { 'Content-Type': 'text/plain', 'Idempotency-Key': body.id }, body: `${body.email}: ${body.message}` },
      }),
      fromResponse: ({ json }) => ({ reference: `T-${(json as { reference: string }).reference}` }),
    };
    const delivery = await sendPayload({
      endpoint: loopbackUrl('/status/201', { type: 'json', reference: '77' }),
      payload: p,
      secureContext: true,
      adapter,
    });
    expect(delivery).to.include({ ok: true, reference: 'T-77', status: 201 });
    const [arrived] = await recordedRequests(p.id);
    expect(arrived?.url).to.contain('ticket=1');
    expect(arrived?.rawBody).to.equal('ada@example.com: My invoice for March is charged twice.');
  });

  it('cannot loosen the transport: credentials, redirects and no-cors are overridden', async () => {
    const { calls, fetch } = spyFetch();
    const adapter: Adapter = {
      toRequest: () => ({
        url: 'https://backend.example/x',
        init: { method: 'PUT', credentials: 'include', redirect: 'follow', mode: 'no-cors', body: 'x' } as never,
      }),
    };
    await sendPayload({ endpoint: undefined, payload: payload(), secureContext: true, adapter, fetch });
    expect(calls).to.have.length(1);
    expect(calls[0]).to.include({ method: 'PUT', credentials: 'omit', redirect: 'error', mode: 'cors' });
  });

  it('is held to the HTTPS rule for the URL it returns', async () => {
    const { calls, fetch } = spyFetch();
    for (const url of ['http://backend.example/x', 'https://user:pw@backend.example/x', 'javascript:alert(1)']) {
      const adapter: Adapter = { toRequest: () => ({ url, init: {} }) };
      const delivery = await sendPayload({ endpoint: 'https://ok.example', payload: payload(), secureContext: true, adapter, fetch });
      expect(delivery, url).to.include({ ok: false, code: 'insecure-endpoint' });
    }
    expect(calls).to.have.length(0);
  });

  it('reports an adapter that throws as a configuration error and sends nothing', async () => {
    const { calls, fetch } = spyFetch();
    const adapter: Adapter = {
      toRequest: () => {
        throw new Error('no ticket queue configured');
      },
    };
    const delivery = await sendPayload({ endpoint: 'https://ok.example', payload: payload(), secureContext: true, adapter, fetch });
    expect(delivery).to.include({ ok: false, code: 'config' });
    expect(delivery.ok === false && delivery.detail).to.contain('no ticket queue configured');
    expect(calls).to.have.length(0);
  });

  it('can refuse a 2xx answer with field errors, and is not trusted to accept a 4xx', async () => {
    const refusing: Adapter = {
      toRequest: (p, { endpoint }) => ({ url: endpoint!, init: { body: JSON.stringify(p) } }),
      fromResponse: ({ ok }) => (ok ? { fieldErrors: { email: 'email' } } : { reference: 'SHOULD-NOT' }),
    };
    const accepted200 = await sendPayload({
      endpoint: loopbackUrl('/status/200', { type: 'json' }),
      payload: payload(),
      secureContext: true,
      adapter: refusing,
    });
    expect(accepted200).to.deep.equal({ ok: false, code: 'http', status: 200, fieldErrors: { email: 'email' } });
    const refused400 = await sendPayload({
      endpoint: loopbackUrl('/status/400', { type: 'json' }),
      payload: payload(),
      secureContext: true,
      adapter: { ...refusing, fromResponse: () => ({ reference: 'SHOULD-NOT' }) },
    });
    expect(refused400).to.deep.equal({ ok: false, code: 'http', status: 400 });
  });

  it('falls back to the status when fromResponse throws', async () => {
    const adapter: Adapter = {
      toRequest: (p, { endpoint }) => ({ url: endpoint!, init: { body: JSON.stringify(p) } }),
      fromResponse: () => {
        throw new Error('unexpected body');
      },
    };
    const delivery = await sendPayload({ endpoint: loopbackUrl('/status/200', { type: 'json' }), payload: payload(), secureContext: true, adapter });
    expect(delivery).to.include({ ok: true, referenceFromServer: false });
  });
});

describe('findBackend', () => {
  it('defaults to json and ignores case and spaces', () => {
    expect(findBackend(undefined)).to.equal(findBackend('json'));
    expect(findBackend(' JSON ')).to.equal(findBackend('json'));
  });

  it('knows nothing of names that are not presets, including inherited ones', () => {
    expect(findBackend('toString')).to.equal(undefined);
    expect(findBackend('__proto__')).to.equal(undefined);
    expect(findBackend('freshdesk')).to.equal(undefined);
  });
});
