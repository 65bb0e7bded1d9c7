// In-browser OpenPGP encryption of security reports (src/core/encryption.ts), its worker
// (src/core/encryption-worker.ts) and the built encryption part of the script-tag build. Every
// encrypted text is decrypted here with the matching private key, with OpenPGP.js itself.
import { expect } from '@open-wc/testing';
import fc from 'fast-check';
import { decrypt, readMessage, readPrivateKey } from 'openpgp/lightweight';

import {
  encryptText,
  inspectKeyText,
  MAX_KEY_TEXT,
  readPublicKey,
  type EncryptionApi,
  type EncryptionResult,
  type PublicKeyResult,
} from '../../src/core/encryption.js';
import {
  createEncryptionClient,
  type EncryptionClient,
  type EncryptionCore,
  type WorkerReply,
  type WorkerRequest,
} from '../../src/core/encryption-worker.js';
import { loadEncryption } from '../../src/elements/security-form/encryptor.js';

/** A key or message from test/fixtures/openpgp (see its README.md). */
async function fixture(name: string): Promise<string> {
  const response = await fetch(new URL(`../fixtures/openpgp/${name}`, import.meta.url));
  if (!response.ok) throw new Error(`fixture ${name}: ${response.status}`);
  return response.text();
}

const keys = {
  public: await fixture('public.asc'),
  private: await fixture('private.asc'),
  rsaPublic: await fixture('rsa-public.asc'),
  rsaPrivate: await fixture('rsa-private.asc'),
  v6Public: await fixture('v6-public.asc'),
  expired: await fixture('expired-public.asc'),
  revoked: await fixture('revoked-public.asc'),
  signOnly: await fixture('sign-only-public.asc'),
  message: await fixture('message.asc'),
};

const FINGERPRINT = 'BBED C796 C985 F4EA EA06 739F 7265 2CA9 9B52 B79B';
const TEAM = 'Membrane Test Security Team <security@example.test>';

const REPORT = [
  'Steps to reproduce:',
  '1. Open /account?next=javascript:alert(document.domain)',
  '2. Log in; the script runs on the account page.',
  '',
  'Impact: session theft. Ünïcödé, 日本語, emoji 🔐, and a tab\there.',
].join('\n');

/** The plain text of an armored message, decrypted with an armored private key. */
async function decryptWith(privateArmored: string, armored: string): Promise<string> {
  const { data } = await decrypt({
    message: await readMessage({ armoredMessage: armored }),
    decryptionKeys: await readPrivateKey({ armoredKey: privateArmored }),
  });
  return data as string;
}

function expectEncrypted(result: EncryptionResult): string {
  if (!result.ok) throw new Error(`expected a message, got the problem ${result.problem}`);
  expect(result.armored.startsWith('-----BEGIN PGP MESSAGE-----')).to.equal(true);
  expect(result.armored).to.not.contain('Steps to reproduce');
  return result.armored;
}

const problemOf = (result: PublicKeyResult | EncryptionResult) => (result.ok ? 'ok' : result.problem);

describe('telling a pasted key apart from a private key without OpenPGP code', () => {
  it('recognises a public key block', () => {
    expect(inspectKeyText(keys.public)).to.equal('public-key');
    expect(inspectKeyText(`Our key:\r\n\r\n${keys.rsaPublic}`)).to.equal('public-key');
  });

  it('calls any private key block a private key, whatever its format, so it is never uploaded', () => {
    expect(inspectKeyText(keys.private)).to.equal('private-key');
    expect(inspectKeyText(`${keys.public}\n${keys.private}`)).to.equal('private-key');
    for (const header of ['PGP SECRET KEY BLOCK', 'RSA PRIVATE KEY', 'PRIVATE KEY', 'OPENSSH PRIVATE KEY', 'ENCRYPTED PRIVATE KEY']) {
      expect(inspectKeyText(`-----BEGIN ${header}-----\nAAAA\n-----END ${header}-----`), header).to.equal('private-key');
    }
  });

  it('calls messages, URLs and plain text not a key', () => {
    expect(inspectKeyText(keys.message)).to.equal('not-a-key');
    expect(inspectKeyText('https://example.com/pgp-key.txt')).to.equal('not-a-key');
    expect(inspectKeyText('')).to.equal('not-a-key');
    expect(inspectKeyText('-----begin pgp public key block-----')).to.equal('not-a-key');
  });
});

