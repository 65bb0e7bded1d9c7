// The script-tag build's lazily loaded parts (STYLE.md: load rarely needed code on demand, keep the
// tag SRI-verifiable). Three Rollup plugins:
// - sharedRuntime: in a part's build, imports of modules the main bundle already holds become reads
//   from the runtime object it publishes (src/embed/runtime.ts), so nothing is shipped twice; it
//   notes exactly which names each part imports, and the main build publishes exactly those (a
//   whole module namespace would keep every export of Lit alive in the main bundle);
// - recordIntegrity: after a part is written, remembers its sha384;
// - pinParts: in the main build, fills src/embed/parts-manifest.ts with those file names and hashes,
//   and swaps the modules that load parts in the npm build for ones that load the pinned files.
// Rollup builds the configurations of rollup.config.mjs one after the other, so the parts are
// written (and hashed) before the main bundle that pins them.
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const src = fileURLToPath(new URL('../src/', import.meta.url));

/** Keys of src/embed/runtime.ts's `runtime` object: module paths relative to src/, no extension. */
export const SHARED_MODULES = [
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

export function sharedRuntime() {
  return {
    name: 'membrane-shared-runtime',
    moduleParsed(info) {
      for (const node of info.ast?.body ?? []) {
        if (node.type !== 'ImportDeclaration') continue;
        const key = sharedKey(node.source.value, info.id);
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
      const key = sharedKey(source, importer);
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
      integrity.set(name, { file, integrity: `sha384-${createHash('sha384').update(bytes).digest('base64')}` });
    },
  };
}

const SWAPS = {
  'elements/contact-form/load-security-form.ts': 'embed/load-security-part.ts',
  'elements/shared/load-backend.ts': 'embed/load-backend-part.ts',
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

export function pinParts() {
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
        return `export const PARTS = ${JSON.stringify(Object.fromEntries(integrity))};`;
      }
      if (path === join('embed', 'runtime.ts')) return runtimeModule();
      return null;
    },
  };
}

/** src/embed/runtime.ts as built: publishes exactly the names the parts import, no more. */
function runtimeModule() {
  const imports = [];
  const entries = [];
  let n = 0;
  for (const [key, names] of sharedNames) {
    const from = key === 'lit' ? 'lit' : join(src, `${key}.ts`);
    const locals = [...names].map((name) => [name, `_${n++}`]);
    imports.push(`import { ${locals.map(([name, local]) => `${name} as ${local}`).join(', ')} } from ${JSON.stringify(from)};`);
    entries.push(`${JSON.stringify(key)}: { ${locals.map(([name, local]) => `${name}: ${local}`).join(', ')} }`);
  }
  return `${imports.join('\n')}
export const RUNTIME_KEY = Symbol.for('membrane.runtime.v1');
export function publishRuntime() {
  globalThis[RUNTIME_KEY] ??= { ${entries.join(', ')} };
}
`;
}
