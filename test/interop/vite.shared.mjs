// Shared by the vite apps: a production build whose every module comes from
// test/interop/node_modules (flex-elements as installed from the packed tarball), never the
// repository's own src/ or dist/.
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const interop = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(interop, '../..');
const forbidden = [
  path.join(repo, 'src') + path.sep,
  path.join(repo, 'dist') + path.sep,
  path.join(repo, 'cdn') + path.sep,
];

/** Fails the build when any module is loaded from the repository's own sources or builds. */
export function onlyFromTarball() {
  return {
    name: 'interop-only-from-tarball',
    load(id) {
      const file = id.split('?')[0];
      if (forbidden.some((dir) => file.startsWith(dir))) {
        throw new Error(`interop: ${file} is the repository's own file; the apps must use node_modules/flex-elements`);
      }
      return null;
    },
  };
}

/** The production build of the app in appDir (test/interop/<framework>). */
export function sharedConfig(appDir, plugins) {
  return {
    root: appDir,
    mode: 'production',
    logLevel: 'warn',
    plugins: [onlyFromTarball(), ...plugins],
    resolve: { preserveSymlinks: false },
    build: {
      // Outside the sources, where neither ESLint nor tsc looks.
      outDir: path.join(interop, 'node_modules/.interop-builds', path.basename(appDir)),
      emptyOutDir: true,
      sourcemap: false,
      reportCompressedSize: false,
      chunkSizeWarningLimit: 4096,
    },
  };
}
