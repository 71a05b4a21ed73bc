// Prints the browser the tests would use, or exits 1 when there is none.
import { findBrowser } from './browser.mjs';

const path = findBrowser();
if (!path) process.exit(1);
console.log(path);
