import { expect } from '@open-wc/testing';

import { SECURITY_TXT_TIMEOUT_MS, fetchSecurityTxt, type FetchSecurityTxtOptions, type SecurityTxtFetch } from '../../src/core/security-txt-fetch.js';
import { SECURITY_TXT_MAX_BYTES } from '../../src/core/security-txt.js';
import { httpBase, httpsBase, loopbackUrl } from '../support/loopback.js';

const NOW = new Date('2025-06-01T00:00:00Z');

function read(source: string, extra: Partial<FetchSecurityTxtOptions> = {}): Promise<SecurityTxtFetch> {
  return fetchSecurityTxt(source, { page: location.href, secureContext: true, now: NOW, ...extra });
}

function fixtureUrl(name: string, query: Record<string, string | number> = {}): string {
  return loopbackUrl(`/security-txt/${name}`, query);
}

/** A fetch stand-in that records its calls and answers with `answer()`. */
function fetchSpy(answer: () => Response = () => new Response('Contact: mailto:a@example.com\n', { headers: { 'Content-Type': 'text/plain' } })) {
  const calls: { input: RequestInfo | URL; init: RequestInit | undefined }[] = [];
  const spy = (async (input: RequestInfo | URL, init?: RequestInit) => {
    calls.push({ input, init });
    return answer();
  }) as typeof fetch;
  return { spy, calls };
}

const MINIMAL = { contacts: ['mailto:security@example.com'], expires: '2030-01-01T00:00:00.000Z' };

function expectOk(result: SecurityTxtFetch): Extract<SecurityTxtFetch, { ok: true }> {
  expect(result.ok, JSON.stringify(result)).to.equal(true);
  return result as Extract<SecurityTxtFetch, { ok: true }>;
}

