/**
 * What makes two requests "the same" for an Idempotency-Key: a SHA-256 over a canonical JSON form of
 * the validated payload. Canonical (object keys sorted at every depth) because a retry may be
 * re-serialized by another code path with keys in another order and is still the same request;
 * over the validated payload (not the raw bytes) because that is what is stored, so the hash can be
 * recomputed from the data files after a restart and a late retry is still recognised.
 */
import { createHash } from 'node:crypto';

/**
 * JSON with object keys sorted; arrays keep their order (it is meaningful), `undefined` members are
 * left out as JSON.stringify does.
 * @param {unknown} value
 * @returns {string}
 */
export function canonicalJson(value) {
  if (Array.isArray(value)) return `[${value.map((item) => canonicalJson(item ?? null)).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const record = /** @type {Record<string, unknown>} */ (value);
    const members = Object.keys(record)
      .filter((key) => record[key] !== undefined)
      .sort()
      .map((key) => `${JSON.stringify(key)}:${canonicalJson(record[key])}`);
    return `{${members.join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/**
 * @param {unknown} payload
 * @returns {string} lowercase hex SHA-256 of `canonicalJson(payload)`
 */
export function hashPayload(payload) {
  return createHash('sha256').update(canonicalJson(payload), 'utf8').digest('hex');
}
