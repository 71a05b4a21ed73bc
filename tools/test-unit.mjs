// Runs every test/unit/**/*.test.ts with Node's test runner (Node 20's --test cannot glob .ts).
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

function find(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return find(path);
    return entry.name.endsWith('.test.ts') ? [path] : [];
  });
}

const files = find('test/unit').sort();
if (files.length === 0) {
  console.error('No unit tests found under test/unit.');
  process.exit(1);
}
const result = spawnSync(
  process.execPath,
  [
    '--import',
    'tsx',
    '--test',
    '--test-reporter=spec',
    // A stuck test fails instead of hanging CI.
    '--test-timeout=120000',
    // Exit when the tests are done even if a third-party SDK left a timer behind
    // (twilio-taskrouter keeps retry timers after disconnect() on a worker that never signed in).
    '--test-force-exit',
    ...process.argv.slice(2),
    ...files,
  ],
  { stdio: 'inherit' },
);
process.exit(result.status ?? 1);
