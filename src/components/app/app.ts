import { html, nothing } from 'lit';
import { property } from 'lit/decorators.js';
import { BUILTIN_VIEWS, canOpenView, type ViewDefinition } from '../../core/roles.js';
import { registerStrings } from '../../core/strings.js';
import { baseStyles, buttonStyles } from '../../styles/shared.js';
import '../admin/admin.js';
import { defineElement } from '../define.js';
import { ariaLevel } from '../heading-level.js';
import { FlexElement, selectConnection } from '../flex-element.js';
import { CenterSubscription } from '../slot/center-subscription.js';
import '../slot/slot.js';
import { styles } from './app.styles.js';

registerStrings({
  'app.title': 'Flex',
  'app.navigation': 'Main',
  'app.nav.agentDesktop': 'Agent Desktop',
  'app.nav.teams': 'Teams',
  'app.nav.queues': 'Queues',
  'app.nav.insights': 'Insights',
  'app.nav.admin': 'Admin',
  'app.dialpad': 'Dialpad',
});

const BUILTIN_IDS = new Set(BUILTIN_VIEWS.map((view) => view.id));

/**
 * Flex as a whole page: side navigation by role (Agent Desktop, Teams, Queues, Insights, Admin, and
 * plugins' views), a header with the activity selector and the dialpad, and the current view.
 * Navigation goes through the `NavigateToView` action, so the role gate is the actions layer's.
 * Items are reordered or hidden with config `app.navigation {order, hidden}`; plugins add theirs
 * with `api.addNavigationItem({id, label, roles, render})`.
 *
 * @summary The full-page Flex shell.
 *
 * @tagname flex-app
 *
 * @event {FlexErrorEvent} flex-error - A navigation was refused or a view failed. Detail: `{code, message, recoverable}`.
 *
 * @csspart base - The page grid.
 * @csspart header - The header bar.
 * @csspart navigation - The side navigation.
 * @csspart nav-item - One navigation button (`aria-current="page"` on the current one).
 * @csspart main - The area showing the current view.
 *
 * @cssprop [--flex-app-height=100vh] - The shell's height.
 * @cssprop [--flex-app-nav-width=13rem] - The navigation's width.
 */
export class FlexApp extends FlexElement {
  static override styles = [baseStyles, buttonStyles, styles];

  /**
   * The level (1–6) of this element's top headings, so they follow the host page's outline: a page
   * whose section heading is an h1 sets 2. Headings below them take the next levels. Unset: the
   * element's own levels (h2 at the top).
   */
  @property({ attribute: 'heading-level', type: Number, reflect: true }) headingLevel?: number;

  readonly #connection = this.select(selectConnection, { status: 'idle' });
  readonly #views = new CenterSubscription(this, this.center, (cc, notify) => {
    const offViews = cc.views.subscribe(notify);
    const offSlots = cc.slots.subscribe('app.navigation', notify);
    return () => {
      offViews();
      offSlots();
    };
  });

  /** The navigation items the current role sees, in configured order. */
  get navigationItems(): readonly ViewDefinition[] {
    const cc = this.cc;
    if (!cc) return [];
    void this.#views;
    const { order, hidden } = cc.config.app.navigation;
    const role = cc.role;
    const visible = cc.views.list.filter((view) => !hidden.includes(view.id) && canOpenView(view, role));
    const rank = (view: ViewDefinition) => {
      const index = order.indexOf(view.id);
      return index === -1 ? order.length : index;
    };
    return visible.map((view, index) => ({ view, index })).sort((a, b) => rank(a.view) - rank(b.view) || a.index - b.index).map(({ view }) => view);
  }

  /** The id of the view shown. */
  get currentView(): string {
    return this.cc?.views.current ?? 'agent-desktop';
  }

  #label(view: ViewDefinition): string {
    return BUILTIN_IDS.has(view.id) ? this.t(view.label) : view.label;
  }

  override render() {
    const waiting = this.renderConnectionState(this.#connection.value);
    if (waiting) return waiting;
    const items = this.navigationItems;
    const current = this.currentView;
    return html`<div class="shell" part="base">
      <p class="brand">${this.t('app.title')}</p>
      <header part="header">
        <flex-activity-selector></flex-activity-selector>
        <details class="dialpad">
          <summary class="button">${this.t('app.dialpad')}</summary>
          <div class="dialpad-panel"><flex-dialpad></flex-dialpad></div>
        </details>
      </header>
      <nav part="navigation" aria-label=${this.t('app.navigation')}>
        <ul>
          ${items.map(
            (view) => html`<li>
              <button
                type="button"
                part="nav-item"
                class="nav-item"
                data-view=${view.id}
                aria-current=${view.id === current ? 'page' : nothing}
                @click=${() => this.invoke('NavigateToView', { viewName: view.id })}
              >
                ${this.#label(view)}
              </button>
            </li>`,
          )}
        </ul>
      </nav>
      <main part="main">${this.renderActionError()}${this.#renderView(current, items)}</main>
    </div>`;
  }

  #renderView(current: string, items: readonly ViewDefinition[]) {
    const view = items.find((item) => item.id === current) ?? items[0];
    if (!view) return nothing;
    const heading = html`<h2 aria-level=${ariaLevel(this.headingLevel)}>${this.#label(view)}</h2>`;
    switch (view.id) {
      case 'agent-desktop':
        return html`<flex-agent-desktop></flex-agent-desktop>`;
      case 'teams':
        return html`${heading}<flex-teams-view></flex-teams-view>`;
      case 'queues':
        return html`${heading}<flex-queue-stats></flex-queue-stats><flex-missed-callbacks heading-level="3"></flex-missed-callbacks>`;
      case 'insights':
        return html`<flex-insights heading-level=${this.headingLevel ?? nothing}></flex-insights>`;
      case 'admin':
        return html`<flex-admin></flex-admin>`;
      default:
        return html`${heading}<flex-plugin-slot name="app.navigation" contribution=${view.id}></flex-plugin-slot>`;
    }
  }
}

defineElement('flex-app', FlexApp);

declare global {
  interface HTMLElementTagNameMap {
    'flex-app': FlexApp;
  }
}
