// Valid membrane.v1 payloads built by the library's own core (dist/core, made by `npm run build`),
// the way the forms build them; tests override what they need.
import { buildContactPayload, buildSecurityPayload } from '../../../dist/core/index.js';

export const PAGE_ORIGIN = 'https://shop.example';

export function contactPayload(overrides = {}, href = `${PAGE_ORIGIN}/contact?utm=x`) {
  return buildContactPayload(
    {
      kind: 'contact',
      topic: 'billing',
      topicOther: '',
      name: 'Ada Lovelace',
      email: 'ada@example.com',
      message: 'I was charged twice for order 1234.',
      reference: '',
      escalate: false,
      ...overrides,
    },
    { href, locale: 'en' },
  );
}

export function securityPayload(overrides = {}, href = `${PAGE_ORIGIN}/security`) {
  return buildSecurityPayload(
    {
      summary: 'Stored XSS in the review form',
      asset: `${PAGE_ORIGIN}/reviews`,
      category: '',
      severity: '',
      credit: '',
      steps: '1. Post a review containing <img src=x onerror=alert(1)>\n2. Open the product page',
      impact: 'Script runs for every visitor of the product page.',
      name: '',
      email: '',
      policyAccepted: true,
      ...overrides,
    },
    { href, locale: 'en' },
  );
}

/** Reads a whole response; `json` is the parsed body, or undefined when it is not JSON. */
export function collectResponse(res) {
  return new Promise((resolve, reject) => {
    const parts = [];
    res.on('data', (part) => parts.push(part));
    res.on('error', reject);
    res.on('end', () => {
      const text = Buffer.concat(parts).toString('utf8');
      let json;
      try {
        json = JSON.parse(text);
      } catch {
        json = undefined;
      }
      resolve({ status: res.statusCode, headers: res.headers, text, json });
    });
  });
}
