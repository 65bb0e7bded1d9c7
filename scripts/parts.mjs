// The script-tag build's lazily loaded parts (STYLE.md: load rarely needed code on demand, keep the
// tag SRI-verifiable). Three Rollup plugins:
// - sharedRuntime: in a part's build, imports of modules the main bundle already holds become reads
//   from the runtime object it publishes (src/embed/runtime.ts), so nothing is shipped twice; it
//   notes exactly which names each part imports, and the main build publishes exactly those (a
//   whole module namespace would keep every export of Lit alive in the main bundle);
// - recordIntegrity: after a part is written, remembers its sha256 (as strong as SRI needs, and
//   each pinned hash is incompressible bytes in a budgeted bundle: sha384 costs a third more);
// - pinParts: in the main build, fills src/embed/parts-manifest.ts with those file names and hashes,
//   and swaps the modules that load parts in the npm build for ones that load the pinned files; in
//   the build of a part that loads a part of its own (the security form loads the encryption part),
//   does the same through import.meta.membranePinnedParts;
// - holdBuild, encryptionPart: the encryption part, whose OpenPGP.js core is built first and runs
//   only where it is needed (in its worker, or in the page when the page refuses workers).
// Rollup builds the configurations of rollup.config.mjs one after the other, so the parts are
// written (and hashed) before the bundles that pin them.
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const src = fileURLToPath(new URL('../src/', import.meta.url));

/**
 * Keys of the runtime object (src/embed/runtime.ts): module paths relative to src/, no extension. Two
 * bundles publish into it. The main bundle (the launcher, loaded first) publishes what the contact
 * flow part also needs from it; the flow part (Lit, zod, the forms) publishes what the parts loaded
 * after it (security form, backends) need.
 */
export const MAIN_SHARED = [
  'elements/topic/topic',
  'elements/shared/warnings',
  'locales/en-widget',
  // The loader and the manifest its Trusted Types policy vouches from: one policy per page.
  'embed/load-part',
  'embed/parts-manifest',
];

export const FLOW_SHARED = [
  'lit',
  'core/adapters/adapter',
  'core/adapters/json',
  'core/limits',
  'core/payload',
  'elements/shared/field',
  'elements/shared/form-element',
  'elements/shared/styles',
  'elements/shared/template',
  'locales/index',
];

const SHARED_MODULES = [...MAIN_SHARED, ...FLOW_SHARED];

const VIRTUAL = '\0membrane-runtime:';


function sharedKey(source, importer) {
  if (source === 'lit') return 'lit';
  if (!importer || !source.startsWith('.')) return undefined;
  const path = resolve(dirname(importer), source).replace(/\.js$/, '');
  const key = relative(src, path).split('\\').join('/');
  return SHARED_MODULES.includes(key) ? key : undefined;
}

/** Shared module key → the names parts import from it, filled while parts are built. */
const sharedNames = new Map();

/** In a part's build, imports of shared modules become runtime reads, but for those it publishes itself. */
export function sharedRuntime(publishes = []) {
  const shared = (source, importer) => {
    const key = sharedKey(source, importer);
    return key && !publishes.includes(key) ? key : undefined;
  };
  return {
    name: 'membrane-shared-runtime',
    moduleParsed(info) {
      for (const node of info.ast?.body ?? []) {
        if (node.type !== 'ImportDeclaration') continue;
        const key = shared(node.source.value, info.id);
        if (!key) continue;
        const names = sharedNames.get(key) ?? new Set();
        for (const specifier of node.specifiers) {
          if (specifier.type !== 'ImportSpecifier') this.error(`parts import named bindings only (${key})`);
          names.add(specifier.imported.name);
        }
        sharedNames.set(key, names);
      }
    },
    resolveId(source, importer) {
      const key = shared(source, importer);
      return key ? { id: VIRTUAL + key, syntheticNamedExports: true } : null;
    },
    load(id) {
      if (!id.startsWith(VIRTUAL)) return null;
      const key = id.slice(VIRTUAL.length);
      return `export default globalThis[Symbol.for('membrane.runtime.v1')][${JSON.stringify(key)}];`;
    },
  };
}

const integrity = new Map();

export function recordIntegrity(name) {
  return {
    name: 'membrane-record-integrity',
    async writeBundle(options, bundle) {
      const [file] = Object.keys(bundle).filter((f) => f.endsWith('.js'));
      const bytes = await readFile(join(options.dir ?? dirname(options.file), file));
      integrity.set(name, { file, integrity: `sha256-${createHash('sha256').update(bytes).digest('base64')}` });
    },
  };
}

