import { expect } from '@open-wc/testing';
import fc from 'fast-check';

import { checkEndpoint, isLoopbackHost, isSecureEndpoint, type EndpointCheck } from '../../src/core/endpoint-rules.js';

interface WptCase {
  input: string;
  base: string | null;
  failure?: true;
  href?: string;
  protocol?: string;
  username?: string;
  password?: string;
  hostname?: string;
}

/** The browser's own answer: the parsed URL, or undefined when its parser refuses the input. */
function platformParse(input: string, base: string | null | undefined): URL | undefined {
  try {
    return new URL(input, base ?? undefined);
  } catch {
    return undefined;
  }
}

const isBlank = (value: string | null | undefined) => value == null || value.trim() === '';

/**
 * The oracle, written from SPEC principle 3 against the platform parser's output (not against the
 * module under test): https:, or http: to localhost / *.localhost / 127.0.0.0/8 / [::1], and no
 * user name or password. A blank value is "no endpoint configured", never "post to this page".
 */
function expectedDecision(parts: { protocol: string; hostname: string; username: string; password: string }): boolean {
  if (parts.username !== '' || parts.password !== '') return false;
  if (parts.protocol === 'https:') return true;
  if (parts.protocol !== 'http:') return false;
  const host = parts.hostname;
  return (
    host === 'localhost' ||
    host.endsWith('.localhost') ||
    host === '[::1]' ||
    /^127\.(25[0-5]|2[0-4]\d|1?\d?\d)\.(25[0-5]|2[0-4]\d|1?\d?\d)\.(25[0-5]|2[0-4]\d|1?\d?\d)$/.test(host)
  );
}

function oracle(input: string | null | undefined, base?: string | null): { ok: boolean; unparsable: boolean; href?: string } {
  if (isBlank(input)) return { ok: false, unparsable: false };
  const url = platformParse(input!, base);
  if (!url) return { ok: false, unparsable: true };
  return { ok: expectedDecision(url), unparsable: false, href: url.href };
}

const show = (value: unknown) => JSON.stringify(value);

function describeCheck(check: EndpointCheck): string {
  return check.ok ? `ok ${check.url.href}` : `refused ${check.problem}`;
}

function expectRefused(raw: string | null | undefined, problem: string, base?: string) {
  const check = checkEndpoint(raw, base);
  expect(check.ok, `${show(raw)} should be refused`).to.equal(false);
  if (!check.ok) expect(check.problem, `problem for ${show(raw)}`).to.equal(problem);
  expect(isSecureEndpoint(raw, base)).to.equal(false);
}

function expectAccepted(raw: string, href: string, base?: string) {
  const check = checkEndpoint(raw, base);
  expect(describeCheck(check), `${show(raw)} against ${show(base)}`).to.equal(`ok ${href}`);
  expect(isSecureEndpoint(raw, base)).to.equal(true);
}

