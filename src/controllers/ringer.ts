import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { ContactCenterController } from '../context/store-controller.js';
import type { FlexConfig } from '../core/config.js';
import type { Reservation, Task } from '../core/model.js';

/** What the ringer needs to know about one ringing reservation. */
export interface RingingItem {
  readonly reservation: Reservation;
  readonly task: Task;
}

/**
 * Alerts the person to incoming work: a ringtone while anything rings (config `ringtone.url`,
 * or a synthesized two-note tone through Web Audio when the URL is empty; `ringtone.enabled: false`
 * silences it), and a browser notification per new reservation (config `notifications.enabled`,
 * `notifications.mode`: `whenNotInFocus` shows one only while the page is hidden, `always` every
 * time). Permission is asked the first time a notification is due, not on page load.
 *
 * The host calls `update(items, describe)` on each render with the ringing reservations; the
 * controller works out which are new. `announcement` is the text for the host's live region.
 */
export class RingerController implements ReactiveController {
  /** The latest announcement for screen readers ("Incoming chat from Rita Moreno"). */
  announcement = '';
  readonly #center: ContactCenterController;
  readonly #seen = new Set<string>();
  readonly #notifications = new Map<string, Notification>();
  #audio: HTMLAudioElement | undefined;
  #context: AudioContext | undefined;
  #toneTimer: ReturnType<typeof setInterval> | undefined;
  #ringing = false;
  #connected = false;

  constructor(host: ReactiveControllerHost, center: ContactCenterController) {
    this.#center = center;
    host.addController(this);
  }

  /** Whether the ringtone is playing (or would be, where the browser blocks autoplay). */
  get ringing(): boolean {
    return this.#ringing;
  }

  hostConnected(): void {
    this.#connected = true;
  }

  hostDisconnected(): void {
    this.#connected = false;
    this.#stopTone();
    for (const notification of this.#notifications.values()) notification.close();
    this.#notifications.clear();
  }

  /** This tab mirrors another tab's connection (that tab rings and notifies). */
  #mirrored(): boolean {
    return this.#center.value?.tabs?.role === 'follower';
  }

  #config(): FlexConfig | undefined {
    return this.#center.value?.config;
  }

  /**
   * Reconciles with the reservations ringing now. `describe` gives the announcement and
   * notification text for a new one. Returns true when the announcement changed.
   */
  update(items: readonly RingingItem[], describe: (item: RingingItem) => { title: string; body: string }): boolean {
    const live = new Set(items.map((i) => i.reservation.sid));
    let announced = false;
    for (const item of items) {
      if (this.#seen.has(item.reservation.sid)) continue;
      this.#seen.add(item.reservation.sid);
      const text = describe(item);
      this.announcement = text.title;
      announced = true;
      if (!this.#mirrored()) this.#notify(item.reservation.sid, text.title, text.body);
    }
    for (const sid of this.#seen) {
      if (live.has(sid)) continue;
      this.#seen.delete(sid);
      this.#notifications.get(sid)?.close();
      this.#notifications.delete(sid);
    }
    // One ring per browser: the tab that holds the connection rings, the tabs that mirror it do not.
    if (items.length > 0 && this.#connected && !this.#mirrored()) this.#startTone();
    else this.#stopTone();
    return announced;
  }

  // ------------------------------------------------------------------ ringtone

  #startTone(): void {
    const config = this.#config();
    if (this.#ringing || !config?.ringtone.enabled) return;
    this.#ringing = true;
    const url = config.ringtone.url;
    if (url) {
      try {
        const audio = new Audio(url);
        audio.loop = true;
        this.#audio = audio;
        // Autoplay may be blocked until the person interacts with the page: nothing to report.
        void audio.play().catch(() => {});
      } catch {
        this.#audio = undefined;
      }
      return;
    }
    this.#beep();
    this.#toneTimer = setInterval(() => this.#beep(), 2500);
  }

  #beep(): void {
    const Context = globalThis.AudioContext;
    if (!Context) return;
    try {
      this.#context ??= new Context();
      const ctx = this.#context;
      if (ctx.state === 'suspended') void ctx.resume().catch(() => {});
      const start = ctx.currentTime;
      for (const [offset, frequency] of [
        [0, 880],
        [0.25, 660],
      ] as const) {
        const oscillator = ctx.createOscillator();
        const gain = ctx.createGain();
        oscillator.frequency.value = frequency;
        gain.gain.setValueAtTime(0.0001, start + offset);
        gain.gain.exponentialRampToValueAtTime(0.2, start + offset + 0.02);
        gain.gain.exponentialRampToValueAtTime(0.0001, start + offset + 0.22);
        oscillator.connect(gain).connect(ctx.destination);
        oscillator.start(start + offset);
        oscillator.stop(start + offset + 0.24);
      }
    } catch {
      // No audio output: the card and the live region still announce the task.
    }
  }

  #stopTone(): void {
    this.#ringing = false;
    if (this.#toneTimer !== undefined) clearInterval(this.#toneTimer);
    this.#toneTimer = undefined;
    if (this.#audio) {
      this.#audio.pause();
      this.#audio = undefined;
    }
  }

  // ------------------------------------------------------------------ browser notifications

  #notify(tag: string, title: string, body: string): void {
    const config = this.#config();
    if (!config?.notifications.enabled || typeof Notification === 'undefined') return;
    // Hidden means no tab of this person's shows the panel: another visible tab is enough.
    const hidden =
      typeof document !== 'undefined' && document.visibilityState === 'hidden' && !this.#center.value?.tabs?.otherTabVisible();
    if (config.notifications.mode !== 'always' && !hidden) return;
    const show = () => {
      if (!this.#seen.has(tag)) return;
      try {
        const notification = new Notification(title, { body, tag });
        notification.onclick = () => {
          globalThis.focus?.();
          notification.close();
        };
        this.#notifications.set(tag, notification);
      } catch {
        // Some browsers only allow notifications from a service worker: the in-page card remains.
      }
    };
    if (Notification.permission === 'granted') show();
    else if (Notification.permission === 'default') {
      void Promise.resolve(Notification.requestPermission())
        .then((permission) => {
          if (permission === 'granted') show();
        })
        .catch(() => {});
    }
  }
}
