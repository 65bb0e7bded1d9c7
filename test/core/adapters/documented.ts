/**
 * What every service preset is checked against: its fixture in test/fixtures/adapters/, which holds
 * the service's documented request and answers (each with the documentation URL it came from) and
 * the exact requests the preset builds for three fixed payloads.
 *
 * `describeDocumented` runs the same checks for every preset: the request for a contact, a
 * follow-up and a security payload matches the documented shape and the recorded one, and every
 * documented answer becomes the recorded outcome and, through `interpretResponse`, the Delivery the
 * element shows.
 */
import { expect } from '@open-wc/testing';

import type { Adapter, BackendRequest, BackendResponse } from '../../../src/core/adapters/adapter.js';
import { buildContactPayload, referenceFromId } from '../../../src/core/payload.js';
import { buildSecurityPayload } from '../../../src/core/security-payload.js';
import type { Payload } from '../../../src/core/schemas.js';
import { interpretResponse, sendPayload } from '../../../src/core/transport.js';
import { contactDraft, securityDraft } from '../drafts.js';

export type PayloadKind = 'contact' | 'followUp' | 'security';

const env = (id: string) => ({
  href: 'https://shop.example/help/contact?order=1234#top',
  locale: 'en',
  id,
  now: new Date('2025-03-04T05:06:07.000Z'),
});

/** The three payloads the fixtures' recorded requests were built from. The security report is anonymous. */
export function fixedPayloads(): Record<PayloadKind, Payload> {
  return {
    contact: buildContactPayload(contactDraft(), env('1b4e28ba-2fa1-41d2-883f-0016d3cca427')),
    followUp: buildContactPayload(
      contactDraft({ kind: 'follow-up', topic: '', reference: 'MB-ABC123', message: 'Any news?', escalate: true }),
      env('6fa459ea-ee8a-4ca4-894e-db77e160355e'),
    ),
    security: buildSecurityPayload(securityDraft({ name: '', email: '' }), env('16fd2706-8baf-433b-82eb-8c7fada847da')),
  };
}

export interface DocumentedResponse {
  name: string;
  source: string;
  status: number;
  contentType: string | null;
  body: unknown;
  outcome: unknown;
  /** The Delivery, with `reference: "derived"` standing for the reference derived from the payload id. */
  delivery: Record<string, unknown>;
}

export interface AdapterFixture {
  service: string;
  request: {
    source: string | string[];
    method: string;
    url: string;
    headers: Record<string, string>;
    /** An example body in the documented shape (JSON services). */
    body?: unknown;
    /** The documented flat field names (the `form` preset). */
    fields?: string[];
    required?: string[];
    /** Any field name is accepted (form services); otherwise only the documented ones. */
    open?: boolean;
  };
  responses: DocumentedResponse[];
  ours: Record<PayloadKind, { url: string; init: { method: string; headers: Record<string, string>; body: unknown } }>;
}

export async function loadFixture(name: string): Promise<AdapterFixture> {
  const response = await fetch(new URL(`../../fixtures/adapters/${name}.json`, import.meta.url));
  return (await response.json()) as AdapterFixture;
}

/** The body as a value: JSON parsed, a urlencoded form as an object of its fields. */
export function bodyOf(request: BackendRequest): unknown {
  const body = request.init.body ?? '';
  return /json/.test(request.init.headers?.['Content-Type'] ?? '')
    ? JSON.parse(body)
    : Object.fromEntries(new URLSearchParams(body));
}

/** Types instead of values: `{ a: "x", b: [{ c: 1 }] }` → `{ a: "string", b: [{ c: "number" }] }`. */
export function shapeOf(value: unknown): unknown {
  if (Array.isArray(value)) return value.length > 0 ? [shapeOf(value[0])] : [];
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, shapeOf(v)]));
  }
  return value === null ? 'null' : typeof value;
}

/**
 * Our body against the documented one. A closed shape (HubSpot, Zendesk): every property we send,
 * at every depth, is a documented one with the documented type. An open shape (form services):
 * every documented field we send has the documented type, and every required one is there.
 */
export function expectConforms(ours: unknown, documented: unknown, open: boolean, path = 'body'): void {
  const [a, d] = [shapeOf(ours), shapeOf(documented)];
  if (typeof d === 'string' || typeof a === 'string') {
    expect(a, path).to.equal(d);
    return;
  }
  if (Array.isArray(d)) {
    expect(a, path).to.be.an('array');
    for (const [i, item] of (ours as unknown[]).entries()) expectConforms(item, (documented as unknown[])[0], open, `${path}[${i}]`);
    return;
  }
  const [oursObject, documentedObject] = [ours as Record<string, unknown>, documented as Record<string, unknown>];
  for (const key of Object.keys(oursObject)) {
    if (key in documentedObject) expectConforms(oursObject[key], documentedObject[key], open, `${path}.${key}`);
    else expect(open, `${path}.${key} is not a documented property`).to.equal(true);
  }
}

