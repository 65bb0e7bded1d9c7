/**
 * Loads a part of the script-tag build as a classic script with its integrity pinned, next to the
 * main script (so a CDN copy loads its parts from the same CDN folder). The script element carries
 * the main script's nonce, so pages with a nonce-based Content Security Policy ('strict-dynamic' or
 * not) accept it, and its URL goes through a Trusted Types policy of our own name, so pages that
 * enforce Trusted Types, including ones running their own copy of Lit, accept it too.
 */
import { PARTS } from './parts-manifest.js';

// Captured while the main script runs: later, document.currentScript is null.
const current = document.currentScript as HTMLScriptElement | null;
const scriptBase = current?.src || document.baseURI;
const scriptNonce = current?.nonce ?? '';

interface ScriptUrlPolicy {
  createScriptURL(url: string): unknown;
}
let policy: ScriptUrlPolicy | null | undefined;

/** Our own policy: it only vouches for the URLs of our parts, which this module computes itself. */
function trustedScriptUrl(url: string): string {
  const factory = (globalThis as { trustedTypes?: { createPolicy(name: string, rules: object): ScriptUrlPolicy } })
    .trustedTypes;
  if (policy === undefined) {
    try {
      policy = factory?.createPolicy('membrane', {
        createScriptURL: (candidate: string) => {
          if (!Object.values(PARTS).some((part) => new URL(part.file, scriptBase).href === candidate)) {
            throw new TypeError(`membrane: refusing to load ${candidate}`);
          }
          return candidate;
        },
      }) ?? null;
    } catch {
      // The page allows no policy named "membrane" (or a second copy of this bundle made it first).
      policy = null;
    }
  }
  return (policy?.createScriptURL(url) as string | undefined) ?? url;
}

/** Loads a script with Subresource Integrity; rejects when it fails to load or does not match. */
export function loadScript(url: string, integrity: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const script = document.createElement('script');
    script.async = true;
    script.crossOrigin = 'anonymous';
    script.integrity = integrity;
    if (scriptNonce) script.nonce = scriptNonce;
    script.onload = () => resolve();
    script.onerror = () => reject(new Error(`membrane: ${url} did not load or did not match its integrity hash`));
    (script as { src: unknown }).src = trustedScriptUrl(url);
    document.head.append(script);
  });
}

const loading = new Map<string, Promise<void>>();

/** Loads a part once; a failed load may be tried again. */
export function loadPart(name: string): Promise<void> {
  const part = PARTS[name];
  if (!part) return Promise.reject(new Error(`membrane: no part named ${name}`));
  let promise = loading.get(name);
  if (!promise) {
    promise = loadScript(new URL(part.file, scriptBase).href, part.integrity);
    promise.catch(() => loading.delete(name));
    loading.set(name, promise);
  }
  return promise;
}
