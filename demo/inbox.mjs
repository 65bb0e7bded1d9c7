/**
 * The demo inbox (GET /inbox): what the receiver stored, security reports first and apart from
 * contact and follow-up requests, the way a support team would want to see them.
 *
 * Everything shown was typed by a stranger, so every value is escaped, nothing is turned into a link
 * (a `page` could be `javascript:`), and the page runs no script under a CSP that allows none.
 */
import { INBOX_CSP, setPageHeaders } from './security-headers.mjs';

export const REFRESH_SECONDS = 30;

/**
 * @typedef {{ receivedAt: string, reference: string, payload: Record<string, any> }} StoredRequest
 * @typedef {{ security: StoredRequest[], other: StoredRequest[] }} RequestList
 */

const ESCAPES = /** @type {Record<string, string>} */ ({
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
});

/** Escapes text for element content and quoted attribute values alike. */
export function escapeHtml(/** @type {unknown} */ value) {
  return String(value ?? '').replace(/[&<>"']/g, (c) => ESCAPES[c]);
}

/** @param {unknown} iso */
function time(iso) {
  const date = new Date(String(iso));
  if (typeof iso !== 'string' || Number.isNaN(date.getTime())) return escapeHtml(iso);
  const shown = date.toISOString().replace('T', ' ').replace(/:\d\d\.\d+Z$/, ' UTC');
  return `<time datetime="${escapeHtml(date.toISOString())}">${escapeHtml(shown)}</time>`;
}

const isGiven = (/** @type {unknown} */ value) => value !== undefined && value !== null && value !== '';

/**
 * One `<dt>/<dd>` pair; omitted when there is nothing to show.
 * @param {string} term
 * @param {unknown} value
 * @param {{ html?: boolean, block?: boolean }} [options] `html`: value is already markup
 */
function field(term, value, { html = false, block = false } = {}) {
  if (!isGiven(value)) return '';
  const content = html ? String(value) : escapeHtml(value);
  return `<dt>${escapeHtml(term)}</dt><dd>${block ? `<pre class="text">${content}</pre>` : content}</dd>`;
}

/** @param {Record<string, any>} payload */
function sender(payload) {
  const name = isGiven(payload.name) ? escapeHtml(payload.name) : '';
  const email = isGiven(payload.email) ? `&lt;${escapeHtml(payload.email)}&gt;` : '';
  const both = [name, email].filter(Boolean).join(' ');
  return both || '<em>anonymous</em>';
}

/** @param {Record<string, any>} payload */
function topic(payload) {
  if (!isGiven(payload.topic)) return '';
  const other = isGiven(payload.topicOther) ? ` — “${escapeHtml(payload.topicOther)}”` : '';
  return `${escapeHtml(payload.topic)}${other}`;
}

/**
 * @param {StoredRequest} item
 * @param {Set<string>} references every stored reference, to link a follow-up to its original
 */
function renderItem(item, references) {
  const p = item.payload ?? {};
  const s = p.security ?? {};
  const followUp = p.followUp?.reference;
  const followUpHtml = !isGiven(followUp)
    ? ''
    : references.has(followUp)
      ? `<a href="#${escapeHtml(followUp)}">${escapeHtml(followUp)}</a>`
      : `${escapeHtml(followUp)} <span class="note">(not in this inbox)</span>`;
  const kind = String(p.kind ?? 'unknown');
  const badges = [
    `<span class="badge badge-${escapeHtml(kind)}">${escapeHtml(kind)}</span>`,
    p.escalate === true ? '<span class="badge badge-escalate">contacted us before</span>' : '',
  ].join(' ');

  const details =
    kind === 'security'
      ? [
          field('Summary', s.summary),
          field('Affected', s.asset),
          field('Category', s.category),
          field('Severity', s.severity),
          field('Steps to reproduce', s.steps, { block: true }),
          field('Impact', s.impact, { block: true }),
          field('Encrypted details', s.encrypted, { block: true }),
          field('Accepted the policy', s.policyAccepted === true ? 'yes' : s.policyAccepted === false ? 'no' : ''),
        ]
      : [field('Message', p.message, { block: true })];

  return `<li>
<article class="item item-${escapeHtml(kind)}" id="${escapeHtml(item.reference)}">
<h3><span class="reference">${escapeHtml(item.reference)}</span> ${badges}</h3>
<dl>
${[
  field('Topic', topic(p), { html: true }),
  field('From', sender(p), { html: true }),
  field('Follow-up on', followUpHtml, { html: true }),
  kind === 'security' ? '' : field('Contacted before', p.escalate === true ? 'yes' : 'no'),
  ...details,
  field('Page', p.context?.page),
  field('Language', p.context?.locale),
  field('Sent', time(p.createdAt), { html: true }),
  field('Received', time(item.receivedAt), { html: true }),
]
  .filter(Boolean)
  .join('\n')}
</dl>
</article>
</li>`;
}

/**
 * @param {string} id
 * @param {string} title
 * @param {string} intro
 * @param {StoredRequest[]} items
 * @param {Set<string>} references
 * @param {string} empty
 */
function renderSection(id, title, intro, items, references, empty) {
  const list = items.length
    ? `<ol class="items">\n${items.map((item) => renderItem(item, references)).join('\n')}\n</ol>`
    : `<p class="empty">${escapeHtml(empty)}</p>`;
  return `<section class="queue queue-${id}" aria-labelledby="${id}-heading">
<h2 id="${id}-heading">${escapeHtml(title)} <span class="count">(${items.length})</span></h2>
<p>${escapeHtml(intro)}</p>
${list}
</section>`;
}

/**
 * @param {RequestList} requests newest first, as `receiver.listRequests()` gives them
 * @returns {string} a complete HTML document
 */
export function renderInbox(requests) {
  const references = new Set([...requests.security, ...requests.other].map((item) => item.reference));
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="refresh" content="${REFRESH_SECONDS}">
<meta name="robots" content="noindex">
<title>Inbox — Membrane demo</title>
<link rel="stylesheet" href="/demo.css">
</head>
<body class="inbox">
<header class="page-header">
<p class="crumbs"><a href="/">Membrane demo</a></p>
<h1>Inbox</h1>
<p>What the reference receiver has stored, newest first. This page reloads every ${REFRESH_SECONDS} seconds; <a href="/inbox">reload now</a>.</p>
</header>
<main>
${renderSection(
  'security',
  'Security reports',
  'Kept in their own queue (security.jsonl) so they reach the people who can assess them.',
  requests.security,
  references,
  'No security reports yet.',
)}
${renderSection(
  'requests',
  'Contact and follow-up requests',
  'Kept in requests.jsonl.',
  requests.other,
  references,
  'No requests yet.',
)}
</main>
</body>
</html>
`;
}

/**
 * GET /inbox. No authentication: the demo binds to localhost; a real inbox needs a login.
 * @param {{ listRequests: () => RequestList }} receiver
 * @returns {(req: import('node:http').IncomingMessage, res: import('node:http').ServerResponse) => void}
 */
export function createInboxHandler(receiver) {
  return (req, res) => {
    const html = renderInbox(receiver.listRequests());
    setPageHeaders(res, INBOX_CSP);
    res.writeHead(200, {
      'Content-Type': 'text/html; charset=utf-8',
      'Content-Length': Buffer.byteLength(html),
      'Cache-Control': 'no-store',
    });
    res.end(req.method === 'HEAD' ? undefined : html);
  };
}
