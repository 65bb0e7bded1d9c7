// Two builds from one source (STYLE.md, Packaging):
// - the npm build: ES2022 modules, one file per module, lit and zod left as dependencies, .d.ts;
// - the script-tag build: one self-contained, minified classic script, so a single SRI hash covers it.
import typescript from '@rollup/plugin-typescript';
import resolve from '@rollup/plugin-node-resolve';
import terser from '@rollup/plugin-terser';
import { minifyTemplates } from './scripts/minify-templates.mjs';
import {
  FLOW_SHARED,
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
  part('encryption', encryptionPartInput, [encryptionPart('encryption-core', 'membraneEncryptionCore'), openPgpForEncryption()]),
  part('security', 'src/embed/parts/security.ts', pinParts(['encryption'])),
  part('backends', backendsInput, backendsPart(PRESET_EXPORTS)),
  // The contact flow (Lit, zod, the contact form, the widget's screens): it publishes the shared
  // modules the two parts above read, and reads the launcher's loader from the main bundle.
  part('flow', 'src/embed/parts/flow.ts', pinParts([], { publishes: FLOW_SHARED }), { publishes: FLOW_SHARED }),
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

/** A lazily loaded part of the script-tag build: its own classic script, sharing code with the others. */
function part(name, input, extra, { publishes = [] } = {}) {
  return {
    input,
    onwarn,
    output: { file: `dist/membrane-${name}.js`, format: 'iife', sourcemap: true },
    plugins: [...[extra].flat(), sharedRuntime(publishes), ...scriptPlugins(), recordIntegrity(name)],
  };
}

/**
 * Our copy of Lit asks Trusted Types for a policy of our own name: a page that runs its own Lit under
 * Trusted Types has already made "lit-html", and a second policy of one name is refused unless the
 * page allows duplicates. Pages that enforce Trusted Types list "membrane membrane-lit" (README).
 */
function litPolicyName() {
  return {
    name: 'membrane-lit-policy-name',
    transform(code, id) {
      if (!/node_modules\/lit-html\/lit-html\.js$/.test(id)) return null;
      const renamed = code.replace('createPolicy("lit-html"', 'createPolicy("membrane-lit"');
      if (renamed === code) this.error('lit-html no longer creates its policy as expected: update litPolicyName');
      return { code: renamed, map: null };
    },
  };
}

/** Classic scripts for the script tag: everything resolved and minified. */
function scriptPlugins() {
  return [
    resolve({ browser: true }),
    litPolicyName(),
    typescript({ tsconfig: './tsconfig.json', outDir: 'dist', declaration: false, declarationMap: false }),
    minifyTemplates(),
    terser({ ecma: 2020, module: false, compress: { passes: 3 }, format: { comments: false } }),
  ];
}
