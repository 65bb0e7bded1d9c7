import { expect } from '@open-wc/testing';

import { LIMITS } from '../../src/core/limits.js';
import { buildContactPayload, createId, type ContactDraft } from '../../src/core/payload.js';
import { buildSecurityPayload, type SecurityDraft } from '../../src/core/security-payload.js';
import { checkPayload, SCHEMA_VERSION, toFieldErrors, type FieldErrors, type Payload } from '../../src/core/schemas.js';
import { isValidEmail } from '../../src/core/text-rules.js';
import { contactDraft, securityDraft } from './drafts.js';

const env = { href: 'https://shop.example/help?token=secret#top', locale: 'en', now: new Date('2025-03-04T05:06:07.089Z') };

const contact = (overrides: Partial<ContactDraft> = {}) => buildContactPayload(contactDraft(overrides), env);
const security = (overrides: Partial<SecurityDraft> = {}) => buildSecurityPayload(securityDraft(overrides), env);

/** The field errors of a payload that must be refused. */
function errorsOf(input: unknown): FieldErrors {
  const check = checkPayload(input);
  expect(check.ok, `expected refusal of ${JSON.stringify(input)?.slice(0, 300)}`).to.equal(false);
  return check.ok ? {} : check.errors;
}

function expectValid(input: unknown): Payload {
  const check = checkPayload(input);
  expect(check.ok ? 'valid' : check.errors).to.equal('valid');
  return (check as { payload: Payload }).payload;
}

