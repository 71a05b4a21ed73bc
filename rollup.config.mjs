// Bundles dist/ (already compiled by tsc) into the CDN builds:
//   cdn/flex-elements.js         one minified ES module that registers every element; the Twilio
//                                SDKs and other on-demand parts are separate chunks in cdn/chunks/
//   cdn/flex-elements.global.js  the same for a classic <script src>, exposing window.FlexElements
import resolve from '@rollup/plugin-node-resolve';
import terser from '@rollup/plugin-terser';

const plugins = () => [
  resolve({ browser: true }),
  terser({ ecma: 2022, module: true, format: { comments: false } }),
];

const onwarn = (warning, warn) => {
  if (warning.code === 'THIS_IS_UNDEFINED') return;
  warn(warning);
};

export default [
  {
    input: 'dist/index.js',
    output: {
      dir: 'cdn',
      format: 'es',
      entryFileNames: 'flex-elements.js',
      chunkFileNames: 'chunks/[name]-[hash].js',
      sourcemap: true,
    },
    plugins: plugins(),
    onwarn,
  },
  {
    input: 'dist/index.js',
    output: {
      file: 'cdn/flex-elements.global.js',
      format: 'iife',
      name: 'FlexElements',
      inlineDynamicImports: true,
      sourcemap: true,
    },
    plugins: plugins(),
    onwarn,
  },
];
