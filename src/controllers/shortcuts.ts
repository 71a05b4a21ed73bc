import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { ContactCenterController } from '../context/store-controller.js';
import type { ContactCenter } from '../core/contact-center.js';
import { callOfTask, selectMyActiveTasks, selectMyPendingReservations, selectSelectedTask } from './agent-state.js';

/** Shortcut ids, as used in config `shortcuts.bindings` (id → key). */
export type ShortcutId = 'accept' | 'reject' | 'hold' | 'mute' | 'end' | 'next' | 'previous' | 'activity';

/**
 * Flex's keyboard shortcuts (all Ctrl+Shift). A binding is a single key (Ctrl+Shift is implied)
 * or a full combination such as `Alt+Shift+K`; an empty binding switches that shortcut off.
 */
export const DEFAULT_SHORTCUTS: Readonly<Record<ShortcutId, string>> = {
  accept: 'A',
  reject: 'R',
  hold: 'H',
  mute: 'M',
  end: '1',
  next: 'T',
  previous: 'Y',
  activity: 'S',
};

interface Combo {
  ctrl: boolean;
  shift: boolean;
  alt: boolean;
  meta: boolean;
  key: string;
}

/** Parses a binding; undefined for an empty or unusable one. */
export function parseBinding(binding: unknown): Combo | undefined {
  if (typeof binding !== 'string' || binding.trim() === '') return undefined;
  const parts = binding.split('+').map((p) => p.trim());
  const key = parts.pop();
  if (!key) return undefined;
  if (parts.length === 0) return { ctrl: true, shift: true, alt: false, meta: false, key: key.toUpperCase() };
  const mods = new Set(parts.map((p) => p.toLowerCase()));
  return {
    ctrl: mods.has('ctrl') || mods.has('control'),
    shift: mods.has('shift'),
    alt: mods.has('alt') || mods.has('option'),
    meta: mods.has('meta') || mods.has('cmd') || mods.has('command'),
    key: key.toUpperCase(),
  };
}

/** Whether a keydown matches a combination (by physical key for letters and digits, so Shift+1 is "1"). */
export function matches(event: KeyboardEvent, combo: Combo): boolean {
  if (event.ctrlKey !== combo.ctrl || event.shiftKey !== combo.shift || event.altKey !== combo.alt || event.metaKey !== combo.meta) {
    return false;
  }
  if (/^[A-Z]$/.test(combo.key)) return event.code === `Key${combo.key}` || event.key.toUpperCase() === combo.key;
  if (/^[0-9]$/.test(combo.key)) return event.code === `Digit${combo.key}` || event.key === combo.key;
  return event.key.toUpperCase() === combo.key;
}

/**
 * The key events each contact center has already acted on. Every desktop has its own document
 * listener (it comes and goes with the desktop), so with two desktops of one contact center on a
 * page both hear each key: the first acts, the others see the event here and stand back. This does
 * not rely on `preventDefault()`, which an untrusted, non-cancelable event ignores.
 */
const handledEvents = new WeakMap<ContactCenter, WeakSet<Event>>();

function claim(cc: ContactCenter, event: Event): boolean {
  let seen = handledEvents.get(cc);
  if (!seen) handledEvents.set(cc, (seen = new WeakSet()));
  if (seen.has(event)) return false;
  seen.add(event);
  return true;
}

/**
 * The agent keyboard shortcuts, as a controller of `<flex-agent-desktop>`.
 *
 * Why a controller of the desktop rather than something the ContactCenter installs: shortcuts
 * belong to the person's working surface. A CRM page that shows only a dialpad or a queue tile
 * keeps all its keys; a page with the agent desktop gets them page-wide (the listener is on the
 * document, so they work while focus is in the CRM), and loses them when the desktop leaves the
 * page. "S" needs the DOM (it focuses the activity menu), which the ContactCenter never touches.
 * Config `shortcuts.enabled: false` switches all off (a CRM may own those keys); `bindings` remaps.
 * Several desktops of one contact center on a page run each shortcut once (see `handledEvents`).
 *
 * Every shortcut goes through `actions.invoke`, so role checks and plugins' listeners apply;
 * a failure is reported like any other (visible notification and flex-error).
 */
