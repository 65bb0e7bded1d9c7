/**
 * Gets a preset adapter's code. In the npm build every preset is an ordinary import; the script-tag
 * build swaps this module for src/embed/load-backend-part.ts, which loads only the preset a page
 * names, as an integrity-pinned part.
 */
import type { Adapter } from '../../core/adapters/adapter.js';
import { findBackend } from '../../core/adapters/registry.js';

export async function loadBackend(name: string): Promise<Adapter | undefined> {
  return findBackend(name);
}
