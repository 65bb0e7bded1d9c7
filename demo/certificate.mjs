// A self-signed certificate for serving the demo and the test loopback server over HTTPS.
//
// The library refuses to send to anything but https: (or http: to loopback), so the demo and the
// tests need a real TLS endpoint on this machine. The certificate is generated once per directory
// with the openssl CLI (no npm dependency, no shell) and reused until it is close to expiry.

import { execFile } from 'node:child_process';
import { X509Certificate, createPrivateKey } from 'node:crypto';
import { mkdir, mkdtemp, readFile, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

// 825 days is the longest validity Apple platforms accept for a TLS server certificate.
const VALIDITY_DAYS = 825;
// Regenerate a little before expiry so a long test run never straddles the moment it lapses.
const RENEW_BEFORE_MS = 24 * 60 * 60 * 1000;

/**
 * Returns a key and certificate for `localhost`, `127.0.0.1` and `::1`, reading them from `dir`
 * (`key.pem`, `cert.pem`) when present, matching and unexpired, generating them otherwise.
 *
 * @param {string} dir directory that holds (or will hold) key.pem and cert.pem; created if missing
 * @returns {Promise<{ key: string, cert: string }>} PEM strings
 */
export async function ensureCertificate(dir) {
  await mkdir(dir, { recursive: true });
  const keyPath = join(dir, 'key.pem');
  const certPath = join(dir, 'cert.pem');

  const existing = await readUsable(keyPath, certPath);
  if (existing) return existing;

  // Generate into a private temporary folder, then rename into place: two processes starting at
  // once (demo server and test server, or two test runs) never see a half-written pair.
  const work = await mkdtemp(join(dir, '.gen-'));
  try {
    const tmpKey = join(work, 'key.pem');
    const tmpCert = join(work, 'cert.pem');
    await run(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'ec',
        '-pkeyopt',
        'ec_paramgen_curve:prime256v1',
        '-nodes',
        '-keyout',
        tmpKey,
        '-out',
        tmpCert,
        '-days',
        String(VALIDITY_DAYS),
        '-subj',
        '/CN=localhost',
        '-addext',
        'subjectAltName=DNS:localhost,IP:127.0.0.1,IP:::1',
        '-addext',
        'basicConstraints=critical,CA:FALSE',
        '-addext',
        'keyUsage=critical,digitalSignature',
        '-addext',
        'extendedKeyUsage=serverAuth',
      ],
      { timeout: 30_000 },
    );
    await rename(tmpKey, keyPath);
    await rename(tmpCert, certPath);
  } finally {
    await rm(work, { recursive: true, force: true });
  }

  const created = await readUsable(keyPath, certPath);
  if (!created) throw new Error(`openssl wrote an unusable certificate in ${dir}`);
  return created;
}

async function readUsable(keyPath, certPath) {
  let key;
  let cert;
  try {
    [key, cert] = await Promise.all([readFile(keyPath, 'utf8'), readFile(certPath, 'utf8')]);
  } catch {
    return undefined;
  }
  try {
    const x509 = new X509Certificate(cert);
    if (Date.parse(x509.validTo) - Date.now() < RENEW_BEFORE_MS) return undefined;
    if (!x509.checkPrivateKey(createPrivateKey(key))) return undefined;
    if (!x509.checkHost('localhost') || !x509.checkIP('127.0.0.1')) return undefined;
  } catch {
    return undefined;
  }
  return { key, cert };
}
