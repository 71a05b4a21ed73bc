import { html, LitElement } from 'lit';
import { FlexElement } from '../../src/components/flex-element.js';
import { FlexProvider } from '../../src/components/provider/provider.js';
import { FakeBackend } from '../helpers/fake-backend.js';

/** The fake backend each new provider with backend="fake" gets; tests read it from here. */
export const fakes: FakeBackend[] = [];
FlexProvider.registerBackend('fake', () => {
  const backend = new FakeBackend();
  fakes.push(backend);
  return backend;
});

/** Waits for the next animation frame (when the store notifies). */
export const nextFrame = () => new Promise<void>((resolve) => requestAnimationFrame(() => resolve()));

/** A consumer that renders the signed-in worker's name and counts its renders. */
export class TestProbe extends FlexElement {
  readonly me = this.select((s) => (s.session.workerSid ? s.workers[s.session.workerSid] : undefined), undefined);
  readonly taskCount = this.select((s) => Object.keys(s.tasks).length, 0);
  renders = 0;

  override render() {
    this.renders++;
    return html`<span>${this.me.value?.name ?? 'nobody'}</span> <span class="tasks">${this.taskCount.value}</span>`;
  }
}
customElements.define('test-probe', TestProbe);

export { LitElement };

/**
 * Renders a fixture and waits until `count` providers in it fired flex-ready (listening on the
 * document from before the first render, so a fast backend cannot win the race), then one frame.
 */
export async function fixtureReady<T extends Element>(template: unknown, count = 1): Promise<T> {
  const { fixture } = await import('@open-wc/testing');
  let seen = 0;
  let listener: (() => void) | undefined;
  const ready = new Promise<void>((resolve) => {
    listener = () => {
      if (++seen >= count) resolve();
    };
    document.addEventListener('flex-ready', listener);
  });
  try {
    const element = await fixture<T>(template as Parameters<typeof fixture>[0]);
    await ready;
    await nextFrame();
    return element;
  } finally {
    document.removeEventListener('flex-ready', listener!);
  }
}

/**
 * A provider on the real simulator with no synthetic traffic and a manual clock: the test creates
 * tasks and moves time itself (`provider.simulator.createTask(...)`, `.advance(ms)`).
 */
export async function simulatorFixture<T extends Element = HTMLElement>(
  template: unknown,
): Promise<{ page: T; provider: import('../../src/components/provider/provider.js').FlexProvider }> {
  const page = await fixtureReady<T>(template);
  const provider = (page.matches('flex-provider') ? page : page.querySelector('flex-provider')) as unknown as
    import('../../src/components/provider/provider.js').FlexProvider;
  return { page, provider };
}

/** Lets the store notify and every element in `root` finish rendering. */
export async function settle(root: Element | ShadowRoot = document.body): Promise<void> {
  await nextFrame();
  const pending: Promise<unknown>[] = [];
  const visit = (node: Element | ShadowRoot) => {
    for (const child of node.querySelectorAll('*')) {
      const lit = child as Element & { updateComplete?: Promise<unknown>; shadowRoot: ShadowRoot | null };
      if (lit.updateComplete) pending.push(lit.updateComplete);
      if (lit.shadowRoot) visit(lit.shadowRoot);
    }
  };
  visit(root);
  await Promise.all(pending);
}

/** Runs `run` and collects every flex-error that reaches the document meanwhile. */
export async function withErrors<T>(
  run: () => Promise<T>,
): Promise<{ result: T; errors: import('../../src/core/model.js').FlexErrorDetail[] }> {
  const errors: import('../../src/core/model.js').FlexErrorDetail[] = [];
  const listener = (e: Event) => errors.push((e as CustomEvent<import('../../src/core/model.js').FlexErrorDetail>).detail);
  document.addEventListener('flex-error', listener);
  try {
    return { result: await run(), errors };
  } finally {
    document.removeEventListener('flex-error', listener);
  }
}

/** The provider's configuration-problems banner as one line of text ('' when none). */
export function banner(provider: Element): string {
  return provider.shadowRoot!.querySelector('[part="config-errors"]')?.textContent?.replace(/\s+/g, ' ').trim() ?? '';
}
