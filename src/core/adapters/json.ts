/**
 * `json`, the default: the payload as is, with `Idempotency-Key`, to the site's own endpoint. The
 * answer's `reference` is shown to the customer; a 422 naming `fields` (as the reference receiver
 * answers) marks those fields.
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
    const fieldErrors = fieldErrorsFrom(json.fields);
    return fieldErrors ? { fieldErrors } : undefined;
  },
};