describe('fetchSecurityTxt', () => {
  it('waits 10 seconds by default', () => {
    expect(SECURITY_TXT_TIMEOUT_MS).to.equal(10_000);
  });

  describe('against the loopback server', () => {
    it('reads `auto` from the page origin’s /.well-known/security.txt', async () => {
      const result = expectOk(await read('auto', { page: loopbackUrl('/some/page', { q: 1 }) }));
      expect(result.url).to.equal(`${httpsBase}/.well-known/security.txt`);
      expect(result.fields.contacts).to.deep.equal([
        'https://example.com/security/report',
        'mailto:security@example.com',
        'tel:+1-201-555-0123',
      ]);
      expect(result.fields.preferredLanguages).to.deep.equal(['en', 'fr', 'de']);
      expect(result.problems).to.deep.equal([]);
    });

    it('reads an absolute URL source', async () => {
      const result = expectOk(await read(fixtureUrl('minimal.txt')));
      expect(result.url).to.equal(fixtureUrl('minimal.txt'));
      expect(result.fields.contacts).to.deep.equal(MINIMAL.contacts);
      expect(result.fields.expires).to.equal(MINIMAL.expires);
      expect(result.problems).to.deep.equal([]);
    });

    it('resolves a relative source against the page', async () => {
      const result = expectOk(await read('../security-txt/signed.txt', { page: loopbackUrl('/some/page') }));
      expect(result.url).to.equal(`${httpsBase}/security-txt/signed.txt`);
      expect(result.fields.signed).to.equal(true);
    });

    it('accepts any spelling of text/plain, with parameters', async () => {
      for (const type of ['TEXT/PLAIN;charset=UTF-8', 'text/plain', ' text/plain ; charset="utf-8"']) {
        expectOk(await read(fixtureUrl('minimal.txt', { type })));
      }
    });

    it('reads http: to a loopback host (it never leaves the machine)', async () => {
      const result = expectOk(await read(`${httpBase}/security-txt/minimal.txt`));
      expect(result.fields.contacts).to.deep.equal(MINIMAL.contacts);
    });

    it('refuses an HTML answer as not text, and reports HTML served as text/plain', async () => {
      expect(await read(fixtureUrl('html-instead.html', { type: 'html' }))).to.deep.equal({ ok: false, code: 'not-text' });
      const mislabelled = expectOk(await read(fixtureUrl('html-instead.html')));
      expect(mislabelled.problems).to.deep.equal([{ code: 'html' }]);
    });

    it('refuses an answer with no Content-Type or another type as not text', async () => {
      expect(await read(fixtureUrl('minimal.txt', { type: 'none' }))).to.deep.equal({ ok: false, code: 'not-text' });
      expect(await read(fixtureUrl('binary.bin', { type: 'application/octet-stream' }))).to.deep.equal({ ok: false, code: 'not-text' });
      expect(await read(fixtureUrl('minimal.txt', { type: 'text/plainish' }))).to.deep.equal({ ok: false, code: 'not-text' });
    });

    it('reports binary served as text/plain', async () => {
      expect(expectOk(await read(fixtureUrl('binary.bin'))).problems).to.deep.equal([{ code: 'binary' }]);
    });

    it('says http with the status for a non-2xx answer', async () => {
      expect(await read(loopbackUrl('/security-txt/no-such-file.txt'))).to.deep.equal({ ok: false, code: 'http', status: 404 });
      expect(await read(fixtureUrl('minimal.txt', { status: 503 }))).to.deep.equal({ ok: false, code: 'http', status: 503 });
    });

    it('does not follow a redirect', async () => {
      expect(await read(loopbackUrl('/security-txt-redirect/minimal.txt'))).to.deep.equal({ ok: false, code: 'network' });
    });

    it('refuses a 5 MB body as too large, quickly, without reading it all', async () => {
      const started = performance.now();
      expect(await read(loopbackUrl('/security-txt-huge'))).to.deep.equal({ ok: false, code: 'too-large' });
      expect(performance.now() - started).to.be.lessThan(3000);
    });

    it('refuses a declared Content-Length over the limit before reading', async () => {
      expect(await read(loopbackUrl('/security-txt-huge', { length: 1 }))).to.deep.equal({ ok: false, code: 'too-large' });
      expect(await read(fixtureUrl('too-large.txt'))).to.deep.equal({ ok: false, code: 'too-large' });
    });

    it(`reads exactly ${SECURITY_TXT_MAX_BYTES} bytes and refuses one more`, async () => {
      expectOk(await read(loopbackUrl('/security-txt-huge', { bytes: SECURITY_TXT_MAX_BYTES })));
      expect(await read(loopbackUrl('/security-txt-huge', { bytes: SECURITY_TXT_MAX_BYTES + 1 }))).to.deep.equal({ ok: false, code: 'too-large' });
    });

    it('times out on a server that never answers, or stalls after the headers', async () => {
      expect(await read(loopbackUrl('/security-txt-hang'), { timeoutMs: 300 })).to.deep.equal({ ok: false, code: 'timeout' });
      expect(await read(loopbackUrl('/security-txt-hang', { after: 'headers' }), { timeoutMs: 300 })).to.deep.equal({ ok: false, code: 'timeout' });
    });

    it('stops when the caller aborts', async () => {
      const controller = new AbortController();
      const pending = read(loopbackUrl('/security-txt-hang'), { signal: controller.signal });
      setTimeout(() => controller.abort(), 50);
      expect(await pending).to.deep.equal({ ok: false, code: 'network' });
    });
  });

  describe('refusals before any request', () => {
    const cases: [string, Partial<FetchSecurityTxtOptions>, string][] = [
      ['http://example.com/.well-known/security.txt', {}, 'insecure-endpoint'],
      ['auto', { page: 'http://example.com/contact' }, 'insecure-endpoint'],
      ['//example.com/security.txt', { page: 'http://example.com/' }, 'insecure-endpoint'],
      ['https://user:secret@example.com/.well-known/security.txt', {}, 'insecure-endpoint'],
      ['ftp://example.com/security.txt', {}, 'insecure-endpoint'],
      ['javascript:alert(1)', {}, 'insecure-endpoint'],
      ['', {}, 'insecure-endpoint'],
      ['https://example.com:99999/', {}, 'insecure-endpoint'],
      ['auto', { page: 'not a url' }, 'insecure-endpoint'],
      ['https://example.com/.well-known/security.txt', { secureContext: false }, 'insecure-page'],
      ['auto', { secureContext: false }, 'insecure-page'],
    ];
    for (const [source, extra, code] of cases) {
      it(`answers ${code} for ${JSON.stringify(source)} ${JSON.stringify(extra)} and sends nothing`, async () => {
        const { spy, calls } = fetchSpy();
        expect(await read(source, { fetch: spy, ...extra })).to.deep.equal({ ok: false, code });
        expect(calls).to.have.length(0);
      });
    }
  });

  describe('with a fetch stand-in', () => {
    it('asks for text/plain with GET, no credentials, no redirects and a deadline', async () => {
      const { spy, calls } = fetchSpy();
      await read('auto', { fetch: spy, page: 'https://shop.example/cart?id=1#x' });
      expect(calls).to.have.length(1);
      const [{ input, init }] = calls;
      expect(input).to.equal('https://shop.example/.well-known/security.txt');
      expect(init).to.include({ method: 'GET', credentials: 'omit', redirect: 'error', mode: 'cors' });
      expect(init!.headers).to.deep.equal({ Accept: 'text/plain' });
      expect(init!.signal).to.be.instanceOf(AbortSignal);
    });

    it('pulls no more than the limit from an endless body and cancels it', async () => {
      let pulls = 0;
      let cancelled = false;
      const chunk = new TextEncoder().encode('#'.repeat(8191) + '\n');
      const body = new ReadableStream<Uint8Array>({
        pull(controller) {
          pulls += 1;
          controller.enqueue(chunk);
        },
        cancel() {
          cancelled = true;
        },
      });
      const { spy } = fetchSpy(() => new Response(body, { headers: { 'Content-Type': 'text/plain' } }));
      expect(await read('https://example.com/s.txt', { fetch: spy })).to.deep.equal({ ok: false, code: 'too-large' });
      expect(pulls).to.be.within(5, 7);
      expect(cancelled).to.equal(true);
    });

    it('decodes UTF-8 across chunk boundaries and replaces invalid bytes instead of failing', async () => {
      const bytes = new TextEncoder().encode('Contact: mailto:s%C3%A9c@example.fr\nX-Name: Équipe sécurité\nExpires: 2030-01-01T00:00:00Z\n');
      const split = bytes.indexOf(0xc3, 60) + 1;
      const body = new ReadableStream<Uint8Array>({
        start(controller) {
          controller.enqueue(bytes.slice(0, split));
          controller.enqueue(bytes.slice(split));
          controller.enqueue(new Uint8Array([0x58, 0x2d, 0x42, 0x3a, 0x20, 0xff, 0x0a]));
          controller.close();
        },
      });
      const { spy } = fetchSpy(() => new Response(body, { headers: { 'Content-Type': 'text/plain; charset=utf-8' } }));
      const result = expectOk(await read('https://example.fr/.well-known/security.txt', { fetch: spy }));
      expect(result.fields.other['x-name']).to.deep.equal(['Équipe sécurité']);
      expect(result.fields.other['x-b']).to.deep.equal(['\uFFFD']);
      expect(result.problems).to.deep.equal([]);
    });

    it('cancels the body of an answer it refuses', async () => {
      let cancelled = false;
      const body = new ReadableStream<Uint8Array>({
        cancel() {
          cancelled = true;
        },
      });
      const { spy } = fetchSpy(() => new Response(body, { status: 200, headers: { 'Content-Type': 'text/html' } }));
      expect(await read('https://example.com/s.txt', { fetch: spy })).to.deep.equal({ ok: false, code: 'not-text' });
      expect(cancelled).to.equal(true);
    });

    it('says network, not timeout, when fetch itself fails', async () => {
      const failing = (async () => {
        throw new TypeError('Failed to fetch');
      }) as typeof fetch;
      expect(await read('https://example.com/s.txt', { fetch: failing })).to.deep.equal({ ok: false, code: 'network' });
    });
  });
});
