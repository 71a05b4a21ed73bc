/**
 * Which tab leads: the Web Locks API. The tab that holds the lock `name` is the leader; the others
 * wait in the lock's queue, so when the leader's tab closes or crashes the browser hands the lock
 * to the next one at once (no timeout to wait out, no heartbeat to miss). No DOM.
 */

interface LockManagerLike {
  request(
    name: string,
    options: { mode?: 'exclusive'; ifAvailable?: boolean; steal?: boolean; signal?: AbortSignal },
    callback: (lock: unknown) => unknown,
  ): Promise<unknown>;
}

function lockManager(): LockManagerLike | undefined {
  try {
    const locks = (globalThis.navigator as { locks?: LockManagerLike } | undefined)?.locks;
    return locks && typeof locks.request === 'function' ? locks : undefined;
  } catch {
    return undefined;
  }
}

/** Whether this browser can share one connection between tabs (Web Locks and BroadcastChannel). */
export function tabSharingSupported(): boolean {
  return lockManager() !== undefined && typeof globalThis.BroadcastChannel === 'function';
}

export class TabLeadership {
  readonly #name: string;
  #abort: AbortController | undefined;
  #release: (() => void) | undefined;
  #held = false;
  #closed = false;
  /** The lock requests made (each settles once the lock is let go or the wait is over). */
  readonly #requests: Promise<unknown>[] = [];
  /** Called when this tab becomes the leader (`stolen`: it took the lock from a leader that handed over). */
  onAcquired?: () => void;
  /** Called when the lock is taken away (another tab stole it after a handover). */
  onLost?: () => void;

  constructor(name: string) {
    this.#name = name;
  }

  get held(): boolean {
    return this.#held;
  }

  /** Takes the lock if nobody holds it; resolves with whether it did. */
  async tryAcquire(): Promise<boolean> {
    const locks = lockManager();
    if (!locks || this.#closed) return false;
    let granted = false;
    await new Promise<void>((settled) => {
      this.#track(
        locks
          .request(this.#name, { mode: 'exclusive', ifAvailable: true }, (lock) => {
            if (!lock) {
              settled();
              return undefined;
            }
            granted = true;
            return this.#hold(settled);
          })
          .catch(() => this.#lost()),
      );
    });
    return granted;
  }

  /** Waits in the queue for the lock (a takeover when the leader goes); `steal` takes it from the holder now. */
  wait(steal = false): void {
    const locks = lockManager();
    if (!locks || this.#closed || this.#held) return;
    this.#abort?.abort();
    const abort = steal ? undefined : new AbortController();
    this.#abort = abort;
    this.#track(
      locks
        .request(
          this.#name,
          steal ? { mode: 'exclusive', steal: true } : { mode: 'exclusive', signal: abort!.signal },
          () => this.#hold(() => {}),
        )
        .catch(() => {
          // Aborted while waiting (a steal replaced the wait, or close), or stolen after holding it.
          if (this.#held) this.#lost();
        }),
    );
  }

  #track(request: Promise<unknown>): void {
    this.#requests.push(request);
    void request.finally(() => this.#requests.splice(this.#requests.indexOf(request), 1));
  }

  #hold(granted: () => void): Promise<void> {
    return new Promise<void>((release) => {
      if (this.#closed) {
        granted();
        release();
        return;
      }
      this.#held = true;
      this.#release = () => {
        this.#held = false;
        release();
      };
      granted();
      this.onAcquired?.();
    });
  }

  #lost(): void {
    if (!this.#held) return;
    this.#held = false;
    this.#release = undefined;
    if (!this.#closed) this.onLost?.();
  }

  /** Lets go of the lock, or leaves the queue; resolves once the browser has let go of it. */
  close(): Promise<void> {
    this.#closed = true;
    this.#abort?.abort();
    this.#abort = undefined;
    const release = this.#release;
    this.#release = undefined;
    release?.();
    return Promise.allSettled(this.#requests).then(() => undefined);
  }
}
