/**
 * Form drafts in Web Storage, so what a customer typed survives a reload (SPEC principle 6).
 *
 * Storage is input like any other: another script on the origin, an older version of the widget or
 * a hand in the devtools may have written the entry. So a draft is versioned and checked field by
 * field, and what comes back is only ever strings, rendered as text.
 *
 * The choice: a draft whose envelope is wrong (not JSON, another version, wrong types, expired) is
 * ignored whole; within a sound envelope a bad field (unknown name, not a string, over its limit) is
 * dropped alone, so one field a form no longer has does not cost the customer the rest.
 */
import { LIMITS } from './limits.js';
import type { Kind } from './schemas.js';
import { removeSecrets } from './secrets.js';

export const DRAFT_VERSION = 1;

/** How long a draft in localStorage is kept: long enough for "I'll finish this tomorrow". */
export const DRAFT_TTL_MS = 7 * 24 * 60 * 60 * 1000;

export type DraftFields = Record<string, string>;

export interface Draft {
  v: typeof DRAFT_VERSION;
  savedAt: number;
  expiresAt?: number;
  fields: DraftFields;
}

// Every field of both forms at its limit, each character escaped as \uXXXX, fits; anything larger is
// not ours, and is refused before JSON.parse spends time on it.
const MAX_DRAFT_CHARS = 400_000;

// Form fields whose payload limit is borrowed from another field or stated in the schema.
const OTHER_LIMITS: Readonly<Record<string, number>> = {
  category: LIMITS.topicOther,
  categoryOther: LIMITS.topicOther,
  categoryChoice: LIMITS.topic,
  severity: 200,
  severityChoice: LIMITS.topic,
  cvss: 200,
  credit: LIMITS.name,
};

/** A field's length limit; a field no table names gets a single-line field's. */
function limitOf(field: string): number {
  if (Object.hasOwn(LIMITS, field)) return LIMITS[field as keyof typeof LIMITS];
  return Object.hasOwn(OTHER_LIMITS, field) ? (OTHER_LIMITS[field] as number) : 200;
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isTime = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v) && v >= 0;

/**
 * The storage key for a form's draft on a page: origin and path only, since a query or fragment can
 * carry tokens (a password-reset link) that have no business in a storage key.
 */
export function draftKey(kind: Kind, page: string): string {
  let where: string;
  try {
    const url = new URL(page);
    where = url.origin + url.pathname;
  } catch {
    where = page.split(/[?#]/, 1)[0] as string;
  }
  return `membrane:draft:v1:${kind}:${where.slice(0, LIMITS.page)}`;
}

/**
 * `fields` with likely secrets removed from every value. Every field rather than a list of
 * message-like ones: a key pasted into the wrong box is still a key, and no list can fall out of
 * step with the forms.
 */
export function sanitizeForDraft(fields: Readonly<DraftFields>): DraftFields {
  return Object.fromEntries(Object.entries(fields).map(([name, value]) => [name, removeSecrets(value)]));
}

/**
 * The stored form of a draft. Secrets are removed here, not left to the caller, so none can reach
 * storage; a field over its limit is left out, as decoding would drop it. `ttlMs` defaults to
 * {@link DRAFT_TTL_MS}; `Infinity` writes no expiry (for sessionStorage, which ends with the tab).
 */
export function encodeDraft(fields: Readonly<DraftFields>, now: number, ttlMs: number = DRAFT_TTL_MS): string {
  const kept = Object.entries(sanitizeForDraft(fields)).filter(([name, value]) => value.length <= limitOf(name));
  const draft: Draft = { v: DRAFT_VERSION, savedAt: now, fields: Object.fromEntries(kept) };
  if (Number.isFinite(ttlMs)) draft.expiresAt = now + ttlMs;
  return JSON.stringify(draft);
}

/**
 * The fields of a stored draft that `allowedFields` names, or `undefined` when there is nothing
 * usable to restore. Never throws, whatever storage held.
 */
export function decodeDraft(text: string | null, now: number, allowedFields: readonly string[]): DraftFields | undefined {
  if (text === null || text.length > MAX_DRAFT_CHARS) return undefined;
  let draft: unknown;
  try {
    draft = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (!isRecord(draft) || draft.v !== DRAFT_VERSION || !isTime(draft.savedAt) || !isRecord(draft.fields)) return undefined;
  const { expiresAt, fields } = draft;
  if (expiresAt !== undefined && !(isTime(expiresAt) && now < expiresAt)) return undefined;
  // Walks the allowed names, not the stored keys: a stored `__proto__` is never even looked at.
  const kept = allowedFields.flatMap((name) => {
    const value = Object.hasOwn(fields, name) ? fields[name] : undefined;
    return typeof value === 'string' && value.length <= limitOf(name) ? [[name, value] as const] : [];
  });
  return kept.length > 0 ? Object.fromEntries(kept) : undefined;
}
