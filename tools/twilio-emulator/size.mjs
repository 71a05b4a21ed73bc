// Measures the Twilio chunks of the CDN build (min and gzip, node:zlib level 9) and checks that a
// page on the simulator never requests any of them: it loads cdn/flex-elements.js in Chromium with
// <flex-provider> on the simulator, waits for flex-ready, and lists every request.
// Run after `npm run build`: node tools/twilio-emulator/size.mjs
import { createReadStream, existsSync, readdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { chromium } from 'playwright-core';
import { browserArgs, findBrowser } from '../browser.mjs';

const root = resolve('.');
const chunks = readdirSync('cdn/chunks').filter((f) => f.startsWith('twilio-') && f.endsWith('.js'));
if (chunks.length === 0) {
  console.error('No cdn/chunks/twilio-*.js: run `npm run build` first.');
  process.exit(1);
}
let min = 0;
let gzip = 0;
for (const file of chunks) {
  const bytes = readFileSync(join('cdn/chunks', file));
  const z = gzipSync(bytes, { level: 9 }).length;
  min += bytes.length;
  gzip += z;
  console.log(`${file.padEnd(40)} ${(bytes.length / 1024).toFixed(1).padStart(7)} KB min ${(z / 1024).toFixed(1).padStart(7)} KB gzip`);
}
console.log(`${'Twilio chunks in all'.padEnd(40)} ${(min / 1024).toFixed(1).padStart(7)} KB min ${(gzip / 1024).toFixed(1).padStart(7)} KB gzip`);

const entry = readFileSync('cdn/flex-elements.js', 'utf8');
const staticTwilio = [...entry.matchAll(/from\s*"\.\/chunks\/(twilio-[^"]+)"/g)].map((m) => m[1]);
if (staticTwilio.length > 0) {
  console.error(`FAIL: the entry imports Twilio chunks statically: ${staticTwilio.join(', ')}`);
  process.exit(1);
}

const server = createServer((request, response) => {
  const path = new URL(request.url, 'http://x').pathname;
  if (path === '/') {
    response.writeHead(200, { 'content-type': 'text/html' });
    return response.end(`<!doctype html><title>sim</title><script type="module" src="/cdn/flex-elements.js"></script>
      <flex-provider identity="size@example.com" sim-traffic="off"><flex-agent-desktop></flex-agent-desktop></flex-provider>`);
  }
  const file = join(root, path);
  if (!file.startsWith(join(root, 'cdn')) || !existsSync(file)) return response.writeHead(404).end();
  response.writeHead(200, { 'content-type': file.endsWith('.js') ? 'text/javascript' : 'application/json' });
  createReadStream(file).pipe(response);
});
await new Promise((done) => server.listen(0, '127.0.0.1', done));
const browser = await chromium.launch({ executablePath: findBrowser(), args: browserArgs });
const requests = [];
try {
  const page = await browser.newPage();
  page.on('request', (request) => requests.push(new URL(request.url()).pathname));
  await page.addInitScript(() => {
    window.__ready = new Promise((done) => document.addEventListener('flex-ready', () => done(true)));
  });
  await page.goto(`http://127.0.0.1:${server.address().port}/`);
  await page.evaluate(() => Promise.race([window.__ready, new Promise((_, fail) => setTimeout(() => fail(new Error('no flex-ready')), 15000))]));
  await page.waitForLoadState('networkidle');
} finally {
  await browser.close();
  server.close();
}
const twilio = requests.filter((path) => /twilio/i.test(path));
console.log(`Simulator page requested ${requests.length} files; Twilio chunks among them: ${twilio.length ? twilio.join(', ') : 'none'}`);
process.exit(twilio.length > 0 ? 1 : 0);
