/**
 * OpenPGP encryption of security report details in the browser (SPEC: `encryption-key`, payload
 * `security.encrypted`), so only the holder of the site's private key can read the steps and impact.
 *
 * No DOM, and nothing of OpenPGP.js at module load: its lightweight build (about 54 KB brotli, a
 * 250 ms task on a slow phone, STYLE.md) is imported inside the async functions only, so it is a
 * separate chunk in the npm build and its own part in the script-tag build, where it runs in a Web
 * Worker (encryption-worker.ts). `inspectKeyText` uses no OpenPGP code at all.
 *
 * Expected failures (a bad, expired or private key) are answers, never exceptions: the form shows
 * the site owner and the customer what went wrong instead of failing somewhere in a promise chain.
 */

/** What a pasted or configured text looks like, judged from its ASCII armor header alone. */
export type KeyTextKind = 'public-key' | 'private-key' | 'not-a-key';

/** Why a key cannot be used to encrypt a report. */
export type KeyProblem =
  | 'private-key'
  | 'not-a-key'
  | 'unreadable'
  | 'expired'
  | 'revoked'
  | 'cannot-encrypt'
  | 'too-large';

/** Why a text could not be encrypted: the key's problem, or `failed` when OpenPGP itself failed. */
export type EncryptionProblem = KeyProblem | 'failed';

export interface PublicKeyInfo {
  ok: true;
  /** Uppercase hex in groups of four, as people compare it with the one a policy page publishes. */
  fingerprint: string;
  userIds: string[];
  /** ISO 8601: when the key (or the subkey reports are encrypted to) stops being usable, if ever. */
  expires?: string;
}

export type PublicKeyResult = PublicKeyInfo | { ok: false; problem: KeyProblem };

export type EncryptionResult = { ok: true; armored: string } | { ok: false; problem: EncryptionProblem };

/** The API the security form gets from `loadEncryption()`, in either build. */
export interface EncryptionApi {
  inspectKeyText(text: string): KeyTextKind;
  readPublicKey(armored: string, now?: Date): Promise<PublicKeyResult>;
  encryptText(armoredKey: string, text: string): Promise<EncryptionResult>;
}

/**
 * Largest key text read. Real public keys are a few KB (a 4096-bit RSA key with a photo ID stays well
 * under this); the cap keeps a runaway paste or a hostile URL from costing the page seconds of parsing.
 */
export const MAX_KEY_TEXT = 64 * 1024;

// Armor headers are fixed ASCII lines (RFC 9580, section 6.2). Anything naming a private or secret
// key is refused, PEM and OpenSSH private keys included: whatever the format, such a text must never
// be used, shown back or uploaded.
const PRIVATE_ARMOR = /-----BEGIN [A-Z0-9 ]*(?:PRIVATE|SECRET) KEY(?: BLOCK)?-----/;
const PUBLIC_ARMOR = /-----BEGIN PGP PUBLIC KEY BLOCK-----/;

/**
 * Tells a public key block from a private key block or anything else, from the armor header alone.
 * Synchronous and cheap: callers check this before anything else, so a private key is refused before
 * it is stored, parsed or sent. A text holding both kinds is a private key.
 */
export function inspectKeyText(text: string): KeyTextKind {
  if (PRIVATE_ARMOR.test(text)) return 'private-key';
  if (PUBLIC_ARMOR.test(text)) return 'public-key';
  return 'not-a-key';
}

type OpenPgp = typeof import('openpgp/lightweight');
type Key = Awaited<ReturnType<OpenPgp['readKey']>>;

let openpgp: Promise<OpenPgp> | undefined;

/** Loads OpenPGP.js once; a failed load (npm build, network) may be tried again. */
function loadOpenPgp(): Promise<OpenPgp> {
  openpgp ??= import('openpgp/lightweight').catch((error: unknown) => {
    openpgp = undefined;
    throw error;
  });
  return openpgp;
}