export class ShortcutsController implements ReactiveController {
  readonly #center: ContactCenterController;
  readonly #focusActivity: () => void;
  #document: Document | undefined;

  constructor(host: ReactiveControllerHost & HTMLElement, center: ContactCenterController, focusActivity: () => void) {
    this.#center = center;
    this.#focusActivity = focusActivity;
    this.#document = host.ownerDocument;
    host.addController(this);
  }

  hostConnected(): void {
    this.#document?.addEventListener('keydown', this.#onKeyDown);
  }

  hostDisconnected(): void {
    this.#document?.removeEventListener('keydown', this.#onKeyDown);
  }

  /** The effective bindings (defaults ← config), empty when shortcuts are off. */
  bindings(cc: ContactCenter | undefined = this.#center.value): Partial<Record<ShortcutId, string>> {
    const config = cc?.config.shortcuts;
    if (!config || config.enabled === false) return {};
    return { ...DEFAULT_SHORTCUTS, ...(config.bindings as Partial<Record<ShortcutId, string>>) };
  }

  readonly #onKeyDown = (event: KeyboardEvent): void => {
    if (event.defaultPrevented || event.repeat) return;
    const cc = this.#center.value;
    if (!cc) return;
    for (const [id, binding] of Object.entries(this.bindings(cc)) as [ShortcutId, string][]) {
      const combo = parseBinding(binding);
      if (!combo || !matches(event, combo)) continue;
      event.preventDefault();
      // Another desktop of the same contact center ran it already.
      if (!claim(cc, event)) return;
      void this.run(id, cc);
      return;
    }
  };

  /** Runs a shortcut by id (also usable from a CRM's own menu). */
  async run(id: ShortcutId, cc: ContactCenter | undefined = this.#center.value): Promise<void> {
    if (!cc) return;
    const state = cc.store.getState();
    const invoke = async (name: string, payload: unknown) => {
      try {
        await cc.actions.invoke(name, payload);
        return true;
      } catch (error) {
        cc.reportError(error);
        return false;
      }
    };
    const selected = selectSelectedTask(state);
    switch (id) {
      case 'accept': {
        const reservation = selectMyPendingReservations(state)[0];
        if (reservation && (await invoke('AcceptTask', { reservationSid: reservation.sid }))) {
          await invoke('SelectTask', { taskSid: reservation.taskSid });
        }
        return;
      }
      case 'reject': {
        const reservation = selectMyPendingReservations(state)[0];
        if (reservation) await invoke('RejectTask', { reservationSid: reservation.sid });
        return;
      }
      case 'hold': {
        const call = callOfTask(state, selected);
        if (selected && call) await invoke(call.onHold ? 'UnholdCall' : 'HoldCall', { taskSid: selected.sid });
        return;
      }
      case 'mute': {
        if (selected && callOfTask(state, selected)) await invoke('ToggleMute', { taskSid: selected.sid });
        return;
      }
      case 'end': {
        if (!selected) return;
        const call = callOfTask(state, selected);
        if (call && (call.status === 'in-progress' || call.status === 'connecting' || call.status === 'ringing')) {
          await invoke('HangupCall', { taskSid: selected.sid });
        } else if (selected.status === 'assigned') {
          await invoke('WrapupTask', { taskSid: selected.sid });
        }
        return;
      }
      case 'next':
      case 'previous': {
        const tasks = selectMyActiveTasks(state);
        if (tasks.length === 0) return;
        const index = selected ? tasks.findIndex((t) => t.sid === selected.sid) : -1;
        const step = id === 'next' ? 1 : -1;
        const nextIndex = index < 0 ? (step > 0 ? 0 : tasks.length - 1) : (index + step + tasks.length) % tasks.length;
        await invoke('SelectTask', { taskSid: tasks[nextIndex].sid });
        return;
      }
      case 'activity':
        this.#focusActivity();
        return;
    }
  }
}
