import { ACTION_PAYLOADS, checkPayload, type ActionPayload, type FlexActions, type PayloadShape } from './action-payloads.js';
import { FlexError } from './errors.js';
import type { Role } from './model.js';

export type { ActionPayload, FlexActions } from './action-payloads.js';

/** A name that is not in `FlexActions` (a plugin's own action without a type): untyped. */
type UntypedName<N extends string> = N extends keyof FlexActions ? never : N;

/** Calls the current implementation of an action (the original, or the previous replacement). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- an untyped (plugin) action's payload is whatever its callers pass
export type ActionImplementation<P = any, R = unknown> = (payload: P) => Promise<R> | R;

/**
 * A before-listener sees the payload first. It may return a new payload (or change the one it
 * got), or call `abort(reason)` to stop the action: `invoke` then rejects with code `aborted`.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- an untyped (plugin) action's payload is whatever its callers pass
export type BeforeListener<P = any> = (payload: P, abort: (reason?: string) => never) => P | void | Promise<P | void>;

/** An after-listener runs once the action succeeded, with the final payload and the result. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- an untyped (plugin) action's payload is whatever its callers pass
export type AfterListener<P = any, R = unknown> = (payload: P, result: R) => void | Promise<void>;

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- an untyped (plugin) action's payload is whatever its callers pass
export type Replacement<P = any, R = unknown> = (payload: P, original: ActionImplementation<P, R>) => Promise<R> | R;

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- an untyped (plugin) action's payload is whatever its callers pass
export interface ActionDefinition<P = any, R = unknown> {
  /** Roles allowed to invoke it; every role when absent. */
  readonly roles?: readonly Role[];
  /**
   * The payload's fields (see `ACTION_PAYLOADS`): checked on every invoke, before the
   * before-listeners and again after them. Built-in actions take theirs from `ACTION_PAYLOADS`.
   */
  readonly payload?: PayloadShape;
  /**
   * The action's rules (a required disposition, attachment limits, whose activity may be set):
   * run after the before-listeners and before the implementation, so a replacement cannot skip
   * them. Throws a FlexError to refuse.
   */
  readonly guard?: (payload: P) => void;
  readonly run: ActionImplementation<P, R>;
}

interface Entry {
  roles?: readonly Role[];
  payload?: PayloadShape;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- an untyped (plugin) action's payload is whatever its callers pass
  guard?: (payload: any) => void;
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
  register<K extends keyof FlexActions, R>(name: K, definition: ActionDefinition<ActionPayload<K>, R>): void;
  register<P, R, N extends string = string>(name: UntypedName<N>, definition: ActionDefinition<P, R>): void;
  register(name: string, definition: ActionDefinition): void {
    if (this.#entries.has(name)) throw new FlexError('duplicate-action', `The action "${name}" is already registered.`);
    const pending = this.#pendingListeners.get(name);
    this.#pendingListeners.delete(name);
    this.#entries.set(name, {
      roles: definition.roles,
      payload: definition.payload ?? (Object.hasOwn(ACTION_PAYLOADS, name) ? ACTION_PAYLOADS[name as keyof typeof ACTION_PAYLOADS] : undefined),
      guard: definition.guard,
      implementation: definition.run,
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

  /** The signed-in person's role, as the role checks see it. */
  get role(): Role | undefined {
    return this.getRole();
  }

  /** Whether the current role may invoke the action (false for an unknown action). */
  allowed(name: string, role = this.getRole()): boolean {
    const entry = this.#entries.get(name);
    if (!entry) return false;
    return !entry.roles || (role !== undefined && entry.roles.includes(role));
  }

  /**
   * Runs an action: role check, payload check, before-listeners in order, payload check again,
   * the action's rules (guard), the implementation (or its replacement), then after-listeners.
   * Rejects with a FlexError: `unknown-action`, `forbidden`, `invalid-payload`, `aborted`, a
   * rule's code (`disposition-required`, …), or whatever the implementation threw.
   *
   * Typed for the names in `FlexActions`; any other name takes an untyped payload.
   */
  invoke<K extends keyof FlexActions, R = unknown>(name: K, payload?: FlexActions[K]): Promise<R>;
  invoke<R = unknown, N extends string = string>(name: UntypedName<N>, payload?: unknown): Promise<R>;
  async invoke<R = unknown>(name: string, payload: unknown = {}): Promise<R> {
    try {
      return await this.#invoke<R>(name, payload);
    } catch (cause) {
      // A CRM or a plugin calling invoke gets the rejection, and the page hears it as a flex-error too.
      const error = FlexError.from(cause);
      this.onInvokeError?.(error, name);
      throw error;
    }
  }

  /**
   * Invokes like `invoke`, but a failure is only the caller's to report (an element shows it
   * inline and dispatches flex-error from itself). Rejects with a FlexError.
   */
  async invokeUnreported<R = unknown>(name: string, payload: unknown = {}): Promise<R> {
    try {
      return await this.#invoke<R>(name, payload);
    } catch (cause) {
      throw FlexError.from(cause);
    }
  }

  async #invoke<R>(name: string, payload: unknown): Promise<R> {
    const entry = this.#entries.get(name);
    if (!entry) throw new FlexError('unknown-action', `There is no action named "${name}".`);
    const role = this.getRole();
    if (!this.allowed(name, role)) {
      throw new FlexError(
        'forbidden',
        `The ${role ?? 'current'} role may not invoke "${name}"; it needs ${entry.roles!.join(' or ')}.`,
      );
    }
    const check = (value: unknown) => (entry.payload ? checkPayload(name, entry.payload, value) : value);
    let current = check(payload);
    for (const listener of [...entry.before]) {
      const abort = (reason?: string): never => {
        throw new FlexError('aborted', reason ? `${name} was aborted: ${reason}` : `${name} was aborted.`);
      };
      const returned: unknown = await listener(current, abort);
      if (returned !== undefined) current = returned;
    }
    // A before-listener may have changed the payload: the implementation gets a checked one too.
    if (entry.before.length) current = check(current);
    entry.guard?.(current);
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
  addListener<K extends keyof FlexActions>(when: 'before', name: K, listener: BeforeListener<ActionPayload<K>>): () => void;
  addListener<K extends keyof FlexActions>(when: 'after', name: K, listener: AfterListener<ActionPayload<K>>): () => void;
  // Untyped for any name (a listener annotated with its own payload type still compiles).
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
  replace<K extends keyof FlexActions, R = unknown>(name: K, replacement: Replacement<ActionPayload<K>, R>): () => void;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- an untyped (plugin) action's payload is whatever its callers pass
  replace<P = any, R = unknown>(name: string, replacement: Replacement<P, R>): () => void;
  replace(name: string, replacement: Replacement): () => void {
    const entry = this.#entries.get(name);
    if (!entry) throw new FlexError('unknown-action', `There is no action named "${name}" to replace.`);
    const previous = entry.implementation;
    const implementation: ActionImplementation = (payload) => replacement(payload, previous);
    entry.implementation = implementation;
    return () => {
      if (entry.implementation === implementation) entry.implementation = previous;
    };
  }

  /** Called when an after-listener throws; the contact center reports it as a flex-error. */
  onListenerError?: (error: FlexError, actionName: string) => void;

  /** Called when `invoke` rejects; the contact center reports it (once per error) as a flex-error. */
  onInvokeError?: (error: FlexError, actionName: string) => void;

  #pending(name: string): { before: BeforeListener[]; after: AfterListener[] } {
    let pending = this.#pendingListeners.get(name);
    if (!pending) this.#pendingListeners.set(name, (pending = { before: [], after: [] }));
    return pending;
  }
}
