// Loads cdn/flex-elements.js (ES module) and cdn/flex-elements.global.js (classic script) from one
// static origin into a page served by another origin that knows nothing of the project, and checks
// that <flex-provider> connects on the simulator and fires flex-ready. CI runs it after the build.
import { createServer } from 'node:http';
import { createReadStream, existsSync, readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { chromium } from 'playwright-core';
import { browserArgs, findBrowser } from './browser.mjs';

const root = resolve('.');

// Every CDN file must be ASCII: a classic script served without a charset is decoded with the
// page's encoding, which would corrupt non-ASCII string, regex and template literals.
let nonAscii = false;
for (const file of ['cdn/flex-elements.js', 'cdn/flex-elements.global.js', ...readdirSync('cdn/chunks').filter((f) => f.endsWith('.js')).map((f) => `cdn/chunks/${f}`)]) {
  const text = readFileSync(file, 'latin1');
  // eslint-disable-next-line no-control-regex -- the ASCII range starts at NUL
  const index = text.search(/[^\x00-\x7F]/);
  if (index >= 0) {
    console.log(`FAIL ${file} has a non-ASCII character near: ${JSON.stringify(text.slice(Math.max(0, index - 40), index + 10))}`);
    nonAscii = true;
  }
}

function listen(handler) {
  return new Promise((done) => {
    const server = createServer(handler);
    server.listen(0, '127.0.0.1', () => done(server));
  });
}

// The CDN: only cdn/, with CORS as a CDN would send it.
const cdn = await listen((request, response) => {
  const path = join(root, new URL(request.url, 'http://x').pathname);
  if (!path.startsWith(join(root, 'cdn')) || !existsSync(path)) return response.writeHead(404).end();
  response.writeHead(200, { 'content-type': 'text/javascript', 'access-control-allow-origin': '*' });
  createReadStream(path).pipe(response);
});
const cdnUrl = `http://127.0.0.1:${cdn.address().port}/cdn`;

const pages = {
  '/module.html': `<!doctype html><title>ESM</title><script type="module" src="${cdnUrl}/flex-elements.js"></script>
    <flex-provider identity="smoke@example.com" sim-traffic="off"><flex-agent-desktop></flex-agent-desktop></flex-provider>
    <header><flex-dialpad></flex-dialpad></header>`,
  '/classic.html': `<!doctype html><title>Classic</title><script src="${cdnUrl}/flex-elements.global.js"></script>
    <flex-provider identity="smoke@example.com" sim-traffic="off"><flex-agent-desktop></flex-agent-desktop></flex-provider>
    <header><flex-dialpad></flex-dialpad></header>`,
};
const site = await listen((request, response) => {
  const body = pages[request.url];
  if (!body) return response.writeHead(404).end();
  response.writeHead(200, { 'content-type': 'text/html' }).end(body);
});
const siteUrl = `http://localhost:${site.address().port}`;

const browser = await chromium.launch({ executablePath: findBrowser(), args: browserArgs });
let failed = false;
try {
  for (const path of Object.keys(pages)) {
    const page = await browser.newPage();
    const errors = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await page.addInitScript(() => {
      window.__ready = new Promise((done) => document.addEventListener('flex-ready', (e) => done(e.detail)));
    });
    await page.goto(siteUrl + path);
    const detail = await page.evaluate(() =>
      Promise.race([window.__ready, new Promise((_, fail) => setTimeout(() => fail(new Error('no flex-ready in 15 s')), 15000))]),
    );
    const version = await page.evaluate(() => customElements.get('flex-provider')?.version);
    // The dialpad is loaded on demand (a separate chunk in the ES module build): it must arrive from
    // the CDN origin and render its keypad; the agent desktop renders from the entry alone.
    const rendered = await page.evaluate(async () => {
      await Promise.race([customElements.whenDefined('flex-dialpad'), new Promise((r) => setTimeout(r, 10000))]);
      await new Promise((r) => setTimeout(r, 300));
      const dialpad = document.querySelector('flex-dialpad')?.shadowRoot;
      const desktop = document.querySelector('flex-agent-desktop')?.shadowRoot;
      return { keys: dialpad?.querySelectorAll('button').length ?? 0, desktop: (desktop?.textContent ?? '').trim().length > 0 };
    });
    const ok =
      detail?.identity === 'smoke@example.com' && typeof version === 'string' && errors.length === 0 && rendered.keys >= 12 && rendered.desktop;
    console.log(
      `${ok ? 'ok  ' : 'FAIL'} ${path}: flex-ready ${JSON.stringify(detail)}, version ${version}, dialpad buttons ${rendered.keys}, agent desktop rendered ${rendered.desktop}${errors.length ? `, errors: ${errors.join('; ')}` : ''}`,
    );
    failed ||= !ok;
    await page.close();
  }
} catch (error) {
  console.error('FAIL', error.message);
  failed = true;
} finally {
  await browser.close();
  cdn.close();
  site.close();
}
process.exit(failed || nonAscii ? 1 : 0);
