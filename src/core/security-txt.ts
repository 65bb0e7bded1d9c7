/**
 * A reader for security.txt (RFC 9116) as sites really publish it: CRLF, LF or lone CR, comments, any
 * field-name case, stray whitespace, OpenPGP cleartext signatures, bare e-mail addresses, RFC 2822
 * dates, and the HTML page or binary blob a server sends when the file is missing. It never throws:
 * everything that is not as the RFC asks is reported as a problem, and what can be used is kept.
 *
 * URIs are read with the platform's WHATWG URL parser, never a regular expression (see
 * endpoint-rules.ts for why). URI fields hold the parser's serialisation (`href`), so what a caller
 * links to is exactly what the parser understood.
 */
import { hasForbiddenLineCharacters, isValidEmail } from './text-rules.js';

/** The largest file read, in UTF-8 bytes (RFC 9116 sets no limit; real files are under 2 KiB). */
export const SECURITY_TXT_MAX_BYTES = 32 * 1024;
/** Longer lines are reported and skipped. */
export const SECURITY_TXT_MAX_LINE_LENGTH = 2048;
/** Lines past this count are not read. */
export const SECURITY_TXT_MAX_LINES = 1000;

export type SecurityTxtProblemCode =
  /** Larger than SECURITY_TXT_MAX_BYTES: nothing parsed. */
  | 'too-large'
  /** NUL bytes or many control characters: nothing parsed. */
  | 'binary'
  /** An HTML document (the usual answer of a site without the file): nothing parsed. */
  | 'html'
  | 'too-many-lines'
  | 'line-too-long'
  /** Not `Field: value`, an empty value, or control / bidi-override characters in the line. */
  | 'invalid-line'
  | 'missing-contact'
  | 'missing-expires'
  | 'repeated-expires'
  /** A field the RFC allows once (Preferred-Languages); the first is kept. */
  | 'repeated-field'
  /** Not an RFC 3339 date-time (e.g. an RFC 2822 date); the value is not kept. */
  | 'malformed-expires'
  | 'expired'
  /** `http:`, `ws:` or `ftp:`: kept (the file says so), but not offered by contactChoices. */
  | 'insecure-uri'
  /** A scheme the field cannot use (e.g. `javascript:` or `data:`); the value is not kept. */
  | 'unsupported-scheme'
  /** The URL parser refused the value; it is not kept. */
  | 'not-a-uri'
  /** A Contact written as a bare e-mail address; kept as `mailto:`. */
  | 'bare-email'
  /** Starts as a signed message but the signature block is missing or unterminated: `signed` is false. */
  | 'malformed-signature'
  /** A line after the signature, which the signature does not cover: not read. */
  | 'outside-signature';

export interface SecurityTxtProblem {
  readonly code: SecurityTxtProblemCode;
  /** 1-based line number in the text as given. */
  readonly line?: number;
  /** Lowercased field name. */
  readonly field?: string;
  readonly value?: string;
}

export interface SecurityTxtFields {
  /** In the file's order, which is the order of preference (RFC 9116 §2.5.3). */
  contacts: string[];
  /** The RFC 3339 date-time as written, when valid. */
  expires?: string;
  encryption: string[];
  acknowledgments: string[];
  policy: string[];
  preferredLanguages: string[];
  canonical: string[];
  hiring: string[];
  csaf: string[];
  /** Unknown fields by lowercased name (a null-prototype object: `__proto__` is just a name). */
  other: Record<string, string[]>;
  /** A cleartext signature was present. It is not verified. */
  signed: boolean;
}

export interface SecurityTxt {
  fields: SecurityTxtFields;
  problems: SecurityTxtProblem[];
}

export interface ContactChoice {
  kind: 'mailto' | 'https' | 'tel';
  href: string;
  label: string;
}

type UriList = 'contacts' | 'encryption' | 'acknowledgments' | 'policy' | 'canonical' | 'hiring' | 'csaf';

const URI_FIELDS: Record<string, UriList> = {
  contact: 'contacts',
  encryption: 'encryption',
  acknowledgments: 'acknowledgments',
  // The spelling many published files use.
  acknowledgements: 'acknowledgments',
  policy: 'policy',
  canonical: 'canonical',
  hiring: 'hiring',
  csaf: 'csaf',
};

// Schemes whose traffic travels in clear: RFC 9116 §2.5 asks for https for web URIs.
const CLEAR_SCHEMES = ['http:', 'ws:', 'ftp:'];
// Beyond https:, what each field may hold (RFC 9116 §2.5.3, §2.5.4 examples).
const EXTRA_SCHEMES: Partial<Record<UriList, string[]>> = {
  contacts: ['mailto:', 'tel:'],
  encryption: ['openpgp4fpr:', 'dns:'],
};

