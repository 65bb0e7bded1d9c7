/**
 * The script-tag build's stand-in for elements/security-form/encryptor.ts: loads the encryption part
 * (dist/membrane-encryption.js: OpenPGP.js, core/encryption.ts and its worker) and returns the API it
 * registers (core/encryption-worker.ts).
 *
 * This module is built into the security part, which is itself a part, so it is the security part
 * that pins the encryption part's file name and hash (the build writes them into
 * `import.meta.membranePinnedParts`, scripts/parts.mjs). The chain of trust holds: the page's SRI
 * hash covers the main bundle, which pins the security part's hash, which pins this one. And the main
 * bundle, under its size budget, carries no bytes for a part most pages never load.
 *
 * The loading itself is the main bundle's (load-part.ts, shared through the runtime): the page's
 * nonce, the same folder, and the one Trusted Types policy a page allows ("membrane"). That policy
 * vouches only for files in the main bundle's manifest, so the pinned entry is added to it first.
 */
import type { EncryptionApi } from '../core/encryption.js';
import { loadPart } from './load-part.js';
import { PARTS, type PartFile } from './parts-manifest.js';

declare global {
  interface ImportMeta {
    /** Parts this module's part loads itself, pinned at build time (scripts/parts.mjs, pinParts). */
    readonly membranePinnedParts?: Readonly<Record<string, PartFile>>;
  }
}

/** Where the encryption part registers its API (core/encryption-worker.ts, ENCRYPTION_API). */
const ENCRYPTION_API = Symbol.for('membrane.encryption.v1');

export async function loadEncryption(): Promise<EncryptionApi> {
  const registry = globalThis as unknown as Record<symbol, EncryptionApi | undefined>;
  if (!registry[ENCRYPTION_API]) {
    const pinned = import.meta.membranePinnedParts?.encryption;
    if (!pinned) throw new Error('membrane: this build holds no encryption part');
    (PARTS as Record<string, PartFile>).encryption ??= pinned;
    await loadPart('encryption');
  }
  const api = registry[ENCRYPTION_API];
  if (!api) throw new Error('membrane: the encryption part registered no API');
  return api;
}
