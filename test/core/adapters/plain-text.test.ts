// The helpers the service presets share: flat fields, a subject, a body, and complaints read back.
import { expect } from '@open-wc/testing';

import { codeFrom, flatten, refusal, subjectOf, textOf } from '../../../src/core/adapters/plain-text.js';
import { fixedPayloads } from './documented.js';

describe('plain-text helpers for the service presets', () => {
  it('flattens the payload to dotted names, booleans as words, absent fields absent', () => {
    expect(flatten({ a: 'x', b: { c: true, d: undefined, e: { f: 2 } }, g: false })).to.deep.equal([
      ['a', 'x'],
      ['b.c', 'true'],
      ['b.e.f', '2'],
      ['g', 'false'],
    ]);
    const names = flatten(fixedPayloads().security).map(([name]) => name);
    expect(names).to.include.members(['security.summary', 'security.steps', 'context.page', 'createdAt']);
    expect(names).to.not.include.members(['name', 'email', 'message']);
  });

  it('writes a subject line by kind: the topic, the earlier reference, or the security summary', () => {
    const { contact, followUp, security } = fixedPayloads();
    expect(subjectOf(contact)).to.equal('contact: billing');
    expect(subjectOf(followUp)).to.equal('[escalated] follow-up: MB-ABC123');
    expect(subjectOf(security)).to.equal('security: Stored XSS in the order notes field');
    expect(subjectOf({ ...contact, topic: 'other', topicOther: 'A broken link' })).to.equal('contact: A broken link');
  });

  it('writes a body with the customer’s words first and the bookkeeping last', () => {
    const lines = textOf(fixedPayloads().contact).split('\n');
    expect(lines.slice(0, 2)).to.deep.equal(['My invoice for March is charged twice.', '']);
    expect(lines.slice(2, 6)).to.deep.equal(['kind: contact', 'escalate: false', 'topic: billing', 'name: Ada Lovelace']);
    expect(lines.slice(-4).map((l) => l.split(':')[0])).to.deep.equal(['id', 'context.page', 'context.locale', 'createdAt']);
    expect(lines.filter((l) => l.startsWith('message:'))).to.have.length(0);
  });

  it('reads the services’ error codes as the ones the form can explain', () => {
    const table: [string, string | undefined][] = [
      ['REQUIRED_FIELD_MISSING', 'required'],
      ['REQUIRED_FIELD_EMPTY', 'required'],
      ['REQUIRED_FIELD', 'required'],
      ['[{"description":"Requester: Email can\'t be blank","error":"BlankValue"}]', 'required'],
      ['TYPE_EMAIL', 'email'],
      ['INVALID_EMAIL', 'email'],
      ['BLOCKED_EMAIL', 'email'],
      ['INPUT_TOO_LARGE', 'too-long'],
      ['FIELD_NOT_IN_FORM_DEFINITION', undefined],
      ['TYPE_NUMERIC', undefined],
      ['undefined', undefined],
    ];
    for (const [code, ours] of table) expect(codeFrom(code), code).to.equal(ours);
  });

  it('marks only fields the forms show, once each, and nothing for a list that is not one', () => {
    const pick = (e: [string, string]) => e;
    expect(
      refusal(
        [
          ['email', 'TYPE_EMAIL'],
          ['email', 'REQUIRED_FIELD'],
          ['security.summary', 'REQUIRED'],
          ['followUp.reference', 'too long'],
          ['phone', 'REQUIRED'],
          ['_subject', 'REQUIRED'],
        ],
        pick,
      ),
    ).to.deep.equal({ fieldErrors: { email: 'email', 'security.summary': 'required', 'followUp.reference': 'too-long' } });
    expect(refusal([['phone', 'REQUIRED']], pick)).to.equal(undefined);
    expect(refusal(undefined, pick)).to.equal(undefined);
    expect(refusal({ email: 'x' }, pick)).to.equal(undefined);
  });
});
