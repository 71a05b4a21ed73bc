#!/usr/bin/env node
// Interop test (issue 15): small React 19, Vue 3, Svelte 5 and Angular apps in test/interop use
// flex-elements exactly as a user would (from the packed tarball, installed into
// test/interop/node_modules), are built in production mode, served from 127.0.0.1 and driven in
// headless Chromium; each framework's type checker must accept a correct use of the elements and
// reject a wrong one.
//
//   node tools/interop.mjs [--no-build] [--only=react,vue,svelte,angular] [--skip-types]
//
// Ends with `interop: N passed, M failed` and exits non-zero on any failure.
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  createReadStream,
  existsSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  realpathSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { browserArgs, findBrowser } from './browser.mjs';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const interop = path.join(repo, 'test/interop');
const bin = (name) => path.join(interop, 'node_modules/.bin', name);
const args = process.argv.slice(2);
const noBuild = args.includes('--no-build');
const skipTypes = args.includes('--skip-types');
const only = args
  .find((a) => a.startsWith('--only='))
  ?.slice(7)
  .split(',');
const apps = ['react', 'vue', 'svelte', 'angular'].filter((a) => !only || only.includes(a));

const TAGS = [
  'flex-provider',
  'flex-agent-desktop',
  'flex-activity-selector',
  'flex-incoming-task',
  'flex-task-list',
  'flex-task-canvas',
  'flex-chat',
  'flex-call-controls',
  'flex-worker-directory',
  'flex-wrapup',
  'flex-dialpad',
  'flex-voice-settings',
  'flex-teams-view',
  'flex-queue-stats',
  'flex-admin',
  'flex-insights',
  'flex-app',
  'flex-plugin-slot',
];

const started = Date.now();
const results = [];
const elapsed = () => `${((Date.now() - started) / 1000).toFixed(1)} s`;
function record(name, ok, detail = '') {
  results.push({ name, ok });
  console.log(`${ok ? 'ok  ' : 'FAIL'} ${name}${detail ? ` — ${detail}` : ''}`);
}
async function check(name, fn) {
  try {
    const detail = await fn();
    record(name, true, typeof detail === 'string' ? detail : '');
    return true;
  } catch (e) {
    record(name, false, e instanceof Error ? e.message : String(e));
    return false;
  }
}
function assert(cond, message) {
  if (!cond) throw new Error(message);
}

/** Runs a command; resolves {code, out} (stdout and stderr together), never rejects on exit code. */
function run(cmd, argv, { cwd = interop, quiet = true, env } = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, argv, {
      cwd,
      env: { ...process.env, FORCE_COLOR: '0', NO_COLOR: '1', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    const take = (chunk) => {
      out += chunk;
      if (!quiet) process.stdout.write(chunk);
    };
    child.stdout.on('data', take);
    child.stderr.on('data', take);
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, out }));
  });
}
async function mustRun(what, cmd, argv, opts) {
  const r = await run(cmd, argv, opts);
  if (r.code !== 0) throw new Error(`${what} failed (exit ${r.code}):\n${r.out.slice(-4000)}`);
  return r.out;
}
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

