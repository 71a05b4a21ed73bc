import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { ContactCenterController } from '../context/store-controller.js';
import { nowOf } from './agent-state.js';

/**
 * A ticking clock for timers (time in an activity, a task's age, a reservation's countdown). It
 * re-renders its host once a second, and only while the host is connected and `active()` says
 * there is something to time, so a hidden or idle element costs nothing. `now()` is the backend's
 * time (the simulator's virtual clock) when it has one.
 */
export class ClockController implements ReactiveController {
  readonly #host: ReactiveControllerHost;
  readonly #center: ContactCenterController;
  readonly #active: () => boolean;
  readonly #interval: number;
  #timer: ReturnType<typeof setInterval> | undefined;
  #connected = false;

  constructor(
    host: ReactiveControllerHost,
    center: ContactCenterController,
    options: { active?: () => boolean; intervalMs?: number } = {},
  ) {
    this.#host = host;
    this.#center = center;
    this.#active = options.active ?? (() => true);
    this.#interval = options.intervalMs ?? 1000;
    host.addController(this);
  }

  /** The current time (epoch ms). */
  now(): number {
    return nowOf(this.#center.value);
  }

  /** Whether the clock is ticking right now. */
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
    this.#stop();
  }

  #sync(): void {
    const wanted = this.#connected && this.#active();
    if (wanted && this.#timer === undefined) {
      this.#timer = setInterval(() => this.#host.requestUpdate(), this.#interval);
    } else if (!wanted) {
      this.#stop();
    }
  }

  #stop(): void {
    if (this.#timer !== undefined) clearInterval(this.#timer);
    this.#timer = undefined;
  }
}