// RFC 3339 §5.6 date-time; the grammar is over ASCII digits, not a URI.
const DATE_TIME = /^(\d{4})-(\d\d)-(\d\d)[Tt](\d\d):(\d\d):(\d\d)(\.\d+)?(?:[Zz]|([+-])(\d\d):(\d\d))$/;
// RFC 9116 §4 field-name: printable ASCII except the colon.
const FIELD_NAME = /^[\x21-\x39\x3B-\x7E]+$/;
// Controls that no text file holds (TAB, LF, VT, FF and CR excepted), and U+FFFD from undecodable bytes.
const BINARY_CHARS = /[\x01-\x08\x0E-\x1F\x7F\uFFFD]/g;
const HTML_TAG = /<(?:!doctype\s+html|html|head|body|script|meta|title)\b/i;
const SIGNED_HEADER = '-----BEGIN PGP SIGNED MESSAGE-----';

/** Milliseconds since the epoch for an RFC 3339 date-time, or undefined when it is not one. */
export function parseRfc3339(value: string): number | undefined {
  const m = DATE_TIME.exec(value);
  if (!m) return undefined;
  const [y, mo, d, h, mi, s] = m.slice(1, 7).map(Number) as [number, number, number, number, number, number];
  const oh = Number(m[9] ?? 0);
  const om = Number(m[10] ?? 0);
  if (h > 23 || mi > 59 || s > 60 || oh > 23 || om > 59) return undefined;
  const date = new Date(0);
  // setUTCFullYear, not Date.UTC: Date.UTC maps years 0-99 to 1900-1999.
  date.setUTCFullYear(y, mo - 1, d);
  if (date.getUTCMonth() !== mo - 1 || date.getUTCDate() !== d) return undefined;
  // A leap second (:60) counts as the second before it.
  date.setUTCHours(h, mi, Math.min(s, 59), Math.floor(Number(`0${m[7] ?? ''}`) * 1000));
  return date.getTime() - (m[8] === '-' ? -1 : 1) * (oh * 60 + om) * 60_000;
}

/**
 * The `mailto:` URL for a bare address. The local part may hold characters that mean something in a
 * URL (`#`, `?`, a leading `//`), so it is percent-encoded: otherwise part of the address becomes a
 * fragment, or an engine refuses the URL (WebKit, for `mailto://a.^b@c`).
 */
export function mailtoFor(address: string): string {
  const at = address.lastIndexOf('@');
  return `mailto:${encodeURIComponent(address.slice(0, at))}${address.slice(at)}`;
}

/** Fields as a file with none of them gives them. */
export function emptySecurityTxtFields(): SecurityTxtFields {
  return {
    contacts: [],
    encryption: [],
    acknowledgments: [],
    policy: [],
    preferredLanguages: [],
    canonical: [],
    hiring: [],
    csaf: [],
    other: Object.create(null) as Record<string, string[]>,
    signed: false,
  };
}

function parseUrl(value: string): URL | undefined {
  try {
    return new URL(value);
  } catch {
    return undefined;
  }
}

/**
 * Parses the text of a security.txt file. `now` (default: the current time) decides `expired`.
 * Never throws; problems come back in line order, then the whole-file ones.
 */
