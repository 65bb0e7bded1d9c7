/** The security form, loaded by the script-tag build when a page or a customer needs it. */
import '../../elements/security-form/security-form.js';