// ---------------------------------------------------------------------------------------------
// 1-3: build, pack, install the tarball
// ---------------------------------------------------------------------------------------------
function newestMtime(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(p) : statSync(p).mtimeMs);
  }
  return newest;
}
async function prepare() {
  const distEntry = path.join(repo, 'dist/index.js');
  const fresh = existsSync(distEntry) && statSync(distEntry).mtimeMs >= newestMtime(path.join(repo, 'src'));
  if (noBuild) {
    assert(existsSync(distEntry), '--no-build, but dist/ has not been built (run npm run build)');
  } else if (!fresh) {
    console.log('interop: dist/ is older than src/: npm run build');
    await mustRun('npm run build', npm, ['run', 'build'], { cwd: repo });
  }

  const packDir = mkdtempSync(path.join(tmpdir(), 'flex-interop-'));
  const packOut = await mustRun('npm pack', npm, ['pack', '--pack-destination', packDir, '--silent'], { cwd: repo });
  const tarball = path.join(packDir, packOut.trim().split('\n').pop().trim());
  assert(existsSync(tarball), `npm pack wrote no tarball (${packOut.trim()})`);

  const lock = readFileSync(path.join(interop, 'package-lock.json'));
  const lockHash = createHash('sha256').update(lock).digest('hex');
  const stamp = path.join(interop, 'node_modules/.interop-lock-hash');
  if (!existsSync(stamp) || readFileSync(stamp, 'utf8') !== lockHash) {
    console.log('interop: npm ci in test/interop');
    await mustRun('npm ci (test/interop)', npm, ['ci', '--no-audit', '--no-fund'], { cwd: interop });
    writeFileSync(stamp, lockHash);
  }
  await mustRun('npm install <tarball>', npm, ['install', '--no-save', '--no-audit', '--no-fund', tarball], {
    cwd: interop,
  });
  rmSync(packDir, { recursive: true, force: true });

  // The apps must import the installed copy, not the repository.
  const installed = path.join(interop, 'node_modules/flex-elements');
  const real = realpathSync(installed);
  assert(real === installed, `node_modules/flex-elements is a link to ${real}; it must be the unpacked tarball`);
  const version = JSON.parse(readFileSync(path.join(installed, 'package.json'), 'utf8')).version;
  console.log(`interop: flex-elements ${version} installed from its tarball (${elapsed()})`);
}

// ---------------------------------------------------------------------------------------------
// 4: production builds
// ---------------------------------------------------------------------------------------------
async function buildApp(app) {
  const dir = path.join(interop, app);
  if (app === 'angular') {
    rmSync(path.join(interop, 'node_modules/.interop-builds/angular-aot'), { recursive: true, force: true });
    // ngc is Angular's ahead-of-time compiler; its strictTemplates type check is the "correct use" check.
    await mustRun('ngc', bin('ngc'), ['-p', path.join(dir, 'tsconfig.json')]);
  }
  await mustRun(
    'vite build',
    bin('vite'),
    ['build', '--mode', 'production', '--config', path.join(dir, 'vite.config.mjs')],
    {
      env: { NODE_ENV: 'production' },
    },
  );
  const out = path.join(interop, 'node_modules/.interop-builds', app);
  assert(existsSync(path.join(out, 'index.html')), `${app}: the build wrote no index.html in ${out}`);
  return out;
}