const SWAPS = {
  'elements/widget/load-widget-panel.ts': 'embed/load-flow-part.ts',
  'elements/contact-form/load-security-form.ts': 'embed/load-security-part.ts',
  'elements/shared/load-backend.ts': 'embed/load-backend-part.ts',
  'elements/security-form/encryptor.ts': 'embed/load-encryption-part.ts',
};

const BACKENDS = '\0membrane-backends';

/**
 * One part holding every preset adapter but json, which it hands to the main bundle under a
 * registered symbol. One file rather than one per preset: each part costs the main bundle a pinned
 * hash (64 incompressible bytes), more than a preset's own code costs the page that loads them all.
 */
export function backendsPart(exports) {
  return {
    name: 'membrane-backends-part',
    resolveId: (source) => (source === BACKENDS ? source : null),
    load(id) {
      if (id !== BACKENDS) return null;
      const lines = Object.entries(exports).map(
        ([name, exportName]) => `import { ${exportName} } from ${JSON.stringify(join(src, 'core', 'adapters', `${name}.ts`))};`,
      );
      const table = Object.entries(exports).map(([name, exportName]) => `${JSON.stringify(name)}: ${exportName}`);
      return `${lines.join('\n')}
globalThis[Symbol.for('membrane.adapters.v1')] ??= { ${table.join(', ')} };`;
    },
  };
}

export const backendsInput = BACKENDS;

/** Parts that another part pins: the main bundle leaves them out. */
const pinnedByParts = new Set();

/** The file name and hash of each named part; unnamed, of every part built but those parts pin. */
function pinned(names) {
  const chosen = names.length > 0 ? names : [...integrity.keys()].filter((name) => !pinnedByParts.has(name));
  return Object.fromEntries(
    chosen.map((name) => {
      if (!integrity.has(name)) throw new Error(`part ${name} must be built before the bundles that pin it`);
      return [name, integrity.get(name)];
    }),
  );
}

/**
 * Pins parts into the bundle being built. The main bundle: every part built before it, in
 * src/embed/parts-manifest.ts. A part that loads parts of its own names them, and gets them in
 * import.meta.membranePinnedParts (it reads the main bundle's manifest through the runtime). The main
 * bundle, whose bytes are budgeted, leaves those out; their hashes are covered all the same, one link
 * further down the chain.
 */
export function pinParts(names = [], { publishes = MAIN_SHARED } = {}) {
  for (const name of names) pinnedByParts.add(name);
  return {
    name: 'membrane-pin-parts',
    async resolveId(source, importer, options) {
      const resolved = await this.resolve(source, importer, { ...options, skipSelf: true });
      if (!resolved) return null;
      const swap = SWAPS[relative(src, resolved.id).split('\\').join('/')];
      return swap ? join(src, swap) : null;
    },
    load(id) {
      const path = relative(src, id);
      if (path === join('embed', 'parts-manifest.ts')) {
        if (integrity.size === 0) this.error('no parts were built before the main script-tag bundle');
        return `export const PARTS = ${JSON.stringify(pinned(names))};`;
      }
      if (path === join('embed', 'runtime.ts')) return runtimeModule(publishes);
      return null;
    },
    resolveImportMeta(property) {
      return property === 'membranePinnedParts' ? JSON.stringify(pinned(names)) : null;
    },
  };
}

/** Builds held in memory rather than written (holdBuild), by name. */
const held = new Map();

/** Keeps a build's chunk in memory instead of writing it, for a part that embeds it (encryptionPart). */
export function holdBuild(name) {
  return {
    name: 'membrane-hold-build',
    generateBundle(options, bundle) {
      for (const [file, output] of Object.entries(bundle)) {
        if (output.type === 'chunk') held.set(name, output.code);
        delete bundle[file];
      }
    },
  };
}

const ENCRYPTION_PART = '\0membrane-encryption-part';
export const encryptionPartInput = ENCRYPTION_PART;

/**
 * The encryption part (src/core/encryption-worker.ts, startEncryptionPart). The whole part is one
 * function, `membraneEncryptionPart`, so it can hand its own source to a worker. Inside it: the worker
 * client, and a function wrapping the core built just before it (held by holdBuild as `core`: an IIFE
 * of core/encryption.ts with OpenPGP.js that sets the variable `coreName`). Wrapped, the core is only
 * parsed in a page, and runs only where it is needed: in the worker, or in a page that refuses one.
 * Built as one ES chunk inside the function, which keeps it a classic script and its code strict.
 */
