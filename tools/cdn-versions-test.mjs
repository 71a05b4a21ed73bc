// The versioned CDN, end to end: builds the library three times (1.0.0, 1.1.0 and 2.0.0, stamped by
// rollup.config.mjs's FLEX_CDN_VERSION, without the Twilio backend), publishes them into one CDN
// folder with tools/cdn-versions.mjs, serves it on loopback and checks in Chromium that
//   - cdn/loader.js follows the newest minor of its major (1.1.0, not 2.0.0);
//   - a pin (data-version, a config-url's `version`) holds;
//   - a pin to a missing version is an error listing the versions that exist, shown by the
//     provider and fired as flex-error, and the newest of the same major runs instead;
//   - <flex-admin>'s Version section changes what the next page load runs;
//   - two copies on one page: the first keeps its tags, the second warns once naming both
//     versions, and an element of the second binds to the first's provider when the major matches,
//     and refuses (visibly, and as flex-error) when it does not.
// Run after `npm run build` (it needs dist/): node tools/cdn-versions-test.mjs
import { spawn } from 'node:child_process';
import { createReadStream, existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { extname, join, normalize } from 'node:path';
import { chromium } from 'playwright-core';
import { browserArgs, findBrowser } from './browser.mjs';
import { publish, versionsFromChangelog } from './cdn-versions.mjs';

if (!existsSync('dist/cdn.js')) {
  console.error('cdn-versions-test: dist/ is missing: run `npm run build` first.');
  process.exit(1);
}

// FLEX_CDN_VERSIONS_KEEP=<dir>: build into <dir> once and reuse it on the next runs (for debugging).
const keep = process.env.FLEX_CDN_VERSIONS_KEEP;
const work = keep ?? mkdtempSync(join(tmpdir(), 'flex-cdn-versions-'));
const cdn = join(work, 'cdn');
const CHANGELOG = {
  '1.0.0': 'First release of the test line.',
  '1.1.0': 'A minor with a new option.',
  '2.0.0': 'A new major: breaking changes.',
};
const DATES = { '1.0.0': '2026-10-01', '1.1.0': '2026-11-01', '2.0.0': '2026-11-20' };

function build(version) {
  const dir = join(work, `build-${version}`);
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['node_modules/rollup/dist/bin/rollup', '-c', 'rollup.config.mjs', '--silent'], {
      env: { ...process.env, FLEX_CDN_VERSION: version, FLEX_CDN_DIR: dir },
      stdio: ['ignore', 'inherit', 'inherit'],
    });
    child.on('exit', (code) => {
      if (code !== 0) return reject(new Error(`rollup for ${version} exited with ${code}`));
      const changelog = `## ${version} — ${DATES[version]}\n\n- ${CHANGELOG[version]}\n`;
      writeFileSync(join(dir, 'versions.json'), JSON.stringify({ versions: versionsFromChangelog(changelog, version) }));
      resolve(dir);
    });
  });
}

if (!keep || !existsSync(join(cdn, 'versions.json'))) {
  const started = Date.now();
  // Two at a time (the machine's cores). 2.0.0 is published last: its loader must not replace 1.x's.
  const builds = [...(await Promise.all([build('1.1.0'), build('1.0.0')])), await build('2.0.0')];
  for (const dir of builds) publish(dir, cdn);
  console.log(`cdn-versions-test: built and published 1.1.0, 1.0.0, 2.0.0 in ${Math.round((Date.now() - started) / 1000)} s`);
}

const chunkOf = (version, name) => {
  const file = readdirSync(join(cdn, version, 'chunks')).find((f) => f.startsWith(`${name}-`) && f.endsWith('.js'));
  if (!file) throw new Error(`no ${name} chunk in ${version}`);
  return `/cdn/${version}/chunks/${file}`;
};

