import type { ReactiveController, ReactiveControllerHost } from 'lit';

/**
 * Re-renders its host every `intervalMs`, only while the host is connected and `active()` says
 * something needs it (checked after each host update), so a hidden or idle element costs nothing
 * and a long shift leaks no timers. The one interval timer behind every elapsed time the elements
 * show: ClockController and CallTimerController are built on it.
 */
export class TickerController implements ReactiveController {
  readonly #host: ReactiveControllerHost;
  readonly #intervalMs: number;
  readonly #active: () => boolean;
  #timer: ReturnType<typeof setInterval> | undefined;
  #connected = false;

  constructor(host: ReactiveControllerHost, intervalMs = 1000, active: () => boolean = () => true) {
    this.#host = host;
    this.#intervalMs = intervalMs;
    this.#active = active;
    host.addController(this);
  }

  /** Whether the ticker is ticking right now. */
  get ticking(): boolean {
    return this.#timer !== undefined;
  }

  hostConnected(): void {
    this.#connected = true;
    this.#sync();
  }

  hostUpdated(): void {
    this.#sync();
  }

  hostDisconnected(): void {
    this.#connected = false;
    this.#sync();
  }

  #sync(): void {
    const wanted = this.#connected && this.#active();
    if (wanted && this.#timer === undefined) {
      this.#timer = setInterval(() => this.#host.requestUpdate(), this.#intervalMs);
    } else if (!wanted && this.#timer !== undefined) {
      clearInterval(this.#timer);
      this.#timer = undefined;
    }
  }
}
