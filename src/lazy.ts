import { registerLocaleLoader } from './core/strings.js';
import { FlexErrorEvent } from './events.js';

/**
 * Loads an element's module the first time its tag appears: in the document, or in the shadow
 * root of another flex element. The CDN entry registers the elements an agent's first screen needs
 * and leaves the rest (supervisor views, admin, dialpad, chat…) to this, so the first paint waits
 * only for the entry. Once the page is ready, every remaining element is fetched while the browser
 * is idle, so a tag a CRM creates later is already defined.
 */
type Loader = () => Promise<unknown>;

const loaders = new Map<string, Loader>();
const loading = new Map<string, Promise<unknown>>();
let observer: MutationObserver | undefined;
let selector = '';

/**
 * Every element's module, in every build (npm and CDN): an element that renders another (the task
 * canvas renders a chat, the app renders the supervisor views) finds it here, so importing one
 * element's module is enough for everything it shows. A tag that is already defined costs nothing.
 */
const ELEMENT_MODULES: Readonly<Record<string, Loader>> = {
  'flex-provider': () => import('./components/provider/provider.js'),
  'flex-agent-desktop': () => import('./components/agent-desktop/agent-desktop.js'),
  'flex-activity-selector': () => import('./components/activity-selector/activity-selector.js'),
  'flex-incoming-task': () => import('./components/incoming-task/incoming-task.js'),
  'flex-task-list': () => import('./components/task-list/task-list.js'),
  'flex-task-canvas': () => import('./components/task-canvas/task-canvas.js'),
  'flex-wrapup': () => import('./components/wrapup/wrapup.js'),
  'flex-chat': () => import('./components/chat/chat.js'),
  'flex-callback': () => import('./components/callback/callback.js'),
  'flex-email': () => import('./components/email/email.js'),
  'flex-missed-callbacks': () => import('./components/callback/missed-callbacks.js'),
  'flex-call-controls': () => import('./components/call-controls/call-controls.js'),
  'flex-worker-directory': () => import('./components/worker-directory/worker-directory.js'),
  'flex-dialpad': () => import('./components/dialpad/dialpad.js'),
  'flex-new-message': () => import('./components/new-message/new-message.js'),
  'flex-voice-settings': () => import('./components/voice-settings/voice-settings.js'),
  'flex-teams-view': () => import('./components/teams-view/teams-view.js'),
  'flex-queue-stats': () => import('./components/queue-stats/queue-stats.js'),
  'flex-admin': () => import('./components/admin/admin.js'),
  'flex-insights': () => import('./components/insights/insights.js'),
  'flex-app': () => import('./components/app/app.js'),
  'flex-plugin-slot': () => import('./components/slot/slot.js'),
};
for (const [tag, loader] of Object.entries(ELEMENT_MODULES)) loaders.set(tag, loader);
refreshSelector();
registerLocaleLoader('es', () => import('./locales/es-MX.js'));

function refreshSelector(): void {
  selector = [...loaders.keys()].join(',');
}

/** Registers (or replaces) the module that defines `tag`, loaded on first sight of the tag. */
export function registerLazyElement(tag: string, loader: Loader): void {
  loaders.set(tag, loader);
  refreshSelector();
}

/** Loads the module that defines `tag` (once); resolves when the tag is defined. */
export function loadElement(tag: string): Promise<unknown> {
  const loader = loaders.get(tag);
  if (!loader || typeof customElements === 'undefined' || customElements.get(tag)) return Promise.resolve();
  let pending = loading.get(tag);
  if (!pending) {
    pending = loader().catch((cause: unknown) => {
      loading.delete(tag);
      reportFailure(tag, cause);
    });
    loading.set(tag, pending);
  }
  return pending;
}

/** Loads every registered element that is not defined yet. */
export function loadAllElements(): Promise<unknown> {
  return Promise.all([...loaders.keys()].map((tag) => loadElement(tag)));
}

/** Watches a document or shadow root for lazily loaded tags, and loads the ones already there. */
export function observeLazyElements(root: Document | ShadowRoot | Element): void {
  if (loaders.size === 0 || typeof MutationObserver === 'undefined') return;
  observer ??= new MutationObserver((records) => {
    for (const record of records) {
      for (const node of record.addedNodes) if (node.nodeType === 1) scan(node as Element);
    }
  });
  observer.observe(root, { childList: true, subtree: true });
  scan(root);
}

function scan(root: Document | ShadowRoot | Element): void {
  if (!selector) return;
  if ('localName' in root && loaders.has(root.localName)) void loadElement(root.localName);
  for (const element of root.querySelectorAll(selector)) void loadElement(element.localName);
}

/**
 * A chunk that fails to load (offline, a blocked CDN path) leaves its elements empty: say so in each
 * of them, and as a flex-error, rather than only in the console.
 */
function reportFailure(tag: string, cause: unknown): void {
  const message = `<${tag}> could not be loaded: ${cause instanceof Error ? cause.message : String(cause)}`;
  const detail = { code: 'element-load-failed', message, recoverable: true };
  const found = typeof document === 'undefined' ? [] : [...document.querySelectorAll(tag)];
  if (found.length === 0 && typeof document !== 'undefined') document.dispatchEvent(new FlexErrorEvent(detail));
  for (const element of found) {
    if (!element.hasChildNodes()) {
      const notice = document.createElement('p');
      notice.setAttribute('role', 'alert');
      notice.textContent = message;
      element.append(notice);
    }
    element.dispatchEvent(new FlexErrorEvent(detail));
  }
}

/** After the first flex-ready, fetch what is left while the browser is idle. */
export function prefetchWhenIdle(): void {
  if (typeof document === 'undefined') return;
  document.addEventListener(
    'flex-ready',
    () => {
      const idle = (globalThis as { requestIdleCallback?: (cb: () => void, o?: { timeout: number }) => void })
        .requestIdleCallback;
      if (idle) idle(() => void loadAllElements(), { timeout: 3000 });
      else setTimeout(() => void loadAllElements(), 1000);
    },
    { once: true },
  );
}
