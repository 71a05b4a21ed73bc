import type { Backend } from '../../backends/backend.js';
import { tabSharingSupported } from './leadership.js';
import { SharedBackend, type SoloReason } from './shared-backend.js';

export { tabSharingSupported } from './leadership.js';
export { SharedBackend, scopeName, type SoloReason, type TabRole, type TabStatus } from './shared-backend.js';

/** Scopes that a provider of this page shares: a second provider with the same scope runs on its own. */
const inUse = new Map<string, number>();

export interface ShareOptions {
  readonly backend: string;
  readonly identity: string;
  readonly role: string;
  /** Everything else that makes a session different (backend options, token URL, config URL). */
  readonly options: unknown;
  readonly enabled: boolean;
  readonly create: () => Promise<Backend>;
}

function stableJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : 1)))
      : v,
  );
}

/**
 * The backend a provider connects: one shared by every tab of this browser with the same backend,
 * identity, role and options (see SharedBackend), or its own when sharing is off, unsupported, or
 * the scope is taken on this page.
 */
export function shareBackend(options: ShareOptions): SharedBackend {
  const scope = stableJson([options.backend, options.identity, options.role, options.options ?? null]);
  let solo: SoloReason | undefined;
  if (!options.enabled) solo = 'off';
  else if (!tabSharingSupported()) solo = 'unsupported';
  else if (inUse.has(scope)) solo = 'page';
  const shared = new SharedBackend({ name: options.backend, scope, create: options.create, ...(solo ? { solo } : {}) });
  if (!solo) {
    inUse.set(scope, (inUse.get(scope) ?? 0) + 1);
    const disconnect = shared.disconnect.bind(shared);
    let released = false;
    shared.disconnect = () => {
      if (!released) {
        released = true;
        const count = (inUse.get(scope) ?? 1) - 1;
        if (count <= 0) inUse.delete(scope);
        else inUse.set(scope, count);
      }
      return disconnect();
    };
  }
  return shared;
}
