/**
 * Gets the in-browser encryption API (core/encryption.ts) when a key is configured, and only then:
 * OpenPGP.js is about 54 KB brotli (STYLE.md). In the npm build this is an ordinary dynamic import
 * that the host's bundler splits off (OpenPGP.js itself is a further dynamic import inside it); the
 * script-tag build swaps this module for src/embed/load-encryption-part.ts, which loads the
 * integrity-pinned encryption part and runs the work in a Web Worker.
 *
 * Call it when the security form opens with a key configured (or when the page is idle), and call
 * `encryptText` once the report is complete (debounced), never on the send click.
 */
import type { EncryptionApi } from '../../core/encryption.js';

export type { EncryptionApi, EncryptionProblem, EncryptionResult, KeyProblem, KeyTextKind, PublicKeyResult } from '../../core/encryption.js';

export function loadEncryption(): Promise<EncryptionApi> {
  return import('../../core/encryption.js');
}
