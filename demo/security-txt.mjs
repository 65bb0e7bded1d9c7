// The demo site's own security disclosure files: /.well-known/security.txt (RFC 9116), which the
// demo's security page reads with security-txt="auto", and the OpenPGP public key it names, so the
// whole path (contacts, policy, encryption in the browser) can be tried locally.
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

export const SECURITY_TXT_PATH = '/.well-known/security.txt';
export const SECURITY_KEY_PATH = '/.well-known/security-key.asc';

/**
 * The demo security team's key pair, made once (OpenPGP.js, curve25519) and kept beside the demo's
 * TLS certificate. The private key never leaves the machine; it is only there so a developer can
 * decrypt a report sent from the demo (`gpg --import`, or openpgp in Node).
 * @param {string} dir
 * @returns {Promise<{ publicKey: string, privateKey: string }>}
 */
export async function ensureDemoKey(dir) {
  const publicFile = join(dir, 'security-public.asc');
  const privateFile = join(dir, 'security-private.asc');
  try {
    return { publicKey: await readFile(publicFile, 'utf8'), privateKey: await readFile(privateFile, 'utf8') };
  } catch {
    // Not made yet.
  }
  const openpgp = await import('openpgp');
  const { publicKey, privateKey } = await openpgp.generateKey({
    type: 'curve25519',
    userIDs: [{ name: 'Membrane demo security team', email: 'security@example.com' }],
    format: 'armored',
  });
  await mkdir(dir, { recursive: true });
  // Written under temporary names and renamed, so two demo servers starting at once never read half a key.
  await writeFile(`${privateFile}.tmp`, privateKey, { mode: 0o600 });
  await writeFile(`${publicFile}.tmp`, publicKey);
  await rename(`${privateFile}.tmp`, privateFile);
  await rename(`${publicFile}.tmp`, publicFile);
  return { publicKey, privateKey };
}

/**
 * @param {string} origin e.g. https://localhost:8443
 * @param {Date} [now]
 */
export function demoSecurityTxt(origin, now = new Date()) {
  const expires = new Date(now.getTime() + 180 * 24 * 60 * 60 * 1000);
  return [
    '# Security contacts for the Membrane demo site (RFC 9116).',
    `Contact: ${origin}/security.html`,
    'Contact: mailto:security@example.com',
    `Expires: ${expires.toISOString().replace(/\.\d{3}Z$/, 'Z')}`,
    `Encryption: ${origin}${SECURITY_KEY_PATH}`,
    `Acknowledgments: ${origin}/security-policy.html#thanks`,
    `Policy: ${origin}/security-policy.html`,
    'Preferred-Languages: en',
    `Canonical: ${origin}${SECURITY_TXT_PATH}`,
    '',
  ].join('\n');
}