describe('checkPayload', () => {
  describe('valid payloads', () => {
    it('accepts a contact request built from a filled-in form', () => {
      const payload = contact();
      expect(expectValid(payload)).to.deep.equal(payload);
    });

    it('accepts a follow-up with a reference and no topic', () => {
      expectValid(contact({ kind: 'follow-up', topic: '', reference: 'ABCD-1234' }));
    });

    it('accepts an escalated contact request about "Other" with its description', () => {
      expectValid(contact({ topic: 'other', topicOther: 'Accessibility of the checkout', escalate: true }));
    });

    it('accepts a security report built from a filled-in form', () => {
      const payload = security();
      expect(payload.kind).to.equal('security');
      expect(expectValid(payload)).to.deep.equal(payload);
    });

    it('accepts an anonymous security report with no e-mail address', () => {
      const payload = security({ email: '', name: '' });
      expect(payload).to.not.have.property('email');
      expectValid(payload);
    });

    it('accepts a security report whose steps travel only encrypted', () => {
      const payload = security({ steps: '' });
      expectValid({ ...payload, security: { ...payload.security, encrypted: '-----BEGIN PGP MESSAGE-----\n\nwcBMA\n-----END PGP MESSAGE-----' } });
    });

    it('accepts line breaks and tabs in the message', () => {
      expectValid(contact({ message: 'Line one\nLine two\r\n\tindented' }));
    });

    it('accepts a message of exactly the limit', () => {
      expectValid(contact({ message: 'x'.repeat(LIMITS.message) }));
    });

    it('accepts a createdAt with an offset instead of Z', () => {
      expectValid({ ...contact(), createdAt: '2025-03-04T07:06:07+02:00' });
    });
  });

  describe('required fields', () => {
    it('requires an e-mail address for a contact request', () => {
      expect(errorsOf(contact({ email: '' }))).to.deep.equal({ email: 'required' });
      const { email: _email, ...withoutEmail } = contact();
      expect(errorsOf(withoutEmail)).to.deep.equal({ email: 'required' });
    });

    it('requires an e-mail address for a follow-up', () => {
      expect(errorsOf(contact({ kind: 'follow-up', reference: 'ABCD-1234', email: '' }))).to.deep.equal({ email: 'required' });
    });

    it('requires a message for a contact request', () => {
      expect(errorsOf(contact({ message: '  \n ' }))).to.deep.equal({ message: 'required' });
    });

    it('requires a topic for a contact request', () => {
      expect(errorsOf(contact({ topic: '' }))).to.have.property('topic');
    });

    it('requires a description when the topic is "other"', () => {
      expect(errorsOf(contact({ topic: 'other', topicOther: '' }))).to.deep.equal({ topicOther: 'required' });
      expect(errorsOf({ ...contact(), topic: 'other', topicOther: '   ' })).to.deep.equal({ topicOther: 'required' });
    });

    it('requires the earlier reference for a follow-up', () => {
      expect(errorsOf(contact({ kind: 'follow-up', reference: '  ' }))).to.deep.equal({ 'followUp.reference': 'required' });
      const { followUp: _followUp, ...withoutFollowUp } = contact({ kind: 'follow-up', reference: 'X' });
      expect(errorsOf(withoutFollowUp)).to.deep.equal({ 'followUp.reference': 'required' });
    });

    it('requires a summary for a security report', () => {
      expect(errorsOf(security({ summary: '  ' }))).to.deep.equal({ 'security.summary': 'required' });
    });

    it('requires steps for a security report when nothing is encrypted', () => {
      expect(errorsOf(security({ steps: '' }))).to.deep.equal({ 'security.steps': 'required' });
      expect(errorsOf(security({ steps: ' \n ' }))).to.deep.equal({ 'security.steps': 'required' });
    });

    it('requires the security details for a security report', () => {
      const { security: _details, ...withoutDetails } = security();
      expect(errorsOf(withoutDetails)).to.deep.equal({ security: 'required' });
    });
  });

  describe('field rules', () => {
    it('refuses an e-mail address that is not valid', () => {
      expect(errorsOf(contact({ email: 'ada@' }))).to.deep.equal({ email: 'email' });
      expect(errorsOf(contact({ email: 'ada at example.com' }))).to.deep.equal({ email: 'email' });
    });

    it('refuses an invalid e-mail address on an anonymous-capable security report too', () => {
      expect(errorsOf(security({ email: 'not an address' }))).to.deep.equal({ email: 'email' });
    });

    it('refuses an e-mail address over its limit as too long', () => {
      const email = `${'a'.repeat(LIMITS.email)}@example.com`;
      expect(errorsOf(contact({ email }))).to.have.property('email', 'too-long');
    });

    it('refuses a message over the limit as too long', () => {
      expect(errorsOf(contact({ message: 'x'.repeat(LIMITS.message + 1) }))).to.deep.equal({ message: 'too-long' });
    });

    it('refuses a 1 MB message as too long, quickly', () => {
      const payload = { ...contact(), message: 'x'.repeat(1024 * 1024) };
      const started = performance.now();
      expect(errorsOf(payload)).to.deep.equal({ message: 'too-long' });
      expect(performance.now() - started).to.be.lessThan(500);
    });

    it('refuses a name over its limit as too long', () => {
      expect(errorsOf(contact({ name: 'n'.repeat(LIMITS.name + 1) }))).to.deep.equal({ name: 'too-long' });
    });

    it('refuses control characters and bidirectional overrides in a name', () => {
      for (const name of ['Alice\u202Egnp.exe', 'Bob\u0000', 'Tab\there', 'Line\nbreak', 'Esc\u001b[31m', 'Iso\u2066late', 'C1\u0085']) {
        expect(errorsOf(contact({ name })), JSON.stringify(name)).to.deep.equal({ name: 'characters' });
      }
    });

    it('refuses a bidirectional override in the follow-up reference and the security summary', () => {
      expect(errorsOf(contact({ kind: 'follow-up', reference: 'AB\u202ECD' }))).to.deep.equal({ 'followUp.reference': 'characters' });
      expect(errorsOf(security({ summary: 'XSS \u202Ein notes' }))).to.deep.equal({ 'security.summary': 'characters' });
    });

    it('refuses control characters and bidirectional overrides in the message, but not line breaks', () => {
      for (const message of ['hello\u0000', 'bell\u0007', 'esc\u001b[2J', 'del\u007f', 'rtl \u202E override', 'form\u000Cfeed']) {
        expect(errorsOf(contact({ message })), JSON.stringify(message)).to.deep.equal({ message: 'characters' });
      }
    });

    // BUG (src/core/text-rules.ts, FORBIDDEN_IN_TEXT): multi-line text is documented to keep only
    // tab, line feed and carriage return from the controls a single line refuses, yet C1 controls
    // (U+0080–U+009F) pass. U+009B is the 8-bit CSI that starts terminal escape sequences.
    it('refuses C1 control characters in the message, as it does in single-line fields', () => {
      for (const message of ['csi\u009b31m red', 'osc\u009d0;title\u009c', 'c1 \u0080']) {
        expect(errorsOf(contact({ message })), JSON.stringify(message)).to.deep.equal({ message: 'characters' });
      }
    });

    it('refuses an unknown schema version', () => {
      expect(errorsOf({ ...contact(), schema: 'membrane.v2' })).to.deep.equal({ schema: 'invalid' });
      const { schema: _schema, ...withoutSchema } = contact();
      expect(errorsOf(withoutSchema)).to.deep.equal({ schema: 'invalid' });
    });

    it('refuses an id that is not a version 4 UUID', () => {
      for (const id of ['6ba7b810-9dad-11d1-80b4-00c04fd430c8', '00000000-0000-0000-0000-000000000000', 'not-a-uuid', `${createId()}x`, createId().replace(/-/g, '')]) {
        expect(errorsOf({ ...contact(), id }), id).to.deep.equal({ id: 'invalid' });
      }
    });

    it('refuses a createdAt that is not an ISO 8601 instant', () => {
      for (const createdAt of ['yesterday', '2025-03-04', '2025-03-04 05:06:07Z', '2025-13-01T00:00:00Z', '2025-03-04T05:06:07', '']) {
        expect(errorsOf({ ...contact(), createdAt }), createdAt).to.deep.equal({ createdAt: 'invalid' });
      }
    });

    // BUG (src/core/schemas.ts, createdAt): the refine relies on Date.parse, which V8 (Chromium,
    // Node, so the reference receiver) and SpiderMonkey read leniently (2025-02-30 becomes 2 March),
    // while JavaScriptCore refuses it: the same schema accepts the value in one engine and not in
    // another, although the schemas exist so that form, sender and receiver never disagree.
    it('refuses a createdAt naming a day that does not exist, in every engine alike', () => {
      for (const createdAt of ['2025-02-30T00:00:00Z', '2024-02-31T12:00:00.000Z', '2025-04-31T00:00:00Z']) {
        expect(errorsOf({ ...contact(), createdAt }), createdAt).to.deep.equal({ createdAt: 'invalid' });
      }
    });

    it('accepts a createdAt on a leap day that exists', () => {
      expectValid({ ...contact(), createdAt: '2024-02-29T23:59:59.999Z' });
    });

    it('refuses an unknown kind', () => {
      expect(errorsOf({ ...contact(), kind: 'complaint' })).to.deep.equal({ kind: 'invalid' });
    });

    it('refuses a topic value that is not an identifier', () => {
      expect(errorsOf(contact({ topic: 'billing and shipping' }))).to.deep.equal({ topic: 'invalid' });
    });

    it('refuses a payload without a boolean escalate flag', () => {
      expect(errorsOf({ ...contact(), escalate: 'yes' })).to.deep.equal({ escalate: 'invalid' });
    });

    it('refuses something that is not an object at all', () => {
      for (const input of [null, 'payload', 42, []]) {
        expect(checkPayload(input).ok, JSON.stringify(input)).to.equal(false);
      }
    });

    it('strips unknown keys instead of passing them on', () => {
      const payload = { ...contact(), isAdmin: true, context: { ...contact().context, cookie: 'session=1' } };
      const checked = expectValid(payload);
      expect(checked).to.not.have.property('isAdmin');
      expect(checked.context).to.deep.equal({ page: 'https://shop.example/help', locale: 'en' });
      expect(checked.schema).to.equal(SCHEMA_VERSION);
    });
  });

  describe('toFieldErrors', () => {
    it('keeps the first problem per field and maps unknown messages to invalid', () => {
      expect(
        toFieldErrors([
          { path: ['email'], message: 'email' },
          { path: ['email'], message: 'required' },
          { path: ['security', 'summary'], message: 'too-long' },
          { path: [], message: 'Invalid input' },
        ]),
      ).to.deep.equal({ email: 'email', 'security.summary': 'too-long', _: 'invalid' });
    });
  });
});