export function parseSecurityTxt(text: string, options: { now?: Date } = {}): SecurityTxt {
  const fields = emptySecurityTxtFields();
  const problems: SecurityTxtProblem[] = [];
  const refuse = (code: SecurityTxtProblemCode) => ({ fields, problems: [{ code }] });
  // Cheap first: UTF-8 never takes fewer bytes than UTF-16 code units.
  if (text.length > SECURITY_TXT_MAX_BYTES) return refuse('too-large');
  if (text.includes('\0') || (text.match(BINARY_CHARS)?.length ?? 0) * 8 > text.length) return refuse('binary');
  const body = text.replace(/^\uFEFF/, '');
  if (body.trimStart().startsWith('<') && HTML_TAG.test(body)) return refuse('html');
  if (new TextEncoder().encode(text).length > SECURITY_TXT_MAX_BYTES) return refuse('too-large');

  const lines = body.split(/\r\n|\r|\n/);
  const firstUsed = lines.findIndex((line) => line.trim() !== '');
  // Cleartext signature framework (RFC 4880 §7): header, armor headers up to a blank line, the
  // dash-escaped body, then the signature block. Nothing is verified.
  let state: 'plain' | 'armor' | 'body' | 'signature' | 'after' =
    firstUsed >= 0 && lines[firstUsed]!.trim() === SIGNED_HEADER ? 'armor' : 'plain';
  let seenExpires = false;
  let seenLanguages = false;

  for (let i = state === 'armor' ? firstUsed + 1 : 0; i < lines.length; i++) {
    const n = i + 1;
    if (n > SECURITY_TXT_MAX_LINES) {
      problems.push({ code: 'too-many-lines', line: n });
      break;
    }
    let line = lines[i]!;
    if (line.length > SECURITY_TXT_MAX_LINE_LENGTH) {
      problems.push({ code: 'line-too-long', line: n });
      continue;
    }
    const trimmed = line.trim();
    if (state === 'armor') {
      if (trimmed === '') state = 'body';
      continue;
    }
    if (state === 'signature') {
      if (trimmed === '-----END PGP SIGNATURE-----') state = 'after';
      continue;
    }
    if (state === 'body') {
      if (line.trimEnd() === '-----BEGIN PGP SIGNATURE-----') {
        state = 'signature';
        continue;
      }
      if (line.startsWith('- ')) line = line.slice(2);
    }
    const content = line.trim();
    if (content === '' || content.startsWith('#')) continue;
    if (state === 'after') {
      problems.push({ code: 'outside-signature', line: n });
      continue;
    }

    const colon = content.indexOf(':');
    const name = content.slice(0, Math.max(colon, 0)).trimEnd().toLowerCase();
    const rest = content.slice(colon + 1);
    const value = rest.trim();
    // hasOwn: a field named `constructor` or `__proto__` must not find Object.prototype's members.
    const list = Object.hasOwn(URI_FIELDS, name) ? URI_FIELDS[name] : undefined;
    const known = list !== undefined || name === 'expires' || name === 'preferred-languages';
    if (
      colon < 1 ||
      !FIELD_NAME.test(name) ||
      value === '' ||
      // An unknown field needs the RFC's space after the colon, or `https://x` would be a field.
      (!known && !/^[ \t]/.test(rest)) ||
      hasForbiddenLineCharacters(value.replace(/\t/g, ' '))
    ) {
      problems.push({ code: 'invalid-line', line: n, value: content.slice(0, 200) });
      continue;
    }
    const report = (code: SecurityTxtProblemCode) => problems.push({ code, line: n, field: name, value });

    if (list) {
      let url = parseUrl(value);
      if (!url && list === 'contacts' && isValidEmail(value)) {
        report('bare-email');
        url = parseUrl(mailtoFor(value));
      }
      if (!url) report('not-a-uri');
      else if (CLEAR_SCHEMES.includes(url.protocol)) {
        report('insecure-uri');
        fields[list].push(url.href);
      } else if (url.protocol === 'https:' || EXTRA_SCHEMES[list]?.includes(url.protocol)) fields[list].push(url.href);
      else report('unsupported-scheme');
    } else if (name === 'expires') {
      if (seenExpires) report('repeated-expires');
      else if (parseRfc3339(value) === undefined) report('malformed-expires');
      else fields.expires = value;
      seenExpires = true;
    } else if (name === 'preferred-languages') {
      if (seenLanguages) report('repeated-field');
      else fields.preferredLanguages = value.split(',').map((tag) => tag.trim()).filter(Boolean);
      seenLanguages = true;
    } else {
      (fields.other[name] ??= []).push(value);
    }
  }

  if (state === 'armor' || state === 'body' || state === 'signature') problems.push({ code: 'malformed-signature' });
  fields.signed = state === 'after';
  if (fields.contacts.length === 0) problems.push({ code: 'missing-contact' });
  if (!seenExpires) problems.push({ code: 'missing-expires' });
  const expires = fields.expires === undefined ? undefined : parseRfc3339(fields.expires);
  if (expires !== undefined && expires <= (options.now ?? new Date()).getTime()) {
    problems.push({ code: 'expired', field: 'expires', value: fields.expires! });
  }
  return { fields, problems };
}

function decode(text: string): string {
  try {
    const decoded = decodeURIComponent(text);
    return hasForbiddenLineCharacters(decoded) ? text : decoded;
  } catch {
    return text;
  }
}

/**
 * The contacts a customer can use to report, in the file's order: https, mailto and tel only, each
 * `href` re-serialised by the URL parser (so never `javascript:` or anything else an `<a href>`
 * would run), each `label` the address, number or host and path without the scheme.
 */
export function contactChoices(fields: Pick<SecurityTxtFields, 'contacts'>): ContactChoice[] {
  const choices: ContactChoice[] = [];
  for (const contact of fields.contacts) {
    const url = parseUrl(contact);
    if (!url || choices.some((choice) => choice.href === url.href)) continue;
    const kind = url.protocol.slice(0, -1);
    if (kind === 'https' && url.username === '' && url.password === '') {
      choices.push({ kind, href: url.href, label: url.host + (url.pathname === '/' ? '' : decode(url.pathname)) });
    } else if ((kind === 'mailto' || kind === 'tel') && url.host === '' && url.pathname !== '') {
      choices.push({ kind, href: url.href, label: decode(url.pathname) });
    }
  }
  return choices;
}
