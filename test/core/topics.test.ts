import { expect } from '@open-wc/testing';
import fc from 'fast-check';

import { normalizeTopics, RESERVED_TOPICS, type Topic, type TopicList } from '../../src/core/topics.js';

const values = (list: TopicList) => list.topics.map((t) => t.value);

/** The list must end with exactly one Security and then exactly one Other, whatever came in. */
function expectReservedTail(list: TopicList) {
  const all = values(list);
  expect(all.slice(-2)).to.deep.equal(['security', 'other']);
  expect(all.filter((v) => v === 'security')).to.have.length(1);
  expect(all.filter((v) => v === 'other')).to.have.length(1);
  expect(list.topics.slice(-2).every((t) => t.reserved)).to.equal(true);
  expect(list.topics.slice(0, -2).some((t) => t.reserved)).to.equal(false);
}

const reservedLabels = (list: TopicList) => list.topics.slice(-2).map((t) => t.label);

describe('normalizeTopics', () => {
  it('gives just Security and Other, named by the locale, when nothing is configured', () => {
    for (const configured of [undefined, null]) {
      const list = normalizeTopics(configured);
      expect(values(list)).to.deep.equal(['security', 'other']);
      expect(reservedLabels(list)).to.deep.equal([undefined, undefined]);
      expect(list.problems).to.deep.equal([]);
    }
  });

  it('gives just Security and Other for an empty list, without complaint', () => {
    const list = normalizeTopics([]);
    expect(values(list)).to.deep.equal(['security', 'other']);
    expect(list.problems).to.deep.equal([]);
  });

  it('keeps configured topics in order, with their labels and articles, before Security and Other', () => {
    const articles = [{ title: 'How billing works', url: 'https://shop.example/help/billing' }];
    const list = normalizeTopics([
      { value: 'billing', label: 'Billing', articles },
      { value: 'shipping', label: 'Shipping' },
    ]);
    expect(list.topics).to.deep.equal([
      { value: 'billing', label: 'Billing', articles, reserved: false },
      { value: 'shipping', label: 'Shipping', articles: [], reserved: false },
      { value: 'security', label: undefined, articles: [], reserved: true },
      { value: 'other', label: undefined, articles: [], reserved: true },
    ]);
    expect(list.problems).to.deep.equal([]);
  });

  it('moves configured Other and Security to the end, Security then Other, keeping their labels', () => {
    const orders = [
      [{ value: 'other', label: 'Something else' }, { value: 'billing', label: 'Billing' }, { value: 'security', label: 'Security issue' }],
      [{ value: 'security', label: 'Security issue' }, { value: 'other', label: 'Something else' }, { value: 'billing', label: 'Billing' }],
      [{ value: 'billing', label: 'Billing' }, { value: 'other', label: 'Something else' }, { value: 'security', label: 'Security issue' }],
    ];
    for (const configured of orders) {
      const list = normalizeTopics(configured);
      expect(values(list)).to.deep.equal(['billing', 'security', 'other']);
      expect(reservedLabels(list)).to.deep.equal(['Security issue', 'Something else']);
      expect(list.problems).to.deep.equal([]);
    }
  });

  it('renames only the reserved topic that was configured', () => {
    const list = normalizeTopics([{ value: 'other', label: 'Anything else' }]);
    expect(reservedLabels(list)).to.deep.equal([undefined, 'Anything else']);
  });

  it('drops help articles configured on a reserved topic rather than blocking the security path', () => {
    const list = normalizeTopics([{ value: 'security', label: 'Security', articles: [{ title: 'Is my account hacked?', url: 'https://shop.example/hacked' }] }]);
    expect(list.topics.find((t) => t.value === 'security')!.articles).to.deep.equal([]);
  });

  it('keeps the first of repeated values and reports the repeat as a duplicate', () => {
    const list = normalizeTopics([
      { value: 'billing', label: 'Billing' },
      { value: 'shipping', label: 'Shipping' },
      { value: 'billing', label: 'Invoices' },
    ]);
    expect(list.topics.map((t) => [t.value, t.label])).to.deep.equal([
      ['billing', 'Billing'],
      ['shipping', 'Shipping'],
      ['security', undefined],
      ['other', undefined],
    ]);
    expect(list.problems).to.deep.equal([{ kind: 'duplicate', value: 'billing' }]);
  });

  it('keeps the first label of a repeated reserved topic and reports the repeat', () => {
    const list = normalizeTopics([
      { value: 'other', label: 'First' },
      { value: 'other', label: 'Second' },
    ]);
    expectReservedTail(list);
    expect(reservedLabels(list)).to.deep.equal([undefined, 'First']);
    expect(list.problems).to.deep.equal([{ kind: 'duplicate', value: 'other' }]);
  });

  it('reports a configuration that is not a list and still offers Security and Other', () => {
    for (const configured of [{}, 'billing', 42, { value: 'billing', label: 'Billing' }]) {
      const list = normalizeTopics(configured);
      expect(values(list), JSON.stringify(configured)).to.deep.equal(['security', 'other']);
      expect(list.problems).to.deep.equal([{ kind: 'not-a-list' }]);
    }
  });

  it('drops invalid entries, reports each by its index and keeps the valid ones', () => {
    const list = normalizeTopics([
      { value: 'billing' },
      { value: 'billing and shipping', label: 'Billing and shipping' },
      { value: 'returns', label: 'Returns' },
      { value: '', label: 'Empty' },
      { value: 'shipping', label: '' },
      null,
      'refunds',
      { value: '-leading-dash', label: 'Dash' },
      { value: 'x'.repeat(65), label: 'Too long' },
      { value: 'payment', label: 'Payment', articles: [{ title: '', url: 'https://shop.example/' }] },
    ]);
    expect(values(list)).to.deep.equal(['returns', 'security', 'other']);
    expect(list.problems).to.deep.equal([0, 1, 3, 4, 5, 6, 7, 8, 9].map((index) => ({ kind: 'invalid', index })));
  });

  it('does not let an invalid entry claim a value: a later valid entry with it is kept', () => {
    const list = normalizeTopics([{ value: 'billing' }, { value: 'billing', label: 'Billing' }]);
    expect(values(list)).to.deep.equal(['billing', 'security', 'other']);
    expect(list.problems).to.deep.equal([{ kind: 'invalid', index: 0 }]);
  });

  it('always ends with [security, other], unique values, and every valid topic in input order (property)', () => {
    const value = fc.oneof(
      fc.constantFrom(...RESERVED_TOPICS, 'billing', 'shipping', 'Other', 'a b', '', '-x', 'x'.repeat(64), 'x'.repeat(65)),
      fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9._-]{0,8}$/),
      fc.string(),
    );
    const label = fc.oneof(fc.string({ maxLength: 10 }), fc.constant(''), fc.constant('x'.repeat(201)));
    const entry = fc.oneof(
      { weight: 8, arbitrary: fc.record({ value, label }) },
      { weight: 1, arbitrary: fc.record({ value }) },
      { weight: 1, arbitrary: fc.anything() },
    );

    fc.assert(
      fc.property(fc.array(entry, { maxLength: 12 }), (configured) => {
        // Oracle, from the topic rules: an identifier value of up to 64 characters and a label of
        // 1 to 200 characters; the first valid entry of each value wins.
        const isValid = (e: unknown): e is { value: string; label: string } => {
          if (typeof e !== 'object' || e === null || Array.isArray(e)) return false;
          const { value: v, label: l } = e as Record<string, unknown>;
          return (
            typeof v === 'string' && /^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(v) && v.length <= 64 &&
            typeof l === 'string' && l.length >= 1 && l.length <= 200
          );
        };
        const firstLabel = new Map<string, string>();
        const problems: unknown[] = [];
        configured.forEach((e, index) => {
          if (!isValid(e)) problems.push({ kind: 'invalid', index });
          else if (firstLabel.has(e.value)) problems.push({ kind: 'duplicate', value: e.value });
          else firstLabel.set(e.value, e.label);
        });
        const expectedRegular = [...firstLabel].filter(([v]) => v !== 'security' && v !== 'other');

        const list = normalizeTopics(configured);
        expectReservedTail(list);
        expect(new Set(values(list)).size).to.equal(list.topics.length);
        expect(list.topics.slice(0, -2).map((t: Topic) => [t.value, t.label])).to.deep.equal(expectedRegular);
        expect(reservedLabels(list)).to.deep.equal([firstLabel.get('security'), firstLabel.get('other')]);
        expect(list.problems).to.deep.equal(problems);
      }),
      { numRuns: 500 },
    );
  });
});
