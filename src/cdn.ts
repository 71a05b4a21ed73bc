/**
 * The CDN entry (cdn/flex-elements.js and cdn/flex-elements.global.js). It registers every element:
 * the provider and the agent's first screen at once, and the rest on first sight of their tag
 * (see lazy.ts), so a page downloads only what it shows before its first paint. After flex-ready,
 * whatever is left is fetched while the browser is idle. The classic-script build inlines every
 * chunk, so there every element is defined at once.
 */
import { observeLazyElements, prefetchWhenIdle, registerLazyElement } from './lazy.js';
import { registerLocaleLoader } from './core/strings.js';

export * from './api.js';
export { loadElement, loadAllElements } from './lazy.js';

registerLazyElement('flex-chat', () => import('./components/chat/chat.js'));
registerLazyElement('flex-call-controls', () => import('./components/call-controls/call-controls.js'));
registerLazyElement('flex-worker-directory', () => import('./components/worker-directory/worker-directory.js'));
registerLazyElement('flex-dialpad', () => import('./components/dialpad/dialpad.js'));
registerLazyElement('flex-voice-settings', () => import('./components/voice-settings/voice-settings.js'));
registerLazyElement('flex-teams-view', () => import('./components/teams-view/teams-view.js'));
registerLazyElement('flex-queue-stats', () => import('./components/queue-stats/queue-stats.js'));
registerLazyElement('flex-admin', () => import('./components/admin/admin.js'));
registerLazyElement('flex-app', () => import('./components/app/app.js'));
registerLocaleLoader('es', () => import('./locales/es-MX.js'));

if (typeof document !== 'undefined') {
  observeLazyElements(document);
  prefetchWhenIdle();
}
