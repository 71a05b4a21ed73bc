// Bundles dist/ (already compiled by tsc) into the CDN builds:
//   cdn/flex-elements.js         one minified ES module that registers every element; the Twilio
//                                SDKs and other on-demand parts are separate chunks in cdn/chunks/
//   cdn/flex-elements.global.js  the same for a classic <script src>, exposing window.FlexElements
//                                (one file, so it leaves the Twilio backend out: use the ES module
//                                build for backend="twilio")
//   cdn/loader.js, loader.mjs    the version loader (classic script and ES module), which imports
//                                cdn/<version>/flex-elements.js; tools/cdn-versions.mjs lays out
//                                cdn/<version>/ and cdn/versions.json after this build
//
// FLEX_CDN_VERSION=1.2.0 FLEX_CDN_DIR=/some/dir builds one more version of the ES module build into
// /some/dir/1.2.0/ and its loader into /some/dir/, stamped with that version and without the Twilio
// backend: the versioned-CDN test (tools/cdn-versions-test.mjs) publishes several side by side.
import commonjs from '@rollup/plugin-commonjs';
import resolve from '@rollup/plugin-node-resolve';
import replace from '@rollup/plugin-replace';
import terser from '@rollup/plugin-terser';

const EMPTY = '\0flex-empty-module';
const TWILIO =
  /[\\/]backends[\\/]twilio[\\/]|node_modules[\\/](twilio-taskrouter|@twilio|twilio-sync|twilsock|twilio-notifications|axios|loglevel|jwt-decode|lodash|events|javascript-state-machine|platform|uuid|iso8601-duration|operation-retrier|@babel|ws|core-js|isomorphic-form-data|form-data|graphql|graphql-ws)[\\/]|flex-empty-module|commonjs|\0/;

/**
 * Safe trims of the Twilio SDKs (see the Twilio wire reference):
 * - graphql-ws (and graphql) is only used by twilio-taskrouter with `useGraphQL`: an empty module;
 * - @twilio/conversations and its Twilio dependencies import core-js polyfills for old browsers
 *   only for their side effects: removed (evergreen browsers need none of them).
 */
export function trimTwilio() {
  return {
    name: 'flex-trim-twilio',
    resolveId(source) {
      if (source === 'graphql-ws' || source === 'graphql') return EMPTY;
      return null;
    },
    load(id) {
      if (id === EMPTY) return 'export default {}; export const createClient = undefined;';
      return null;
    },
    transform(code, id) {
      if (!/node_modules[\\/](@twilio|twilio-sync|twilsock|twilio-notifications)/.test(id)) return null;
      if (!code.includes('core-js/modules/')) return null;
      return { code: code.replace(/^\s*require\((['"])core-js\/modules\/[^'"]+\1\);?\s*$/gm, ''), map: null };
    },
  };
}

/** The one-file build leaves the Twilio backend out (it would inline every SDK). */
function withoutTwilio() {
  const STUB = '\0flex-twilio-stub';
  return {
    name: 'flex-without-twilio',
    resolveId(source, importer) {
      if (importer && /backends[\\/]registry\.js$/.test(importer) && source === './twilio/backend.js') return STUB;
      return null;
    },
    load(id) {
      if (id !== STUB) return null;
      return `export function createTwilioBackend() {
  throw Object.assign(new Error('backend="twilio" needs the ES module build (cdn/flex-elements.js), which loads the Twilio SDKs on demand.'), { code: 'backend-unavailable', recoverable: false });
}`;
    },
  };
}

/** Stamps another version into src/version.ts's VERSION (the versioned-CDN test's builds). */
function stampVersion(version) {
  return {
    name: 'flex-stamp-version',
    load(id) {
      return /[\\/]dist[\\/]version\.js$/.test(id) ? `export const VERSION = ${JSON.stringify(version)};` : null;
    },
  };
}

const plugins = (extra = []) => [
  ...extra,
  trimTwilio(),
  replace({ preventAssignment: true, values: { 'process.env.NODE_ENV': JSON.stringify('production') } }),
  resolve({ browser: true, preferBuiltins: false }),
  commonjs({ transformMixedEsModules: true }),
  // ascii_only: a classic script served without a charset is decoded with the page's encoding;
  // escaping non-ASCII characters keeps string and regex literals intact whatever the server says.
  terser({ ecma: 2022, module: true, format: { comments: false, ascii_only: true } }),
];

const onwarn = (warning, warn) => {
  if (warning.code === 'THIS_IS_UNDEFINED') return;
  if (warning.code === 'CIRCULAR_DEPENDENCY' && /node_modules/.test(warning.message)) return;
  if (warning.code === 'EVAL' && /node_modules/.test(warning.id ?? '')) return;
  warn(warning);
};

const loaders = (dir, extra = []) => [
  // A classic script: rollup turns import.meta.url into document.currentScript's src.
  {
    input: 'dist/loader.js',
    output: { file: `${dir}/loader.js`, format: 'iife', sourcemap: false },
    plugins: plugins(extra),
    onwarn,
  },
  {
    input: 'dist/loader-module.js',
    output: { file: `${dir}/loader.mjs`, format: 'es', sourcemap: false },
    plugins: plugins(extra),
    onwarn,
  },
];

const stamped = process.env.FLEX_CDN_VERSION;
const stampedDir = process.env.FLEX_CDN_DIR;

export default stamped && stampedDir
  ? [
      {
        input: 'dist/cdn.js',
        preserveEntrySignatures: 'allow-extension',
        output: {
          dir: `${stampedDir}/${stamped}`,
          format: 'es',
          entryFileNames: 'flex-elements.js',
          chunkFileNames: 'chunks/[name]-[hash].js',
          sourcemap: false,
        },
        plugins: plugins([stampVersion(stamped), withoutTwilio()]),
        onwarn,
      },
      ...loaders(stampedDir, [stampVersion(stamped)]),
    ]
  : [
      {
        input: 'dist/cdn.js',
        // Lazy chunks import shared code from the entry itself: let the entry export those bindings
        // rather than become a facade over a second chunk (one request before the first paint, not two).
        preserveEntrySignatures: 'allow-extension',
        output: {
          dir: 'cdn',
          format: 'es',
          entryFileNames: 'flex-elements.js',
          // The Twilio backend and its SDKs land in chunks named twilio-*: only backend="twilio" loads them.
          // The simulator backend and its engine (loaded when the provider connects with backend="simulator"): simulator-*.
          chunkFileNames: (chunk) =>
            chunk.moduleIds.length > 0 && chunk.moduleIds.every((id) => TWILIO.test(id))
              ? 'chunks/twilio-[name]-[hash].js'
              : chunk.moduleIds.some((id) => /[\\/]backends[\\/]simulator[\\/]index\.js$/.test(id))
                ? 'chunks/simulator-[hash].js'
                : 'chunks/[name]-[hash].js',
          // No source maps for the minified CDN builds: they would map to dist/ (compiled JS) and the
          // Twilio SDKs, several MB the package should not carry. Debug with dist/ (maps embed the TS).
          sourcemap: false,
        },
        plugins: plugins(),
        onwarn,
      },
      {
        input: 'dist/cdn.js',
        output: {
          file: 'cdn/flex-elements.global.js',
          format: 'iife',
          name: 'FlexElements',
          inlineDynamicImports: true,
          sourcemap: false,
        },
        plugins: plugins([withoutTwilio()]),
        onwarn,
      },
      ...loaders('cdn'),
    ];
