// Proves the browser test setup end to end in every browser: the page is a secure context, the
// loopback server's addresses reach the page, its certificate is trusted, and its routes answer
// cross-origin requests the way the transport tests rely on.

import { expect } from '@open-wc/testing';

import { httpBase, httpsBase, loopbackUrl, recordedRequests, waitForRequests } from './loopback.js';

function jsonPost(key: string, body: unknown = { hello: 'world' }): RequestInit {
  return {
    method: 'POST',
    // application/json and Idempotency-Key make this a preflighted request, like the real transport.
    headers: { 'Content-Type': 'application/json', 'Idempotency-Key': key, Accept: 'application/json' },
    body: JSON.stringify(body),
    credentials: 'omit',
  };
}

describe('loopback test server', () => {
  it('serves test pages from a secure context', () => {
    expect(window.isSecureContext).to.equal(true);
    expect(httpsBase).to.match(/^https:\/\/127\.0\.0\.1:\d+$/);
    expect(httpBase).to.match(/^http:\/\/127\.0\.0\.1:\d+$/);
  });

  it('answers a preflighted POST to /status/201 with 201, a readable body and CORS for this origin', async () => {
    const key = crypto.randomUUID();
    const response = await fetch(loopbackUrl('/status/201', { reference: 'XYZ' }), jsonPost(key));

    // A cross-origin read only succeeds when the preflight and the response carry matching CORS headers.
    expect(response.type).to.equal('cors');
    expect(response.status).to.equal(201);
    expect(await response.json()).to.deep.equal({ reference: 'XYZ' });

    const [recorded, ...more] = await recordedRequests(key);
    expect(more).to.have.length(0);
    expect(recorded.scheme).to.equal('https');
    expect(recorded.path).to.equal('/status/201');
    expect(recorded.headers.origin).to.equal(location.origin);
    expect(recorded.headers['content-type']).to.equal('application/json');
    expect(recorded.headers.cookie).to.equal(undefined);
    expect(recorded.headers.authorization).to.equal(undefined);
    expect(recorded.body).to.deep.equal({ hello: 'world' });
  });

  it('delivers to /receive over plain HTTP on loopback', async () => {
    const key = crypto.randomUUID();
    const response = await fetch(loopbackUrl('/receive', {}, { scheme: 'http' }), jsonPost(key));
    // The demo receiver validates membrane.v1 payloads, so a stray body may be refused; either way
    // the plain-HTTP server answered this origin.
    expect(response.type).to.equal('cors');
    expect([200, 400, 422]).to.include(response.status);
    const [recorded] = await recordedRequests(key);
    expect(recorded.scheme).to.equal('http');
  });

  it('answers an HTML error page with text/html', async () => {
    const response = await fetch(loopbackUrl('/status/502', { type: 'html' }), jsonPost(crypto.randomUUID()));
    expect(response.status).to.equal(502);
    expect(response.headers.get('content-type')).to.match(/^text\/html/);
    expect(await response.text()).to.contain('<h1>502</h1>');
  });

  it('follows a 307 from https to the http server', async () => {
    const key = crypto.randomUUID();
    const response = await fetch(loopbackUrl('/redirect', { to: 'http', path: '/status/200?reference=MOVED' }), jsonPost(key));
    expect(response.redirected).to.equal(true);
    expect(response.url.startsWith(httpBase)).to.equal(true);
    expect(await response.json()).to.deep.equal({ reference: 'MOVED' });
    const recorded = await recordedRequests(key);
    expect(recorded.map((r) => `${r.scheme} ${r.path}`)).to.deep.equal(['https /redirect', 'http /status/200']);
  });

  it('fails the fetch when /drop closes the connection, and the browser does not resend it', async () => {
    // Warm up first: a browser resends a request on its own when a reused connection drops.
    await fetch(loopbackUrl('/status/204'), jsonPost(crypto.randomUUID()));
    const key = crypto.randomUUID();
    let error: unknown;
    try {
      await fetch(loopbackUrl('/drop'), jsonPost(key));
    } catch (caught) {
      error = caught;
    }
    expect(error).to.be.instanceOf(TypeError);
    expect(await recordedRequests(key)).to.have.length(1);
  });

  it('keeps /hang open until the page gives up', async () => {
    const key = crypto.randomUUID();
    const controller = new AbortController();
    const pending = fetch(loopbackUrl('/hang'), { ...jsonPost(key), signal: controller.signal });
    await waitForRequests(key);
    controller.abort();
    let error: unknown;
    try {
      await pending;
    } catch (caught) {
      error = caught;
    }
    expect((error as DOMException).name).to.equal('AbortError');
  });

  it('refuses a body over 1 MiB with 413', async () => {
    const response = await fetch(loopbackUrl('/receive'), {
      ...jsonPost(crypto.randomUUID()),
      body: JSON.stringify({ message: 'x'.repeat(1024 * 1024) }),
    });
    expect(response.status).to.equal(413);
  });
});