export function encryptionPart(core, coreName) {
  return {
    name: 'membrane-encryption-part',
    // A classic script exports nothing.
    options: (options) => ({ ...options, preserveEntrySignatures: false }),
    outputOptions: (options) => ({
      ...options,
      format: 'es',
      banner: "(function membraneEncryptionPart() {\n'use strict';",
      footer: '})();',
    }),
    resolveId: (source) => (source === ENCRYPTION_PART ? source : null),
    load(id) {
      if (id !== ENCRYPTION_PART) return null;
      const code = held.get(core);
      if (!code) this.error(`the build ${core} must come before the encryption part`);
      return `import { startEncryptionPart } from ${JSON.stringify(join(src, 'core', 'encryption-worker.ts'))};
startEncryptionPart(membraneEncryptionPart, function () {
${code}
return ${coreName};
});`;
    },
  };
}

/**
 * OpenPGP.js in the encryption part. Its lightweight build keeps rarely used code in files it imports
 * on demand; a classic-script part has to inline whatever it imports. These are never run to check a
 * public key and encrypt to it, so the part gets stand-ins of the same shape instead (a quarter of
 * its size):
 * - argon2id: Argon2 passphrase hashing, for unlocking secret keys and password-encrypted messages;
 * - legacy_ciphers: CAST5, Blowfish, Twofish, 3DES, for reading old messages (OpenPGP.js encrypts
 *   with AES, which every OpenPGP implementation must support);
 * - unbzip2-stream: bzip2, for reading compressed messages.
 * A later OpenPGP.js that renames them simply gets them inlined again: bigger, still correct.
 *
 * OpenPGP.js is LGPL-3.0-or-later: the minifier drops its notice, so the part gets one back, as its
 * first line (the part stays a separate file that can be rebuilt with another OpenPGP.js).
 */
const OPENPGP_UNUSED = {
  'argon2id.min.mjs': 'export default undefined;',
  'legacy_ciphers.min.mjs': 'export const legacyCiphers = new Map();',
  'unbzip2-stream.min.mjs': 'export const i = {};',
};

export function openPgpForEncryption() {
  const STUB = '\0membrane-openpgp-unused:';
  return {
    name: 'membrane-openpgp-for-encryption',
    resolveId(source, importer) {
      const file = source.replace(/^\.\//, '');
      if (!importer?.includes(join('node_modules', 'openpgp')) || !(file in OPENPGP_UNUSED)) return null;
      return STUB + file;
    },
    load: (id) => (id.startsWith(STUB) ? OPENPGP_UNUSED[id.slice(STUB.length)] : null),
    async generateBundle(options, bundle) {
      const { version } = JSON.parse(await readFile(new URL('../node_modules/openpgp/package.json', import.meta.url), 'utf8'));
      const notice = `/*! Contains OpenPGP.js ${version} (https://openpgpjs.org/), licensed under the GNU LGPL 3.0 or later. */\n`;
      for (const file of Object.values(bundle)) {
        if (file.type === 'chunk') file.code = notice + file.code;
        // One line more at the top: the source map starts with an empty line to match.
        else if (file.fileName.endsWith('.js.map')) {
          const map = JSON.parse(file.source);
          file.source = JSON.stringify({ ...map, mappings: `;${map.mappings}` });
        }
      }
    },
  };
}

/**
 * src/embed/runtime.ts as built: publishes exactly the names the parts import from the modules this
 * bundle provides, no more. Keys are filled one by one (`??=`): the main bundle and the flow part
 * publish into the same object, and a second copy of either changes nothing.
 */
function runtimeModule(publishes) {
  const imports = [];
  const entries = [];
  let n = 0;
  // Sorted: Rollup parses modules in parallel, so the order names were met in varies between builds,
  // and the bundle (and the SRI hash published for it) must be the same every time.
  const published = [...sharedNames].filter(([key]) => publishes.includes(key));
  for (const [key, names] of published.sort(([a], [b]) => a.localeCompare(b))) {
    const from = key === 'lit' ? 'lit' : join(src, `${key}.ts`);
    const locals = [...names].sort().map((name) => [name, `_${n++}`]);
    imports.push(`import { ${locals.map(([name, local]) => `${name} as ${local}`).join(', ')} } from ${JSON.stringify(from)};`);
    entries.push(`runtime[${JSON.stringify(key)}] ??= { ${locals.map(([name, local]) => `${name}: ${local}`).join(', ')} };`);
  }
  return `${imports.join('\n')}
export const RUNTIME_KEY = Symbol.for('membrane.runtime.v1');
export function publishRuntime() {
  const runtime = (globalThis[RUNTIME_KEY] ??= {});
  ${entries.join('\n  ')}
}
`;
}
