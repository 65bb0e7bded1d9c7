/**
 * Runs the encryption API (encryption.ts) in a Web Worker, so reading a key and encrypting a report
 * (OpenPGP.js: a 250 ms task on a slow phone, STYLE.md) never hold up the page.
 *
 * Both sides of the worker live here:
 * - `serveEncryption`: in a dedicated worker, answers requests with the encryption core;
 * - `createEncryptionClient`: in a page, sends requests to such a worker, and runs the core in the
 *   page instead when the platform refuses the worker.
 *
 * The message protocol is a request with an id and the call's arguments (`WorkerRequest`), and one
 * `{ id, result }` reply per request; the worker says `{ ready: true }` first, so a worker the
 * platform refused is told apart from a slow one. Results are the API's own plain objects.
 *
 * In the script-tag build, `startEncryptionPart` is what the encryption part
 * (dist/membrane-encryption.js) runs; see there. This module imports no OpenPGP code itself, so
 * nothing of it runs in the page until the page needs it.
 */
import { inspectKeyText, type EncryptionApi, type EncryptionResult, type PublicKeyResult } from './encryption.js';

export type WorkerRequest =
  | { id: number; op: 'readPublicKey'; armored: string; now?: number }
  | { id: number; op: 'encryptText'; armoredKey: string; text: string };

export type WorkerReply = { ready: true } | { id: number; result: PublicKeyResult | EncryptionResult };

/** The part of the API that needs OpenPGP.js (`inspectKeyText` never does). */
export type EncryptionCore = Pick<EncryptionApi, 'readPublicKey' | 'encryptText'>;

/** Where the script-tag build's encryption part publishes its API (src/embed/load-encryption-part.ts). */
export const ENCRYPTION_API = Symbol.for('membrane.encryption.v1');

/** Where the encryption API runs: in a worker, or in the page when the platform refused the worker. */
export type EncryptionEngine = 'worker' | 'page';

/** The API as the encryption part publishes it: the form's API, plus where it runs (for tests). */
export interface EncryptionClient extends EncryptionApi {
  engine(): Promise<EncryptionEngine>;
}

export interface MessageScope {
  onmessage: ((event: MessageEvent) => unknown) | null;
  postMessage(message: WorkerReply): void;
}

/** Answers a request with the core's own result; an unexpected failure becomes a problem, not silence. */
async function answer(core: EncryptionCore, request: WorkerRequest): Promise<PublicKeyResult | EncryptionResult> {
  try {
    if (request.op === 'readPublicKey') {
      return await core.readPublicKey(request.armored, request.now === undefined ? undefined : new Date(request.now));
    }
    return await core.encryptText(request.armoredKey, request.text);
  } catch {
    return { ok: false, problem: request.op === 'readPublicKey' ? 'unreadable' : 'failed' };
  }
}

/** The worker side: answers every request, in whatever order they finish. */
export function serveEncryption(scope: MessageScope, core: EncryptionCore): void {
  scope.onmessage = async (event) => {
    const request = event.data as WorkerRequest;
    scope.postMessage({ id: request.id, result: await answer(core, request) });
  };
  scope.postMessage({ ready: true });
}

/**
 * How long a worker may take to say it is ready before the page gives up on it: far more than a slow
 * phone needs to compile the part, and a bound on how long a silently refused worker can stall a form.
 */
const READY_TIMEOUT_MS = 10_000;

interface Pending {
  resolve(result: PublicKeyResult | EncryptionResult): void;
  request: WorkerRequest;
}

/**
 * The page side. `startWorker` makes the worker (or throws when the platform refuses); without one,
 * or when it fails to start or dies, every call runs in the page with `localCore()`, made on first use.
 */
