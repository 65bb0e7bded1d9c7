/**
 * What the service presets share. Form services and ticket systems take flat text fields, a subject
 * and a body, not `membrane.v1`: these helpers give the payload in those shapes (flat `name → text`
 * pairs, a subject line, a plain-text body that loses nothing), and read a service's complaint about
 * one of its fields back as one of ours. Every byte here ships in the script-tag bundle, so the
 * helpers are shared rather than repeated per service, and there are no per-service tables.
 */
import type { FieldErrorCode, FieldErrors, Payload } from '../schemas.js';
import type { BackendRequest } from './adapter.js';

/**
 * The payload as flat pairs named by their dotted path (`followUp.reference`, `security.summary`,
 * `context.page`), the same names field errors use; booleans become "true" / "false". Absent
 * optional fields stay absent, so a backend can tell "not given" from "given empty".
 */
export function flatten(value: object, prefix = ''): [string, string][] {
  return Object.entries(value).flatMap(([key, v]): [string, string][] =>
    v === undefined ? [] : v !== null && typeof v === 'object' ? flatten(v, prefix + key + '.') : [[prefix + key, String(v)]],
  );
}

/** One line a person can triage an inbox by: the kind, what it is about, and whether it is a repeat. */
export const subjectOf = (p: Payload): string =>
  (p.escalate ? '[escalated] ' : '') +
  (p.security
    ? 'Security report: ' + p.security.summary
    : p.followUp
      ? 'Follow-up on ' + p.followUp.reference
      : 'Contact: ' + (p.topicOther ?? p.topic));

// Bookkeeping goes last in a body a person reads; it still travels, for deduplication and routing.
const BOOKKEEPING = /^(schema|id|context\.|createdAt)/;

/** The message, then every other field on its own `name: value` line: readable anywhere, nothing lost. */
export function textOf(p: Payload): string {
  const pairs = flatten(p).filter(([key]) => key != 'message');
  const lines = [...pairs.filter(([k]) => !BOOKKEEPING.test(k)), ...pairs.filter(([k]) => BOOKKEEPING.test(k))];
  return [...(p.message ? [p.message, ''] : []), ...lines.map(([k, v]) => k + ': ' + v)].join('\n');
}

/**
 * A JSON POST as the form services document it. No `Idempotency-Key`: a header they do not list
 * may be refused by their CORS preflight, and none of them documents deduplicating by it.
 */
export const jsonPost = (url: string | undefined, body: unknown): BackendRequest => ({
  url: url ?? '',
  init: {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
    body: JSON.stringify(body),
  },
});

// The fields the forms show, so the only ones a customer can fix.
const VISIBLE = /^(name|email|message|topic|topicOther|followUp\.reference|security\.(summary|asset|steps|impact))$/;

/**
 * A service's error code as ours. The names differ (TYPE_EMAIL, INVALID_EMAIL, REQUIRED_FIELD_MISSING,
 * BlankValue, INPUT_TOO_LARGE), the meanings do not. "Required" is tested first: "email is required"
 * is a missing address, not a malformed one.
 */
export const codeFrom = (code: string): FieldErrorCode =>
  /requir|missing|empty|blank/i.test(code)
    ? 'required'
    : /mail/i.test(code)
      ? 'email'
      : /large|long/i.test(code)
        ? 'too-long'
        : 'invalid';

/**
 * Field errors from `[our field key, the service's code]` pairs, keeping only fields the customer
 * can see and fix (first complaint per field). A complaint about anything else (a property the site
 * owner's form lacks, say) is the site owner's to fix: undefined then leaves the answer to its status.
 */
export function fieldErrorsOf(pairs: [unknown, string][]): FieldErrors | undefined {
  const errors: FieldErrors = {};
  for (const [key, code] of pairs) if (typeof key == 'string' && VISIBLE.test(key)) errors[key] ??= codeFrom(code);
  return Object.keys(errors).length > 0 ? errors : undefined;
}