describe('reading a public key', () => {
  it('gives the fingerprint in groups of four, and the user IDs, of a known key', async () => {
    const result = await readPublicKey(keys.public);
    expect(result).to.deep.equal({ ok: true, fingerprint: FINGERPRINT, userIds: [TEAM] });
  });

  it('reads RSA and version 6 keys too', async () => {
    const rsa = await readPublicKey(keys.rsaPublic);
    expect(rsa.ok && rsa.fingerprint).to.equal('E2FF 279A A80B 8396 3969 CDCA 04F7 17B6 1C84 0A2B');
    const v6 = await readPublicKey(keys.v6Public);
    expect(v6.ok && v6.fingerprint).to.equal(
      'EA61 0B06 1F1D 915D 81A6 F9BE 1E8E E2EB 5098 8ED6 0E4D 4AC0 0800 A6CE 07A3 FE73',
    );
  });

  it('says when a key that is still valid will expire', async () => {
    const result = await readPublicKey(keys.expired, new Date('2020-06-01T00:00:00Z'));
    expect(result.ok && result.expires).to.equal('2020-12-31T00:00:00.000Z');
  });

  it('refuses a private key, even one behind a public key header', async () => {
    expect(await readPublicKey(keys.private)).to.deep.equal({ ok: false, problem: 'private-key' });
    const disguised = keys.private.replaceAll('PRIVATE KEY BLOCK', 'PUBLIC KEY BLOCK');
    expect(inspectKeyText(disguised)).to.equal('public-key');
    expect(await readPublicKey(disguised)).to.deep.equal({ ok: false, problem: 'private-key' });
  });

  it('refuses an armored block that is not a key', async () => {
    expect(await readPublicKey(keys.message)).to.deep.equal({ ok: false, problem: 'not-a-key' });
  });

  it('refuses an expired key', async () => {
    expect(await readPublicKey(keys.expired)).to.deep.equal({ ok: false, problem: 'expired' });
  });

  it('refuses a revoked key', async () => {
    expect(await readPublicKey(keys.revoked)).to.deep.equal({ ok: false, problem: 'revoked' });
  });

  it('refuses a key that can only sign', async () => {
    expect(await readPublicKey(keys.signOnly)).to.deep.equal({ ok: false, problem: 'cannot-encrypt' });
  });

  it('refuses oversize input before parsing it', async () => {
    const padded = `${keys.public}\n${'A'.repeat(MAX_KEY_TEXT)}`;
    expect(await readPublicKey(padded)).to.deep.equal({ ok: false, problem: 'too-large' });
    expect(await readPublicKey('x'.repeat(1024 * 1024))).to.deep.equal({ ok: false, problem: 'too-large' });
  });

  it('answers garbage behind a public key header with a problem, never an exception', async () => {
    const armor = (body: string) => `-----BEGIN PGP PUBLIC KEY BLOCK-----\n\n${body}\n-----END PGP PUBLIC KEY BLOCK-----\n`;
    expect(await readPublicKey(armor('not base64 at all!'))).to.deep.equal({ ok: false, problem: 'unreadable' });
    expect(await readPublicKey(armor(''))).to.deep.equal({ ok: false, problem: 'unreadable' });
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.string(), fc.base64String({ maxLength: 400 })), async (body) => {
        const result = await readPublicKey(armor(body));
        expect(result.ok).to.equal(false);
      }),
      { numRuns: 60 },
    );
  });

  it('answers a damaged real key without throwing', async () => {
    const lines = keys.public.split('\n');
    const body = lines.findIndex((line) => line === '') + 1;
    await fc.assert(
      fc.asyncProperty(fc.nat(), fc.nat(), fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789+/'), async (row, column, char) => {
        const damaged = [...lines];
        const index = body + (row % 6);
        const line = damaged[index]!;
        const at = column % line.length;
        damaged[index] = line.slice(0, at) + char + line.slice(at + 1);
        const result = await readPublicKey(damaged.join('\n'));
        expect(result.ok === true || typeof result.problem === 'string').to.equal(true);
      }),
      { numRuns: 40 },
    );
  });

  it('answers non-string input with a problem', async () => {
    expect(await readPublicKey(undefined as unknown as string)).to.deep.equal({ ok: false, problem: 'not-a-key' });
  });
});

