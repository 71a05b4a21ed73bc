import { oneOf, sid } from './action-payloads.js';
import type { Actions } from './actions.js';
import { FlexError } from './errors.js';
import { readItem, writeItem } from './local-storage.js';
import { readVersionPolicy, VERSION_POLICY_STORAGE_KEY, type VersionPolicy } from './version-policy.js';

/** Where an admin's version choice is kept: read by `cdn/loader.js` on the next page load. */
export interface VersionPolicyStore {
  /** `browser` (this browser's storage) or `service` (the service configuration, through a server). */
  readonly where: 'browser' | 'service';
  /** The stored choice, if any. */
  read(): Promise<VersionPolicy | undefined>;
  save(policy: VersionPolicy): Promise<void>;
}

/** The choice kept in this browser, if any (what `cdn/loader.js` reads without a config-url). */
export function readStoredVersionPolicy(): VersionPolicy | undefined {
  const raw = readItem(VERSION_POLICY_STORAGE_KEY);
  if (!raw) return undefined;
  try {
    return readVersionPolicy(JSON.parse(raw)).policy;
  } catch {
    return undefined;
  }
}

/** The choice kept in this browser (the simulator, or a page without a configuration server). */
export const browserVersionStore: VersionPolicyStore = {
  where: 'browser',
  read: () => Promise.resolve(readStoredVersionPolicy()),
  save: (policy) => {
    if (!writeItem(VERSION_POLICY_STORAGE_KEY, JSON.stringify(policy))) {
      return Promise.reject(new FlexError('storage-unavailable', 'This browser does not let the page store the version choice (storage is blocked or full).'));
    }
    return Promise.resolve();
  },
};

/**
 * The choice written to the service configuration through the companion server
 * (`PUT {serverUrl}/config/version`, admins only there too), for pages whose config-url is the
 * server's `GET /config/ui-attributes`: every browser's next page load runs it.
 */
export function serverVersionStore(serverUrl: string, token: () => Promise<string>, doFetch: typeof fetch = (...args) => fetch(...args)): VersionPolicyStore {
  const endpoint = (path: string) => new URL(path, serverUrl.endsWith('/') ? serverUrl : `${serverUrl}/`).href;
  return {
    where: 'service',
    async read() {
      const response = await doFetch(endpoint('config/ui-attributes'), { credentials: 'include' });
      if (!response.ok) return undefined;
      const body = (await response.json()) as { version?: unknown } | null;
      return readVersionPolicy(body?.version).policy;
    },
    async save(policy) {
      let response: Response;
      try {
        response = await doFetch(endpoint('config/version'), {
          method: 'PUT',
          headers: { Authorization: `Bearer ${await token()}`, 'Content-Type': 'application/json' },
          body: JSON.stringify(policy),
        });
      } catch (cause) {
        throw new FlexError('server-unreachable', `The companion server at ${serverUrl} did not answer: ${(cause as Error).message}`, true, { cause });
      }
      if (response.ok) return;
      const problem = (await response.json().catch(() => ({}))) as { code?: string; message?: string };
      throw new FlexError(problem.code ?? 'server-error', `The version could not be saved: ${problem.message ?? `HTTP ${response.status}`}`, true);
    },
  };
}

/**
 * `SetVersionPolicy {mode: 'follow-minor' | 'pinned', pinned?}` (admins only): keeps the choice
 * where the loader reads it, so the next page load runs that version. Resolves with
 * `{policy, where}`.
 */
const SET_VERSION_POLICY = { mode: oneOf('follow-minor', 'pinned').required, pinned: sid.optional };

declare module './action-payloads.js' {
  interface FlexActions {
    SetVersionPolicy: VersionPolicy;
  }
}

export function registerVersionActions(actions: Actions, store: () => VersionPolicyStore): void {
  actions.register('SetVersionPolicy', {
    roles: ['admin'],
    payload: SET_VERSION_POLICY,
    run: async (payload: unknown) => {
      const { policy, problem } = readVersionPolicy(payload);
      if (!policy) throw new FlexError('invalid-payload', `SetVersionPolicy: ${problem ?? 'needs {mode, pinned?}'}.`);
      const target = store();
      await target.save(policy);
      return { policy, where: target.where };
    },
  });
}
