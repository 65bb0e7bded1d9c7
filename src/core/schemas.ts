/**
 * The zod schemas behind the `membrane.v1` payload and the configuration. The same schemas validate
 * the form as the customer types, the payload before it is sent and (in the reference receiver) the
 * request on arrival, so the three can never disagree.
 *
 * Issue messages are error codes (`required`, `too-long`, …), not prose: the elements turn them into
 * sentences in the customer's language.
 */
import * as z from 'zod/mini';
import { LIMITS } from './limits.js';
import { hasForbiddenLineCharacters, hasForbiddenTextCharacters, isValidEmail } from './text-rules.js';

export const SCHEMA_VERSION = 'membrane.v1';

export type FieldErrorCode = 'required' | 'too-long' | 'email' | 'characters' | 'invalid';

// Plain refinements rather than z.minLength / z.maxLength / z.regex: each zod check kind is a class of its own in
// the script-tag bundle, and these two cost more bytes there than the rules they state.
const filled = z.refine<string>((v) => v.length > 0, 'required');
const matches = (pattern: RegExp) => z.refine<string>((v) => pattern.test(v), 'invalid');
const atMost = (max: number) => z.refine<string>((v) => v.length <= max, 'too-long');

/** A single-line text field: length-limited, no control or bidi-override characters. */
function line(max: number) {
  return z.string().check(
    atMost(max),
    z.refine((v: string) => !hasForbiddenLineCharacters(v), 'characters'),
  );
}

/** A multi-line text field: length-limited, line breaks allowed, other controls refused. */
function text(max: number) {
  return z.string().check(
    atMost(max),
    z.refine((v: string) => !hasForbiddenTextCharacters(v), 'characters'),
  );
}

const EmailSchema = z.string().check(
  atMost(LIMITS.email),
  z.refine((v: string) => v === '' || isValidEmail(v), 'email'),
);

export const KINDS = ['contact', 'security', 'follow-up'] as const;
export type Kind = (typeof KINDS)[number];

/** Topic values are identifiers a backend can route on; labels are what customers read. */
export const TopicValueSchema = z.string().check(
  filled,
  atMost(LIMITS.topic),
  matches(/^[A-Za-z0-9][A-Za-z0-9._-]*$/),
);

/** Help articles are links the widget renders: only web addresses, never `javascript:` or `data:`. */
function isWebUrl(value: string): boolean {
  try {
    return /^https?:$/.test(new URL(value, 'https://base.invalid/').protocol);
  } catch {
    return false;
  }
}

export const ArticleSchema = z.object({
  title: z.string().check(filled, atMost(300)),
  url: z.string().check(filled, atMost(LIMITS.page), z.refine(isWebUrl, 'url')),
  /** Words that suggest the article while a customer types, besides those of its title. */
  keywords: z.optional(z.array(z.string().check(atMost(100)))),
});
export type Article = z.output<typeof ArticleSchema>;

export const TopicSchema = z.object({
  value: TopicValueSchema,
  label: z.string().check(filled, atMost(200)),
  articles: z.optional(z.custom<Article[]>((v) => Array.isArray(v) && v.every((a) => ArticleSchema.safeParse(a).success))),
});
export type TopicInput = z.output<typeof TopicSchema>;

export const SecurityDetailsSchema = z.object({
  summary: line(LIMITS.summary),
  asset: z.optional(text(LIMITS.asset)),
  category: z.optional(line(LIMITS.topicOther)),
  steps: z.optional(text(LIMITS.steps)),
  impact: z.optional(text(LIMITS.impact)),
  severity: z.optional(line(200)),
  credit: z.optional(line(LIMITS.name)),
  policyAccepted: z.optional(z.literal([true, false])),
  encrypted: z.optional(z.string().check(atMost(200_000))),
});
export type SecurityDetails = z.output<typeof SecurityDetailsSchema>;

// Own patterns rather than `z.uuid()` / `z.iso.datetime()`: those pull in zod's regex builders,
// about 570 bytes (brotli) of the script-tag bundle, for two fixed formats. The id must be a
// version 4 UUID; createdAt is what `Date.prototype.toISOString` produces, or an offset form.
const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i;
const ISO_INSTANT = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d{1,9})?(Z|[+-](\d{2}):(\d{2}))$/;

/**
 * Checks the calendar by hand: `Date.parse` is engine-dependent (V8 and SpiderMonkey read
 * 2025-02-30 as 2 March, JavaScriptCore refuses it), and the browser and the Node receiver must
 * agree on every payload.
 */
