import { FlexError } from './errors.js';
import type { Role } from './model.js';

/** Calls the current implementation of an action (the original, or the previous replacement). */
export type ActionImplementation<P = any, R = unknown> = (payload: P) => Promise<R> | R;

/**
 * A before-listener sees the payload first. It may return a new payload (or change the one it
 * got), or call `abort(reason)` to stop the action: `invoke` then rejects with code `aborted`.
 */
export type BeforeListener<P = any> = (payload: P, abort: (reason?: string) => never) => P | void | Promise<P | void>;

/** An after-listener runs once the action succeeded, with the final payload and the result. */
export type AfterListener<P = any, R = unknown> = (payload: P, result: R) => void | Promise<void>;

export type Replacement<P = any, R = unknown> = (payload: P, original: ActionImplementation<P, R>) => Promise<R> | R;

export interface ActionDefinition<P = any, R = unknown> {
  /** Roles allowed to invoke it; every role when absent. */
  readonly roles?: readonly Role[];
  readonly run: ActionImplementation<P, R>;
}

interface Entry {
  roles?: readonly Role[];
  implementation: ActionImplementation;
  before: BeforeListener[];
  after: AfterListener[];
}

/**
 * The one door for intent, after Flex's Actions framework. Buttons, keyboard shortcuts and
 * plugins all invoke actions by name; role checks happen here, so hiding a button is never the
 * only gate.
 */
export class Actions {
  readonly #entries = new Map<string, Entry>();
  readonly #pendingListeners = new Map<string, { before: BeforeListener[]; after: AfterListener[] }>();

  constructor(private readonly getRole: () => Role | undefined) {}

  /** Registers an action; a second registration of the same name is an error. */
  register<P, R>(name: string, definition: ActionDefinition<P, R>): void {
    if (this.#entries.has(name)) throw new FlexError('duplicate-action', `The action "${name}" is already registered.`);
    const pending = this.#pendingListeners.get(name);
    this.#pendingListeners.delete(name);
    this.#entries.set(name, {
      roles: definition.roles,
      implementation: definition.run as ActionImplementation,
      before: pending?.before ?? [],
      after: pending?.after ?? [],
    });
  }

  has(name: string): boolean {
    return this.#entries.has(name);
  }

  /** Names of every registered action. */
  get names(): string[] {
    return [...this.#entries.keys()];
  }

  /** Whether the current role may invoke the action (false for an unknown action). */
  allowed(name: string, role = this.getRole()): boolean {
    const entry = this.#entries.get(name);
    if (!entry) return false;
    return !entry.roles || (role !== undefined && entry.roles.includes(role));
  }

  /**
   * Runs an action: role check, before-listeners in order, the implementation (or its
   * replacement), then after-listeners. Rejects with a FlexError: `unknown-action`, `forbidden`,
   * `aborted`, or whatever the implementation threw.
   */
  async invoke<R = unknown>(name: string, payload: unknown = {}): Promise<R> {
    const entry = this.#entries.get(name);
    if (!entry) throw new FlexError('unknown-action', `There is no action named "${name}".`);
    const role = this.getRole();
    if (!this.allowed(name, role)) {
      throw new FlexError(
        'forbidden',
        `The ${role ?? 'current'} role may not invoke "${name}"; it needs ${entry.roles!.join(' or ')}.`,
      );
    }
    let current = payload;
    for (const listener of [...entry.before]) {
      const abort = (reason?: string): never => {
        throw new FlexError('aborted', reason ? `${name} was aborted: ${reason}` : `${name} was aborted.`);
      };
      const returned = await listener(current, abort);
      if (returned !== undefined) current = returned;
    }
    const result = (await entry.implementation(current)) as R;
    for (const listener of [...entry.after]) {
      try {
        await listener(current, result);
      } catch (error) {
        // An after-listener runs once the work is done: its failure must not undo or hide that.
        this.onListenerError?.(FlexError.from(error, 'listener-failed'), name);
      }
    }
    return result;
  }

  /**
   * Adds a listener; returns a function that removes it. Listening to an action that is not
   * registered yet is allowed (a plugin may load before the element that registers it).
   */
  addListener(when: 'before', name: string, listener: BeforeListener): () => void;
  addListener(when: 'after', name: string, listener: AfterListener): () => void;
  addListener(when: 'before' | 'after', name: string, listener: BeforeListener | AfterListener): () => void {
    if (when !== 'before' && when !== 'after') {
      throw new FlexError('invalid-listener', `Listeners run "before" or "after" an action, not "${String(when)}".`);
    }
    const target = this.#entries.get(name) ?? this.#pending(name);
    const list = (when === 'before' ? target.before : target.after) as (BeforeListener | AfterListener)[];
    list.push(listener);
    return () => {
      const index = list.indexOf(listener);
      if (index >= 0) list.splice(index, 1);
    };
  }

  /**
   * Replaces an action's implementation. The replacement gets the payload and the implementation
   * it replaces, which it may call. Returns a function that restores the previous one.
   */
  replace<P = any, R = unknown>(name: string, replacement: Replacement<P, R>): () => void {
    const entry = this.#entries.get(name);
    if (!entry) throw new FlexError('unknown-action', `There is no action named "${name}" to replace.`);
    const previous = entry.implementation;
    const implementation: ActionImplementation = (payload) => replacement(payload as P, previous as ActionImplementation<P, R>);
    entry.implementation = implementation;
    return () => {
      if (entry.implementation === implementation) entry.implementation = previous;
    };
  }

  /** Called when an after-listener throws; the contact center reports it as a flex-error. */
  onListenerError?: (error: FlexError, actionName: string) => void;

  #pending(name: string): { before: BeforeListener[]; after: AfterListener[] } {
    let pending = this.#pendingListeners.get(name);
    if (!pending) this.#pendingListeners.set(name, (pending = { before: [], after: [] }));
    return pending;
  }
}
