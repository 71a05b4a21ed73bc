// Finds the Chrome or Chromium that browser tests and benchmarks drive (through playwright-core's
// executablePath: nothing here ever downloads a browser of its own).
import { existsSync } from 'node:fs';
import { execFileSync } from 'node:child_process';

const CANDIDATES = [
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome',
  '/usr/bin/google-chrome-stable',
  '/snap/bin/chromium',
  '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
  '/Applications/Chromium.app/Contents/MacOS/Chromium',
];

/** The browser to use: $CHROME_PATH (or $FLEX_BROWSER), else the first installed candidate. */
export function findBrowser() {
  const fromEnv = process.env.CHROME_PATH || process.env.FLEX_BROWSER;
  if (fromEnv) return existsSync(fromEnv) ? fromEnv : undefined;
  return CANDIDATES.find((path) => existsSync(path));
}

/** Chromium flags for running headless as root in a sandboxless container, with fake media. */
export const browserArgs = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--use-fake-ui-for-media-stream',
  '--use-fake-device-for-media-stream',
  '--autoplay-policy=no-user-gesture-required',
];

function canApt() {
  try {
    execFileSync('apt-get', ['--version'], { stdio: 'ignore' });
    return typeof process.getuid === 'function' && process.getuid() === 0;
  } catch {
    return false;
  }
}

/** Returns a browser path, installing Debian's chromium when none is present and apt-get can. */
export function ensureBrowser() {
  const found = findBrowser();
  if (found) return found;
  if (process.env.CHROME_PATH || process.env.FLEX_BROWSER) {
    console.error(`The browser named by CHROME_PATH/FLEX_BROWSER does not exist: ${process.env.CHROME_PATH || process.env.FLEX_BROWSER}`);
    process.exit(1);
  }
  if (canApt()) {
    console.log('No Chrome or Chromium found: installing Debian\'s "chromium" package with apt-get (needed for the browser tests)…');
    execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit' });
    execFileSync('apt-get', ['install', '-y', '-qq', 'chromium'], {
      stdio: 'inherit',
      env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
    });
    const installed = findBrowser();
    if (installed) return installed;
  }
  console.error(
    [
      'No Chrome or Chromium was found, and it could not be installed automatically.',
      'Install one, then run the tests again:',
      '  Debian/Ubuntu:  sudo apt-get install chromium',
      '  macOS:          install Google Chrome from google.com/chrome',
      'or point CHROME_PATH at an existing Chrome/Chromium binary.',
    ].join('\n'),
  );
  process.exit(1);
}
