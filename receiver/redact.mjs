/**
 * Keeps secrets out of everything the receiver writes for people to read: console output and the
 * forward log. The code never prints a secret on purpose; this is the net under it, for the error
 * message of a library or a server that repeats what it was given (a URL with a token in its path,
 * an SMTP greeting that echoes a login).
 */

export const REDACTED = '[redacted]';
// Replacing every "a" in a log because someone chose a one-letter password would make the log
// useless; such a secret is not one worth protecting this way anyway.
const MIN_SECRET_LENGTH = 4;

/**
 * @param {Iterable<string | undefined>} secrets
 * @returns {(text: string) => string}
 */
export function createRedactor(secrets) {
  const variants = new Set();
  for (const secret of secrets) {
    if (typeof secret !== 'string' || secret.length < MIN_SECRET_LENGTH) continue;
    variants.add(secret);
    // The same secret as it appears inside a URL or a form body.
    variants.add(encodeURIComponent(secret));
    variants.add(encodeURI(secret));
  }
  // Longest first, so a URL is replaced whole before its password part is.
  const ordered = [...variants].filter((v) => v.length >= MIN_SECRET_LENGTH).sort((a, b) => b.length - a.length);
  return (text) => {
    let out = String(text);
    for (const secret of ordered) out = out.split(secret).join(REDACTED);
    return out;
  };
}

/**
 * The secret parts of a forwarding configuration: webhook URLs (the path of a Slack, Discord or
 * Teams webhook is its credential), the webhook signing key, the SMTP URL and its password.
 * @param {{ forward?: import('./config.mjs').Destination, securityForward?: import('./config.mjs').Destination }} config
 * @returns {string[]}
 */
export function secretsOf({ forward, securityForward }) {
  /** @type {string[]} */
  const secrets = [];
  for (const destination of [forward, securityForward]) {
    if (destination?.type === 'webhook') {
      const url = new URL(destination.url);
      secrets.push(destination.url);
      if (url.pathname.length > 1) secrets.push(url.pathname);
      if (url.search) secrets.push(url.search.slice(1));
      if (destination.secret) secrets.push(destination.secret);
    } else if (destination?.type === 'smtp') {
      const url = new URL(destination.url);
      secrets.push(destination.url);
      if (url.password) secrets.push(url.password, decodeURIComponent(url.password));
    }
  }
  return secrets;
}
