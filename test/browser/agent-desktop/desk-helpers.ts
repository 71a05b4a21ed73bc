import { html } from '@open-wc/testing';
import '../../../src/components/agent-desktop/agent-desktop.js';
import type { FlexAgentDesktop } from '../../../src/components/agent-desktop/agent-desktop.js';
import type { FlexProvider } from '../../../src/components/provider/provider.js';
import '../../../src/components/provider/provider.js';
import type { DeepPartial, FlexConfig } from '../../../src/core/config.js';
import { settle, simulatorFixture } from '../helpers.js';

export { settle };

/** Every element matching `selector` in `root`, looking inside shadow roots too. */
export function deepAll<T extends Element = HTMLElement>(root: Element | ShadowRoot | Document, selector: string): T[] {
  // "host-selector >>> inner-selector": search inside the shadow trees of the matching hosts.
  const [first, ...rest] = selector.split('>>>').map((p) => p.trim());
  if (rest.length > 0) {
    let hosts: Element[] = deepAll<Element>(root, first);
    for (const part of rest) hosts = hosts.flatMap((h) => (h.shadowRoot ? deepAll<Element>(h.shadowRoot, part) : []));
    return hosts as T[];
  }
  const found: T[] = [];
  const visit = (node: Element | ShadowRoot | Document) => {
    found.push(...(node.querySelectorAll(selector) as unknown as T[]));
    for (const child of node.querySelectorAll('*')) if (child.shadowRoot) visit(child.shadowRoot);
  };
  visit(root);
  if (root instanceof Element && root.shadowRoot) visit(root.shadowRoot);
  return found;
}

export function deep<T extends Element = HTMLElement & { requestUpdate(): void }>(root: Element | ShadowRoot | Document, selector: string): T | undefined {
  return deepAll<T>(root, selector)[0];
}

const visible = (el: Element) => (el as HTMLElement).offsetParent !== null || el.getClientRects().length > 0;

/** The visible button whose text (its accessible name here) is exactly `name`. */
export function button(root: Element, name: string): HTMLButtonElement | undefined {
  return deepAll<HTMLButtonElement>(root, 'button').find(
    (b) => (b.getAttribute('aria-label') ?? b.textContent ?? '').trim() === name && visible(b),
  );
}

export function buttons(root: Element, name: string): HTMLButtonElement[] {
  return deepAll<HTMLButtonElement>(root, 'button').filter(
    (b) => (b.getAttribute('aria-label') ?? b.textContent ?? '').trim() === name && visible(b),
  );
}

/** All text rendered in `root`, shadow roots included. */
export function deepText(root: Element | ShadowRoot): string {
  let text = '';
  const visit = (node: Node) => {
    if (node.nodeType === Node.TEXT_NODE) text += node.textContent;
    const el = node as Element;
    if (el.shadowRoot) visit(el.shadowRoot);
    for (const child of node.childNodes) visit(child);
  };
  visit(root);
  return text.replace(/\s+/g, ' ');
}

/** Records every flex-* CRM event the document hears. */
export class EventLog {
  readonly events: CustomEvent[] = [];
  static readonly names = [
    'flex-reservation-created',
    'flex-task-accepted',
    'flex-task-selected',
    'flex-task-wrapup',
    'flex-task-completed',
    'flex-activity-changed',
    'flex-call-started',
    'flex-call-ended',
    'flex-error',
  ];
  readonly #listener = (e: Event) => this.events.push(e as CustomEvent);
  constructor() {
    for (const name of EventLog.names) document.addEventListener(name, this.#listener);
  }
  of(name: string): CustomEvent[] {
    return this.events.filter((e) => e.type === name);
  }
  last(name: string): CustomEvent | undefined {
    return this.of(name).at(-1);
  }
  dispose() {
    for (const name of EventLog.names) document.removeEventListener(name, this.#listener);
  }
}

export interface Desk {
  provider: FlexProvider;
  desk: FlexAgentDesktop;
  log: EventLog;
  state: () => ReturnType<NonNullable<FlexProvider['store']>['getState']>;
  sim: NonNullable<FlexProvider['simulator']>;
}

/** A provider on the simulator (no traffic, manual clock) with an agent desktop inside. */
export async function deskFixture(appConfig?: DeepPartial<FlexConfig>, width = '900px'): Promise<Desk> {
  const log = new EventLog();
  const { provider } = await simulatorFixture(
    html`<flex-provider sim-traffic="off" sim-clock="manual" identity="jane.doe@example.com" .appConfig=${appConfig}
      ><div style="width:${width}"><flex-agent-desktop></flex-agent-desktop></div
    ></flex-provider>`,
  );
  const desk = provider.querySelector('flex-agent-desktop')!;
  await settle();
  return { provider, desk, log, state: () => provider.store!.getState(), sim: provider.simulator! };
}

export async function goAvailable(d: Desk): Promise<void> {
  await d.provider.actions!.invoke('SetActivity', { activityName: 'Available' });
  await settle();
}

/** Settles until `check` holds (a CRM resolver or a lazy element answers in its own time). */
export async function waitFor(check: () => boolean, what: string, tries = 150): Promise<void> {
  for (let i = 0; i < tries; i++) {
    if (check()) return;
    await settle();
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error(`Timed out waiting for ${what}`);
}
