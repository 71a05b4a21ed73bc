import { LitElement, html, nothing, type PropertyValues } from 'lit';
import { state } from 'lit/decorators.js';
import { ContactCenterController, StoreController } from '../context/store-controller.js';
import type { ContactCenter } from '../core/contact-center.js';
import { FlexError } from '../core/errors.js';
import type { Role } from '../core/model.js';
import type { Equality, FlexState, Selector } from '../core/store.js';
import { Strings, registerStrings } from '../core/strings.js';
import { installTokens } from '../styles/tokens.js';
import { observeLazyElements } from '../lazy.js';
import { VERSION } from '../version.js';

registerStrings({
  'common.noProvider': 'Waiting for a <flex-provider> on this page…',
  'common.versionMismatch':
    'This element is flex-elements {ours}, and the page\'s <flex-provider> is flex-elements {theirs}: a different major version, so they cannot work together. Load one copy of the library.',
  'common.connecting': 'Connecting…',
  'common.connectionError': 'Not connected: {message}',
  'common.dismiss': 'Dismiss',
  'common.forbidden': 'This view is available to supervisors and admins.',
});

const fallbackStrings = new Strings('en-US');

/**
 * The base of every flex element: finds the contact center, selects state from its store, turns
 * intent into actions, and reports failures visibly and as `flex-error`.
 */
export class FlexElement extends LitElement {
  /** The bound contact center (nearest provider, or the page's), if any. */
  protected readonly center = new ContactCenterController(this);

  /** The last failed action, shown inline by elements that render `renderActionError()`. */
  @state() protected actionError: FlexError | undefined;

  override connectedCallback(): void {
    installTokens(this.ownerDocument);
    super.connectedCallback();
  }

  protected override firstUpdated(changed: PropertyValues): void {
    super.firstUpdated(changed);
    // Elements this one renders (a chat in the task canvas) may be loaded on demand.
    if (this.renderRoot instanceof ShadowRoot) observeLazyElements(this.renderRoot);
  }

  protected get cc(): ContactCenter | undefined {
    return this.center.value;
  }

  /** The signed-in person's role, once bound. */
  protected get currentRole(): Role | undefined {
    return this.cc?.role;
  }

  /** A user-visible string by key, in the configured locale. */
  protected t(key: string, values?: Record<string, string | number>): string {
    return (this.cc?.strings ?? fallbackStrings).t(key, values);
  }

  /** Selects a slice of state; the element re-renders when (and only when) it changes. */
  protected select<T>(selector: Selector<T>, fallback: T, equals?: Equality<T>, deps?: () => readonly unknown[]): StoreController<T> {
    return new StoreController(this, this.center, selector, { fallback, equals, deps });
  }

  /**
   * Invokes an action. A failure is shown inline (`renderActionError()`), dispatched from this
   * element as `flex-error`, and returned as undefined, so a click never fails silently.
   */
  protected async invoke<R = unknown>(name: string, payload: unknown = {}, options: { background?: boolean } = {}): Promise<R | undefined> {
    const cc = this.cc;
    if (!cc) {
      this.actionError = new FlexError('no-provider', `${name} needs a <flex-provider> on the page.`);
      return undefined;
    }
    try {
      // Unreported: this element shows the failure and dispatches flex-error from itself.
      const result = await cc.actions.invokeUnreported<R>(name, payload);
      // A background action (marking read, say) that succeeds leaves the error of the person's last action shown.
      if (!options.background) this.actionError = undefined;
      return result;
    } catch (error) {
      this.actionError = cc.reportError(error, this);
      return undefined;
    }
  }

  /** The inline error of the last failed action, with a dismiss button. */
  protected renderActionError() {
    if (!this.actionError) return nothing;
    return html`<div class="action-error" role="alert" part="error">
      <span>${this.actionError.message}</span>
      <button type="button" class="button quiet" @click=${() => (this.actionError = undefined)}>
        ${this.t('common.dismiss')}
      </button>
    </div>`;
  }

  /**
   * The state shown before there is anything to show: no provider, connecting, or a failed
   * connection. Returns undefined once connected, so `render()` can go on.
   */
  protected renderConnectionState(status: FlexState['connection']) {
    const refused = this.center.refusedVersion;
    if (refused) {
      return html`<p class="status error" role="alert">${this.t('common.versionMismatch', { ours: VERSION, theirs: refused })}</p>`;
    }
    if (!this.cc) return html`<p class="status" role="status">${this.t('common.noProvider')}</p>`;
    if (status.status === 'error') {
      return html`<p class="status error" role="alert">
        ${this.t('common.connectionError', { message: status.error?.message ?? '' })}
      </p>`;
    }
    if (status.status === 'idle' || status.status === 'connecting') {
      return html`<p class="status" role="status">${this.t('common.connecting')}</p>`;
    }
    return undefined;
  }
}

/** Selects the connection state; most elements render it until connected. */
export const selectConnection = (state: FlexState) => state.connection;
