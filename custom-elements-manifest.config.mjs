// custom-elements.json for editors and framework tooling. Lit's `state: true` properties are internal
// state, not attributes; the analyzer cannot see that through the spread of the base class's
// `static properties`, so attributes backed by private or protected fields are dropped here.
export default {
  globs: ['src/elements/**/*.ts'],
  exclude: ['src/elements/**/*.test.ts'],
  outdir: '.',
  litelement: true,
  plugins: [
    {
      name: 'membrane-public-attributes-only',
      packageLinkPhase({ customElementsManifest }) {
        for (const mod of customElementsManifest.modules) {
          for (const declaration of mod.declarations ?? []) {
            if (!declaration.attributes) continue;
            const hidden = new Set(
              (declaration.members ?? [])
                .filter((m) => m.privacy === 'private' || m.privacy === 'protected')
                .map((m) => m.name),
            );
            declaration.attributes = declaration.attributes.filter((a) => !hidden.has(a.fieldName ?? a.name));
          }
        }
      },
    },
  ],
};
