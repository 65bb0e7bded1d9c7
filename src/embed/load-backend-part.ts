/** The script-tag build's stand-in for elements/shared/load-backend.ts. */
import type { Adapter } from '../core/adapters/adapter.js';
import { jsonAdapter } from '../core/adapters/json.js';
import { loadPart } from './load-part.js';

/** Where backend parts put their adapter (see scripts/parts.mjs). */
const ADAPTERS = Symbol.for('membrane.adapters.v1');

export async function loadBackend(name: string): Promise<Adapter | undefined> {
  if (name === 'json') return jsonAdapter;
  await loadPart('backends');
  return (globalThis as unknown as Record<symbol, Record<string, Adapter> | undefined>)[ADAPTERS]?.[name];
}
