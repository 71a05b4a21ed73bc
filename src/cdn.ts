/**
 * The CDN entry (cdn/flex-elements.js and cdn/flex-elements.global.js). It registers every element:
 * the provider and the agent's first screen at once, and the rest on first sight of their tag
 * (see lazy.ts), so a page downloads only what it shows before its first paint. After flex-ready,
 * whatever is left is fetched while the browser is idle. The classic-script build inlines every
 * chunk, so there every element is defined at once.
 */
import { observeLazyElements, prefetchWhenIdle } from './lazy.js';

export * from './api.js';
export { loadElement, loadAllElements } from './lazy.js';

if (typeof document !== 'undefined') {
  observeLazyElements(document);
  prefetchWhenIdle();
}
