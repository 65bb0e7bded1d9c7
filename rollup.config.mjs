// Two builds from one source (STYLE.md, Packaging):
// - the npm build: ES2022 modules, one file per module, lit and zod left as dependencies, .d.ts;
// - the script-tag build: one self-contained, minified classic script, so a single SRI hash covers it.
import typescript from '@rollup/plugin-typescript';
import resolve from '@rollup/plugin-node-resolve';
import terser from '@rollup/plugin-terser';
import { minifyTemplates } from './scripts/minify-templates.mjs';
import {
  backendsInput,
  backendsPart,
  encryptionPart,
  encryptionPartInput,
  holdBuild,
  openPgpForEncryption,
  pinParts,
  recordIntegrity,
  sharedRuntime,
} from './scripts/parts.mjs';

// Preset adapters other than json (src/core/adapters/presets.ts), loaded together as one part.
const PRESET_EXPORTS = {
  form: 'formAdapter',
  formspree: 'formspreeAdapter',
  web3forms: 'web3formsAdapter',
  hubspot: 'hubspotAdapter',
  zendesk: 'zendeskAdapter',
};

const isDependency = (id) => /^(lit|@lit|lit-html|lit-element|zod|openpgp)(\/|$)/.test(id);

// Known, harmless notices from dependencies (zod's comment placement, its internal import cycle) and
// from our template minifier (it does not rewrite source maps inside template text).
function onwarn(warning, warn) {
  if (warning.code === 'INVALID_ANNOTATION' && /node_modules\/zod/.test(warning.id ?? '')) return;
  if (warning.code === 'CIRCULAR_DEPENDENCY' && warning.ids?.every((id) => id.includes('node_modules/zod'))) return;
  if (warning.code === 'SOURCEMAP_BROKEN' && warning.plugin === 'membrane-minify-templates') return;
  warn(warning);
}

export default [
  {
    input: {
      index: 'src/index.ts',
      'core/index': 'src/core/index.ts',
    },
    external: isDependency,
    onwarn,
    output: {
      dir: 'dist',
      format: 'es',
      preserveModules: true,
      preserveModulesRoot: 'src',
      sourcemap: true,
    },
    plugins: [typescript({ tsconfig: './tsconfig.json', outDir: 'dist', declaration: true, declarationMap: true })],
  },
  // Parts first: the main bundle pins their hashes. The encryption part (OpenPGP.js, run in a worker)
  // is pinned by the security part, which loads it, so it comes before that one; its core is built
  // before it, into memory (scripts/parts.mjs, encryptionPart).
  {
    input: 'src/core/encryption.ts',
    onwarn,
    output: { file: 'dist/encryption-core.js', format: 'iife', name: 'membraneEncryptionCore', inlineDynamicImports: true },
    plugins: [
      openPgpForEncryption(),
      resolve({ browser: true }),
      // Its code goes into the part as text, so it needs no source map of its own.
      typescript({ tsconfig: './tsconfig.json', outDir: 'dist', declaration: false, declarationMap: false, sourceMap: false }),
      holdBuild('encryption-core'),
    ],
  },
  part('encryption', encryptionPartInput, encryptionPart('encryption-core', 'membraneEncryptionCore'), openPgpForEncryption()),
  part('security', 'src/embed/parts/security.ts', pinParts('encryption')),
  part('backends', backendsInput, backendsPart(PRESET_EXPORTS)),
  {
    input: 'src/embed/membrane.ts',
    onwarn,
    output: {
      file: 'dist/membrane.js',
      format: 'iife',
      sourcemap: true,
    },
    plugins: [pinParts(), ...scriptPlugins()],
  },
];

/** A lazily loaded part of the script-tag build: its own classic script, sharing the main bundle's code. */
function part(name, input, ...extra) {
  return {
    input,
    onwarn,
    output: { file: `dist/membrane-${name}.js`, format: 'iife', sourcemap: true },
    plugins: [...extra, sharedRuntime(), ...scriptPlugins(), recordIntegrity(name)],
  };
}

/** Classic scripts for the script tag: everything resolved and minified. */
function scriptPlugins() {
  return [
    resolve({ browser: true }),
    typescript({ tsconfig: './tsconfig.json', outDir: 'dist', declaration: false, declarationMap: false }),
    minifyTemplates(),
    terser({ ecma: 2020, module: false, compress: { passes: 3 }, format: { comments: false } }),
  ];
}
