import { en, type Strings } from './en.js';

export { en, format, type StringKey, type Strings } from './en.js';

/**
 * Merges a site's overrides over the English table. Only known keys with string values are taken, so
 * a typo in an override cannot blank a label.
 */
export function resolveStrings(overrides: unknown): Strings {
  if (overrides == null || typeof overrides !== 'object') return en;
  const merged: Record<string, string> = { ...en };
  for (const [key, value] of Object.entries(overrides)) {
    if (key in en && typeof value === 'string') merged[key] = value;
  }
  return merged as unknown as Strings;
}
