// The payload schema under random Unicode (issue 5): whatever a customer types, building and checking
// a payload never throws, what the browser accepts the receiver accepts after the JSON round trip, and
// a refusal names the field and the reason. Strings are drawn from all of Unicode, lone surrogates,
// controls and bidirectional overrides included.
import { expect } from '@open-wc/testing';
import fc from 'fast-check';

import { LIMITS } from '../../src/core/limits.js';
import { buildContactPayload } from '../../src/core/payload.js';
import { checkPayload } from '../../src/core/schemas.js';
import { hasForbiddenLineCharacters, hasForbiddenTextCharacters } from '../../src/core/text-rules.js';
import { contactDraft } from './drafts.js';

const env = { href: 'https://shop.example/help', locale: 'en' };
const anyText = (maxLength: number) => fc.string({ unit: 'binary', maxLength });
const build = (overrides: Parameters<typeof contactDraft>[0]) => buildContactPayload(contactDraft(overrides), env);

describe('the payload schema under random Unicode', () => {
  it('never throws, whatever it is given', () => {
    fc.assert(
      fc.property(fc.oneof(fc.anything(), fc.jsonValue()), (input) => {
        const result = checkPayload(input);
        expect(typeof result.ok).to.equal('boolean');
      }),
    );
  });

  it('accepts any message without control characters, sends it NFC, and the receiver accepts the same JSON', () => {
    fc.assert(
      fc.property(anyText(400), anyText(80), (message, name) => {
        fc.pre(message.trim() !== '' && !hasForbiddenTextCharacters(message));
        fc.pre(!hasForbiddenLineCharacters(name));
        const payload = build({ message, name });
        const check = checkPayload(payload);
        expect(check.ok, JSON.stringify(check)).to.equal(true);
        expect(payload.message).to.equal(message.normalize('NFC'));
        const arrived = checkPayload(JSON.parse(JSON.stringify(payload)));
        expect(arrived.ok).to.equal(true);
        if (arrived.ok) expect(arrived.payload).to.deep.equal(check.ok ? check.payload : undefined);
      }),
    );
  });

  it('refuses a control character or bidirectional override in the name, naming the field', () => {
    const forbidden = fc.constantFrom('\u0000', '\u0007', '\u001B', '\u007F', '\u009B', '\u202E', '\u2066', '\t', '\n');
    fc.assert(
      fc.property(anyText(40), forbidden, anyText(40), (before, bad, after) => {
        const check = checkPayload(build({ name: `Ada${before}${bad}${after}` }));
        expect(check.ok).to.equal(false);
        if (!check.ok) expect(check.errors.name).to.equal('characters');
      }),
    );
  });

  it('refuses a message over its limit as too long, whatever it holds', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 50 }), fc.string({ minLength: 1, maxLength: 4 }), (extra, unit) => {
        fc.pre(!hasForbiddenTextCharacters(unit) && unit.trim() !== '');
        const message = unit.repeat(Math.ceil((LIMITS.message + extra) / unit.length));
        const check = checkPayload(build({ message }));
        expect(check.ok).to.equal(false);
        if (!check.ok) expect(check.errors.message).to.equal('too-long');
      }),
      { numRuns: 30 },
    );
  });
});
