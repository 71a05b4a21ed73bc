/**
 * `cdn/loader.mjs`: the loader as an ES module (`<script type="module" src=".../loader.mjs">`, or
 * `import {ready} from '.../loader.mjs'`). Same behaviour as `cdn/loader.js`; see loader.ts.
 */
import './loader.js';
import type { LoaderState } from './loader.js';

/** Resolves with the loader's state once the chosen version's entry is imported. */
export const ready: Promise<LoaderState> = (globalThis as unknown as { flexElementsLoader: LoaderState }).flexElementsLoader.ready;
