import { html, nothing, type ReactiveController, type ReactiveControllerHost } from 'lit';
import type { ContactCenter } from '../core/contact-center.js';
import { isActiveCallStatus } from '../core/domain.js';
import type { ConnectionStatus } from '../core/model.js';
import { registerStrings } from '../core/strings.js';
import { rememberSelection } from '../core/tabs/selection.js';

registerStrings({
  'tabs.reconnecting': 'Reconnecting…',
  'tabs.callElsewhere': "This call's audio is in another tab.",
  'tabs.moveCallHere': 'Move call here',
  'tabs.unsupported': 'This browser cannot share one connection between tabs: each tab connects on its own.',
});

/**
 * The provider's tab banner: "Reconnecting…" while the connection (or the tab that holds it) is
 * being re-established, "Move call here" in a tab that mirrors another tab's call, and a notice
 * when the browser cannot share one connection between tabs. Also keeps this tab's selected task
 * across a reload.
 */
export class TabsController implements ReactiveController {
  readonly #host: ReactiveControllerHost & HTMLElement;
  readonly #center: () => ContactCenter | undefined;
  #cleanup: (() => void)[] = [];
  #connection: ConnectionStatus = 'idle';
  #callHere = false;
  #moving = false;

  constructor(host: ReactiveControllerHost & HTMLElement, center: () => ContactCenter | undefined) {
    this.#host = host;
    this.#center = center;
    host.addController(this);
  }

  hostConnected(): void {}

  hostDisconnected(): void {
    this.#detach();
  }

  /** Follows a new contact center (a new session). */
  attach(center: ContactCenter): void {
    this.#detach();
    const update = () => this.#host.requestUpdate();
    const off = [
      center.store.subscribe(
        (state) => state.connection.status,
        (status) => {
          this.#connection = status;
          update();
        },
      ),
      center.store.subscribe(
        (state) => Object.values(state.calls).some((call) => isActiveCallStatus(call.status)),
        (active) => {
          this.#callHere = active;
          update();
        },
      ),
      center.tabs?.subscribe(update) ?? (() => {}),
      rememberSelection(center),
    ];
    this.#cleanup = off;
    center.onDispose(() => this.#detach());
  }

  #detach(): void {
    for (const off of this.#cleanup.splice(0)) off();
    this.#connection = 'idle';
    this.#callHere = false;
    this.#moving = false;
  }

  async #move(center: ContactCenter): Promise<void> {
    this.#moving = true;
    this.#host.requestUpdate();
    try {
      await center.actions.invoke('MoveCallHere');
    } catch {
      // Reported by the actions (flex-error and a notification).
    } finally {
      this.#moving = false;
      this.#host.requestUpdate();
    }
  }

  render() {
    const center = this.#center();
    if (!center) return nothing;
    const t = (key: string) => center.strings.t(key);
    const tabs = center.tabs;
    const reconnecting = this.#connection === 'reconnecting' || (tabs?.switching ?? false);
    return html`${reconnecting
      ? html`<div part="connection" class="notice" role="status">${t('tabs.reconnecting')}</div>`
      : nothing}${tabs?.role === 'follower' && this.#callHere
      ? html`<div part="tabs" class="notice" role="status">
          ${t('tabs.callElsewhere')}
          <button type="button" part="move-call" ?disabled=${this.#moving} @click=${() => void this.#move(center)}>
            ${t('tabs.moveCallHere')}
          </button>
        </div>`
      : nothing}${tabs?.soloReason === 'unsupported'
      ? html`<div part="tabs" class="notice" role="status">${t('tabs.unsupported')}</div>`
      : nothing}`;
  }
}
