import { FlexError } from './errors.js';

export type PluginStatus = 'loading' | 'ready' | 'failed' | 'disabled';

export interface PluginRecord {
  readonly url: string;
  readonly name: string;
  readonly status: PluginStatus;
  readonly error?: string;
}

/** What a plugin's `init(api)` receives; the contact center fills it in. */
export type PluginApi = Readonly<Record<string, unknown>>;

/**
 * Loads plugins (ES modules exporting `init(api)`) in isolation: one that fails to load, throws, or
 * never finishes its init is marked failed with its error, and nothing else is affected.
 */
export class Plugins {
  readonly #records = new Map<string, PluginRecord>();
  readonly #listeners = new Set<() => void>();

  constructor(
    private readonly api: () => PluginApi,
    private readonly timeout: number,
    private readonly onError: (error: FlexError) => void,
  ) {}

  get list(): readonly PluginRecord[] {
    return [...this.#records.values()];
  }

  /** Called whenever a plugin's status changes; returns an unsubscribe function. */
  subscribe(listener: () => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Loads one plugin; rejects with the plugin's error when it fails (the UI keeps working). */
  async load(url: string, options: { name?: string } = {}): Promise<void> {
    const name = options.name ?? url.split('/').pop() ?? url;
    this.#set({ url, name, status: 'loading' });
    try {
      const module = (await import(/* @vite-ignore */ url)) as { init?: unknown; default?: { init?: unknown } };
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
        await Promise.race([Promise.resolve().then(() => init(this.api())), timedOut]);
      } finally {
        clearTimeout(timer);
      }
      this.#set({ url, name, status: 'ready' });
    } catch (cause) {
      const error =
        cause instanceof FlexError
          ? cause
          : new FlexError('plugin-failed', `The plugin "${name}" failed: ${cause instanceof Error ? cause.message : String(cause)}`, true, {
              cause,
            });
      this.#set({ url, name, status: 'failed', error: error.message });
      this.onError(error);
      throw error;
    }
  }

  #set(record: PluginRecord): void {
    this.#records.set(record.url, record);
    for (const listener of this.#listeners) listener();
  }
}