describe('isValidEmail', () => {
  // The HTML Standard's "valid e-mail address": 1*( atext / "." ) "@" label *( "." label ), labels of
  // letters, digits and inner hyphens, at most 63 characters each. Deliberately stricter than RFC 5322.
  const label63 = `a${'b'.repeat(61)}c`;
  const table: [string, boolean][] = [
    ['a@b', true],
    ['a@b.c', true],
    ['first.last@example.com', true],
    ["o'hara@example.com", true],
    ['a+tag@example.co.uk', true],
    ["!#$%&'*+/=?^_`{|}~-@example.com", true],
    ['.dots..anywhere.@example.com', true],
    ['x@1.2.3.4', true],
    ['a@b-c.d', true],
    ['A@EXAMPLE.COM', true],
    [`a@${label63}.com`, true],
    [`a@${label63}b.com`, false],
    ['a@-b.c', false],
    ['a@b-.c', false],
    ['"quoted"@x.y', false],
    ['a b@c.d', false],
    ['a@bücher.de', false],
    ['ä@example.com', false],
    ['a@b..c', false],
    ['a@.b', false],
    ['a@b.', false],
    ['@b.c', false],
    ['a@', false],
    ['a', false],
    ['a@b@c', false],
    ['a@[127.0.0.1]', false],
    ['a@b_c.d', false],
    ['a@b.c,d@e.f', false],
    ['a(comment)@b.c', false],
    ['a@b.c ', false],
    [' a@b.c', false],
    ['a@b.c\n', false],
    ['', false],
  ];

  it('agrees with the HTML Standard definition of a valid e-mail address', () => {
    const wrong = table.filter(([value, valid]) => isValidEmail(value) !== valid).map(([value]) => JSON.stringify(value));
    expect(wrong).to.deep.equal([]);
  });

  it('agrees with <input type=email> in this browser', () => {
    const input = document.createElement('input');
    input.type = 'email';
    document.body.append(input);
    const disagreements: string[] = [];
    const deviations: string[] = [];
    try {
      for (const [value, specValid] of table) {
        // Value sanitisation trims whitespace and removes line breaks, and an empty optional field
        // is valid: compare only values the element keeps exactly as given.
        input.value = value;
        if (value === '' || input.value !== value) continue;
        const browserValid = input.checkValidity();
        if (browserValid !== specValid) {
          // The platform is the oracle, but a browser may deviate from the HTML Standard; the ones
          // allowed here are listed and reported, everything else must agree.
          deviations.push(JSON.stringify(value));
          if (!KNOWN_BROWSER_DEVIATIONS.includes(value)) disagreements.push(`${JSON.stringify(value)}: browser ${browserValid}`);
          continue;
        }
        if (isValidEmail(value) !== browserValid) disagreements.push(`${JSON.stringify(value)}: browser ${browserValid}, isValidEmail ${!browserValid}`);
      }
    } finally {
      input.remove();
    }
    if (deviations.length) console.log(`[email] ${navigator.userAgent}: <input type=email> deviates from the HTML Standard on ${deviations.join(', ')}`);
    expect(disagreements).to.deep.equal([]);
  });
});

/**
 * Where a browser's <input type=email> is known to differ from the HTML Standard. Firefox converts an
 * internationalised domain to punycode before checking it, so it accepts `a@bücher.de`; the
 * Standard (and Chromium and WebKit) do not.
 */
const KNOWN_BROWSER_DEVIATIONS: string[] = ['a@bücher.de'];
