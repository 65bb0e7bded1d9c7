/** The script-tag build's stand-in for elements/contact-form/load-security-form.ts. */
import { loadPart } from './load-part.js';

export function loadSecurityForm(): Promise<unknown> {
  return loadPart('security');
}
