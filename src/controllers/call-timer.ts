import { formatDuration } from '../core/domain.js';
import type { ReactiveControllerHost } from 'lit';
import type { Call } from '../core/model.js';
import { TickerController } from './ticker.js';

/**
 * The seconds a call has been connected, kept current: it ticks once a second only while the
 * call is in progress, stops when it ends (showing the final duration), and cleans up when the
 * host leaves the page.
 */
export class CallTimerController {
  readonly #call: () => Call | undefined;
  readonly #now: () => number;
  readonly #ticker: TickerController;

  /**
   * @param call returns the call to time (read on each host update).
   * @param now the contact center's clock (epoch ms); the simulator's virtual time, say.
   */
  constructor(host: ReactiveControllerHost, call: () => Call | undefined, now: () => number = Date.now) {
    this.#call = call;
    this.#now = now;
    this.#ticker = new TickerController(host, 1000, () => this.#call()?.status === 'in-progress');
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

  /** Whether the timer is ticking (for tests). */
  get ticking(): boolean {
    return this.#ticker.ticking;
  }
}

export { formatDuration };
