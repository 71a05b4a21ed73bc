/**
 * Makes the manifest deterministic and clean: modules sorted by path (the analyzer's glob returns
 * files in file-system order, which differs between clones), and the unnamed events the analyzer
 * infers from `dispatchEvent(new SomeEvent())` dropped (the JSDoc `@event` tags name them).
 */
function namedEventsOnly() {
  return {
    name: 'flex-named-events-only',
    packageLinkPhase({ customElementsManifest }) {
      customElementsManifest.modules.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
      for (const module of customElementsManifest.modules) {
        for (const declaration of module.declarations ?? []) {
          if (declaration.events) declaration.events = declaration.events.filter((event) => event.name);
        }
      }
    },
  };
}

export default {
  globs: ['src/components/**/*.ts'],
  exclude: ['src/components/**/*.styles.ts', 'src/components/define.ts'],
  outdir: '.',
  litelement: true,
  dependencies: false,
  packagejson: false,
  plugins: [namedEventsOnly()],
};
