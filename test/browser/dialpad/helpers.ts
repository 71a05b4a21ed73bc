import { html } from '@open-wc/testing';
import type { FlexDialpad } from '../../../src/components/dialpad/dialpad.js';
import type { FlexProvider } from '../../../src/components/provider/provider.js';
import { nextFrame, settle, simulatorFixture } from '../helpers.js';

/** Resolves once `check` holds, polling each frame (fails after `frames`). */
export async function until(check: () => boolean, what = 'condition', frames = 300): Promise<void> {
  for (let i = 0; i < frames; i++) {
    if (check()) return;
    await nextFrame();
  }
  throw new Error(`Timed out waiting for ${what}`);
}

/** The accessible name the way the tests need it: aria-label, else visible text without aria-hidden parts. */
export function nameOf(element: Element): string {
  const label = element.getAttribute('aria-label');
  if (label) return label;
  const clone = element.cloneNode(true) as Element;
  clone.querySelectorAll('[aria-hidden="true"]').forEach((e) => e.remove());
  return (clone.textContent ?? '').replace(/\s+/g, ' ').trim();
}

export function buttonNamed(dialpad: HTMLElement, name: string): HTMLButtonElement | undefined {
  return [...dialpad.shadowRoot!.querySelectorAll('button')].find((b) => nameOf(b) === name);
}

export function key(dialpad: HTMLElement, k: string): HTMLButtonElement {
  const button = buttonNamed(dialpad, k);
  if (!button) throw new Error(`No key named ${k}`);
  return button;
}

export function field(dialpad: HTMLElement): HTMLInputElement {
  return dialpad.shadowRoot!.querySelector('input#number')!;
}

export function countrySelect(dialpad: HTMLElement): HTMLSelectElement {
  return dialpad.shadowRoot!.querySelector('select[part="country"]')!;
}

/** What the number field says is wrong (its aria-describedby error), or ''. */
export function errorText(dialpad: HTMLElement): string {
  const input = field(dialpad);
  if (input.getAttribute('aria-invalid') !== 'true') return '';
  const ids = (input.getAttribute('aria-describedby') ?? '').split(/\s+/).filter(Boolean);
  return ids.map((id) => dialpad.shadowRoot!.getElementById(id)?.textContent?.trim() ?? '').join(' ');
}

export function callState(dialpad: HTMLElement): string {
  return dialpad.shadowRoot!.querySelector('[part="call-state"]')?.textContent?.replace(/\s+/g, ' ').trim() ?? '';
}

/** Types into the field the way a paste or an input method does (one input event). */
export async function enter(dialpad: FlexDialpad, text: string, inputType = 'insertFromPaste'): Promise<void> {
  const input = field(dialpad);
  input.value = text;
  input.dispatchEvent(new InputEvent('input', { bubbles: true, composed: true, inputType }));
  await dialpad.updateComplete;
}

export async function chooseCountry(dialpad: FlexDialpad, code: string): Promise<void> {
  const select = countrySelect(dialpad);
  select.value = code;
  select.dispatchEvent(new Event('change', { bubbles: true }));
  await dialpad.updateComplete;
}

/** Waits until libphonenumber-js is loaded (the country selector turns on). */
export async function formatsLoaded(dialpad: FlexDialpad): Promise<void> {
  await until(() => !!countrySelect(dialpad) && !countrySelect(dialpad).disabled, 'number formats');
  await dialpad.updateComplete;
}

/** A provider on the simulator and a dialpad beside it (outside its subtree), both ready. */
export async function dialpadBesideProvider(
  options: { role?: string; identity?: string; appConfig?: object } = {},
): Promise<{ dialpad: FlexDialpad; provider: FlexProvider }> {
  const { page, provider } = await simulatorFixture<HTMLElement>(html`<div>
    <header><flex-dialpad></flex-dialpad></header>
    <aside>
      <flex-provider
        sim-traffic="off"
        sim-clock="manual"
        sim-seed="7"
        user-role=${options.role ?? 'agent'}
        identity=${options.identity ?? 'dial.tester@example.com'}
        .appConfig=${options.appConfig}
      ></flex-provider>
    </aside>
  </div>`);
  const dialpad = page.querySelector('flex-dialpad')!;
  await settle();
  return { dialpad, provider };
}
