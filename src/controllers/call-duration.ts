import type { ReactiveController, ReactiveControllerHost } from 'lit';

/**
 * Counts the seconds of a connected call, ticking (and re-rendering its host) once a second only
 * while running. `start(key)` is idempotent per key, so a host may call it on every update.
 */
export class CallDurationController implements ReactiveController {
  seconds = 0;
  #key: string | undefined;
  #startedAt = 0;
  #interval: ReturnType<typeof setInterval> | undefined;

  constructor(private readonly host: ReactiveControllerHost) {
    host.addController(this);
  }

  /** Starts counting for `key` (a call sid) unless it already counts for it. */
  start(key: string): void {
    if (this.#key === key) return;
    this.stop();
    this.#key = key;
    this.#startedAt = Date.now();
    this.seconds = 0;
    this.#interval = setInterval(() => {
      this.seconds = Math.floor((Date.now() - this.#startedAt) / 1000);
      this.host.requestUpdate();
    }, 1000);
  }

  stop(): void {
    if (this.#interval !== undefined) clearInterval(this.#interval);
    this.#interval = undefined;
    this.#key = undefined;
  }

  /** `m:ss`, or `h:mm:ss` past an hour. */
  get text(): string {
    const s = this.seconds % 60;
    const m = Math.floor(this.seconds / 60) % 60;
    const h = Math.floor(this.seconds / 3600);
    const pad = (n: number) => String(n).padStart(2, '0');
    return h > 0 ? `${h}:${pad(m)}:${pad(s)}` : `${m}:${pad(s)}`;
  }

  hostConnected(): void {}

  hostDisconnected(): void {
    this.stop();
  }
}
