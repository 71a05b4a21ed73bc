// The Angular app is compiled ahead of time by ngc (angular/out-tsc), then bundled here in
// production mode; Angular's own packages are linked (partial declarations → full) by the
// linker the Angular CLI uses, so no JIT compiler ships.
import { fileURLToPath } from 'node:url';
import { transformAsync } from '@babel/core';
import linkerPlugin from '@angular/compiler-cli/linker/babel';
import { sharedConfig } from '../vite.shared.mjs';

function angularLinker() {
  return {
    name: 'interop-angular-linker',
    async transform(code, id) {
      if (!/[\\/]node_modules[\\/]@angular[\\/]/.test(id) || !code.includes('ɵɵngDeclare')) return null;
      const out = await transformAsync(code, {
        filename: id,
        plugins: [linkerPlugin],
        compact: false,
        sourceMaps: false,
        babelrc: false,
        configFile: false,
      });
      return out?.code ?? null;
    },
  };
}

const config = sharedConfig(fileURLToPath(new URL('.', import.meta.url)), [angularLinker()]);
config.define = { ngDevMode: 'false', ngJitMode: 'false', ngI18nClosureMode: 'false' };
export default config;
