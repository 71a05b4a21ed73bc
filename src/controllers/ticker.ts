import type { ReactiveController, ReactiveControllerHost } from 'lit';

/**
 * Re-renders its host every `intervalMs` while the host is connected (elapsed times such as
 * "time in activity"), and stops when it is removed, so a long shift leaks no timers.
 */
export class TickerController implements ReactiveController {
  #timer: ReturnType<typeof setInterval> | undefined;

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly intervalMs = 1000,
  ) {
    host.addController(this);
  }

  hostConnected(): void {
    this.#timer ??= setInterval(() => this.host.requestUpdate(), this.intervalMs);
  }

  hostDisconnected(): void {
    clearInterval(this.#timer);
    this.#timer = undefined;
  }
}

/**
 * The backend's "now" for elapsed times: the simulator's virtual clock may run faster than the
 * wall clock, so the latest backend timestamp seen is the anchor, moved on by real time since.
 */
export class BackendClock {
  #virtual = 0;
  #real = 0;

  /** Records a timestamp the backend reported (e.g. statistics' updatedAt). */
  observe(virtualNow: number | undefined): void {
    if (virtualNow === undefined || virtualNow === this.#virtual) return;
    this.#virtual = virtualNow;
    this.#real = Date.now();
  }

  now(): number {
    if (!this.#virtual) return Date.now();
    return this.#virtual + (Date.now() - this.#real);
  }
}