export function createEncryptionClient(
  startWorker: (() => Worker) | undefined,
  localCore: () => EncryptionCore,
): EncryptionClient {
  let worker: Promise<Worker | null> | undefined;
  let local: EncryptionCore | undefined;
  const pending = new Map<number, Pending>();
  let nextId = 1;

  const runLocally = (request: WorkerRequest) => answer((local ??= localCore()), request);

  function giveUp(current: Worker): void {
    current.terminate();
    worker = Promise.resolve(null);
    // Requests the dead worker held are answered in the page, so no caller waits forever.
    for (const [id, { resolve, request }] of pending) {
      pending.delete(id);
      void runLocally(request).then(resolve);
    }
  }

  function start(): Promise<Worker | null> {
    if (!startWorker || typeof Worker !== 'function') return Promise.resolve(null);
    let candidate: Worker;
    try {
      candidate = startWorker();
    } catch {
      // Chromium throws at once when CSP or Trusted Types refuse the worker; others fire `error`.
      return Promise.resolve(null);
    }
    return new Promise((resolve) => {
      const refuse = () => {
        clearTimeout(timer);
        globalThis.removeEventListener?.('securitypolicyviolation', onViolation);
        candidate.terminate();
        resolve(null);
      };
      const timer = setTimeout(refuse, READY_TIMEOUT_MS);
      // Chromium neither throws nor fires `error` when a Content Security Policy refuses a blob:
      // worker: it only reports the violation, so that is what ends the wait.
      const onViolation = (event: Event) => {
        const blocked = (event as Event & { blockedURI?: string }).blockedURI ?? '';
        if (blocked.startsWith('blob:') || (event as Event & { effectiveDirective?: string }).effectiveDirective === 'worker-src') refuse();
      };
      globalThis.addEventListener?.('securitypolicyviolation', onViolation);
      candidate.onerror = (event) => {
        event.preventDefault();
        refuse();
      };
      candidate.onmessage = (event: MessageEvent<WorkerReply>) => {
        if (!('ready' in event.data)) return;
        clearTimeout(timer);
        globalThis.removeEventListener?.('securitypolicyviolation', onViolation);
        candidate.onmessage = (reply: MessageEvent<WorkerReply>) => {
          const data = reply.data;
          if ('ready' in data) return;
          const call = pending.get(data.id);
          pending.delete(data.id);
          call?.resolve(data.result);
        };
        candidate.onerror = (error) => {
          error.preventDefault();
          giveUp(candidate);
        };
        candidate.onmessageerror = () => giveUp(candidate);
        resolve(candidate);
      };
    });
  }

  async function call(request: WorkerRequest): Promise<PublicKeyResult | EncryptionResult> {
    const current = await (worker ??= start());
    if (!current) return runLocally(request);
    return new Promise((resolve) => {
      pending.set(request.id, { resolve, request });
      try {
        current.postMessage(request);
      } catch {
        // Arguments a worker cannot be sent (not strings, say): the page answers, as encryption.ts would.
        pending.delete(request.id);
        void runLocally(request).then(resolve);
      }
    });
  }

  return {
    inspectKeyText,
    readPublicKey: (armored, now) =>
      call({ id: nextId++, op: 'readPublicKey', armored, ...(now ? { now: now.getTime() } : {}) }) as Promise<PublicKeyResult>,
    encryptText: (armoredKey, text) => call({ id: nextId++, op: 'encryptText', armoredKey, text }) as Promise<EncryptionResult>,
    engine: async () => ((await (worker ??= start())) ? 'worker' : 'page'),
  };
}

// ---- The script-tag build's encryption part ------------------------------------------------------

interface ScriptUrlPolicy {
  createScriptURL(url: string): unknown;
}

/**
 * A Worker from a Blob URL holding the part's own source. The URL goes through a Trusted Types
 * policy of its own name that vouches only for the one URL this function just made; pages that
 * enforce Trusted Types without allowing that name refuse the worker, and the page runs the code.
 */
function startPartWorker(source: string): Worker {
  const url = URL.createObjectURL(new Blob([source], { type: 'text/javascript' }));
  try {
    const factory = (globalThis as { trustedTypes?: { createPolicy(name: string, rules: object): ScriptUrlPolicy } })
      .trustedTypes;
    let policy: ScriptUrlPolicy | undefined;
    try {
      policy = factory?.createPolicy('membrane-encryption', {
        createScriptURL: (candidate: string) => {
          if (candidate !== url) throw new TypeError(`membrane: refusing to start a worker from ${candidate}`);
          return candidate;
        },
      });
    } catch {
      // Not allowed on this page (or made already by another copy): try the plain URL.
    }
    return new Worker((policy?.createScriptURL(url) ?? url) as string, { name: 'membrane-encryption' });
  } finally {
    // Workers fetch their script soon after they are made; a late revoke only holds memory longer.
    setTimeout(() => URL.revokeObjectURL(url), READY_TIMEOUT_MS);
  }
}

/**
 * What the encryption part runs, in a page and in its worker alike. The build (scripts/parts.mjs,
 * encryptionPart) makes the part one function, `part`, whose body holds this module and, inside a
 * second function, `core`: encryption.ts with OpenPGP.js.
 *
 * - In a page: registers the API under a registered symbol. `core` is not run (so OpenPGP.js is
 *   parsed, not initialised: most of its main-thread cost) unless the worker is refused.
 * - The worker runs `part`'s own source text from a Blob URL (Function.prototype.toString gives
 *   exactly the bytes the integrity hash covered): nothing is fetched a second time, from a URL a CDN
 *   or an attacker could change; a blob: worker needs no same-origin script, so a part served from a
 *   CDN still gets one; and OpenPGP.js is shipped once.
 * - When a page's Content-Security-Policy refuses blob: workers (worker-src, else child-src, else
 *   script-src) or its Trusted Types rules refuse the URL (allow the policy "membrane-encryption" to
 *   have the worker), `core` runs in the page. The form still calls it ahead of time (debounced, once
 *   the report is complete), never on the send click. A refused worker costs the site owner one CSP
 *   violation report.
 */
export function startEncryptionPart(part: () => void, core: () => EncryptionCore): void {
  const DedicatedScope = (globalThis as { DedicatedWorkerGlobalScope?: abstract new () => unknown })
    .DedicatedWorkerGlobalScope;
  if (DedicatedScope && globalThis instanceof DedicatedScope) {
    serveEncryption(globalThis as unknown as MessageScope, core());
    return;
  }
  const source = `(${String(part)})();`;
  const registry = globalThis as unknown as Record<symbol, EncryptionClient | undefined>;
  registry[ENCRYPTION_API] ??= createEncryptionClient(() => startPartWorker(source), core);
}
