import type { Store } from './store.js';
import type { FlexNotification, NotificationType } from './model.js';

let counter = 0;

/** In-app notifications, kept in the store so any element can show them. */
export class Notifications {
  readonly #timers = new Map<string, ReturnType<typeof setTimeout>>();

  constructor(private readonly store: Store) {}

  /** Shows a notification; an id that is shown already is replaced. Returns the id. */
  show(input: { type?: NotificationType; message: string; timeout?: number; id?: string }): string {
    const id = input.id ?? `notification-${++counter}`;
    const type = input.type ?? 'information';
    const notification: FlexNotification = {
      id,
      type,
      message: input.message,
      at: Date.now(),
      timeout: input.timeout ?? (type === 'error' ? 0 : 8000),
    };
    clearTimeout(this.#timers.get(id));
    this.store.dispatch({ type: 'notification.shown', notification });
    if (notification.timeout > 0) {
      this.#timers.set(
        id,
        setTimeout(() => this.dismiss(id), notification.timeout),
      );
    }
    return id;
  }

  dismiss(id: string): void {
    clearTimeout(this.#timers.get(id));
    this.#timers.delete(id);
    this.store.dispatch({ type: 'notification.dismissed', id });
  }

  dispose(): void {
    for (const timer of this.#timers.values()) clearTimeout(timer);
    this.#timers.clear();
  }
}