// ---------------------------------------------------------------------------------------------
// 5: static server + Chromium
// ---------------------------------------------------------------------------------------------
const TYPES = {
  '.html': 'text/html',
  '.js': 'text/javascript',
  '.mjs': 'text/javascript',
  '.css': 'text/css',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.wasm': 'application/wasm',
};
function serve(root) {
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    let file = path.normalize(path.join(root, decodeURIComponent(url.pathname)));
    if (!file.startsWith(root)) {
      res.writeHead(403).end();
      return;
    }
    if (existsSync(file) && statSync(file).isDirectory()) file = path.join(file, 'index.html');
    if (!existsSync(file)) {
      res.writeHead(404).end('not found');
      return;
    }
    res.writeHead(200, {
      'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream',
      'cache-control': 'no-store',
    });
    createReadStream(file).pipe(res);
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

/** Polls fn in the page until it returns a truthy value. */
async function until(page, fn, arg, what, timeout = 10_000) {
  try {
    return await (await page.waitForFunction(fn, arg, { timeout, polling: 50 })).jsonValue();
  } catch {
    throw new Error(`timed out after ${timeout} ms waiting for ${what}`);
  }
}
const readyCount = (page) => page.evaluate(() => window.__interopReady.length);

async function drive(browser, app, root) {
  const server = await serve(root);
  const { port } = server.address();
  const context = await browser.newContext();
  const page = await context.newPage();
  const problems = [];
  page.on('console', (m) => {
    if (m.type() === 'error')
      problems.push(`console.error: ${m.text()}${m.location().url ? ` (${m.location().url})` : ''}`);
  });
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  await page.addInitScript(() => {
    window.__interopReady = [];
    document.addEventListener('flex-ready', (e) => window.__interopReady.push(e.detail));
  });
  const name = (s) => `${app}: ${s}`;
  try {
    await page.goto(`http://127.0.0.1:${port}/`, { waitUntil: 'load' });

    await check(name('a. all 17 elements are defined after `import "flex-elements"`'), async () => {
      await until(page, () => !!customElements.get('flex-provider'), undefined, 'flex-provider to be defined');
      const missing = await page.evaluate((tags) => tags.filter((t) => !customElements.get(t)), TAGS);
      assert(missing.length === 0, `not defined: ${missing.join(', ')}`);
    });

    const readyOk = await check(
      name('b. flex-ready reaches the framework binding, detail rendered from state'),
      async () => {
        const text = await until(
          page,
          () => document.querySelector('[data-testid="ready"]')?.textContent?.trim() || '',
          undefined,
          'the app to render the flex-ready detail in [data-testid=ready]',
        );
        assert(text === 'ana@example.com', `rendered identity is "${text}"`);
        return `identity ${text}`;
      },
    );

    await check(name('c. inline appConfig set as a property; 3 re-renders, one flex-ready'), async () => {
      await until(page, () => window.__interopReady.length >= 1, undefined, 'flex-ready on the document');
      const initial = await page.evaluate(() => {
        const p = document.querySelector('flex-provider');
        return {
          config: JSON.stringify(p.appConfig),
          attrs: p.getAttributeNames().filter((a) => a.toLowerCase().replace(/-/g, '') === 'appconfig'),
        };
      });
      assert(
        initial.attrs.length === 0,
        `appConfig was set as an attribute (${initial.attrs.join(', ')}), not a property`,
      );
      assert(initial.config === JSON.stringify({ theme: { name: 'dark' } }), `provider.appConfig is ${initial.config}`);
      for (let i = 0; i < 3; i++) await page.getByRole('button', { name: 'Re-render', exact: true }).click();
      await until(
        page,
        () => document.querySelector('[data-testid="renders"]')?.textContent?.trim() === '3',
        undefined,
        'renders = 3',
      );
      await page.waitForTimeout(300);
      const n = await readyCount(page);
      assert(n === 1, `flex-ready fired ${n} times (a reconnect)`);
      const theme = await page.evaluate(() => document.documentElement.getAttribute('data-flex-theme'));
      assert(theme === 'dark', `data-flex-theme is ${theme}, expected dark from appConfig`);
    });

    let taskSid;
    await check(name('d. theme change with an accepted task keeps the task, activity and session'), async () => {
      assert(readyOk, 'the provider never became ready');
      taskSid = await page.evaluate(async () => {
        const p = document.querySelector('flex-provider');
        await p.ready;
        await p.actions.invoke('SetActivity', { activityName: 'Available' });
        return p.simulator.createTask({ channel: 'chat', customer: { name: 'Interop Customer' } });
      });
      const reservationSid = await until(
        page,
        (sid) => {
          const s = document.querySelector('flex-provider').store.getState();
          return Object.values(s.reservations).find((r) => r.taskSid === sid && r.status === 'pending')?.sid;
        },
        taskSid,
        `a pending reservation for ${taskSid}`,
      );
      // The person's click: the card's Accept (AcceptTask, then SelectTask), through the open shadow roots.
      await page
        .locator('flex-agent-desktop flex-incoming-task [part~="accept-button"]')
        .first()
        .click({ timeout: 5000 });
      const snapshot = (sid) => {
        const p = document.querySelector('flex-provider');
        const s = p.store.getState();
        const r = Object.values(s.reservations).find((x) => x.taskSid === sid);
        return {
          reservation: r?.status,
          task: s.tasks[sid]?.status,
          activity: s.workers[s.session.workerSid]?.activitySid,
          theme: document.documentElement.getAttribute('data-flex-theme'),
          connection: s.connection.status,
        };
      };
      await until(
        page,
        (sid) =>
          Object.values(document.querySelector('flex-provider').store.getState().reservations).some(
            (r) => r.taskSid === sid && r.status === 'accepted',
          ),
        taskSid,
        `reservation ${reservationSid} accepted`,
      );
      const before = await page.evaluate(snapshot, taskSid);
      await page.getByRole('button', { name: 'Toggle theme', exact: true }).click();
      try {
        await until(
          page,
          (t) => document.documentElement.getAttribute('data-flex-theme') !== t,
          before.theme,
          'data-flex-theme to change',
          5000,
        );
      } catch {
        /* reported below */
      }
      await page.waitForTimeout(300);
      const after = await page.evaluate(snapshot, taskSid);
      const n = await readyCount(page);
      assert(n === 1, `flex-ready fired ${n} times (a reconnect)`);
      assert(
        after.theme !== before.theme && after.theme === 'light',
        `data-flex-theme went ${before.theme} → ${after.theme}`,
      );
      assert(after.reservation === 'accepted', `reservation is ${after.reservation} after the theme change`);
      assert(
        after.task !== undefined && after.task === before.task,
        `task ${taskSid} is ${after.task} (was ${before.task})`,
      );
      assert(after.activity === before.activity, `activity ${before.activity} → ${after.activity}`);
      return `task ${taskSid} ${after.task}, theme ${before.theme} → ${after.theme}`;
    });

    await check(name('f. the accepted chat renders a defined <flex-chat> inside the agent desktop'), async () => {
      assert(taskSid, 'no accepted task (d failed)');
      const chat = page.locator('flex-agent-desktop flex-chat').first();
      await chat.waitFor({ state: 'attached', timeout: 10_000 });
      const info = await chat.evaluate((el) => {
        let root = el.getRootNode();
        let inDesktop = false;
        while (root instanceof ShadowRoot) {
          if (root.host.localName === 'flex-agent-desktop') inDesktop = true;
          root = root.host.getRootNode();
        }
        return {
          defined: el.matches(':defined'),
          rendered: !!el.shadowRoot && el.shadowRoot.childNodes.length > 0,
          inDesktop,
        };
      });
      assert(info.inDesktop, '<flex-chat> is not inside the agent desktop');
      assert(info.defined && info.rendered, `<flex-chat> defined=${info.defined} rendered=${info.rendered}`);
    });

    await check(name('e. unmount and remount leaves one live provider, ready again'), async () => {
      const toggle = page.getByRole('button', { name: 'Toggle provider', exact: true });
      await toggle.click();
      await until(
        page,
        () => document.querySelectorAll('flex-provider').length === 0,
        undefined,
        'the provider to be removed',
      );
      const before = await readyCount(page);
      await toggle.click();
      await until(
        page,
        () => document.querySelectorAll('flex-provider').length === 1,
        undefined,
        'the provider to come back',
      );
      await until(page, (n) => window.__interopReady.length > n, before, 'flex-ready after the remount');
      await until(
        page,
        () => document.querySelector('flex-provider').readyState === 'ready',
        undefined,
        'readyState ready',
      );
      await page.waitForTimeout(300);
      const count = await page.evaluate(() => document.querySelectorAll('flex-provider').length);
      assert(count === 1, `${count} <flex-provider> elements`);
      const rendered = await page.evaluate(() =>
        document.querySelector('[data-testid="ready"]')?.getAttribute('data-count'),
      );
      assert(rendered === '2', `the app's flex-ready handler ran ${rendered} times, expected 2`);
      const total = await readyCount(page);
      assert(total === before + 1, `flex-ready fired ${total - before} times after the remount`);
    });

    await check(name('g. no console errors or page errors'), async () => {
      assert(problems.length === 0, problems.slice(0, 5).join(' | '));
    });
  } finally {
    await context.close();
    server.close();
  }
}

// ---------------------------------------------------------------------------------------------
// 6: type checks
// ---------------------------------------------------------------------------------------------
// eslint-disable-next-line no-control-regex
const stripAnsi = (s) => s.replace(/\x1b\[[0-9;]*m/g, '');
/** {file, line} of every error in tsc / vue-tsc / ngc / svelte-check (machine) output. */
function errorsIn(out) {
  const errors = [];
  for (const line of stripAnsi(out).split('\n')) {
    let m = /^\d+ ERROR "([^"]+)" (\d+):(\d+) "(.*)"/.exec(line);
    if (m) {
      errors.push({ file: m[1], line: Number(m[2]), text: m[4] });
      continue;
    }
    m = /^(.+?\.(?:tsx?|vue|svelte|mts))(?:\((\d+),(\d+)\)|:(\d+):(\d+))\s*[:-]?\s*error\b(.*)$/.exec(line);
    if (m) errors.push({ file: m[1], line: Number(m[2] ?? m[4]), text: m[6].trim() });
  }
  return errors;
}
/** The line after the `interop-expect-error` marker. */
function expectedLine(file) {
  const lines = readFileSync(file, 'utf8').split('\n');
  const i = lines.findIndex((l) => l.includes('interop-expect-error'));
  assert(i >= 0, `${file} has no interop-expect-error marker`);
  return i + 2;
}
const TYPECHECK = {
  react: {
    tool: 'tsc',
    good: ['-p', 'react/tsconfig.json', '--pretty', 'false'],
    wrong: ['-p', 'react/tsconfig.wrong.json', '--pretty', 'false'],
    wrongFile: 'react/.typecheck/wrong.tsx',
  },
  vue: {
    tool: 'vue-tsc',
    good: ['-p', 'vue/tsconfig.json', '--noEmit', '--pretty', 'false'],
    wrong: ['-p', 'vue/tsconfig.wrong.json', '--noEmit', '--pretty', 'false'],
    wrongFile: 'vue/.typecheck/Wrong.vue',
  },
  svelte: {
    tool: 'svelte-check',
    good: [
      '--workspace',
      path.join(interop, 'svelte'),
      '--tsconfig',
      path.join(interop, 'svelte/tsconfig.json'),
      '--output',
      'machine',
      '--fail-on-warnings',
    ],
    wrong: [
      '--workspace',
      path.join(interop, 'svelte'),
      '--tsconfig',
      path.join(interop, 'svelte/tsconfig.wrong.json'),
      '--output',
      'machine',
    ],
    wrongFile: 'svelte/.typecheck/Wrong.svelte',
  },
  // The correct use is checked by the build's own ngc run (strictTemplates).
  angular: {
    tool: 'ngc',
    wrong: ['-p', 'angular/.typecheck/tsconfig.json'],
    wrongFile: 'angular/.typecheck/wrong.component.ts',
  },
};
async function typecheck(app) {
  const t = TYPECHECK[app];
  if (t.good) {
    await check(`${app}: types: ${t.tool} accepts the app's correct use of the elements`, async () => {
      const r = await run(bin(t.tool), t.good);
      const errors = errorsIn(r.out);
      assert(
        r.code === 0 && errors.length === 0,
        `${t.tool} exit ${r.code}:\n${stripAnsi(r.out).trim().split('\n').slice(0, 12).join('\n')}`,
      );
    });
  }
  await check(
    `${app}: types: ${t.tool} rejects ${path.basename(t.wrongFile)} (a wrong prop) at the marked line`,
    async () => {
      const line = expectedLine(path.join(interop, t.wrongFile));
      const r = await run(bin(t.tool), t.wrong);
      const errors = errorsIn(r.out);
      const base = path.basename(t.wrongFile);
      const onLine = errors.filter((e) => path.basename(e.file) === base && e.line === line);
      const elsewhere = errors.filter((e) => !(path.basename(e.file) === base && e.line === line));
      assert(r.code !== 0, `${t.tool} accepted the wrong prop (exit 0)`);
      assert(
        onLine.length > 0 && elsewhere.length === 0,
        `expected errors only at ${base}:${line}; got:\n${stripAnsi(r.out).trim().split('\n').slice(0, 12).join('\n')}`,
      );
      return onLine[0].text.slice(0, 140);
    },
  );
}

// ---------------------------------------------------------------------------------------------
// 7: main
// ---------------------------------------------------------------------------------------------
let browser;
try {
  await prepare();
  const builds = {};
  for (const app of apps) {
    const t0 = Date.now();
    await check(`${app}: production build from the tarball`, async () => {
      builds[app] = await buildApp(app);
      return `${((Date.now() - t0) / 1000).toFixed(1)} s`;
    });
  }
  console.log(`interop: built (${elapsed()})`);
  browser = await chromium.launch({ executablePath: findBrowser(), args: browserArgs, headless: true });
  for (const app of apps) {
    if (builds[app]) await drive(browser, app, builds[app]);
  }
  await browser.close();
  browser = undefined;
  console.log(`interop: driven in Chromium (${elapsed()})`);
  if (!skipTypes) for (const app of apps) await typecheck(app);
} catch (e) {
  record('interop setup', false, e instanceof Error ? e.message : String(e));
} finally {
  await browser?.close();
}
const failed = results.filter((r) => !r.ok).length;
console.log(`interop: took ${elapsed()}`);
console.log(`interop: ${results.length - failed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