describe('checkEndpoint', () => {
  describe('against the web-platform-tests URL corpus', () => {
    let cases: WptCase[];

    before(async () => {
      const response = await fetch(new URL('../fixtures/wpt-urltestdata.json', import.meta.url));
      const data = (await response.json()) as unknown[];
      cases = data.filter((entry): entry is WptCase => typeof entry === 'object' && entry !== null);
    });

    it('has the corpus loaded, with hundreds of cases and some https and loopback ones among them', () => {
      expect(cases.length).to.be.greaterThan(800);
      expect(cases.some((c) => c.protocol === 'https:')).to.equal(true);
      expect(cases.some((c) => c.failure)).to.equal(true);
    });

    it('decides every case exactly as the browser URL parser plus the HTTPS rule does', () => {
      const disagreements: string[] = [];
      let accepted = 0;
      for (const c of cases) {
        const expected = oracle(c.input, c.base);
        let check: EndpointCheck;
        try {
          check = checkEndpoint(c.input, c.base ?? undefined);
        } catch (error) {
          disagreements.push(`${show(c.input)} base ${show(c.base)}: threw ${String(error)}`);
          continue;
        }
        if (check.ok) accepted += 1;
        const agrees =
          check.ok === expected.ok &&
          (check.ok ? check.url.href === expected.href : (check.problem === 'unparsable') === expected.unparsable);
        if (!agrees) {
          disagreements.push(
            `${show(c.input)} base ${show(c.base)}: got ${describeCheck(check)}, platform says ${show(expected)}`,
          );
        }
      }
      // A handful of accepted cases proves the loop is not vacuously refusing everything.
      expect(accepted).to.be.greaterThan(10);
      expect(disagreements, disagreements.slice(0, 5).join('\n')).to.deep.equal([]);
    });

    it('agrees with the corpus itself wherever this browser agrees with the corpus, and counts the deviations', () => {
      const deviations: string[] = [];
      // Deviations that would change the HTTPS decision if one went by the corpus instead of the browser.
      const decisive: string[] = [];
      const disagreements: string[] = [];
      let compared = 0;
      for (const c of cases) {
        const url = platformParse(c.input, c.base);
        const browserAgrees = c.failure ? url === undefined : url !== undefined && url.href === c.href;
        if (!browserAgrees) {
          const line = `${show(c.input)} base ${show(c.base)}: corpus ${c.failure ? 'failure' : c.href}, browser ${url?.href ?? 'failure'}`;
          deviations.push(line);
          const corpusAccepts = !c.failure && !isBlank(c.input) && expectedDecision(c as Required<WptCase>);
          if (corpusAccepts !== oracle(c.input, c.base).ok) decisive.push(line);
          continue;
        }
        compared += 1;
        const check = checkEndpoint(c.input, c.base ?? undefined);
        if (c.failure) {
          const problem = isBlank(c.input) ? 'missing' : 'unparsable';
          if (check.ok || check.problem !== problem) {
            disagreements.push(`${show(c.input)} base ${show(c.base)}: corpus failure, got ${describeCheck(check)}`);
          }
        } else {
          const expected = !isBlank(c.input) && expectedDecision(c as Required<WptCase>);
          if (check.ok !== expected || (check.ok && check.url.href !== c.href)) {
            disagreements.push(`${show(c.input)} base ${show(c.base)}: corpus ${c.href} (${expected ? 'accept' : 'refuse'}), got ${describeCheck(check)}`);
          }
        }
      }
      console.log(
        `[wpt-url] ${navigator.userAgent}: the browser's parser deviates from the corpus in ${deviations.length} of ` +
          `${cases.length} cases, ${decisive.length} of which would change the HTTPS decision` +
          (decisive.length ? `:\n  ${decisive.join('\n  ')}` : '') +
          (deviations.length ? `\n  first deviations:\n  ${deviations.slice(0, 8).join('\n  ')}` : ''),
      );
      expect(compared).to.be.greaterThan(cases.length * 0.9);
      expect(disagreements, disagreements.slice(0, 5).join('\n')).to.deep.equal([]);
    });
  });

  describe('named cases', () => {
    it('accepts an https endpoint and hands back the parsed URL', () => {
      expectAccepted('https://example.com/x', 'https://example.com/x');
    });

    it('accepts an upper-case HTTPS scheme and host, as the parser lower-cases them', () => {
      expectAccepted('HTTPS://EXAMPLE.COM', 'https://example.com/');
    });

    it('refuses a plain http endpoint on the internet as an insecure scheme', () => {
      expectRefused('http://example.com', 'insecure-scheme');
      expectRefused('http://example.com/contact', 'insecure-scheme');
    });

    it('refuses an https endpoint carrying a user name and password', () => {
      expectRefused('https://user:pw@example.com', 'credentials');
    });

    it('refuses an https endpoint carrying only a user name', () => {
      expectRefused('https://user@example.com', 'credentials');
    });

    it('refuses an https endpoint carrying only a password', () => {
      expectRefused('https://:pw@example.com', 'credentials');
    });

    it('accepts an https endpoint whose userinfo is empty, because the parser drops the bare @', () => {
      expectAccepted('https://@example.com/x', 'https://example.com/x');
    });

    it('accepts http to localhost with a port', () => {
      expectAccepted('http://localhost:8080', 'http://localhost:8080/');
    });

    it('accepts http to a name under .localhost', () => {
      expectAccepted('http://app.localhost', 'http://app.localhost/');
      expectAccepted('http://API.App.LocalHost/x', 'http://api.app.localhost/x');
    });

    it('accepts http to any address in 127.0.0.0/8', () => {
      expectAccepted('http://127.0.0.1', 'http://127.0.0.1/');
      expectAccepted('http://127.255.0.9', 'http://127.255.0.9/');
    });

    it('accepts http to the IPv6 loopback address', () => {
      expectAccepted('http://[::1]:3000', 'http://[::1]:3000/');
      expectAccepted('http://[0:0:0:0:0:0:0:1]/', 'http://[::1]/');
    });

    it('accepts http to 0x7f.1, which the parser reads as 127.0.0.1', () => {
      expectAccepted('http://0x7f.1/', 'http://127.0.0.1/');
      expectAccepted('http://2130706433/', 'http://127.0.0.1/');
    });

    it('refuses http to a name that merely starts with localhost', () => {
      expectRefused('http://localhost.example.com', 'insecure-scheme');
      expectRefused('http://localhostx', 'insecure-scheme');
      expectRefused('http://notlocalhost', 'insecure-scheme');
    });

    it('refuses http to a public name that embeds a loopback address', () => {
      expectRefused('http://127.0.0.1.nip.io', 'insecure-scheme');
    });

    it('refuses http to an IPv4-mapped IPv6 address, which is not ::1', () => {
      expectRefused('http://[::ffff:127.0.0.1]', 'insecure-scheme');
    });

    it('refuses http to private and unspecified addresses', () => {
      expectRefused('http://10.0.0.1', 'insecure-scheme');
      expectRefused('http://0.0.0.0', 'insecure-scheme');
      expectRefused('http://192.168.1.1', 'insecure-scheme');
      expectRefused('http://[::]/', 'insecure-scheme');
    });

    it('refuses http to loopback when it carries credentials', () => {
      expectRefused('http://user:pw@localhost:8080/', 'credentials');
    });

    it('refuses javascript:, data:, ftp:, wss:, file: and blob: URLs', () => {
      expectRefused('javascript:alert(1)', 'insecure-scheme');
      expectRefused('JavaScript:alert(document.cookie)//https://example.com', 'insecure-scheme');
      expectRefused('data:text/html,<script>alert(1)</script>', 'insecure-scheme');
      expectRefused('data:application/json,{"reference":"x"}', 'insecure-scheme');
      expectRefused('ftp://example.com/upload', 'insecure-scheme');
      expectRefused('wss://example.com/socket', 'insecure-scheme');
      expectRefused('file:///etc/passwd', 'insecure-scheme');
      expectRefused('blob:https://example.com/0f0e1d2c-3b4a-4958-8776-655443322110', 'insecure-scheme');
    });

    it('says an empty, blank, null or undefined endpoint is missing', () => {
      expectRefused('', 'missing');
      expectRefused('   ', 'missing');
      expectRefused('\t\n', 'missing');
      expectRefused(null, 'missing');
      expectRefused(undefined, 'missing');
    });

    it('says a blank endpoint is missing even with a base, rather than posting to the page itself', () => {
      expectRefused('', 'missing', 'https://shop.example/');
      expectRefused('  ', 'missing', 'https://shop.example/');
    });

    it('says values the parser refuses are unparsable', () => {
      expectRefused('https://', 'unparsable');
      expectRefused('http://[::1', 'unparsable');
      expectRefused('https://example.com:99999/', 'unparsable');
      expectRefused('contact', 'unparsable');
    });

    it('follows the platform parser on a space inside the host: unparsable where the parser refuses it', () => {
      // The URL Standard forbids a space in a host; Chromium's parser escapes it instead (a known
      // deviation). The rule must follow the platform, whichever way it goes.
      const raw = 'https://exa mple.com';
      const url = platformParse(raw, undefined);
      if (url === undefined) expectRefused(raw, 'unparsable');
      else expectAccepted(raw, url.href);
    });

    it('says a relative endpoint without a base is unparsable', () => {
      expectRefused('/contact', 'unparsable');
    });

    it('accepts a relative endpoint on an https page', () => {
      expectAccepted('/contact', 'https://shop.example/contact', 'https://shop.example/');
      expectAccepted('contact?x=1', 'https://shop.example/help/contact?x=1', 'https://shop.example/help/faq');
    });

    it('refuses a relative endpoint on an http page for the scheme it resolves to', () => {
      expectRefused('/contact', 'insecure-scheme', 'http://shop.example/');
    });

    it('accepts a relative endpoint on an http loopback page', () => {
      expectAccepted('/contact', 'http://localhost:8000/contact', 'http://localhost:8000/page');
    });

    it('resolves a scheme-relative endpoint to the page scheme: https accepted, http refused', () => {
      expectAccepted('//evil.example/x', 'https://evil.example/x', 'https://shop.example/');
      expectRefused('//evil.example/x', 'insecure-scheme', 'http://shop.example/');
    });

    it('lets an absolute endpoint override the base scheme', () => {
      expectAccepted('https://api.example/x', 'https://api.example/x', 'http://shop.example/');
      expectRefused('http://api.example/x', 'insecure-scheme', 'https://shop.example/');
    });

    it('calls a base the parser refuses unparsable', () => {
      expectRefused('/contact', 'unparsable', 'not a url');
    });

    it('removes tabs and newlines inside the scheme as the parser does', () => {
      for (const raw of ['ht\ttps://example.com', 'ht\ntps://example.com', 'h\rttps://example.com', 'https\t://example.com']) {
        expect(new URL(raw).href, 'the platform parser').to.equal('https://example.com/');
        expectAccepted(raw, 'https://example.com/');
      }
      for (const raw of ['ht\ttp://example.com', 'http\n://example.com']) {
        expect(new URL(raw).protocol, 'the platform parser').to.equal('http:');
        expectRefused(raw, 'insecure-scheme');
      }
    });

    it('strips leading and trailing controls and spaces as the parser does', () => {
      expectAccepted('\u0000 https://example.com/x \u001f', 'https://example.com/x');
      expectRefused(' \u0001http://example.com/', 'insecure-scheme');
    });

    it('reads backslashes and a missing // in special URLs as the parser does', () => {
      expectAccepted('https:\\\\example.com\\x', 'https://example.com/x');
      expectAccepted('https:example.com', 'https://example.com/');
      expectRefused('http:\\\\example.com', 'insecure-scheme');
    });

    it('looks at the host the parser produced, not at the text: a loopback name in the path or userinfo does not help', () => {
      expectRefused('http://example.com/localhost', 'insecure-scheme');
      expectRefused('http://example.com#@localhost', 'insecure-scheme');
      expectRefused('http://example.com?127.0.0.1', 'insecure-scheme');
      expectRefused('http://localhost@example.com/', 'credentials');
    });
  });

  describe('isLoopbackHost', () => {
    it('recognises localhost, names under .localhost, 127.0.0.0/8 and [::1]', () => {
      for (const host of ['localhost', 'a.localhost', 'a.b.localhost', '127.0.0.1', '127.1.2.3', '127.255.255.255', '[::1]']) {
        expect(isLoopbackHost(host), host).to.equal(true);
      }
    });

    it('rejects look-alikes', () => {
      for (const host of ['localhost.com', 'xlocalhost', '128.0.0.1', '127.0.0.1.nip.io', '[::2]', '::1', '0.0.0.0', '']) {
        expect(isLoopbackHost(host), host).to.equal(false);
      }
    });
  });

  describe('properties', () => {
    const schemes = ['http', 'https', 'HTTPS', 'Http', 'ftp', 'ws', 'wss', 'file', 'javascript', 'data', 'blob'];
    const loopbackUrls = fc
      .tuple(
        fc.constantFrom('http', 'https', 'HTTP', 'ftp'),
        fc.constantFrom('localhost', 'app.localhost', '127.0.0.1', '127.9.8.7', '[::1]', '0x7f.1', '2130706433', 'localhost.example', '[::ffff:7f00:1]', '10.0.0.1'),
        fc.option(fc.constantFrom('user', 'user:pw', ':pw', ''), { nil: undefined }),
        fc.option(fc.integer({ min: 1, max: 65535 }), { nil: undefined }),
        fc.webPath(),
      )
      .map(([scheme, host, userinfo, port, path]) =>
        `${scheme}://${userinfo === undefined ? '' : `${userinfo}@`}${host}${port === undefined ? '' : `:${port}`}${path}`,
      );
    // Insert a tab or newline somewhere: the parser removes them, a naive string check would not.
    const withNoise = (arb: fc.Arbitrary<string>) =>
      fc
        .tuple(arb, fc.nat(), fc.constantFrom('\t', '\n', '\r', ''))
        .map(([s, at, noise]) => s.slice(0, at % (s.length + 1)) + noise + s.slice(at % (s.length + 1)));
    const endpoints = fc.oneof(
      fc.webUrl({ validSchemes: schemes, withQueryParameters: true, withFragments: true, authoritySettings: { withIPv4: true, withIPv6: true, withIPv4Extended: true, withUserInfo: true, withPort: true } }),
      fc.webUrl(),
      loopbackUrls,
      withNoise(fc.oneof(fc.webUrl(), loopbackUrls)),
      fc.string(),
      fc.string({ unit: 'binary' }),
    );
    const bases = fc.option(fc.oneof(fc.constantFrom('https://shop.example/a/', 'http://shop.example/', 'http://localhost/'), fc.webUrl()), { nil: undefined });

    it('never throws, and only accepts https, or http to a loopback host, without credentials', () => {
      fc.assert(
        fc.property(endpoints, bases, (raw, base) => {
          const check = checkEndpoint(raw, base);
          if (!check.ok) return;
          const url = new URL(raw, base);
          expect(url.href).to.equal(check.url.href);
          expect(url.username).to.equal('');
          expect(url.password).to.equal('');
          if (url.protocol !== 'https:') {
            expect(url.protocol).to.equal('http:');
            expect(expectedDecision(url), `${url.hostname} is loopback`).to.equal(true);
          }
        }),
        { numRuns: 2000 },
      );
    });

    it('decides every generated value as the platform parser plus the HTTPS rule does', () => {
      fc.assert(
        fc.property(endpoints, bases, (raw, base) => {
          const expected = oracle(raw, base);
          const check = checkEndpoint(raw, base);
          expect(check.ok, `${show(raw)} against ${show(base)}`).to.equal(expected.ok);
          if (!check.ok) expect(check.problem === 'unparsable', `${show(raw)} unparsable`).to.equal(expected.unparsable);
        }),
        { numRuns: 2000 },
      );
    });
  });
});
