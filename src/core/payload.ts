/**
 * Turns what the customer typed into a `membrane.v1` payload. Empty optional fields are left out
 * rather than sent as empty strings, so a backend can tell "not given" from "given".
 */
import { SCHEMA_VERSION, type Kind, type Payload } from './schemas.js';

export interface ContactDraft {
  kind: Exclude<Kind, 'security'>;
  topic: string;
  topicOther: string;
  name: string;
  email: string;
  message: string;
  /** The earlier request's reference, for a follow-up. */
  reference: string;
  escalate: boolean;
}

export interface PayloadEnvironment {
  /** The page's full URL; only origin and path are kept. */
  readonly href: string;
  readonly locale: string;
  readonly id?: string;
  readonly now?: Date;
}

/** A random (version 4) UUID. `crypto.randomUUID` exists only in secure contexts and recent engines. */
export function createId(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[6] = (bytes[6]! & 0x0f) | 0x40;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/**
 * The page a request came from, without query or fragment: those carry tokens, e-mail addresses and
 * search terms that the customer never chose to send.
 */
export function pageContext(href: string): string {
  try {
    const url = new URL(href);
    // A blob: URL's origin is its inner URL's, and its path is the whole inner URL.
    if (url.protocol === 'blob:') return `blob:${pageContext(url.pathname)}`;
    return (url.origin === 'null' ? url.protocol : url.origin) + url.pathname;
  } catch {
    return '';
  }
}

/** The reference shown when the backend gives none: stable, short and derived from the id. */
export function referenceFromId(id: string): string {
  const hex = id.replace(/-/g, '').toUpperCase();
  return `${hex.slice(0, 4)}-${hex.slice(4, 8)}`;
}

/** The text as typed (NFC), or undefined when only blanks were typed. */
export const givenText = (value: string) => (value.trim() === '' ? undefined : value.normalize('NFC'));

/** What every payload carries whatever its kind. */
export function payloadEnvelope(kind: Kind, env: PayloadEnvironment) {
  return {
    schema: SCHEMA_VERSION,
    id: env.id ?? createId(),
    kind,
    escalate: false,
    context: { page: pageContext(env.href), locale: env.locale },
    createdAt: (env.now ?? new Date()).toISOString(),
  } as const;
}

export function withoutUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

export function buildContactPayload(draft: ContactDraft, env: PayloadEnvironment): Payload {
  const followUp = draft.kind === 'follow-up';
  return withoutUndefined({
    ...payloadEnvelope(draft.kind, env),
    topic: followUp ? givenText(draft.topic) : draft.topic,
    topicOther: !followUp && draft.topic === 'other' ? givenText(draft.topicOther) : undefined,
    name: givenText(draft.name),
    email: draft.email.trim(),
    message: draft.message.normalize('NFC'),
    followUp: followUp ? { reference: draft.reference.trim() } : undefined,
    escalate: draft.escalate,
  });
}
