/** The script-tag build's stand-in for elements/widget/load-widget-panel.ts. */
import { loadPart } from './load-part.js';

export function loadWidgetPanel(): Promise<unknown> {
  return loadPart('flow');
}
