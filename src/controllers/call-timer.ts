import { formatDuration } from '../core/domain.js';
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { Call } from '../core/model.js';

/**
 * The seconds a call has been connected, kept current: it ticks once a second only while the
 * call is in progress, stops when it ends (showing the final duration), and cleans up when the
 * host leaves the page.
 */
export class CallTimerController implements ReactiveController {
  readonly #host: ReactiveControllerHost;
  readonly #call: () => Call | undefined;
  readonly #now: () => number;
  #interval: ReturnType<typeof setInterval> | undefined;
  #connected = false;

  /**
   * @param call returns the call to time (read on each host update).
   * @param now the contact center's clock (epoch ms); the simulator's virtual time, say.
   */
  constructor(host: ReactiveControllerHost, call: () => Call | undefined, now: () => number = Date.now) {
    this.#host = host;
    this.#call = call;
    this.#now = now;
    host.addController(this);
  }

  /** Whole seconds since the call was answered (0 before it was). */
  get seconds(): number {
    const call = this.#call();
    if (!call?.answeredAt) return 0;
    const end = call.status === 'in-progress' ? this.#now() : (call.endedAt ?? call.answeredAt);
    return Math.max(0, Math.floor((end - call.answeredAt) / 1000));
  }

  /** `mm:ss`, or `h:mm:ss` past an hour. */
  get text(): string {
    return formatDuration(this.seconds);
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
    const ticking = this.#connected && this.#call()?.status === 'in-progress';
    if (ticking && this.#interval === undefined) {
      this.#interval = setInterval(() => this.#host.requestUpdate(), 1000);
    } else if (!ticking && this.#interval !== undefined) {
      clearInterval(this.#interval);
      this.#interval = undefined;
    }
  }

  /** Whether the timer is ticking (for tests). */
  get ticking(): boolean {
    return this.#interval !== undefined;
  }
}

export { formatDuration };