describe('encrypting a report to a public key', () => {
  it('makes an armored message that the matching private key decrypts to the original text', async () => {
    const armored = expectEncrypted(await encryptText(keys.public, REPORT));
    expect(await decryptWith(keys.private, armored)).to.equal(REPORT);
  });

  it('encrypts to an RSA key as well', async () => {
    const armored = expectEncrypted(await encryptText(keys.rsaPublic, REPORT));
    expect(await decryptWith(keys.rsaPrivate, armored)).to.equal(REPORT);
  });

  it('encrypts a 1 MB text', async () => {
    const line = `${REPORT.split('\n')[1]} ${'.'.repeat(40)}\n`;
    const big = line.repeat(Math.ceil((1024 * 1024) / line.length));
    const armored = expectEncrypted(await encryptText(keys.public, big));
    expect(await decryptWith(keys.private, armored)).to.equal(big);
  });

  it('refuses to encrypt to a key it would refuse to read, without throwing', async () => {
    expect(problemOf(await encryptText(keys.private, REPORT))).to.equal('private-key');
    expect(problemOf(await encryptText(keys.expired, REPORT))).to.equal('expired');
    expect(problemOf(await encryptText(keys.revoked, REPORT))).to.equal('revoked');
    expect(problemOf(await encryptText(keys.signOnly, REPORT))).to.equal('cannot-encrypt');
    expect(problemOf(await encryptText(keys.message, REPORT))).to.equal('not-a-key');
    expect(problemOf(await encryptText('garbage', REPORT))).to.equal('not-a-key');
  });

  it('is what the npm build of the security form loads', async () => {
    const api = await loadEncryption();
    expect(api.inspectKeyText(keys.public)).to.equal('public-key');
    const armored = expectEncrypted(await api.encryptText(keys.public, REPORT));
    expect(await decryptWith(keys.private, armored)).to.equal(REPORT);
  });
});

/** A stand-in for a Worker that says it is ready, then dies on the first request. */
function dyingWorker(): Worker {
  const fake = {
    onmessage: null as ((event: MessageEvent<WorkerReply>) => void) | null,
    onerror: null as ((event: Event) => void) | null,
    onmessageerror: null,
    terminated: false,
    postMessage(_request: WorkerRequest) {
      setTimeout(() => fake.onerror?.(new ErrorEvent('error', { message: 'out of memory', cancelable: true })));
    },
    terminate() {
      fake.terminated = true;
    },
  };
  setTimeout(() => fake.onmessage?.(new MessageEvent('message', { data: { ready: true } })));
  return fake as unknown as Worker;
}

async function roundTrip(api: EncryptionApi): Promise<void> {
  const read = await api.readPublicKey(keys.public);
  expect(read.ok && read.fingerprint).to.equal(FINGERPRINT);
  expect(await api.readPublicKey(keys.expired, new Date('2020-06-01T00:00:00Z'))).to.have.property('ok', true);
  expect(await api.readPublicKey(keys.revoked)).to.deep.equal({ ok: false, problem: 'revoked' });
  const armored = expectEncrypted(await api.encryptText(keys.public, REPORT));
  expect(await decryptWith(keys.private, armored)).to.equal(REPORT);
}

const inPage = (): EncryptionCore => ({ readPublicKey, encryptText });

/** A module worker serving the sources, as the part's worker serves the built core. */
function sourceWorker(): Worker {
  const at = (path: string) => JSON.stringify(new URL(path, import.meta.url).href);
  const source = `import { serveEncryption } from ${at('../../src/core/encryption-worker.ts')};
import { readPublicKey, encryptText } from ${at('../../src/core/encryption.ts')};
serveEncryption(self, { readPublicKey, encryptText });`;
  return new Worker(URL.createObjectURL(new Blob([source], { type: 'text/javascript' })), { type: 'module' });
}

