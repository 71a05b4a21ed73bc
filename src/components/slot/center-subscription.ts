import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { ContactCenterController } from '../../context/store-controller.js';
import type { ContactCenter } from '../../core/contact-center.js';

/**
 * Re-renders the host when something of the contact center that is not in the store changes
 * (slots, views, plugins), and re-subscribes when the host binds to another contact center.
 */
export class CenterSubscription implements ReactiveController {
  #unsubscribe: (() => void) | undefined;
  #offChange: (() => void) | undefined;

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly center: ContactCenterController,
    private readonly subscribe: (cc: ContactCenter, notify: () => void) => () => void,
  ) {
    host.addController(this);
  }

  hostConnected(): void {
    this.#offChange = this.center.onChange((cc) => this.#bind(cc));
    this.#bind(this.center.value);
  }

  hostDisconnected(): void {
    this.#offChange?.();
    this.#unsubscribe?.();
    this.#unsubscribe = undefined;
  }

  #bind(cc: ContactCenter | undefined): void {
    this.#unsubscribe?.();
    this.#unsubscribe = cc ? this.subscribe(cc, () => this.host.requestUpdate()) : undefined;
    this.host.requestUpdate();
  }
}
