// Loads cdn/flex-elements.js (ES module) and cdn/flex-elements.global.js (classic script) from one
// static origin into a page served by another origin that knows nothing of the project, and checks
// that <flex-provider> connects on the simulator and fires flex-ready. CI runs it after the build.
// Then, under a strict Content-Security-Policy (style-src 'self'; script-src 'self' and the CDN),
// it renders every element in its main states and checks that no securitypolicyviolation fires,
// and that an integrity-checked plugin (imported from a Blob URL) fails naming the policy.
import { createHash } from 'node:crypto';
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
// The strict-CSP pages: every element, with the simulator driven from the test (Playwright's
// evaluate is not subject to the page's policy; the page itself has no inline script).
const PLUGIN = 'export function init(api) { api.slots.add("call-controls.actions", { id: "x", render(host) { host.textContent = "x"; } }); }\n';
const pluginIntegrity = `sha384-${createHash('sha384').update(PLUGIN).digest('base64')}`;
const cspPages = {
  '/csp.html': `<!doctype html><title>CSP</title><link rel="icon" href="data:,"><script type="module" src="${cdnUrl}/flex-elements.js"></script>
    <flex-provider identity="smoke@example.com" sim-traffic="off" user-role="admin">
      <flex-agent-desktop></flex-agent-desktop>
      <flex-teams-view></flex-teams-view>
      <flex-queue-stats></flex-queue-stats>
      <flex-admin></flex-admin>
      <flex-voice-settings></flex-voice-settings>
      <flex-dialpad></flex-dialpad>
      <flex-worker-directory></flex-worker-directory>
      <flex-plugin-slot name="call-controls.actions"></flex-plugin-slot>
      <flex-app></flex-app>
    </flex-provider>`,
  '/csp-plugin.html': `<!doctype html><title>CSP plugin</title><link rel="icon" href="data:,"><script type="module" src="${cdnUrl}/flex-elements.js"></script>
    <flex-provider identity="smoke@example.com" sim-traffic="off"><flex-plugin-slot name="call-controls.actions"></flex-plugin-slot></flex-provider>`,
};
const csp = `style-src 'self'; script-src 'self' ${new URL(cdnUrl).origin}`;
const site = await listen((request, response) => {
  if (request.url === '/plugin.js') return response.writeHead(200, { 'content-type': 'text/javascript' }).end(PLUGIN);
  const strict = cspPages[request.url];
  if (strict) return response.writeHead(200, { 'content-type': 'text/html', 'content-security-policy': csp }).end(strict);
  const body = pages[request.url];
  if (!body) return response.writeHead(404).end();
  response.writeHead(200, { 'content-type': 'text/html' }).end(body);
});
const siteUrl = `http://localhost:${site.address().port}`;

/** Opens a strict-CSP page, records its violations and waits for flex-ready. */
async function openStrict(browser, path) {
  const page = await browser.newPage();
  const errors = [];
  page.on('pageerror', (error) => errors.push(error.message));
  await page.addInitScript(() => {
    window.__violations = [];
    document.addEventListener('securitypolicyviolation', (e) =>
      window.__violations.push(`${e.violatedDirective} ${e.blockedURI || '(inline)'} ${e.sourceFile}:${e.lineNumber} ${e.sample}`),
    );
    window.__ready = new Promise((done) => document.addEventListener('flex-ready', (e) => done(e.detail)));
  });
  await page.goto(siteUrl + path);
  await page.evaluate(() =>
    Promise.race([window.__ready, new Promise((_, fail) => setTimeout(() => fail(new Error('no flex-ready in 15 s')), 15000))]),
  );
  return { page, errors };
}

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

  // Every element in its main states under style-src 'self': no inline style attribute, no blob: script.
  {
    const { page, errors } = await openStrict(browser, '/csp.html');
    const seen = await page.evaluate(async () => {
      const wait = (ms) => new Promise((r) => setTimeout(r, ms));
      const provider = document.querySelector('flex-provider');
      const tags = [...new Set([...document.querySelectorAll('*')].map((e) => e.localName).filter((n) => n.startsWith('flex-')))];
      await Promise.all(tags.map((t) => Promise.race([customElements.whenDefined(t), wait(10000)])));
      await provider.actions.invoke('SetActivity', { activityName: 'Available' });
      const chat = provider.simulator.createTask({ channel: 'chat', customer: { name: 'Ann' }, firstMessage: 'Hello' });
      const call = provider.simulator.createTask({ channel: 'voice', customer: { name: 'Bo', phone: '+12125550100' } });
      await wait(300); // both ring (the incoming cards)
      await provider.actions.invoke('AcceptTask', { taskSid: chat });
      await provider.actions.invoke('SelectTask', { taskSid: chat });
      await wait(300);
      await provider.actions.invoke('AcceptTask', { taskSid: call });
      await provider.actions.invoke('SelectTask', { taskSid: call });
      await wait(500);
      // Every tab of the admin view and the task canvas, and every view of the app, once each.
      const visit = async (root) => {
        for (const el of root.querySelectorAll('*')) {
          if (el.shadowRoot) {
            for (const tab of el.shadowRoot.querySelectorAll('[role="tab"], nav a, nav button')) {
              tab.click();
              await wait(50);
            }
            await visit(el.shadowRoot);
          }
        }
      };
      await visit(document);
      await wait(500);
      const count = (root) =>
        [...root.querySelectorAll('*')].reduce((n, el) => n + 1 + (el.shadowRoot ? count(el.shadowRoot) : 0), 0);
      // The parts whose styles are set at run time (they once were style attributes) must be on the page.
      const find = (root, selector) =>
        root.querySelector(selector) ?? [...root.querySelectorAll('*')].reduce((f, el) => f ?? (el.shadowRoot ? find(el.shadowRoot, selector) : null), null);
      const dynamic = ['[part="meter-bar"]', '[part="table"]', '[part="preview"]'].filter((s) => !find(document, s));
      return { tags, nodes: count(document), missing: dynamic, violations: window.__violations };
    });
    const ok = seen.violations.length === 0 && errors.length === 0 && seen.nodes > 200 && seen.missing.length === 0;
    console.log(
      `${ok ? 'ok  ' : 'FAIL'} /csp.html (${csp}): ${seen.tags.length} elements, ${seen.nodes} nodes rendered, ${seen.violations.length} CSP violations${seen.missing.length ? `, not rendered: ${seen.missing.join(' ')}` : ''}${seen.violations.length ? `: ${seen.violations.join('; ')}` : ''}${errors.length ? `, errors: ${errors.join('; ')}` : ''}`,
    );
    failed ||= !ok;
    await page.close();
  }

  // An integrity-checked plugin is imported from a Blob URL, which this policy blocks: its error says so.
  {
    const { page } = await openStrict(browser, '/csp-plugin.html');
    const record = await page.evaluate(
      async ([url, integrity]) => {
        const provider = document.querySelector('flex-provider');
        await provider.plugins.load(url, { name: 'checked', integrity }).catch(() => {});
        return provider.plugins.list.find((p) => p.url === url);
      },
      [`${siteUrl}/plugin.js`, pluginIntegrity],
    );
    const ok =
      record?.status === 'failed' &&
      /blocked by the page's Content-Security-Policy \(script-src must allow blob: for integrity-checked plugins, or load the plugin without integrity\)/.test(record.error ?? '');
    console.log(`${ok ? 'ok  ' : 'FAIL'} /csp-plugin.html: an integrity-checked plugin under script-src without blob: ${record?.status}: ${record?.error}`);
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