const PANEL = `<flex-provider identity="admin@example.com" user-role="admin" sim-traffic="off"><flex-admin></flex-admin></flex-provider>`;
const pages = {
  '/follow.html': `<script src="/cdn/loader.js"></script>${PANEL}`,
  '/module.html': `<script type="module" src="/cdn/loader.mjs"></script>${PANEL}`,
  '/pinned.html': `<script src="/cdn/loader.js" data-version="1.0"></script>${PANEL}`,
  '/missing.html': `<script src="/cdn/loader.js" data-version="1.7"></script>${PANEL}`,
  '/service.html': `<script src="/cdn/loader.js" data-config-url="/config.json"></script>${PANEL}`,
  '/admin.html': `<script src="/cdn/loader.js"></script>${PANEL}`,
  '/two-copies.html': `<script type="module">
      await import('/cdn/1.1.0/flex-elements.js');
      await import('${chunkOf('1.0.0', 'dialpad')}');
      document.body.insertAdjacentHTML('beforeend', '<flex-provider identity="ana@example.com" sim-traffic="off"></flex-provider><header><flex-dialpad></flex-dialpad></header>');
    </script>`,
  '/two-majors.html': `<script type="module">
      await import('/cdn/1.1.0/flex-elements.js');
      await import('${chunkOf('2.0.0', 'dialpad')}');
      document.addEventListener('flex-error', (e) => (window.errors ??= []).push(e.detail), true);
      document.body.insertAdjacentHTML('beforeend', '<flex-provider identity="ana@example.com" sim-traffic="off"></flex-provider><header><flex-dialpad></flex-dialpad></header>');
    </script>`,
};
const TYPES = { '.js': 'text/javascript', '.mjs': 'text/javascript', '.json': 'application/json' };
const server = createServer((request, response) => {
  const { pathname } = new URL(request.url, 'http://x');
  if (pathname === '/config.json') {
    return response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ version: { mode: 'pinned', pinned: '1.0' } }));
  }
  if (pages[pathname]) {
    return response
      .writeHead(200, { 'content-type': 'text/html' })
      .end(`<!doctype html><html lang="en"><title>versions</title><link rel="icon" href="data:,"><body>${pages[pathname]}</body></html>`);
  }
  const file = normalize(join(cdn, pathname.replace(/^\/cdn\//, '')));
  if (!pathname.startsWith('/cdn/') || !file.startsWith(cdn) || !existsSync(file)) return response.writeHead(404).end();
  response.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' });
  createReadStream(file).pipe(response);
});
await new Promise((done) => server.listen(0, '127.0.0.1', done));
const origin = `http://127.0.0.1:${server.address().port}`;

const browser = await chromium.launch({ executablePath: findBrowser(), headless: true, args: browserArgs });
const context = await browser.newContext();
let failed = 0;
const check = (ok, what, detail = '') => {
  console.log(`${ok ? 'ok  ' : 'FAIL'} ${what}${ok || !detail ? '' : `: ${detail}`}`);
  if (!ok) failed++;
};

/** Opens a page and waits for the provider to be ready; returns the running version and the page. */
async function open(path) {
  const page = await context.newPage();
  const logs = [];
  page.on('console', (message) => logs.push(`${message.type()}: ${message.text()}`));
  await page.addInitScript(() => {
    window.flexErrors = [];
    document.addEventListener('flex-error', (e) => window.flexErrors.push(e.detail), true);
  });
  await page.goto(`${origin}${path}`);
  await page.waitForFunction(() => document.querySelector('flex-provider')?.readyState === 'ready', null, { timeout: 20_000 });
  const version = await page.evaluate(() => customElements.get('flex-provider').version);
  return { page, version, logs };
}

try {
  {
    const { page, version } = await open('/follow.html');
    check(version === '1.1.0', 'follow-minor runs the newest minor of the major, not the next major', `ran ${version}`);
    const loader = await page.evaluate(() => ({ ...window.flexElementsLoader, ready: undefined }));
    check(loader.source === 'default' && loader.policy.mode === 'follow-minor', 'the loader says why', JSON.stringify(loader));
    await page.close();
  }
  {
    const { page, version } = await open('/module.html');
    check(version === '1.1.0', 'the module form of the loader does the same', `ran ${version}`);
    await page.close();
  }
  {
    const { page, version } = await open('/pinned.html');
    check(version === '1.0.0', 'a pin to 1.0 holds (1.1.0 is newer)', `ran ${version}`);
    await page.close();
  }
  {
    const { page, version } = await open('/service.html');
    check(version === '1.0.0', "a pin in the config-url's version holds", `ran ${version}`);
    const source = await page.evaluate(() => window.flexElementsLoader.source);
    check(source === 'service', 'and the loader says it came from the service', source);
    await page.close();
  }
  {
    const { page, version } = await open('/missing.html');
    check(version === '1.1.0', 'a pin to a missing version falls back to the newest of its major', `ran ${version}`);
    const banner = await page.locator('flex-provider').getByRole('alert').first().textContent();
    check(
      /1\.7 is not published here \(available: 2\.0\.0, 1\.1\.0, 1\.0\.0\); running 1\.1\.0/.test(banner ?? ''),
      'the provider shows the error with the versions that exist',
      banner,
    );
    const errors = await page.evaluate(() => window.flexErrors.map((e) => e.code));
    check(errors.includes('version-not-found'), 'and fires flex-error with code version-not-found', JSON.stringify(errors));
    await page.close();
  }
  {
    let { page, version } = await open('/admin.html');
    check(version === '1.1.0', 'admin: the page starts on 1.1.0', version);
    const admin = page.locator('flex-admin');
    const row = admin.getByRole('table', { name: 'Published versions' }).getByRole('row');
    check((await row.count()) === 4, 'admin: the Version section lists the three published versions', String(await row.count()));
    await admin.getByRole('combobox', { name: 'Version to run' }).selectOption({ label: 'Pin 1.0 (now 1.0.0)' });
    await admin.getByRole('button', { name: 'Save version choice' }).click();
    await admin.getByText('Saved: pinned to 1.0. The next page load runs 1.0.0.').waitFor({ timeout: 5000 });
    await page.close();
    ({ page, version } = await open('/admin.html'));
    check(version === '1.0.0', "admin: after pinning 1.0 the next load runs 1.0.0", version);
    const said = await page.locator('flex-admin').getByText('Pinned to 1.0.').count();
    check(said === 1, 'admin: and the Version section says it is pinned, in this browser');
    const admin2 = page.locator('flex-admin');
    await admin2.getByRole('combobox', { name: 'Version to run' }).selectOption({ label: 'Follow the latest minor (1.x)' });
    await admin2.getByRole('button', { name: 'Save version choice' }).click();
    await admin2.getByText('Saved: following the latest minor. The next page load runs 1.1.0.').waitFor({ timeout: 5000 });
    await page.close();
    ({ page, version } = await open('/admin.html'));
    check(version === '1.1.0', 'admin: back to following minors, the next load runs 1.1.0 again', version);
    await page.close();
  }
  {
    const { page, logs } = await open('/two-copies.html');
    const version = await page.evaluate(() => customElements.get('flex-provider').version);
    check(version === '1.1.0', 'two copies: the first copy keeps its tags', version);
    const warnings = logs.filter((l) => l.startsWith('warning:') && l.includes('another copy'));
    check(
      warnings.length === 1 && warnings[0].includes('flex-elements 1.0.0') && warnings[0].includes('flex-elements 1.1.0'),
      'two copies: the second warns once, naming both versions',
      JSON.stringify(warnings),
    );
    // The dialpad is 1.0.0's (imported before the tag was on the page) and binds to 1.1.0's provider.
    const bound = await page
      .locator('flex-dialpad')
      .getByRole('textbox', { name: 'Phone number' })
      .waitFor({ timeout: 10_000 })
      .then(() => true, () => false);
    check(bound, "two copies: the second copy's dialpad renders its keypad", await page.evaluate(() => document.querySelector('flex-dialpad').shadowRoot?.textContent));
    const waiting = await page.locator('flex-dialpad').getByText('Waiting for a <flex-provider>').count();
    check(waiting === 0, "two copies of one major: the second copy's element works with the first's provider");
    await page.close();
  }
  {
    const { page } = await open('/two-majors.html');
    const alert = page.locator('flex-dialpad').getByRole('alert');
    await alert.waitFor({ timeout: 10_000 });
    const text = await alert.textContent();
    check(/flex-elements 2\.0\.0.*flex-elements 1\.1\.0.*different major version/.test(text ?? ''), 'two majors: the element refuses to bind and says why', text);
    const codes = await page.evaluate(() => window.flexErrors.map((e) => e.code));
    check(codes.includes('version-mismatch'), 'two majors: and fires flex-error with code version-mismatch', JSON.stringify(codes));
    await page.close();
  }
} finally {
  await browser.close();
  server.close();
  if (!keep) rmSync(work, { recursive: true, force: true });
}

if (failed) {
  console.error(`cdn-versions-test: ${failed} check(s) failed`);
  process.exit(1);
}
console.log('cdn-versions-test: passed');