type Checked = { ok: true; key: Key; info: PublicKeyInfo } | { ok: false; problem: KeyProblem };

const asTime = (value: Date | number | null): number => (value instanceof Date ? value.getTime() : Infinity);

async function checkPublicKey(armored: string, now: Date): Promise<Checked> {
  if (typeof armored !== 'string') return { ok: false, problem: 'not-a-key' };
  if (armored.length > MAX_KEY_TEXT) return { ok: false, problem: 'too-large' };
  const kind = inspectKeyText(armored);
  if (kind !== 'public-key') return { ok: false, problem: kind };

  const { readKey } = await loadOpenPgp();
  let key: Key;
  try {
    key = await readKey({ armoredKey: armored });
  } catch {
    return { ok: false, problem: 'unreadable' };
  }
  // The armor said public; the packets decide. A secret key packet behind a public header is refused.
  if (key.isPrivate()) return { ok: false, problem: 'private-key' };

  try {
    if (await key.isRevoked(undefined, undefined, now)) return { ok: false, problem: 'revoked' };
    // Infinity: never expires; null: no valid self-signature, which getEncryptionKey reports below.
    const expires = asTime(await key.getExpirationTime());
    if (expires <= now.getTime()) return { ok: false, problem: 'expired' };
    let subkeyExpires = Infinity;
    try {
      const encryptionKey = await key.getEncryptionKey(undefined, now);
      if (encryptionKey !== key) subkeyExpires = asTime(await encryptionKey.getExpirationTime(now));
    } catch {
      // No subkey (or primary key) that is valid now and may encrypt: a signing-only key, or one whose
      // encryption subkeys have all expired or been revoked.
      return { ok: false, problem: 'cannot-encrypt' };
    }
    const until = Math.min(expires, subkeyExpires);
    return {
      ok: true,
      key,
      info: {
        ok: true,
        fingerprint: formatFingerprint(key.getFingerprint()),
        userIds: key.getUserIDs(),
        ...(Number.isFinite(until) ? { expires: new Date(until).toISOString() } : {}),
      },
    };
  } catch {
    // Malformed signatures and the like: the packets parsed but do not make a usable key.
    return { ok: false, problem: 'unreadable' };
  }
}

/** `8e0c…` → `8E0C 5A1F …`: uppercase, in groups of four (v4 keys: 10 groups; v6 keys: 16). */
export function formatFingerprint(hex: string): string {
  return hex.toUpperCase().replace(/(.{4})(?=.)/g, '$1 ');
}

/**
 * Reads an ASCII-armored OpenPGP public key and says whether reports can be encrypted to it now
 * (`now` for tests and for clocks the caller trusts more). Never throws for a bad key; rejects only
 * when the OpenPGP code itself cannot be loaded.
 */
export async function readPublicKey(armored: string, now: Date = new Date()): Promise<PublicKeyResult> {
  const checked = await checkPublicKey(armored, now);
  return checked.ok ? checked.info : checked;
}

/**
 * Encrypts a text to a public key as an ASCII-armored OpenPGP message (`-----BEGIN PGP MESSAGE-----`),
 * readable with the matching private key by any OpenPGP tool (`gpg --decrypt`). The key is checked
 * exactly as `readPublicKey` checks it, so a key that has expired since the form opened is refused.
 */
export async function encryptText(armoredKey: string, text: string): Promise<EncryptionResult> {
  const checked = await checkPublicKey(armoredKey, new Date());
  if (!checked.ok) return checked;
  if (typeof text !== 'string') return { ok: false, problem: 'failed' };
  const { createMessage, encrypt } = await loadOpenPgp();
  try {
    const message = await createMessage({ text });
    const armored = await encrypt({ message, encryptionKeys: checked.key, format: 'armored' });
    return { ok: true, armored };
  } catch {
    return { ok: false, problem: 'failed' };
  }
}