describe('running the encryption in a Web Worker', () => {
  it('answers through a worker, with the same results as in the page', async () => {
    const client = createEncryptionClient(sourceWorker, () => {
      throw new Error('the page ran the core although the worker started');
    });
    expect(await client.engine()).to.equal('worker');
    await roundTrip(client);
    const [a, b] = await Promise.all([client.encryptText(keys.public, 'first'), client.encryptText(keys.rsaPublic, 'second')]);
    expect(await decryptWith(keys.private, expectEncrypted(a))).to.equal('first');
    expect(await decryptWith(keys.rsaPrivate, expectEncrypted(b))).to.equal('second');
  });

  it('runs in the page when the platform refuses the worker', async () => {
    const client = createEncryptionClient(() => {
      throw new DOMException("Refused to create a worker: violates the Content Security Policy directive \"worker-src 'none'\"", 'SecurityError');
    }, inPage);
    expect(await client.engine()).to.equal('page');
    await roundTrip(client);
  });

  it('runs in the page when the worker fails to start', async () => {
    const client = createEncryptionClient(
      () => new Worker(URL.createObjectURL(new Blob(['throw new Error("refused")'], { type: 'text/javascript' }))),
      inPage,
    );
    expect(await client.engine()).to.equal('page');
    await roundTrip(client);
  });

  it('answers the requests a dying worker held, in the page', async () => {
    const client = createEncryptionClient(dyingWorker, inPage);
    expect(await client.engine()).to.equal('worker');
    const armored = expectEncrypted(await client.encryptText(keys.public, REPORT));
    expect(await decryptWith(keys.private, armored)).to.equal(REPORT);
    expect(await client.engine()).to.equal('page');
  });
});

describe('the encryption part of the script-tag build', () => {
  const PART = '/dist/membrane-encryption.js';
  let api: EncryptionClient | undefined;

  before(async function (this: { skip(): void }) {
    // npm test builds first; a run of this file alone against an unbuilt tree skips these.
    if (!(await fetch(PART, { method: 'HEAD' })).ok) this.skip();
    await new Promise<void>((resolve, reject) => {
      const script = document.createElement('script');
      script.src = PART;
      script.onload = () => resolve();
      script.onerror = () => reject(new Error(`${PART} did not load`));
      document.head.append(script);
    });
    api = (globalThis as unknown as Record<symbol, EncryptionClient | undefined>)[Symbol.for('membrane.encryption.v1')];
  });

  it('registers its API, which runs in a worker made from its own source', async () => {
    expect(api, 'the part registered no API').to.not.equal(undefined);
    expect(await api!.engine()).to.equal('worker');
    expect(api!.inspectKeyText(keys.private)).to.equal('private-key');
    await roundTrip(api!);
  });

  const frames: HTMLIFrameElement[] = [];
  after(() => frames.forEach((frame) => frame.remove()));

  /** The part alone in a page with this Content-Security-Policy; its registered API. */
  async function partInPage(csp: string): Promise<EncryptionClient> {
    const iframe = document.createElement('iframe');
    iframe.srcdoc = `<!doctype html><meta http-equiv="Content-Security-Policy" content="${csp}"><script src="${PART}"></script>`;
    const loaded = new Promise((resolve) => iframe.addEventListener('load', resolve, { once: true }));
    document.body.append(iframe);
    frames.push(iframe);
    await loaded;
    const registry = iframe.contentWindow as unknown as Record<symbol, EncryptionClient | undefined>;
    const client = registry[Symbol.for('membrane.encryption.v1')];
    if (!client) throw new Error(`the part registered no API under ${csp}`);
    return client;
  }

  it('runs in the page when the page refuses blob: workers, and still encrypts', async () => {
    const client = await partInPage("worker-src 'none'");
    expect(await client.engine()).to.equal('page');
    await roundTrip(client);
  });

  it('uses a worker on a page enforcing Trusted Types that allows its policy', async function (this: { skip(): void }) {
    if (!('trustedTypes' in window)) this.skip();
    const client = await partInPage("require-trusted-types-for 'script'; trusted-types membrane-encryption");
    expect(await client.engine()).to.equal('worker');
    await roundTrip(client);
  });

  it('runs in the page on a page enforcing Trusted Types that does not name its policy', async function (this: {
    skip(): void;
  }) {
    if (!('trustedTypes' in window)) this.skip();
    const client = await partInPage("require-trusted-types-for 'script'; trusted-types membrane");
    expect(await client.engine()).to.equal('page');
    await roundTrip(client);
  });

  it('holds OpenPGP.js itself, and none of it is in the main bundle or the security part', async () => {
    const text = async (path: string) => (await fetch(path)).text();
    const marker = 'Could not find valid encryption key packet';
    expect(await text(PART)).to.contain(marker);
    expect(await text('/dist/membrane.js')).to.not.contain(marker);
    expect(await text('/dist/membrane-security.js')).to.not.contain(marker);
  });
});