function isIsoInstant(value: string): boolean {
  const m = ISO_INSTANT.exec(value);
  if (!m) return false;
  const [year, month, day, hour, minute, second] = m.slice(1, 7).map(Number) as [number, number, number, number, number, number];
  const date = new Date(Date.UTC(year, month - 1, day));
  const calendar = date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
  const clock = hour < 24 && minute < 60 && second < 60;
  const offset = m[9] === undefined || (Number(m[9]) < 24 && Number(m[10]) < 60);
  return calendar && clock && offset;
}

const PayloadShape = z.object({
  schema: z.literal(SCHEMA_VERSION),
  id: z.string().check(matches(UUID_V4)),
  // z.literal takes a list: one schema class fewer in the bundle than z.enum, same result.
  kind: z.literal(KINDS),
  topic: z.optional(TopicValueSchema),
  topicOther: z.optional(line(LIMITS.topicOther)),
  name: z.optional(line(LIMITS.name)),
  email: z.optional(EmailSchema),
  message: z.optional(text(LIMITS.message)),
  followUp: z.optional(z.object({ reference: line(LIMITS.reference) })),
  escalate: z.literal([true, false]),
  security: z.optional(SecurityDetailsSchema),
  context: z.object({
    page: z.string().check(atMost(LIMITS.page)),
    locale: z.string().check(atMost(LIMITS.locale)),
  }),
  /**
   * Spam signals for the backend to weigh; the client drops nothing. `honeypot`: the field hidden
   * from people and assistive technology was filled in. `elapsedMs`: from the form's first render to
   * this send.
   */
  signals: z.optional(
    z.object({
      honeypot: z.literal([true, false]),
      elapsedMs: z.custom<number>((v) => Number.isSafeInteger(v) && (v as number) >= 0),
    }),
  ),
  createdAt: z.string().check(z.refine(isIsoInstant, 'invalid')),
});

const isBlank = (value: string | undefined) => value === undefined || value.trim() === '';

/**
 * `membrane.v1`. The rules that depend on `kind` live here so that the form, the sender and the
 * receiver all demand the same things: an e-mail for contact and follow-up (anonymous security
 * reports are allowed), a description for "Other", a reference for a follow-up.
 */
export const PayloadSchema = PayloadShape.check(
  z.superRefine((p, ctx) => {
    const require = (ok: boolean, path: PropertyKey[]) => {
      if (!ok) ctx.addIssue({ code: 'custom', message: 'required', path, input: p });
    };
    if (p.kind === 'security') {
      require(p.security !== undefined, ['security']);
      if (p.security) {
        require(!isBlank(p.security.summary), ['security', 'summary']);
        const hasDetails = !isBlank(p.security.encrypted) || !isBlank(p.security.steps);
        require(hasDetails, ['security', 'steps']);
      }
      return;
    }
    require(!isBlank(p.email), ['email']);
    require(!isBlank(p.message), ['message']);
    if (p.kind === 'contact') {
      require(!isBlank(p.topic), ['topic']);
      if (p.topic === 'other') require(!isBlank(p.topicOther), ['topicOther']);
    } else {
      require(!isBlank(p.followUp?.reference), ['followUp', 'reference']);
    }
  }),
);
export type Payload = z.output<typeof PayloadSchema>;

/** Field errors keyed by the dotted path of the field (`email`, `security.summary`). */
export type FieldErrors = Record<string, FieldErrorCode>;

const CODES: readonly FieldErrorCode[] = ['required', 'too-long', 'email', 'characters', 'invalid'];

/** Collapses zod issues to one code per field: the first problem is the one worth telling. */
export function toFieldErrors(issues: readonly { path: readonly PropertyKey[]; message: string }[]): FieldErrors {
  const errors: FieldErrors = {};
  for (const issue of issues) {
    const key = issue.path.map(String).join('.') || '_';
    if (key in errors) continue;
    const code = CODES.find((c) => c === issue.message) ?? 'invalid';
    errors[key] = code;
  }
  return errors;
}

export type PayloadCheck =
  | { readonly ok: true; readonly payload: Payload }
  | { readonly ok: false; readonly errors: FieldErrors };

export function checkPayload(input: unknown): PayloadCheck {
  const result = PayloadSchema.safeParse(input);
  return result.success
    ? { ok: true, payload: result.data }
    : { ok: false, errors: toFieldErrors(result.error.issues) };
}

/**
 * The attributes every element shares, parsed once where they enter (attributes, properties, the
 * script tag). Endpoint URLs stay strings here: whether they are safe to send to is the endpoint
 * rule's decision, made at send time against the page's base URL.
 */
export const ConfigSchema = z.object({
  endpoint: z.optional(z.string()),
  securityEndpoint: z.optional(z.string()),
  securityPolicy: z.optional(z.string()),
  responseTime: z.optional(z.string().check(atMost(200))),
  lang: z.optional(z.string().check(atMost(LIMITS.locale))),
});
export type Config = z.output<typeof ConfigSchema>;
