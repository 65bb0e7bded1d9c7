// The demo inbox page (demo/inbox.mjs): what a support team sees, and what hostile input cannot do to it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildSecurityPayload } from '../../dist/core/index.js';
import { contactPayload } from './support/payloads.mjs';
import { escapeHtml, renderInbox } from '../../demo/inbox.mjs';

const env = { href: 'https://shop.example/contact', locale: 'en' };
const HOSTILE = `<script>alert(1)</script>"><img src=x onerror=alert(2)>'`;

const contact = (overrides = {}) => contactPayload({ name: 'Ada', message: 'Hello', ...overrides }, env.href);

const stored = (reference, payload) => ({ receivedAt: '2025-06-01T10:00:00.000Z', reference, payload });

test('escapeHtml escapes every character that can open markup or leave an attribute', () => {
  assert.equal(escapeHtml(`<a href="x" title='y'>&</a>`), '&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;');
  assert.equal(escapeHtml(undefined), '');
});

test('shows HTML typed into any field as text, never as markup', () => {
  const payload = contact({ topic: 'other', topicOther: HOSTILE, name: HOSTILE, message: HOSTILE });
  payload.context.page = `javascript:alert(3)//${HOSTILE}`;
  const html = renderInbox({ security: [], other: [stored(`MB-${HOSTILE}`, payload)] });
  assert.ok(!html.includes('<script>alert'), 'no script element');
  assert.ok(!html.includes('<img'), 'no injected element');
  assert.ok(html.includes('&lt;script&gt;alert(1)&lt;/script&gt;'), 'shown as text');
  assert.ok(!html.includes('href="javascript:'), 'the page is not a link');
});

test('lists security reports first, in their own section, with their fields', () => {
  const report = buildSecurityPayload(
    {
      category: '',
      severity: '',
      credit: '',
      summary: 'SQL injection in search',
      asset: 'https://shop.example/search',
      steps: "Search for ' OR 1=1 --",
      impact: 'Reads every order',
      name: '',
      email: '',
      policyAccepted: true,
    },
    env,
  );
  const html = renderInbox({
    security: [stored('MB-SEC234', report)],
    other: [stored('MB-CON234', contact())],
  });
  const securitySection = html.indexOf('id="security-heading"');
  const requestsSection = html.indexOf('id="requests-heading"');
  assert.ok(securitySection > 0 && securitySection < requestsSection);
  const sec = html.indexOf('MB-SEC234');
  assert.ok(sec > securitySection && sec < requestsSection, 'report inside the security section');
  assert.ok(html.indexOf('MB-CON234') > requestsSection, 'contact request inside the other section');
  for (const text of ['SQL injection in search', 'https://shop.example/search', 'OR 1=1', 'Reads every order', 'anonymous']) {
    assert.ok(html.includes(escapeHtml(text)), text);
  }
});

test('shows topic, Other text, sender, escalation, follow-up reference, page and times', () => {
  const original = contact({ topic: 'other', topicOther: 'Press enquiry', name: 'Grace', email: 'grace@example.com' });
  const followUp = contact({ kind: 'follow-up', topic: '', reference: 'MB-AAAAAA', escalate: true, message: 'Any news?' });
  const html = renderInbox({ security: [], other: [stored('MB-BBBBBB', followUp), stored('MB-AAAAAA', original)] });
  for (const text of ['Press enquiry', 'Grace', 'grace@example.com', 'follow-up', 'contacted us before', 'Any news?', 'https://shop.example/contact']) {
    assert.ok(html.includes(escapeHtml(text)), text);
  }
  assert.ok(html.includes('<a href="#MB-AAAAAA">MB-AAAAAA</a>'), 'follow-up links to the original');
  assert.ok(html.includes('datetime="2025-06-01T10:00:00.000Z"'));
});

test('says so when a queue is empty', () => {
  const html = renderInbox({ security: [], other: [] });
  assert.match(html, /No security reports yet/);
  assert.match(html, /No requests yet/);
  assert.ok(!html.includes('<script'), 'the inbox runs no script');
});
