import { FlexError } from './errors.js';
import { localStore } from './local-storage.js';

export type PluginStatus = 'loading' | 'ready' | 'failed' | 'disabled';

export interface PluginRecord {
  readonly url: string;
  readonly name: string;
  readonly status: PluginStatus;
  readonly error?: string;
  /** The `sha256-…`, `sha384-…` or `sha512-…` hash the module text must match, when given. */
  readonly integrity?: string;
}

export interface PluginLoadOptions {
  readonly name?: string;
  readonly integrity?: string;
}

/** What a plugin's `init(api)` receives; the contact center fills it in. */
export type PluginApi = Readonly<Record<string, unknown>>;

/** Where the list of disabled plugins is kept (localStorage by default). */
export interface PluginStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
}

const STORAGE_KEY = 'flex-elements.plugins.disabled';
const ALGORITHMS: Record<string, string> = { sha256: 'SHA-256', sha384: 'SHA-384', sha512: 'SHA-512' };

function defaultStorage(): PluginStorage | undefined {
  return localStore(); // undefined in a sandboxed iframe, which throws on access
}

function base64(bytes: ArrayBuffer): string {
  let binary = '';
  for (const byte of new Uint8Array(bytes)) binary += String.fromCharCode(byte);
  return btoa(binary);
}

/**
 * Loads plugins (ES modules exporting `init(api)`) in isolation: one that fails to load, fails its
 * integrity check, throws, or never finishes its init is marked failed with its error, and nothing
 * else is affected. Disabling a plugin is remembered (localStorage) and removes its slot content.
 */
export class Plugins {
  readonly #records = new Map<string, PluginRecord>();
  readonly #listeners = new Set<() => void>();
  readonly #storage: PluginStorage | undefined;

  constructor(
    private readonly api: (plugin: { name: string; url: string }) => PluginApi,
    private readonly timeout: number,
    private readonly onError: (error: FlexError) => void,
    private readonly onDisable: (plugin: { name: string; url: string }) => void = () => {},
    storage: PluginStorage | undefined = defaultStorage(),
  ) {
    this.#storage = storage;
  }

