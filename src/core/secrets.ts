/**
 * Finds what looks like a credential in text a customer typed. Drafts live in Web Storage, where
 * every script on the page and anyone at the computer later can read them, so a key pasted into a
 * message must never be written there (SPEC principle 6 keeps drafts, not secrets).
 *
 * Each pattern wants a vendor prefix or an explicit `name=value` shape, so prose that merely talks
 * about passwords is left alone. And each is built to keep the regex engine's work linear: it starts
 * with a literal, an unbounded run is either the pattern's last step (nothing after it to backtrack
 * for) or cannot be entered again from inside itself, so each character is scanned a bounded number
 * of times. A pasted 5 MB log is then scanned in milliseconds rather than minutes.
 *
 * No lookbehind: Safari before 16.4 refuses to parse it, and one such regex would break the bundle.
 */

export type SecretKind =
  | 'private-key'
  | 'aws-access-key-id'
  | 'aws-secret-access-key'
  | 'github-token'
  | 'slack-token'
  | 'stripe-key'
  | 'google-api-key'
  | 'jwt'
  | 'authorization'
  | 'credential';

export interface SecretMatch {
  kind: SecretKind;
  /** UTF-16 offsets, end exclusive. */
  start: number;
  end: number;
}

/** What a removed secret reads as; no pattern matches it on its own. */
export const REMOVED = '[removed]';

// Where a pattern also matches context (`password=`, a header name), group 1 is the secret: only the
// value goes, so the customer still sees what was there.
const PATTERNS: readonly (readonly [SecretKind, RegExp])[] = [
  ['aws-access-key-id', /\b(?:AKIA|ASIA)[A-Z0-9]{16}\b/g],
  ['aws-secret-access-key', /aws_?secret_?access_?key["']?[ \t]{0,9}[:=][ \t]{0,9}["']?([a-z0-9/+]{40})(?![a-z0-9/+=])/gi],
  ['github-token', /\b(?:gh[pousr]_[A-Za-z0-9]{30,}|github_pat_\w{30,})/g],
  ['slack-token', /\bxox[abprs]-[A-Za-z0-9-]{10,}/g],
  ['stripe-key', /\b[rs]k_live_[A-Za-z0-9]{16,}/g],
  ['google-api-key', /\bAIza[\w-]{35,}/g],
  // The header as word characters only: with `-` allowed, `eyJ-eyJ-…` would restart the search,
  // and rescan the rest of the run, at every `eyJ`. A header's base64url holds `-` only if its JSON
  // has `>`, `?`, `~` or non-ASCII characters.
  ['jwt', /\beyJ\w{5,}\.eyJ[\w-]{5,}\.[\w-]+/g],
  ['authorization', /authorization["']?[ \t]{0,9}:[ \t]{0,9}["']?(?:bearer|basic|token)[ \t]{1,9}([\w.~+/-]{16,}=*)/gi],
  // `=` is an assignment; after `:` ("Password: forgotten") the value must hold a digit to count.
  // A value runs to the next space or quote: a comma too many beats leaving a password's tail. It
  // may not start with `[`, so `password=[removed]` is not found again.
  [
    'credential',
    /(?:passw(?:or)?d|passphrase|pwd|(?:api|access|auth|secret|private|client)[_-]?(?:key|token|secret))["']?[ \t]{0,9}(?:=[ \t]{0,9}["']?|:[ \t]{0,9}["']?(?=[^\s"'`]{0,40}\d))([^\s"'`[][^\s"'`]{7,})/gi,
  ],
];

/** PEM and PGP private keys, found by hand: a lazy `BEGIN[\s\S]*?END` rescans the rest per header. */
function findPrivateKeys(text: string, found: SecretMatch[]): void {
  const begin = /-----BEGIN[A-Z ]{0,40}PRIVATE KEY(?: BLOCK)?-----/g;
  const end = /-----END[A-Z ]{0,40}PRIVATE KEY(?: BLOCK)?-----/g;
  for (let m = begin.exec(text); m; m = begin.exec(text)) {
    end.lastIndex = begin.lastIndex;
    // A key pasted without its END line is still a key: the rest of the text goes with it.
    const stop = end.exec(text) ? end.lastIndex : text.length;
    found.push({ kind: 'private-key', start: m.index, end: stop });
    begin.lastIndex = stop;
  }
}

/** Likely secrets in `text`, sorted, overlapping finds merged (the first one's kind is kept). */
export function findSecrets(text: string): SecretMatch[] {
  const found: SecretMatch[] = [];
  findPrivateKeys(text, found);
  for (const [kind, pattern] of PATTERNS) {
    for (const m of text.matchAll(pattern)) {
      const end = m.index + m[0].length;
      found.push({ kind, start: end - (m[1] ?? m[0]).length, end });
    }
  }
  found.sort((a, b) => a.start - b.start || b.end - a.end);
  const merged: SecretMatch[] = [];
  for (const f of found) {
    const last = merged[merged.length - 1];
    if (last && f.start <= last.end) last.end = Math.max(last.end, f.end);
    else merged.push(f);
  }
  return merged;
}

/** `text` with every likely secret replaced by {@link REMOVED}. */
export function removeSecrets(text: string): string {
  // Removal can join what was around a secret into a new match (`api_key: :` + marker + `0` now has
  // its digit), so look again; a few passes settle any real text, and the cap bounds hostile text.
  for (let pass = 0; pass < 4; pass++) {
    const found = findSecrets(text);
    if (found.length === 0) break;
    let out = '';
    let at = 0;
    for (const { start, end } of found) {
      out += text.slice(at, start) + REMOVED;
      at = end;
    }
    text = out + text.slice(at);
  }
  return text;
}