/** What `interpretResponse` hands an adapter, for a documented answer. */
export function responseView(r: DocumentedResponse): BackendResponse {
  return {
    status: r.status,
    ok: r.status >= 200 && r.status <= 299,
    headers: { get: (name) => (/^content-type$/i.test(name) ? r.contentType : null) },
    text: r.body === null ? '' : JSON.stringify(r.body),
    json: r.body === null ? undefined : r.body,
  };
}

const kinds: [PayloadKind, string][] = [
  ['contact', 'a contact request'],
  ['followUp', 'a follow-up'],
  ['security', 'a security report'],
];

export function describeDocumented(name: string, adapter: Adapter, context: { endpoint?: string; key?: string }): void {
  describe('against its documentation', () => {
    let fixture: AdapterFixture;
    before(async () => {
      fixture = await loadFixture(name);
    });

    it('records where each documented shape comes from', () => {
      const sources = [fixture.request.source, ...fixture.responses.map((r) => r.source)].flat();
      for (const source of sources) expect(source).to.match(/^(https:\/\/|docs\/)/);
    });

    for (const [kind, label] of kinds) {
      it(`builds the documented request for ${label}`, () => {
        const payload = fixedPayloads()[kind];
        const request = adapter.toRequest(payload, { endpoint: context.endpoint, key: context.key });
        const documented = fixture.request;

        expect(request.init.method ?? 'POST').to.equal(documented.method);
        const template = new RegExp(`^${documented.url.replace(/[.?]/g, '\\$&').replace(/\{[^}]+\}/g, '[^/]+')}$`);
        expect(request.url).to.match(template);
        for (const [header, value] of Object.entries(documented.headers)) {
          if (header === 'Idempotency-Key') expect(request.init.headers?.[header]).to.equal(payload.id);
          else expect(request.init.headers?.[header], header).to.equal(value);
        }
        // A header no service documents would make the browser ask first (CORS preflight) and
        // could be refused there; only the site's own backend (`form`) gets Idempotency-Key.
        for (const header of Object.keys(request.init.headers ?? {})) {
          expect(['Content-Type', 'Accept', ...Object.keys(documented.headers)], header).to.include(header);
        }

        const body = bodyOf(request) as Record<string, unknown>;
        if (documented.fields) {
          for (const field of Object.keys(body)) expect(documented.fields, field).to.include(field);
          for (const value of Object.values(body)) expect(value).to.be.a('string');
        } else {
          expectConforms(body, documented.body, documented.open === true);
        }
        for (const field of documented.required ?? []) expect(body, field).to.have.property(field);

        // The fixture keeps a form body as the exact text sent, a JSON body parsed (readable).
        const recorded = fixture.ours[kind];
        const sent = typeof recorded.init.body === 'string' ? request.init.body : body;
        expect({ url: request.url, init: { ...request.init, body: sent } }).to.deep.equal(recorded);
      });
    }

    it('reads every documented answer into the outcome and the Delivery the customer is shown', () => {
      const id = fixedPayloads().contact.id;
      expect(fixture.responses.length).to.be.greaterThan(1);
      for (const r of fixture.responses) {
        expect(adapter.fromResponse?.(responseView(r)), r.name).to.deep.equal(r.outcome ?? undefined);
        const expected = r.delivery.reference === 'derived' ? { ...r.delivery, reference: referenceFromId(id) } : r.delivery;
        const bodyText = r.body === null ? '' : JSON.stringify(r.body);
        expect(interpretResponse(r.status, r.contentType, bodyText, id, adapter), r.name).to.deep.equal(expected);
      }
    });

    it('travels under the transport’s rules: CORS, no credentials, no redirects', async () => {
      const calls: RequestInit[] = [];
      const spy = (async (_input: RequestInfo | URL, init?: RequestInit) => {
        calls.push(init ?? {});
        const [first] = fixture.responses;
        return new Response(first!.body === null ? null : JSON.stringify(first!.body), {
          status: first!.status,
          headers: first!.contentType ? { 'Content-Type': first!.contentType } : {},
        });
      }) as typeof fetch;
      const payload = fixedPayloads().contact;
      const delivery = await sendPayload({ ...context, endpoint: context.endpoint, payload, secureContext: true, adapter, fetch: spy });
      expect(delivery.ok).to.equal(true);
      expect(calls).to.have.length(1);
      expect(calls[0]).to.include({ mode: 'cors', credentials: 'omit', redirect: 'error' });
      expect(new Headers(calls[0]!.headers).has('Authorization')).to.equal(false);
    });
  });
}
