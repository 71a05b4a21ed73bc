import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { compareVersions, type PublishedVersion, type VersionPolicy } from '../core/version-policy.js';
import type { LoaderState, PolicySource } from '../loader.js';

export interface VersionsView {
  /** The policy in force and where it came from (`default` when nothing chose one). */
  policy: VersionPolicy;
  source: PolicySource;
  /** Published versions, newest first; empty while loading or when unknown. */
  versions: PublishedVersion[];
  /** True when the page was started by cdn/loader.js (so a saved choice changes the next load). */
  viaLoader: boolean;
  loading: boolean;
  /** Why the list could not be read, or the loader's problem with the policy. */
  problem?: string;
}

/** The loader's state on this page, if the page was started by cdn/loader.js. */
export function loaderState(): LoaderState | undefined {
  return (globalThis as { flexElementsLoader?: LoaderState }).flexElementsLoader;
}

/** Minors of the published versions, newest first, each with its newest patch. */
export function minorsOf(versions: readonly PublishedVersion[]): { minor: string; newest: PublishedVersion }[] {
  const sorted = [...versions].sort((a, b) => compareVersions(b.version, a.version));
  const seen = new Map<string, PublishedVersion>();
  for (const entry of sorted) {
    const minor = entry.version.split('.').slice(0, 2).join('.');
    if (!seen.has(minor)) seen.set(minor, entry);
  }
  return [...seen].map(([minor, newest]) => ({ minor, newest }));
}

/**
 * What `<flex-admin>`'s Version section shows: the loader's choice on this page (or the stored and
 * configured policy when there is no loader) and the published versions from `versions.json`.
 */
export class VersionsController implements ReactiveController {
  readonly #host: ReactiveControllerHost;
  readonly #url: () => string | undefined;
  readonly #fallbackPolicy: () => { policy?: VersionPolicy; source: PolicySource };
  #view: VersionsView = { policy: { mode: 'follow-minor' }, source: 'default', versions: [], viaLoader: false, loading: false };
  #loadedFrom: string | undefined;
  #abort: AbortController | undefined;

  constructor(
    host: ReactiveControllerHost,
    url: () => string | undefined,
    fallbackPolicy: () => { policy?: VersionPolicy; source: PolicySource },
  ) {
    this.#host = host;
    this.#url = url;
    this.#fallbackPolicy = fallbackPolicy;
    host.addController(this);
  }

  get value(): VersionsView {
    const loader = loaderState();
    if (loader) {
      return {
        ...this.#view,
        policy: loader.policy,
        source: loader.source,
        versions: loader.versions.length ? loader.versions : this.#view.versions,
        viaLoader: true,
        problem: loader.error?.message ?? this.#view.problem,
      };
    }
    const { policy, source } = this.#fallbackPolicy();
    return { ...this.#view, policy: policy ?? { mode: 'follow-minor' }, source };
  }

  /** After a save: the policy the next page load will use. */
  noteSaved(policy: VersionPolicy, source: PolicySource): void {
    const loader = loaderState();
    if (loader) {
      loader.policy = policy;
      loader.source = source;
    }
    this.#host.requestUpdate();
  }

  hostConnected(): void {
    this.refresh();
  }

  hostDisconnected(): void {
    this.#abort?.abort();
    this.#abort = undefined;
    this.#loadedFrom = undefined;
  }

  /** Loads versions.json from the loader's folder or the given URL (once per URL). */
  refresh(): void {
    const loader = loaderState();
    const url = this.#url() ?? loader?.versionsUrl;
    if (!url || url === this.#loadedFrom || (loader && loader.versions.length && !this.#url())) return;
    this.#loadedFrom = url;
    this.#abort?.abort();
    const abort = (this.#abort = new AbortController());
    this.#view = { ...this.#view, loading: true, problem: undefined };
    this.#host.requestUpdate();
    fetch(url, { cache: 'no-cache', signal: abort.signal })
      .then(async (response) => {
        if (!response.ok) throw new Error(`HTTP ${response.status}`);
        const body = (await response.json()) as { versions?: unknown };
        if (!Array.isArray(body?.versions)) throw new Error('it has no "versions" list');
        const versions = (body.versions as PublishedVersion[]).filter((v) => typeof v?.version === 'string');
        this.#view = { ...this.#view, versions, loading: false };
      })
      .catch((cause: unknown) => {
        if (abort.signal.aborted) return;
        this.#view = { ...this.#view, loading: false, problem: `${url} could not be read (${cause instanceof Error ? cause.message : String(cause)}).` };
      })
      .finally(() => this.#host.requestUpdate());
  }
}

