/**
 * Brings in the dialog's screens. In the npm build this is an ordinary dynamic import that the host's
 * bundler splits off; the script-tag build swaps this module for src/embed/load-flow-part.ts, which
 * loads the integrity-pinned part holding the contact flow.
 */
export function loadWidgetPanel(): Promise<unknown> {
  return import('./widget-panel.js');
}
