/** Drops the unnamed events the analyzer infers from `dispatchEvent(new SomeEvent())`: the JSDoc `@event` tags name them. */
function namedEventsOnly() {
  return {
    name: 'flex-named-events-only',
    packageLinkPhase({ customElementsManifest }) {
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
