import { waitUntil } from '@open-wc/testing';
import type { FlexProvider } from '../../../src/components/provider/provider.js';

export interface Tab {
  readonly frame: HTMLIFrameElement;
  readonly provider: FlexProvider;
  readonly window: Window;
  readonly document: Document;
}

let counter = 0;

/** A unique identity per test, so tests never share a connection with each other. */
export function uniqueIdentity(name = 'agent'): string {
  return `${name}.${Date.now().toString(36)}.${++counter}@example.com`;
}

/**
 * Opens a same-origin "tab": an iframe with its own document, modules and provider. Frames of one
 * page share Web Locks, BroadcastChannel and IndexedDB with each other like tabs of one browser
 * profile; removing the frame is closing (or crashing) the tab.
 */
export async function openTab(params: Record<string, string>): Promise<Tab> {
  const frame = document.createElement('iframe');
  frame.title = `tab ${params['identity'] ?? ''}`;
  frame.style.cssText = 'width: 900px; height: 600px; border: 0';
  frame.src = `/test/browser/tabs/fixtures/tab.html?${new URLSearchParams(params)}`;
  document.body.append(frame);
  const tab = await tabOf(frame);
  return tab;
}

async function tabOf(frame: HTMLIFrameElement): Promise<Tab> {
  await waitUntil(() => (frame.contentWindow as unknown as { provider?: FlexProvider } | null)?.provider, 'the tab loads', { timeout: 10_000 });
  const window = frame.contentWindow!;
  const provider = (window as unknown as { provider: FlexProvider }).provider;
  await provider.ready;
  return { frame, provider, window, document: window.document };
}

/** Reloads a tab (F5) and waits until its provider is ready again. */
export async function reloadTab(tab: Tab): Promise<Tab> {
  const loaded = new Promise<void>((resolve) => tab.frame.addEventListener('load', () => resolve(), { once: true }));
  tab.window.location.reload();
  await loaded;
  return tabOf(tab.frame);
}

export function closeTab(tab: Tab): void {
  tab.frame.remove();
}

export function roleOf(tab: Tab): string | undefined {
  return tab.provider.contactCenter?.tabs?.role;
}

export async function leaderOf(tabs: readonly Tab[], message = 'one tab leads'): Promise<Tab> {
  await waitUntil(() => tabs.filter((tab) => roleOf(tab) === 'leader' && !tab.provider.contactCenter?.tabs?.switching).length === 1, message, {
    timeout: 10_000,
  });
  return tabs.find((tab) => roleOf(tab) === 'leader')!;
}

/** Everything in a tab's shadow roots matching `selector` (the agent desktop is nested elements). */
export function deepQueryAll(root: Document | ShadowRoot | Element, selector: string): Element[] {
  const found: Element[] = [];
  const visit = (node: Document | ShadowRoot | Element) => {
    for (const element of node.querySelectorAll('*')) {
      if (element.matches(selector)) found.push(element);
      if (element.shadowRoot) visit(element.shadowRoot);
    }
  };
  visit(root);
  return found;
}

/** The button with this accessible name (its text) anywhere in the tab. */
export function buttonNamed(tab: Tab, name: string | RegExp): HTMLButtonElement | undefined {
  return deepQueryAll(tab.document, 'button').find((button) => {
    const label = button.getAttribute('aria-label') ?? button.textContent?.trim() ?? '';
    return typeof name === 'string' ? label === name : name.test(label);
  }) as HTMLButtonElement | undefined;
}

/** axe over the tab's provider, run inside the tab (axe checks the document it was loaded in). */
export async function accessible(tab: Tab): Promise<void> {
  await (tab.window as unknown as { checkAccessible: (el: Element) => Promise<void> }).checkAccessible(tab.provider);
}
