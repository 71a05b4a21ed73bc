import type { ReactiveControllerHost } from 'lit';
import type { ContactCenterController } from '../context/store-controller.js';
import { nowOf } from './agent-state.js';
import { TickerController } from './ticker.js';

/**
 * A ticking clock for timers (time in an activity, a task's age, a reservation's countdown). It
 * re-renders its host once a second, and only while the host is connected and `active()` says
 * there is something to time, so a hidden or idle element costs nothing. `now()` is the backend's
 * time (the simulator's virtual clock) when it has one.
 */
export class ClockController {
  readonly #center: ContactCenterController;
  readonly #ticker: TickerController;

  constructor(
    host: ReactiveControllerHost,
    center: ContactCenterController,
    options: { active?: () => boolean; intervalMs?: number } = {},
  ) {
    this.#center = center;
    this.#ticker = new TickerController(host, options.intervalMs ?? 1000, options.active);
  }

  /** The current time (epoch ms). */
  now(): number {
    return nowOf(this.#center.value);
  }

  /** Whether the clock is ticking right now. */
  get ticking(): boolean {
    return this.#ticker.ticking;
  }
}
