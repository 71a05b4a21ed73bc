import type { Actions } from './actions.js';
import { FlexError } from './errors.js';
import { ROLES, type Role } from './model.js';

/**
 * Roles and the views they may open, as in Flex: agents see the Agent Desktop and Insights (their
 * own figures and evaluations); supervisors also Teams and Queues; admins everything, including the admin view. The gate is the
 * `NavigateToView` action, so a plugin, a link and a keyboard shortcut all pass the same check.
 */

export const SUPERVISOR_ROLES: readonly Role[] = ['supervisor', 'admin'];
export const ADMIN_ROLES: readonly Role[] = ['admin'];

/**
 * Whether a role supervises: supervisors and admins (Teams, Queues, monitoring, other workers'
 * activities). The one definition every element, action and backend asks.
 */
export function isSupervisorRole(role: string | undefined | null): boolean {
  return role !== undefined && role !== null && (SUPERVISOR_ROLES as readonly string[]).includes(role);
}

export interface ViewDefinition {
  /** Stable id: `agent-desktop`, `teams`, `queues`, `insights`, `admin`, or a plugin's. */
  readonly id: string;
  /** Strings key of its label (built-in views), or the label itself (plugins). */
  readonly label: string;
  /** Roles that may open it; every role when absent. */
  readonly roles?: readonly Role[];
  /** The plugin that added it, if any. */
  readonly owner?: string;
}

export const BUILTIN_VIEWS: readonly ViewDefinition[] = [
  { id: 'agent-desktop', label: 'app.nav.agentDesktop', roles: ROLES },
  { id: 'teams', label: 'app.nav.teams', roles: SUPERVISOR_ROLES },
  { id: 'queues', label: 'app.nav.queues', roles: SUPERVISOR_ROLES },
  // Agents too: their own figures and evaluations (<flex-insights>; the Insights actions scope them).
  { id: 'insights', label: 'app.nav.insights', roles: ROLES },
  { id: 'admin', label: 'app.nav.admin', roles: ADMIN_ROLES },
];

/** Whether a role may open a view. */
export function canOpenView(view: ViewDefinition, role: Role | undefined): boolean {
  return !view.roles || (role !== undefined && view.roles.includes(role));
}

/**
 * The known views and the current one. No DOM: `<flex-app>` subscribes and renders.
 */
export class Views {
  #views: ViewDefinition[] = [...BUILTIN_VIEWS];
  #current = 'agent-desktop';
  readonly #listeners = new Set<() => void>();

  get list(): readonly ViewDefinition[] {
    return this.#views;
  }

  get current(): string {
    return this.#current;
  }

  get(id: string): ViewDefinition | undefined {
    return this.#views.find((view) => view.id === id);
  }

  /** Adds (or replaces) a view; returns a function that removes it. */
  add(view: ViewDefinition): () => void {
    this.#views = [...this.#views.filter((v) => v.id !== view.id), view];
    this.#notify();
    return () => {
      this.#views = this.#views.filter((v) => v !== view);
      if (this.#current === view.id) this.#current = 'agent-desktop';
      this.#notify();
    };
  }

  /** Removes every view one plugin added (when it is disabled or fails). */
  removeOwner(owner: string): void {
    const kept = this.#views.filter((view) => view.owner !== owner);
    if (kept.length === this.#views.length) return;
    this.#views = kept;
    if (!this.get(this.#current)) this.#current = 'agent-desktop';
    this.#notify();
  }

  /** Sets the current view without a role check (the NavigateToView action checks). */
  setCurrent(id: string): void {
    if (this.#current === id) return;
    this.#current = id;
    this.#notify();
  }

  subscribe(listener: () => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  #notify(): void {
    for (const listener of [...this.#listeners]) listener();
  }
}

/**
 * Registers `NavigateToView {viewName}`: rejects with `unknown-view` or `forbidden` (naming the
 * role and the roles the view needs) and otherwise makes it the current view.
 */
export function registerRoleActions(actions: Actions, views: Views, getRole: () => Role | undefined): void {
  actions.register('NavigateToView', {
    run: (payload) => {
      const id = payload?.viewName ?? payload?.view;
      const view = id ? views.get(id) : undefined;
      if (!view) {
        throw new FlexError(
          'unknown-view',
          `NavigateToView: there is no view "${id ?? ''}". Known: ${views.list.map((v) => v.id).join(', ')}.`,
        );
      }
      const role = getRole();
      if (!canOpenView(view, role)) {
        throw new FlexError(
          'forbidden',
          `The ${role ?? 'current'} role may not open the "${view.id}" view; it needs ${view.roles!.join(' or ')}.`,
        );
      }
      views.setCurrent(view.id);
      return view.id;
    },
  });
}
