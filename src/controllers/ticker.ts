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
