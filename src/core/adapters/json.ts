/**
 * `json`, the default: the payload as is, with `Idempotency-Key`, to the site's own endpoint. The
 * answer's `reference` is shown to the customer; a refusal naming fields marks those fields: `fields`
 * (as the reference receiver answers), or a problem+json body's `invalid-params` (RFC 7807's example)
 * or `errors` (RFC 9457's, with JSON Pointers; Formspree's, with `field`).
 */
import type { FieldErrorCode, FieldErrors } from '../schemas.js';
import { isObject, type Adapter } from './adapter.js';

const CODES: readonly FieldErrorCode[] = ['required', 'too-long', 'email', 'characters', 'invalid'];

/** `{ fields: { email: "required" } }` → field errors; unknown codes become `invalid`. */
export function fieldErrorsFrom(fields: unknown): FieldErrors | undefined {
  if (!isObject(fields)) return undefined;
  const errors: FieldErrors = {};
  for (const [key, value] of Object.entries(fields)) {
    if (key.length < 64) errors[key] = CODES.find((c) => c === value) ?? 'invalid';
  }
  return Object.keys(errors).length > 0 ? errors : undefined;
}

/** The field a problem+json entry names, as a payload path (`#/security/steps` → `security.steps`). */
function namedField(entry: unknown): string | undefined {
  if (!isObject(entry)) return undefined;
  const name = [entry.name, entry.field, entry.pointer].find((v): v is string => typeof v === 'string');
  return name?.replace(/^#?\//, '').replaceAll('/', '.');
}

function problemFields(json: Record<string, unknown>): FieldErrors | undefined {
  const entries = [json['invalid-params'], json.errors].flatMap((list) => (Array.isArray(list) ? list : []));
  const names = entries.map(namedField).filter((name): name is string => !!name && name.length < 64);
  return names.length > 0 ? Object.fromEntries(names.map((name) => [name, 'invalid' as const])) : undefined;
}

export const jsonAdapter: Adapter = {
  toRequest(payload, { endpoint }) {
    return {
      url: endpoint ?? '',
      init: {
        method: 'POST',
        headers: {
          'Content-Type': 'application/json',
          Accept: 'application/json',
          'Idempotency-Key': payload.id,
        },
        body: JSON.stringify(payload),
      },
    };
  },
  fromResponse({ ok, json }) {
    if (!isObject(json)) return undefined;
    if (ok) return { reference: typeof json.reference === 'string' ? json.reference : undefined };
    const fieldErrors = fieldErrorsFrom(json.fields) ?? problemFields(json);
    return fieldErrors ? { fieldErrors } : undefined;
  },
};
