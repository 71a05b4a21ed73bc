/**
 * Makes the manifest deterministic and clean: modules sorted by path (the analyzer's glob returns
 * files in file-system order, which differs between clones), and the unnamed events the analyzer
 * infers from `dispatchEvent(new SomeEvent())` dropped, as are inferred duplicates of documented ones
 * (the JSDoc `@event` tags name them).
 */
function namedEventsOnly() {
  return {
    name: 'flex-named-events-only',
    packageLinkPhase({ customElementsManifest }) {
      customElementsManifest.modules.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
      for (const module of customElementsManifest.modules) {
        for (const declaration of module.declarations ?? []) {
          if (!declaration.events) continue;
          // An inferred event named after the constructor's first argument (`new FlexReadyEvent(detail)`
          // gives "detail") repeats a documented one of the same class: the documented one wins.
          const documented = new Set(declaration.events.filter((e) => e.description).map((e) => e.type?.text));
          declaration.events = declaration.events.filter(
            (event) => event.name && (event.description || !documented.has(event.type?.text)),
          );
        }
      }
    },
  };
}

/** `src/a/b.ts` (or the analyzer's `/src/a/b.js` for an imported superclass) → `dist/a/b.js`. */
export function shippedPath(path) {
  const match = /^\/?src\/(.+)\.(?:ts|js)$/.exec(path);
  return match ? `dist/${match[1]}.js` : path;
}

/** Rewrites every `path` and `module` anywhere in the manifest (modules, superclasses, exports, inheritedFrom, …). */
function rewriteReferences(node) {
  if (Array.isArray(node)) {
    for (const item of node) rewriteReferences(item);
  } else if (node && typeof node === 'object') {
    for (const [key, value] of Object.entries(node)) {
      if ((key === 'path' || key === 'module') && typeof value === 'string') node[key] = shippedPath(value);
      else rewriteReferences(value);
    }
  }
}

/**
 * The manifest points at what ships: src/ is not in the package, so module paths and every module
 * reference name the compiled dist/*.js files.
 */
function shippedPaths() {
  return {
    name: 'flex-shipped-paths',
    packageLinkPhase({ customElementsManifest }) {
      rewriteReferences(customElementsManifest.modules);
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
  plugins: [namedEventsOnly(), shippedPaths()],
};
