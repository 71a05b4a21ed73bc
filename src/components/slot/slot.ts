import { html, nothing, type PropertyValues } from 'lit';
import { property } from 'lit/decorators.js';
import { FlexError } from '../../core/errors.js';
import type { SlotContribution } from '../../core/slots.js';
import { registerStrings } from '../../core/strings.js';
import { baseStyles } from '../../styles/shared.js';
import { defineElement } from '../define.js';
import { FlexElement } from '../flex-element.js';
import { CenterSubscription } from './center-subscription.js';
import { PluginNotices } from './plugin-notices.js';
import { pluginNoticeStyles } from './plugin-notices.styles.js';
import { styles } from './slot.styles.js';

registerStrings({
  'slot.renderFailed': '“{id}” ({owner}) could not be shown: {message}',
  'slot.unknownOwner': 'a plugin',
});

interface Mounted {
  readonly contribution: SlotContribution;
  readonly container: HTMLElement;
  cleanup?: () => void;
}

/**
 * Renders the content plugins put into a named slot (`api.slots.add(name, {id, render})`), each
 * contribution in its own container and isolated: a render that throws shows a small inline error
 * in its place (and a flex-error), and the others still render. A plugin that failed to load shows
 * a small dismissible notice here (in a slot without `contribution`), where its content would have been.
 *
 * Drop it where plugin content belongs: `<flex-plugin-slot name="call-controls.actions">`.
 *
 * @summary Plugin content for one named slot, each contribution isolated.
 *
 * @tagname flex-plugin-slot
 *
 * @event {FlexErrorEvent} flex-error - A contribution threw while rendering. Detail: `{code: 'plugin-render-failed', message, recoverable: true}`.
 *
 * @csspart contribution - The container of one contribution.
 * @csspart contribution-error - The inline error shown instead of a contribution that threw.
 * @csspart plugin-notices - The notices of plugins that failed to load.
 * @csspart plugin-notice - One failed plugin's notice, with a Dismiss button.
 */
export class FlexPluginSlot extends FlexElement {
  static override styles = [baseStyles, pluginNoticeStyles, styles];

  /** The slot's name: `task-canvas.tabs`, `teams-view.columns`, `call-controls.actions`, `app.navigation`, or any other. */
  @property({ reflect: true }) name = '';

  /** Only this contribution id (a tab's or a view's content), when set. */
  @property({ reflect: true }) contribution?: string;

  /** What each contribution's render receives as its second argument (`{task}`, `{worker}`, …). */
  @property({ attribute: false }) context: unknown;

  readonly #slots = new CenterSubscription(this, this.center, (cc, notify) => cc.slots.subscribe(this.name, notify));
  readonly #notices = new PluginNotices(this, this.center, (key, values) => this.t(key, values));
  #mounted: Mounted[] = [];

  /** The contributions this element shows, in order. */
  get contributions(): readonly SlotContribution[] {
    const all = this.cc?.slots.get(this.name) ?? [];
    return this.contribution ? all.filter((c) => c.id === this.contribution) : all;
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#unmountAll();
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    // A new slot name needs a new subscription: rebind through the controller.
    if (changed.has('name') && changed.get('name') !== undefined) {
      this.#slots.hostDisconnected();
      this.#slots.hostConnected();
    }
    if (changed.has('context')) this.#unmountAll();
  }

  override render() {
    return html`${this.contribution ? nothing : this.#notices.render()}<div class="contributions" part="base"></div>`;
  }

  protected override updated(): void {
    const root = this.renderRoot.querySelector('.contributions') as HTMLElement;
    const wanted = this.contributions;
    // Remove what left, keep what stays, mount what arrived, in order.
    for (const mounted of this.#mounted.filter((m) => !wanted.includes(m.contribution))) this.#unmount(mounted);
    this.#mounted = wanted.map((contribution) => this.#mounted.find((m) => m.contribution === contribution) ?? this.#mount(contribution));
    for (const mounted of this.#mounted) root.append(mounted.container);
  }

  #mount(contribution: SlotContribution): Mounted {
    const container = document.createElement('div');
    container.className = 'contribution';
    container.setAttribute('part', 'contribution');
    container.dataset['id'] = contribution.id;
    const mounted: Mounted = { contribution, container };
    try {
      const cleanup = contribution.render(container, this.context);
      if (typeof cleanup === 'function') mounted.cleanup = cleanup;
    } catch (cause) {
      const message = cause instanceof Error ? cause.message : String(cause);
      const error = new FlexError(
        'plugin-render-failed',
        this.t('slot.renderFailed', { id: contribution.id, owner: contribution.owner ?? this.t('slot.unknownOwner'), message }),
        true,
        { cause },
      );
      container.replaceChildren();
      const notice = document.createElement('p');
      notice.className = 'contribution-error';
      notice.setAttribute('part', 'contribution-error');
      notice.setAttribute('role', 'alert');
      notice.textContent = error.message;
      container.append(notice);
      // Contributions come from a contact center, so there is always one to report to.
      this.cc?.reportError(error, this);
    }
    return mounted;
  }

  #unmount(mounted: Mounted): void {
    try {
      mounted.cleanup?.();
    } catch {
      // A cleanup that throws must not stop the others.
    }
    mounted.container.remove();
  }

  #unmountAll(): void {
    for (const mounted of this.#mounted) this.#unmount(mounted);
    this.#mounted = [];
  }
}

defineElement('flex-plugin-slot', FlexPluginSlot);

declare global {
  interface HTMLElementTagNameMap {
    'flex-plugin-slot': FlexPluginSlot;
  }
}
