// Shared by test/browser/twilio: the loopback emulator (started by web-test-runner's plugin,
// tools/twilio-emulator/wtr-plugin.mjs), its control API, and <flex-provider backend="twilio"> mounts.
import '../../../src/components/provider/provider.js';
import type { FlexProvider } from '../../../src/components/provider/provider.js';
import type { FlexState } from '../../../src/core/store.js';

export interface EmulatorInfo {
  url: string;
  backendOptions: Record<string, string>;
  /** The companion server (server/) the plugin starts against the emulator. */
  serverUrl?: string;
}

export let info: EmulatorInfo;
let seq = 0;

export async function control(path: string, body?: unknown): Promise<any> {
  const response = await fetch(info.url + path, body === undefined ? {} : { method: 'POST', body: JSON.stringify(body) });
  return response.json();
}

/** Waits for a condition (checked every 20 ms), failing with `what` after `timeout` ms. */
export async function until<T>(check: () => T | undefined | null | false, what: string, timeout = 10_000): Promise<T> {
  const start = performance.now();
  for (;;) {
    let value: T | undefined | null | false;
    try {
      value = check();
    } catch {
      value = undefined; // not there yet (no store, no entity)
    }
    if (value) return value;
    if (performance.now() - start > timeout) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** Polls the emulator's state until `check` holds. */
export async function emulatorUntil(check: (state: any) => boolean, what: string, timeout = 10_000): Promise<void> {
  const start = performance.now();
  while (!check(await control('/control/state'))) {
    if (performance.now() - start > timeout) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 30));
  }
}

export interface Mounted {
  el: FlexProvider;
  identity: string;
  state: () => FlexState;
  errors: { code: string; message: string }[];
}

const mounted: FlexProvider[] = [];

export async function mount(
  options: {
    ttl?: number;
    role?: string;
    identity?: string;
    tokenProvider?: () => Promise<string>;
    extra?: Record<string, unknown>;
    /** Whether to set server-url to the companion server (default true). */
    server?: boolean;
  } = {},
): Promise<Mounted> {
  const identity = options.identity ?? `${options.role ?? 'agent'}${++seq}-${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}@example.com`;
  const el = document.createElement('flex-provider');
  el.backend = 'twilio';
  el.identity = identity;
  if (options.tokenProvider) el.tokenProvider = options.tokenProvider;
  else el.tokenUrl = `${info.url}/token?identity=${encodeURIComponent(identity)}${options.ttl ? `&ttl=${options.ttl}` : ''}${options.role ? `&role=${options.role}` : ''}`;
  if (options.server !== false && info.serverUrl) el.serverUrl = info.serverUrl;
  el.backendOptions = { ...info.backendOptions, logLevel: 'silent', ...options.extra };
  const errors: Mounted['errors'] = [];
  el.addEventListener('flex-error', (e) => errors.push((e as CustomEvent).detail));
  document.body.append(el);
  mounted.push(el);
  return { el, identity, state: () => el.store!.getState(), errors };
}

export async function signIn(options: Parameters<typeof mount>[0] = {}): Promise<Mounted> {
  const m = await mount(options);
  await until(() => m.state().connection.status === 'connected' && m.state().session.workerSid, 'connected', 12_000);
  return m;
}

export async function goAvailable(m: Mounted): Promise<void> {
  await m.el.actions!.invoke('SetActivity', { activityName: 'Available' });
  const available = Object.values(m.state().activities).find((a) => a.name === 'Available')!;
  await until(() => m.state().workers[m.state().session.workerSid!]?.activitySid === available.sid, 'Available');
}

export async function reservationFor(m: Mounted, channel: string, extra: Record<string, unknown> = {}) {
  const { taskSid } = await control('/control/tasks', { channel, identity: m.identity, ...extra });
  const reservation = await until(
    () => Object.values(m.state().reservations).find((r) => r.taskSid === taskSid && r.status === 'pending'),
    `a pending ${channel} reservation`,
  );
  return { taskSid: taskSid as string, reservation };
}

before(async () => {
  info = (await (await fetch('/__twilio-emulator')).json()) as EmulatorInfo;
});

afterEach(() => {
  for (const el of mounted.splice(0)) el.remove();
});

