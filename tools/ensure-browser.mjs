// `npm test` runs this before the browser tests: it finds Chromium or installs it, or stops with a
// message saying exactly what to install.
import { ensureBrowser } from './browser.mjs';

const path = ensureBrowser();
console.log(`Browser tests use ${path}`);
