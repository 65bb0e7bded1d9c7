/**
 * Rules for what customers type. Single-line fields (name, e-mail, reference, summary) must not hold
 * control characters or bidirectional overrides: they are invisible on screen and are how a name like
 * "Alice\u202Egnp.exe" is made to read differently in the inbox than what was sent.
 */

// C0 controls (tab included: a single-line field has no use for it), DEL, C1 controls, and the
// Unicode bidirectional embedding, override and isolate characters.
const FORBIDDEN_IN_LINE = /[\u0000-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]/u;

// Multi-line text keeps tab, line feed and carriage return; C1 controls (U+009B opens terminal
// escape sequences) are refused here as in single-line fields.
const FORBIDDEN_IN_TEXT = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]/u;

export function hasForbiddenLineCharacters(value: string): boolean {
  return FORBIDDEN_IN_LINE.test(value);
}

export function hasForbiddenTextCharacters(value: string): boolean {
  return FORBIDDEN_IN_TEXT.test(value);
}

/**
 * The HTML Standard's definition of a valid e-mail address (the one `<input type=email>` applies),
 * so the form accepts exactly what browsers accept. This is a grammar over ASCII, not a URL, so a
 * regular expression is the specification's own form.
 */
const VALID_EMAIL =
  /^[a-zA-Z0-9.!#$%&'*+/=?^_`{|}~-]+@[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?(?:\.[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?)*$/;

export function isValidEmail(value: string): boolean {
  return VALID_EMAIL.test(value);
}
