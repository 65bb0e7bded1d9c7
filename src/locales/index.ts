import { en, type Strings } from './en.js';

export { en, format, type StringKey, type Strings } from './en.js';

/**
 * Merges a site's overrides over a string table (English by default). Only known keys with string
 * values are taken, so a typo in an override cannot blank a label.
 */
export function resolveStrings<T extends object = Strings>(overrides: unknown, table: T = en as unknown as T): T {
  if (overrides == null || typeof overrides !== 'object') return table;
  const merged: Record<string, unknown> = { ...(table as Record<string, unknown>) };
  for (const [key, value] of Object.entries(overrides)) {
    if (key in table && typeof value === 'string') merged[key] = value;
  }
  return merged as T;
}
export { enSecurity, type SecurityStringKey, type SecurityStrings } from './en-security.js';
