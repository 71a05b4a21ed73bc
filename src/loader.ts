/**
 * The CDN loader (`cdn/loader.js`, a classic script; `cdn/loader.mjs`, the same as a module): picks
 * the version this deployment runs and imports `cdn/<version>/flex-elements.js` from the same
 * folder. Tiny on purpose: it waits for nothing but `versions.json` (and the config-url, if given).
 *
 * ```html
 * <script src="https://cdn.example/flex-elements/loader.js" data-config-url="/flex/config"></script>
 * ```
 *
 * The version policy (`{mode: 'follow-minor' | 'pinned', pinned: '1.4'}`) comes from, first found:
 * `window.flexElementsConfig.version` (the page's appConfig) or `data-version="1.4"` /
 * `data-version="follow-minor"`; the `version` of the JSON at `data-config-url` (the service's
 * ui_attributes, which `<flex-admin>` writes through the companion server); without a config-url,
 * the choice an admin made in this browser; else follow the loader's own major. What was chosen,
 * and why, is in `window.flexElementsLoader`.
 */
import {
  chooseVersion,
  readVersionPolicy,
  VERSION_POLICY_STORAGE_KEY,
  type VersionChoice,
  type VersionPolicy,
  type VersionsManifest,
} from './core/version-policy.js';
import { VERSION } from './version.js';

export type PolicySource = 'appConfig' | 'service' | 'browser' | 'default';

/** `window.flexElementsLoader`: what the loader chose and why. */
export interface LoaderState {
  /** The loader's own version (its major is followed when nothing says otherwise). */
  loaderVersion: string;
  /** The CDN folder: `<base>versions.json`, `<base><version>/flex-elements.js`. */
  base: string;
  versionsUrl: string;
  policy: VersionPolicy;
  source: PolicySource;
  /** The version loaded (or being loaded). */
  version?: string;
  versions: VersionsManifest['versions'];
  error?: { code: string; message: string; available?: string[] };
  /** Resolves with this state once the library's entry has been imported (rejects if it cannot be). */
  ready: Promise<LoaderState>;
}

const url = import.meta.url;
const script = (document.currentScript as HTMLScriptElement | null) ?? [...document.scripts].find((s) => s.src === url);

function policyFromPage(): VersionPolicy | undefined {
  const config = (globalThis as { flexElementsConfig?: { version?: unknown } }).flexElementsConfig;
  if (config?.version !== undefined) return checked(config.version, 'window.flexElementsConfig.version');
  const attribute = script?.dataset['version'];
  if (!attribute) return undefined;
  return checked(attribute === 'follow-minor' ? { mode: attribute } : { mode: 'pinned', pinned: attribute }, 'data-version');
}

function checked(value: unknown, where: string): VersionPolicy | undefined {
  const { policy, problem } = readVersionPolicy(value);
  if (problem) console.error(`flex-elements loader: ${where}: ${problem}`);
  return policy;
}

async function json(href: string): Promise<unknown> {
  const response = await fetch(href, { cache: 'no-cache' });
  if (!response.ok) throw new Error(`HTTP ${response.status}`);
  return response.json();
}

/** Shows a problem where the panel would be (the tags stay undefined), and as `flex-error`. */
function report(state: LoaderState, error: NonNullable<LoaderState['error']>, fatal: boolean): void {
  state.error = error;
  console.error(`flex-elements loader: ${error.message}`);
  document.dispatchEvent(new CustomEvent('flex-error', { detail: { ...error, recoverable: !fatal } }));
  if (!fatal) return;
  const show = () => {
    const hosts = document.querySelectorAll('flex-provider');
    for (const host of hosts.length ? hosts : [document.body]) {
      const notice = document.createElement('p');
      notice.setAttribute('role', 'alert');
      notice.textContent = error.message;
      host.prepend(notice);
    }
  };
  if (document.body) show();
  else document.addEventListener('DOMContentLoaded', show, { once: true });
}

async function load(state: LoaderState): Promise<LoaderState> {
  const configUrl = script?.dataset['configUrl'];
  let policy = policyFromPage();
  if (policy) state.source = 'appConfig';
  else if (configUrl) {
    try {
      const config = (await json(new URL(configUrl, document.baseURI).href)) as { version?: unknown } | null;
      policy = config?.version === undefined ? undefined : checked(config.version, configUrl);
      if (policy) state.source = 'service';
    } catch (cause) {
      console.error(`flex-elements loader: ${configUrl}: ${String(cause)}`);
    }
  } else {
    try {
      const stored = localStorage.getItem(VERSION_POLICY_STORAGE_KEY);
      policy = stored ? checked(JSON.parse(stored), VERSION_POLICY_STORAGE_KEY) : undefined;
      if (policy) state.source = 'browser';
    } catch {
      // Storage blocked or unreadable: the default policy.
    }
  }
  if (policy) state.policy = policy;
  let choice: VersionChoice;
  try {
    const manifest = (await json(state.versionsUrl)) as VersionsManifest;
    state.versions = Array.isArray(manifest?.versions) ? manifest.versions : [];
    choice = chooseVersion({ versions: state.versions }, state.policy, Number(VERSION.split('.')[0]));
  } catch (cause) {
    choice = { error: { code: 'no-version', message: `${state.versionsUrl}: ${String(cause)}`, available: [] } };
  }
  state.version = choice.version;
  if (choice.error) report(state, choice.error, !choice.version);
  if (!choice.version) throw new Error(choice.error?.message);
  try {
    await import(/* @vite-ignore */ `${state.base}${choice.version}/flex-elements.js`);
  } catch (cause) {
    report(state, { code: 'element-load-failed', message: `flex-elements ${choice.version}: ${String(cause)}` }, true);
    throw cause;
  }
  return state;
}

const base = new URL('.', url).href;
const state = {
  loaderVersion: VERSION,
  base,
  versionsUrl: `${base}versions.json`,
  policy: { mode: 'follow-minor' },
  source: 'default',
  versions: [],
} as Omit<LoaderState, 'ready'> as LoaderState;
state.ready = load(state);
state.ready.catch(() => {});
(globalThis as { flexElementsLoader?: LoaderState }).flexElementsLoader = state;
