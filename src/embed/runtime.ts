/**
 * What the script-tag bundle shares with its lazily loaded parts. A part (say, the security form) is
 * built against these modules without copying them: its imports of them become reads from this
 * object (see scripts/parts.mjs). Only the script-tag build publishes it; npm users' bundlers share
 * modules the ordinary way.
 *
 * The key is a registered symbol, so two copies of the bundle on one page find the same object and
 * nothing lands on `window` under a name a host page could clash with.
 */
import * as lit from 'lit';
import * as limits from '../core/limits.js';
import * as payload from '../core/payload.js';
import * as field from '../elements/shared/field.js';
import * as formElement from '../elements/shared/form-element.js';
import * as styles from '../elements/shared/styles.js';
import * as template from '../elements/shared/template.js';
import * as locales from '../locales/index.js';

export const RUNTIME_KEY = Symbol.for('membrane.runtime.v1');

/** Module path (relative to src/, without extension) → the module, for parts built against it. */
export const runtime = {
  lit,
  'core/limits': limits,
  'core/payload': payload,
  'elements/shared/field': field,
  'elements/shared/form-element': formElement,
  'elements/shared/styles': styles,
  'elements/shared/template': template,
  'locales/index': locales,
};

export function publishRuntime(): void {
  const target = globalThis as unknown as Record<symbol, unknown>;
  target[RUNTIME_KEY] ??= runtime;
}
