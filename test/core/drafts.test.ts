import { expect } from '@open-wc/testing';
import fc from 'fast-check';

import { decodeDraft, DRAFT_TTL_MS, draftKey, encodeDraft, sanitizeForDraft } from '../../src/core/drafts.js';
import { LIMITS } from '../../src/core/limits.js';
import { findSecrets, REMOVED } from '../../src/core/secrets.js';

const CONTACT_FIELDS = ['topic', 'topicOther', 'name', 'email', 'message', 'reference'] as const;
const NOW = Date.UTC(2025, 5, 1, 12);

/** A stored draft as another script (or an old version) might have written it. */
const stored = (draft: unknown) => JSON.stringify(draft);

describe('drafts', () => {
  it('gives back what was saved, for the fields the form still has', () => {
    const text = encodeDraft({ name: 'Ada', message: 'Line one\nLine two', topic: 'billing' }, NOW);
    expect(decodeDraft(text, NOW + 1000, CONTACT_FIELDS)).to.deep.equal({ topic: 'billing', name: 'Ada', message: 'Line one\nLine two' });
    expect(decodeDraft(text, NOW, ['message'])).to.deep.equal({ message: 'Line one\nLine two' });
    expect(decodeDraft(text, NOW, ['email'])).to.equal(undefined);
  });

  it('round-trips any Unicode within the limits, lone surrogates and controls included', () => {
    const fields = fc.record(
      { name: fc.string({ unit: 'binary', maxLength: LIMITS.name / 2 }), message: fc.string({ unit: 'binary', maxLength: 2_000 }), email: fc.string({ unit: 'grapheme' }) },
      { requiredKeys: [] },
    );
    fc.assert(
      fc.property(fields, (f) => {
        fc.pre(Object.values(f).every((v) => findSecrets(v).length === 0));
        const decoded = decodeDraft(encodeDraft(f, NOW), NOW, CONTACT_FIELDS);
        expect(decoded).to.deep.equal(Object.keys(f).length === 0 ? undefined : f);
      }),
    );
  });

  it('keeps a field at its limit and leaves out one over it', () => {
    const atLimit = 'é'.repeat(LIMITS.message);
    expect(decodeDraft(encodeDraft({ message: atLimit }, NOW), NOW, ['message'])).to.deep.equal({ message: atLimit });
    const over = encodeDraft({ message: `${atLimit}!`, name: 'Ada' }, NOW);
    expect(JSON.parse(over).fields).to.deep.equal({ name: 'Ada' });
    expect(decodeDraft(stored({ v: 1, savedAt: NOW, fields: { message: `${atLimit}!`, name: 'Ada' } }), NOW, CONTACT_FIELDS)).to.deep.equal({ name: 'Ada' });
  });

  it('forgets a draft once it expires, and keeps one without expiry', () => {
    const text = encodeDraft({ message: 'hello' }, NOW);
    expect(JSON.parse(text).expiresAt).to.equal(NOW + DRAFT_TTL_MS);
    expect(decodeDraft(text, NOW + DRAFT_TTL_MS - 1, ['message'])).to.deep.equal({ message: 'hello' });
    expect(decodeDraft(text, NOW + DRAFT_TTL_MS, ['message'])).to.equal(undefined);
    const session = encodeDraft({ message: 'hello' }, NOW, Infinity);
    expect(JSON.parse(session)).to.not.have.property('expiresAt');
    expect(decodeDraft(session, NOW + 100 * DRAFT_TTL_MS, ['message'])).to.deep.equal({ message: 'hello' });
  });

  it('honours any time to live', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 45 }), fc.integer({ min: 1, max: 90 * 86_400_000 }), (now, ttl) => {
        const text = encodeDraft({ message: 'hi' }, now, ttl);
        expect(decodeDraft(text, now + ttl - 1, ['message'])).to.deep.equal({ message: 'hi' });
        expect(decodeDraft(text, now + ttl, ['message'])).to.equal(undefined);
      }),
    );
  });

  it('ignores a draft whose envelope is not ours', () => {
    const good = { v: 1, savedAt: NOW, expiresAt: NOW + 1000, fields: { message: 'hi' } };
    const tampered: unknown[] = [
      { ...good, v: 2 },
      { ...good, v: '1' },
      { ...good, savedAt: String(NOW) },
      { ...good, savedAt: -1 },
      { ...good, expiresAt: null },
      { ...good, expiresAt: String(NOW + 1000) },
      { ...good, expiresAt: NOW - 1 },
      { ...good, fields: [['message', 'hi']] },
      { ...good, fields: 'message=hi' },
      [good],
      null,
      'hi',
    ];
    expect(decodeDraft(stored(good), NOW, ['message'])).to.deep.equal({ message: 'hi' });
    for (const draft of tampered) expect(decodeDraft(stored(draft), NOW, ['message']), stored(draft)).to.equal(undefined);
    expect(decodeDraft(null, NOW, ['message'])).to.equal(undefined);
    expect(decodeDraft(`${stored(good)}x`, NOW, ['message'])).to.equal(undefined);
    expect(decodeDraft('{"v":1,"savedAt":1e400,"fields":{"message":"hi"}}', NOW, ['message'])).to.equal(undefined);
  });

  it('drops only the fields that are unknown, not strings or too long', () => {
    const draft = {
      v: 1,
      savedAt: NOW,
      fields: { message: 'hi', name: 42, email: { toString: 'x' }, topic: 'x'.repeat(LIMITS.topic + 1), script: '<img src=x onerror=alert(1)>' },
    };
    expect(decodeDraft(stored(draft), NOW, CONTACT_FIELDS)).to.deep.equal({ message: 'hi' });
  });

  it('does not let a stored __proto__ reach any object', () => {
    const text = '{"v":1,"savedAt":0,"fields":{"__proto__":{"polluted":"yes"},"message":"hi"}}';
    const decoded = decodeDraft(text, NOW, CONTACT_FIELDS);
    expect(decoded).to.deep.equal({ message: 'hi' });
    expect(Object.getPrototypeOf(decoded)).to.equal(Object.prototype);
    expect(({} as Record<string, unknown>)['polluted']).to.equal(undefined);
  });

  it('never throws, and returns only allowed string fields within limits, whatever storage held', () => {
    const check = (text: string | null) => {
      const decoded = decodeDraft(text, NOW, CONTACT_FIELDS);
      if (decoded === undefined) return;
      for (const [name, value] of Object.entries(decoded)) {
        expect(CONTACT_FIELDS).to.include(name);
        expect(value).to.be.a('string');
      }
    };
    fc.assert(fc.property(fc.string(), check));
    fc.assert(fc.property(fc.json(), check));
    fc.assert(fc.property(fc.anything(), (value) => check(JSON.stringify(value) ?? null)));
    const field = fc.constantFrom(...CONTACT_FIELDS, '__proto__', 'constructor', 'toString', '');
    const envelope = fc.record(
      {
        v: fc.oneof(fc.constant(1), fc.anything()),
        savedAt: fc.oneof(fc.nat(), fc.double(), fc.anything()),
        expiresAt: fc.oneof(fc.nat(), fc.double(), fc.anything()),
        fields: fc.oneof(fc.dictionary(field, fc.oneof(fc.string(), fc.anything())), fc.anything()),
      },
      { requiredKeys: [] },
    );
    fc.assert(fc.property(envelope, (draft) => check(JSON.stringify(draft))));
  });

  it('never writes a secret, in any field', () => {
    const key = 'AKIA' + 'IOSFODNN7EXAMPLE';
    const fields = { message: `my key is ${key}, password=hunter2hunter2`, name: key };
    const text = encodeDraft(fields, NOW);
    expect(text).to.not.include(key).and.not.include('hunter2hunter2');
    expect(decodeDraft(text, NOW, CONTACT_FIELDS)).to.deep.equal({
      message: `my key is ${REMOVED}, password=${REMOVED}`,
      name: REMOVED,
    });
    expect(sanitizeForDraft(fields)).to.deep.equal({ message: `my key is ${REMOVED}, password=${REMOVED}`, name: REMOVED });
  });
});

describe('draftKey', () => {
  it('keys drafts by form and page, without query or fragment', () => {
    expect(draftKey('contact', 'https://shop.example/help/contact?order=42&token=abc#top')).to.equal(
      'membrane:draft:v1:contact:https://shop.example/help/contact',
    );
    expect(draftKey('security', 'https://shop.example:443/')).to.equal('membrane:draft:v1:security:https://shop.example/');
    expect(draftKey('follow-up', 'not a url?token=abc')).to.equal('membrane:draft:v1:follow-up:not a url');
  });
});
