import { ContextConsumer } from '@lit/context';
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { ContactCenter } from '../core/contact-center.js';
import type { Equality, FlexState, Selector } from '../core/store.js';
import { contactCenterContext } from './keys.js';
import { majorOf } from '../components/define.js';
import { VERSION } from '../version.js';
import { FlexErrorEvent } from '../events.js';

type Host = ReactiveControllerHost & HTMLElement;

/**
 * Finds the host's contact center (its nearest provider, or the page's) and keeps it current.
 * Works for elements outside any provider and for elements that upgrade before their provider.
 */
export class ContactCenterController implements ReactiveController {
  readonly #consumer: ContextConsumer<typeof contactCenterContext, Host>;
  readonly #listeners = new Set<(cc: ContactCenter | undefined) => void>();
  readonly #host: Host;
  #current: ContactCenter | undefined;
  #mismatch: string | undefined;
  #unwatchConfig: (() => void) | undefined;

  constructor(host: Host) {
    this.#host = host;
    this.#consumer = new ContextConsumer(host, {
      context: contactCenterContext,
      subscribe: true,
      callback: (value) => this.#set(value),
    });
    host.addController(this);
  }

  /** The bound contact center, or undefined while there is no provider. */
  get value(): ContactCenter | undefined {
    return this.#current;
  }

  /**
   * The version of a provider this element refused to bind to (another copy of the library with a
   * different major version), or undefined.
   */
  get refusedVersion(): string | undefined {
    return this.#mismatch;
  }

  /** Called with each new contact center (and undefined when it goes); returns an unsubscribe. */
  onChange(listener: (cc: ContactCenter | undefined) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  hostConnected(): void {
    // ContextConsumer asks for the context when the host connects.
    this.#watchConfig();
  }

  hostDisconnected(): void {
    // ContextConsumer unsubscribes on its own; keep the value so a quick re-attach is seamless.
    void this.#consumer;
    this.#unwatchConfig?.();
    this.#unwatchConfig = undefined;
  }

  #set(value: ContactCenter | undefined): void {
    // A contact center of another major version (a second copy of the library) is not compatible.
    const theirs = (value as { libraryVersion?: string } | undefined)?.libraryVersion;
    const refused = value && majorOf(theirs) !== majorOf(VERSION) ? (theirs ?? 'unknown') : undefined;
    if (refused !== this.#mismatch) {
      this.#mismatch = refused;
      this.#host.requestUpdate();
      if (refused) {
        this.#host.dispatchEvent(
          new FlexErrorEvent({
            code: 'version-mismatch',
            message: `<${this.#host.localName}> (flex-elements ${VERSION}) cannot bind to a <flex-provider> of flex-elements ${refused}: a different major version.`,
            recoverable: false,
          }),
        );
      }
    }
    if (refused) value = undefined;
    if (value === this.#current) return;
    this.#current = value;
    this.#watchConfig();
    for (const listener of this.#listeners) listener(value);
  }

  /** A configuration applied live (a new theme, strings, options) re-renders the host. */
  #watchConfig(): void {
    this.#unwatchConfig?.();
    this.#unwatchConfig = undefined;
    if (!this.#current || !this.#host.isConnected) return;
    this.#unwatchConfig = this.#current.onConfigChange(() => this.#host.requestUpdate());
  }
}

/**
 * Selects a slice of the store and re-renders the host only when that slice changes, at most once
 * per frame. `value` is the current slice (or `fallback` while no contact center is bound).
 *
 * A selector that also reads host properties (`this.taskSid`…) names them in `deps`: when any of
 * them changed since the last selection, reading `value` re-runs the selector on the current state
 * (so `willUpdate` and `render` see the new slice without waiting for the next store change).
 */
export class StoreController<T> implements ReactiveController {
  #value: T;
  readonly #host: Host;
  readonly #selector: Selector<T>;
  readonly #equals: Equality<T> | undefined;
  readonly #fallback: T;
  readonly #deps: (() => readonly unknown[]) | undefined;
  #lastDeps: readonly unknown[] | undefined;
  readonly #center: ContactCenterController;
  #unsubscribe: (() => void) | undefined;
  #connected = false;

  constructor(
    host: Host,
    center: ContactCenterController,
    selector: Selector<T>,
    options: { equals?: Equality<T>; fallback: T; deps?: () => readonly unknown[] },
  ) {
    this.#host = host;
    this.#center = center;
    this.#selector = selector;
    this.#equals = options.equals;
    this.#fallback = options.fallback;
    this.#deps = options.deps;
    this.#value = options.fallback;
    center.onChange(() => this.#bind());
    host.addController(this);
  }

  /** The current slice; re-selected first when one of `deps` changed. */
  get value(): T {
    if (this.#deps) this.#reselectIfDepsChanged();
    return this.#value;
  }

  set value(value: T) {
    this.#value = value;
  }

  hostConnected(): void {
    this.#connected = true;
    this.#bind();
  }

  hostDisconnected(): void {
    this.#connected = false;
    this.#unsubscribe?.();
    this.#unsubscribe = undefined;
  }

  #bind(): void {
    this.#unsubscribe?.();
    this.#unsubscribe = undefined;
    const cc = this.#center.value;
    if (!cc || !this.#connected) {
      if (!cc) this.#update(this.#fallback);
      return;
    }
    this.#lastDeps = this.#deps?.();
    this.#update(this.#selector(cc.store.getState()));
    this.#unsubscribe = cc.store.subscribe(this.#selector, (value) => this.#update(value), this.#equals);
  }

  #same(a: T, b: T): boolean {
    return this.#equals ? this.#equals(a, b) : Object.is(a, b);
  }

  #update(value: T): void {
    if (this.#same(value, this.#value)) return;
    this.#value = value;
    this.#host.requestUpdate();
  }

  /** Read during the host's update (the deps are its properties), so no further update is requested. */
  #reselectIfDepsChanged(): void {
    const deps = this.#deps!();
    const last = this.#lastDeps;
    if (last && last.length === deps.length && deps.every((dep, i) => Object.is(dep, last[i]))) return;
    this.#lastDeps = deps;
    const cc = this.#center.value;
    if (!cc) return;
    const value = this.#selector(cc.store.getState());
    if (!this.#same(value, this.#value)) this.#value = value;
  }
}

export type { FlexState };
