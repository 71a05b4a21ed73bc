import { ContextConsumer } from '@lit/context';
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { ContactCenter } from '../core/contact-center.js';
import type { Equality, FlexState, Selector } from '../core/store.js';
import { contactCenterContext } from './keys.js';

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
 */
export class StoreController<T> implements ReactiveController {
  value: T;
  readonly #host: Host;
  readonly #selector: Selector<T>;
  readonly #equals: Equality<T> | undefined;
  readonly #fallback: T;
  readonly #center: ContactCenterController;
  #unsubscribe: (() => void) | undefined;
  #connected = false;

  constructor(
    host: Host,
    center: ContactCenterController,
    selector: Selector<T>,
    options: { equals?: Equality<T>; fallback: T },
  ) {
    this.#host = host;
    this.#center = center;
    this.#selector = selector;
    this.#equals = options.equals;
    this.#fallback = options.fallback;
    this.value = options.fallback;
    center.onChange(() => this.#bind());
    host.addController(this);
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
    this.#update(this.#selector(cc.store.getState()));
    this.#unsubscribe = cc.store.subscribe(this.#selector, (value) => this.#update(value), this.#equals);
  }

  #update(value: T): void {
    if (this.#equals ? this.#equals(value, this.value) : Object.is(value, this.value)) return;
    this.value = value;
    this.#host.requestUpdate();
  }
}

export type { FlexState };
