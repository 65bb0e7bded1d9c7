/**
 * Brings in the security form when the customer is about to need it. In the npm build this is an
 * ordinary dynamic import that the host's bundler splits; the script-tag build swaps this module for
 * one that loads the integrity-pinned part (src/embed/load-security-part.ts).
 */
export function loadSecurityForm(): Promise<unknown> {
  return import('../security-form/security-form.js');
}
