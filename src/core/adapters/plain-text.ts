/**
 * What the service presets share. Form services and ticket systems take flat text fields, a subject
 * and a body, not `membrane.v1`: these helpers give the payload in those shapes (flat `name → text`
 * pairs, a subject line, a plain-text body that loses nothing), and read a service's complaint about
 * one of its fields back as one of ours. Every byte here ships to browsers (in the script-tag build,
 * as the part holding the presets), so the helpers are shared rather than repeated per service, and
 * there are no per-service tables.
 */
import type { FieldErrorCode, FieldErrors, Payload } from '../schemas.js';
import type { BackendOutcome, BackendRequest } from './adapter.js';

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

/**
 * One line to triage an inbox by: the kind, then what it is about (the security summary, the earlier
 * reference, the topic), marked when the customer says it is a repeat. No prose, so no language.
 */
export const subjectOf = (p: Payload): string =>
  (p.escalate ? '[escalated] ' : '') +
  p.kind +
  ': ' +
  (p.security?.summary ?? p.followUp?.reference ?? p.topicOther ?? p.topic);

// Bookkeeping goes last in a body a person reads; it still travels, for deduplication and routing.
const BOOKKEEPING = /^(schema|id|context\.|createdAt)/;

/** The message, then every other field on its own `name: value` line: readable anywhere, nothing lost. */
export const textOf = (p: Payload): string =>
  [
    ...(p.message ? [p.message, ''] : []),
    ...flatten(p)
      .filter(([key]) => key != 'message')
      // Array.prototype.sort is stable: each group keeps the payload's order.
      .sort(([a], [b]) => +BOOKKEEPING.test(a) - +BOOKKEEPING.test(b))
      .map(([key, value]) => key + ': ' + value),
  ].join('\n');

/**
 * A POST, JSON unless `headers` say otherwise. The service presets send no `Idempotency-Key`: a
 * header a service does not list may be refused by its CORS preflight, and none of them documents
 * deduplicating by it.
 */
export const post = (url: string | undefined, body: string, headers?: Record<string, string>): BackendRequest => ({
  url: url ?? '',
  init: { method: 'POST', headers: { 'Content-Type': 'application/json', Accept: 'application/json', ...headers }, body },
});

/** The flat payload fields as one JSON object, with a service's own fields added. */
export const flatJson = (url: string | undefined, payload: Payload, extra: object): BackendRequest =>
  post(url, JSON.stringify({ ...Object.fromEntries(flatten(payload)), ...extra }));

// The fields the forms show, so the only ones a customer can fix.
const VISIBLE = /^(name|email|message|topic|topicOther|followUp\.reference|security\.(summary|asset|category|steps|impact|severity|credit))$/;

/**
 * A service's error code as ours, when it is one a customer can act on. The names differ
 * (TYPE_EMAIL, INVALID_EMAIL, REQUIRED_FIELD_MISSING, BlankValue, INPUT_TOO_LARGE), the meanings do
 * not. "Required" is tested first: "email is required" is a missing address, not a malformed one.
 * Anything else (FIELD_NOT_IN_FORM_DEFINITION, TYPE_NUMERIC, …) is the site owner's setup: undefined.
 */
export const codeFrom = (code: string): FieldErrorCode | undefined =>
  /requir|miss|empt|blank/i.test(code)
    ? 'required'
    : /mail/i.test(code)
      ? 'email'
      : /large|long/i.test(code)
        ? 'too-long'
        : undefined;

/**
 * A refusal from a service's list of complaints, each read by `pick` as `[our field key, its code]`.
 * Only complaints a customer can fix mark a field (the first per field): a field the forms show and
 * a code `codeFrom` knows. The rest are the site owner's to fix; when nothing is left, undefined
 * leaves the answer to its status.
 */
export function refusal(list: unknown, pick: (item: any) => [unknown, unknown]): BackendOutcome | undefined {
  const fieldErrors: FieldErrors = {};
  for (const [key, code] of Array.isArray(list) ? list.map(pick) : []) {
    const ours = codeFrom(String(code));
    if (ours && typeof key == 'string' && VISIBLE.test(key)) fieldErrors[key] ??= ours;
  }
  return Object.keys(fieldErrors).length > 0 ? { fieldErrors } : undefined;
}
