// web-test-runner plugin for test/browser/twilio:
// - starts the Twilio emulator (a child process running tools/twilio-emulator/cli.ts with tsx) on
//   first use, stops it with the server, and serves its address at GET /__twilio-emulator;
// - serves the Twilio SDKs (CommonJS: TaskRouter, Voice, Conversations, Sync) as ES modules bundled with the same rollup plugins and
//   trims as the CDN build, cached in node_modules/.cache/flex-twilio-sdk.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import commonjs from '@rollup/plugin-commonjs';
import resolve from '@rollup/plugin-node-resolve';
import replace from '@rollup/plugin-replace';
import { rollup } from 'rollup';
import { trimTwilio } from '../../rollup.config.mjs';

const SDKS = {
  'twilio-taskrouter': 'twilio-taskrouter',
  '@twilio/voice-sdk': 'voice-sdk',
  '@twilio/conversations': 'conversations',
  'twilio-sync': 'sync',
};
const CACHE = 'node_modules/.cache/flex-twilio-sdk';

async function bundle(specifier) {
  const version = JSON.parse(readFileSync(join('node_modules', specifier, 'package.json'), 'utf8')).version;
  const file = join(CACHE, `${SDKS[specifier]}-${version}.js`);
  if (existsSync(file)) return readFileSync(file, 'utf8');
  const build = await rollup({
    input: specifier,
    plugins: [
      trimTwilio(),
      replace({ preventAssignment: true, values: { 'process.env.NODE_ENV': JSON.stringify('production') } }),
      resolve({ browser: true, preferBuiltins: false }),
      commonjs({ transformMixedEsModules: true }),
    ],
    onwarn: () => {},
  });
  const { output } = await build.generate({ format: 'es', inlineDynamicImports: true });
  await build.close();
  mkdirSync(CACHE, { recursive: true });
  writeFileSync(file, output[0].code);
  return output[0].code;
}

export function twilioEmulatorPlugin() {
  let child;
  let starting;
  const builds = new Map();
  const start = () =>
    (starting ??= new Promise((resolvePromise, reject) => {
      child = spawn(process.execPath, ['--import', 'tsx', 'tools/twilio-emulator/cli.ts', '--server'], {
        stdio: ['pipe', 'pipe', 'inherit'],
      });
      child.once('exit', (code) => reject(new Error(`The Twilio emulator exited with ${code}`)));
      createInterface({ input: child.stdout }).once('line', (line) => resolvePromise(JSON.parse(line)));
    }));
  return {
    name: 'twilio-emulator',
    resolveImport({ source }) {
      if (source in SDKS) return `/__twilio-sdk/${SDKS[source]}.js`;
      return undefined;
    },
    async serverStop() {
      child?.kill('SIGTERM');
    },
    async serve(context) {
      if (context.path === '/__twilio-emulator') return { body: JSON.stringify(await start()), type: 'application/json' };
      const match = /^\/__twilio-sdk\/([a-z-]+)\.js$/.exec(context.path);
      if (match) {
        const specifier = Object.keys(SDKS).find((key) => SDKS[key] === match[1]);
        if (!specifier) return undefined;
        if (!builds.has(specifier)) builds.set(specifier, bundle(specifier));
        return { body: await builds.get(specifier), type: 'js' };
      }
      return undefined;
    },
  };
}
