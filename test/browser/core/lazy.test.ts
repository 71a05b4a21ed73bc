import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { LitElement } from 'lit';
import { FlexElement } from '../../../src/components/flex-element.js';
import type { FlexErrorEvent } from '../../../src/events.js';
import { loadAllElements, observeLazyElements, registerLazyElement } from '../../../src/lazy.js';

let loads: string[] = [];

/** Registers a lazy tag whose "chunk" defines a tiny element (or fails, for `broken`). */
function lazyTag(tag: string, fail = false) {
  registerLazyElement(tag, async () => {
    loads.push(tag);
    await new Promise((resolve) => setTimeout(resolve, 10));
    if (fail) throw new Error('network down');
    customElements.define(
      tag,
      class extends LitElement {
        override render() {
          return html`<p>${tag} is here</p>`;
        }
      },
    );
  });
}

class LazyHost extends FlexElement {
  override render() {
    return html`<lazy-inner></lazy-inner>`;
  }
}
customElements.define('lazy-host', LazyHost);

describe('lazily loaded elements', () => {
  before(() => {
    lazyTag('lazy-outer');
    lazyTag('lazy-inner');
    lazyTag('lazy-late');
    lazyTag('lazy-broken', true);
    observeLazyElements(document);
  });
  beforeEach(() => {
    loads = [];
  });

  it('loads a tag the first time it appears in the document, once', async () => {
    await fixture(html`<div><lazy-outer></lazy-outer><lazy-outer></lazy-outer></div>`);
    await customElements.whenDefined('lazy-outer');
    expect(loads).to.deep.equal(['lazy-outer']);
  });

  it('loads a tag that a flex element renders in its shadow root', async () => {
    const host = await fixture<LazyHost>(html`<lazy-host></lazy-host>`);
    await customElements.whenDefined('lazy-inner');
    const inner = host.shadowRoot!.querySelector('lazy-inner') as LitElement;
    await inner.updateComplete;
    expect(inner.shadowRoot!.textContent).to.contain('lazy-inner is here');
  });

  it('shows a failed chunk inside the element and as flex-error', async () => {
    const page = await fixture<HTMLDivElement>(html`<div></div>`);
    const broken = document.createElement('lazy-broken');
    const failed = oneEvent<FlexErrorEvent>(broken, 'flex-error');
    page.append(broken);
    const event = await failed;
    expect(event.detail.code).to.equal('element-load-failed');
    expect(broken.querySelector('[role="alert"]')!.textContent).to.contain('<lazy-broken> could not be loaded: network down');
  });

  it('loads everything left on request (the idle prefetch)', async () => {
    expect(customElements.get('lazy-late')).to.equal(undefined);
    await loadAllElements();
    expect(customElements.get('lazy-late')).to.not.equal(undefined);
  });
});
