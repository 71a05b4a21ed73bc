import { ContextEvent as ContextRequestEvent, type ContextCallback } from '@lit/context';
import type { ContactCenter } from '../core/contact-center.js';
import { contactCenterContext } from './keys.js';

/** A provider as the root sees it: its element and the value notifier that answers requests. */
export interface RootProvider {
  readonly host: Element;
  readonly notifier: {
    addCallback(callback: ContextCallback<ContactCenter | undefined>, consumer: Element, subscribe?: boolean): void;
  };
}

interface Root {
  readonly providers: RootProvider[];
  /** Subscribing requests nobody answered yet, replayed when a provider arrives. */
  readonly pending: Map<ContextCallback<ContactCenter | undefined>, WeakRef<Element>>;
}

const ROOT = Symbol.for('flex-elements.context-root');

/**
 * The page-level answer for elements that are not inside any provider: a CRM puts the dialpad in
 * its header and the agent desktop in a sidebar, and both bind to the page's first provider.
 * Requests made before any provider exists are kept and replayed when one connects. The root is
 * shared through a global symbol, so two copies of the library keep one list.
 */
function root(): Root {
  const holder = globalThis as typeof globalThis & { [ROOT]?: Root };
  if (!holder[ROOT]) {
    const created: Root = { providers: [], pending: new Map() };
    holder[ROOT] = created;
    if (typeof document !== 'undefined') {
      document.addEventListener('context-request', (event) => onRequest(created, event as ContextRequestEvent<never>));
    }
  }
  return holder[ROOT];
}

function onRequest(state: Root, event: ContextRequestEvent<typeof contactCenterContext>): void {
  if (event.context !== contactCenterContext) return;
  const consumer = (event.contextTarget ?? event.composedPath()[0]);
  const provider = state.providers.find((p) => p.host.isConnected && p.host !== consumer);
  if (provider) {
    event.stopImmediatePropagation();
    provider.notifier.addCallback(event.callback, consumer, event.subscribe);
  } else if (event.subscribe) {
    state.pending.set(event.callback, new WeakRef(consumer));
  }
}

/** Adds a provider; requests that waited for one are asked again, so they find their nearest. */
export function registerProvider(provider: RootProvider): void {
  const state = root();
  if (!state.providers.includes(provider)) state.providers.push(provider);
  const waiting = [...state.pending];
  state.pending.clear();
  for (const [callback, ref] of waiting) {
    const consumer = ref.deref();
    if (consumer?.isConnected) {
      consumer.dispatchEvent(new ContextRequestEvent(contactCenterContext, consumer, callback, true));
    }
  }
}

export function unregisterProvider(provider: RootProvider): void {
  const state = root();
  const index = state.providers.indexOf(provider);
  if (index >= 0) state.providers.splice(index, 1);
}

/** Consumers that lost their provider ask again: they find another one, or wait for one. */
export function rehome(consumers: Iterable<[ContextCallback<ContactCenter | undefined>, Element]>): void {
  for (const [callback, consumer] of consumers) {
    if (consumer.isConnected) {
      consumer.dispatchEvent(new ContextRequestEvent(contactCenterContext, consumer, callback, true));
    } else {
      root().pending.set(callback, new WeakRef(consumer));
    }
  }
}

// Install the document listener as soon as the library loads, before any element asks.
root();