  get list(): readonly PluginRecord[] {
    return [...this.#records.values()];
  }

  /** Called whenever a plugin's status changes; returns an unsubscribe function. */
  subscribe(listener: () => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Whether a plugin (by url) was disabled by an admin; remembered across sessions. */
  isDisabled(url: string): boolean {
    return this.#disabled().includes(url);
  }

  /** Lists a plugin without loading it (a configured plugin that is disabled). */
  register(url: string, options: PluginLoadOptions = {}): void {
    this.#set({ url, name: this.#name(url, options), status: 'disabled', integrity: options.integrity });
  }

  /** Disables a plugin: remembered, its slot content removed; its action listeners go at the next load. */
  disable(url: string): void {
    const record = this.#records.get(url);
    this.#store([...new Set([...this.#disabled(), url])]);
    if (record) {
      this.onDisable({ name: record.name, url });
      this.#set({ ...record, status: 'disabled', error: undefined });
    }
  }

  /** Enables a disabled plugin and loads it; rejects with its error when it fails. */
  enable(url: string): Promise<void> {
    this.#store(this.#disabled().filter((u) => u !== url));
    const record = this.#records.get(url);
    return this.load(url, { name: record?.name, integrity: record?.integrity });
  }

  /** Loads one plugin; rejects with the plugin's error when it fails (the UI keeps working). */
  async load(url: string, options: PluginLoadOptions = {}): Promise<void> {
    const name = this.#name(url, options);
    const integrity = options.integrity;
    this.#set({ url, name, status: 'loading', integrity });
    try {
      const module = await this.#import(url, name, integrity);
      const init = module.init ?? module.default?.init;
      if (typeof init !== 'function') {
        throw new FlexError('plugin-invalid', `The plugin "${name}" does not export an init(api) function.`);
      }
      let timer: ReturnType<typeof setTimeout> | undefined;
      const timedOut = new Promise<never>((_, reject) => {
        timer = setTimeout(
          () => reject(new FlexError('plugin-timeout', `The plugin "${name}" did not finish init within ${this.timeout} ms.`)),
          this.timeout,
        );
      });
      try {
        await Promise.race([Promise.resolve().then(() => (init as (api: unknown) => unknown)(this.api({ name, url }))), timedOut]);
      } finally {
        clearTimeout(timer);
      }
      this.#set({ url, name, status: 'ready', integrity });
    } catch (cause) {
      const error =
        cause instanceof FlexError
          ? cause
          : new FlexError('plugin-failed', `The plugin "${name}" failed: ${cause instanceof Error ? cause.message : String(cause)}`, true, {
              cause,
            });
      // Whatever it put in slots before failing goes with it.
      this.onDisable({ name, url });
      this.#set({ url, name, status: 'failed', error: error.message, integrity });
      this.onError(error);
      throw error;
    }
  }

  async #import(given: string, name: string, integrity: string | undefined): Promise<{ init?: unknown; default?: { init?: unknown } }> {
    // Relative to the page, not to this module.
    const base = globalThis.document?.baseURI ?? globalThis.location?.href;
    let url = given;
    try {
      if (base) url = new URL(given, base).href;
    } catch {
      // Not a URL we can resolve: import() reports it.
    }
    if (!integrity) {
      try {
        return (await import(/* @vite-ignore */ url)) as { init?: unknown };
      } catch (cause) {
        throw new FlexError('plugin-load-failed', `The plugin "${name}" could not be loaded from ${url}: ${cause instanceof Error ? cause.message : String(cause)}`, true, { cause });
      }
    }
    const match = /^(sha256|sha384|sha512)-([A-Za-z0-9+/=]+)$/.exec(integrity.trim());
    if (!match) {
      throw new FlexError('plugin-integrity', `The plugin "${name}" has an integrity value that is not sha256-, sha384- or sha512- followed by base64.`);
    }
    let text: string;
    try {
      const response = await fetch(url, { credentials: 'same-origin' });
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      text = await response.text();
    } catch (cause) {
      throw new FlexError('plugin-load-failed', `The plugin "${name}" could not be loaded from ${url}: ${cause instanceof Error ? cause.message : String(cause)}`, true, { cause });
    }
    const digest = base64(await crypto.subtle.digest(ALGORITHMS[match[1]], new TextEncoder().encode(text)));
    if (digest !== match[2]) {
      throw new FlexError(
        'plugin-integrity',
        `The plugin "${name}" failed its integrity check: expected ${match[1]}-${match[2]}, got ${match[1]}-${digest}. It was not run.`,
      );
    }
    // Import exactly the bytes that were verified. (Relative imports inside it cannot resolve.)
    const blobUrl = URL.createObjectURL(new Blob([text], { type: 'text/javascript' }));
    // A page whose script-src does not allow blob: blocks this import; the browser says so only in
    // a securitypolicyviolation event, so listen for one and name the cause.
    let blocked = false;
    const onViolation = (event: Event) => {
      const uri = (event as SecurityPolicyViolationEvent).blockedURI ?? '';
      if (uri === 'blob' || uri.startsWith('blob:')) blocked = true;
    };
    const doc = globalThis.document;
    doc?.addEventListener('securitypolicyviolation', onViolation);
    try {
      return (await import(/* @vite-ignore */ blobUrl)) as { init?: unknown };
    } catch (cause) {
      // The event is dispatched in a task of its own, which may come after the rejection.
      if (!blocked && doc) await new Promise((resolve) => setTimeout(resolve, 50));
      if (blocked) {
        throw new FlexError(
          'plugin-csp',
          `The plugin "${name}" was blocked by the page's Content-Security-Policy (script-src must allow blob: for integrity-checked plugins, or load the plugin without integrity).`,
          true,
          { cause },
        );
      }
      throw cause;
    } finally {
      doc?.removeEventListener('securitypolicyviolation', onViolation);
      URL.revokeObjectURL(blobUrl);
    }
  }

  #name(url: string, options: PluginLoadOptions): string {
    return options.name ?? this.#records.get(url)?.name ?? url.split('/').pop() ?? url;
  }

  #disabled(): string[] {
    try {
      const parsed: unknown = JSON.parse(this.#storage?.getItem(STORAGE_KEY) ?? '[]');
      return Array.isArray(parsed) ? parsed.filter((u): u is string => typeof u === 'string') : [];
    } catch {
      return [];
    }
  }

  #store(urls: string[]): void {
    try {
      this.#storage?.setItem(STORAGE_KEY, JSON.stringify(urls));
    } catch {
      // Storage full or blocked: the change holds for this session only.
    }
  }

  #set(record: PluginRecord): void {
    this.#records.set(record.url, record);
    for (const listener of [...this.#listeners]) listener();
  }
}
