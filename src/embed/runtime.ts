/**
 * What the script-tag bundle shares with its lazily loaded parts. A part (say, the security form) is
 * built against the main bundle's modules without copying them: its imports of them become reads from
 * this object. The build (scripts/parts.mjs, runtimeModule) replaces this module with one publishing
 * exactly the names the parts import, so a part can never ask for something that is not there and the
 * main bundle keeps nothing alive that no part uses. Only the script-tag build publishes it; npm
 * users' bundlers share modules the ordinary way.
 *
 * The key is a registered symbol, so two copies of the bundle on one page find the same object and
 * nothing lands on `window` under a name a host page could clash with.
 */
export const RUNTIME_KEY = Symbol.for('membrane.runtime.v1');

export function publishRuntime(): void {
  const target = globalThis as unknown as Record<symbol, unknown>;
  target[RUNTIME_KEY] ??= {};
}
