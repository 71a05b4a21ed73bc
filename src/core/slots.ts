/**
 * Named places in the elements where plugins put their own content, written with any framework or
 * none: a contribution renders into a container element it is given and may return a cleanup.
 *
 * Known slot names: `task-canvas.tabs` (a tab: `label` is the tab's name), `teams-view.columns`
 * (a column: `label` is its header; `context` is `{worker}`), `call-controls.actions` (a button or
 * anything else; `context` is `{task, call}`), `app.navigation` (a view in `<flex-app>`: `label`
 * is the navigation item, the render is the view's content).
 */

/** Renders into `host`; may return a cleanup that runs when the content is removed. */
export type SlotRender<C = unknown> = (host: HTMLElement, context: C) => void | (() => void);

export interface SlotContribution<C = unknown> {
  /** Unique within the slot; a second contribution with the same id replaces the first. */
  readonly id: string;
  readonly render: SlotRender<C>;
  /** The tab name, column header or navigation label, when the slot needs one. */
  readonly label?: string;
  /** Lower first; 0 by default. Ties keep the order of registration. */
  readonly order?: number;
  /** Who contributed it (a plugin's name), for the admin view and for removal on disable. */
  readonly owner?: string;
  /**
   * Position of the owning plugin in the configuration (set by the plugin API), so plugins that
   * finish loading in any order still contribute in the order the page listed them.
   */
  readonly rank?: number;
  /** Roles that see it (`app.navigation`); everyone when absent. */
  readonly roles?: readonly ('agent' | 'supervisor' | 'admin')[];
}

export class Slots {
  readonly #slots = new Map<string, SlotContribution[]>();
  readonly #listeners = new Map<string, Set<() => void>>();

  /** Adds content to a named slot; returns a function that removes it. */
  add<C = unknown>(name: string, contribution: SlotContribution<C>): () => void {
    if (typeof contribution?.render !== 'function') {
      throw new TypeError(`Slot "${name}": a contribution needs a render(host, context) function.`);
    }
    const entry = contribution as SlotContribution;
    const list = (this.#slots.get(name) ?? []).filter((c) => c.id !== entry.id);
    list.push(entry);
    this.#slots.set(name, list);
    this.#notify(name);
    return () => this.#remove(name, (c) => c === entry);
  }

  /** Contributions of a slot, sorted by `order`. */
  get(name: string): readonly SlotContribution[] {
    const list = this.#slots.get(name) ?? [];
    return list
      .map((c, index) => ({ c, index }))
      .sort((a, b) => (a.c.order ?? 0) - (b.c.order ?? 0) || (a.c.rank ?? -1) - (b.c.rank ?? -1) || a.index - b.index)
      .map(({ c }) => c);
  }

  /** Names of the slots that hold any content. */
  get names(): string[] {
    return [...this.#slots.keys()].filter((name) => this.#slots.get(name)!.length > 0);
  }

  /** Called when a slot's contributions change; returns an unsubscribe function. */
  subscribe(name: string, listener: () => void): () => void {
    let set = this.#listeners.get(name);
    if (!set) this.#listeners.set(name, (set = new Set()));
    set.add(listener);
    return () => set.delete(listener);
  }

  /** Removes everything one owner (a plugin) contributed. */
  removeOwner(owner: string): void {
    for (const name of [...this.#slots.keys()]) this.#remove(name, (c) => c.owner === owner);
  }

  #remove(name: string, match: (c: SlotContribution) => boolean): void {
    const list = this.#slots.get(name);
    if (!list?.some(match)) return;
    this.#slots.set(
      name,
      list.filter((c) => !match(c)),
    );
    this.#notify(name);
  }

  #notify(name: string): void {
    for (const listener of [...(this.#listeners.get(name) ?? [])]) listener();
  }
}
