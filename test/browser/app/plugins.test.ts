import { expect, html } from '@open-wc/testing';
import '../../../src/components/app/app.js';
import '../../../src/components/admin/admin.js';
import '../../../src/components/slot/slot.js';
import type { FlexAdmin } from '../../../src/components/admin/admin.js';
import type { FlexApp } from '../../../src/components/app/app.js';
import type { FlexProvider } from '../../../src/components/provider/provider.js';
import type { FlexError } from '../../../src/core/errors.js';
import type { FlexErrorDetail } from '../../../src/core/model.js';
import { nextFrame, settle, simulatorFixture } from '../helpers.js';

const FIXTURES = '/test/browser/app/fixtures';
const GOOD = `${FIXTURES}/good-plugin.js`;
const THROWS = `${FIXTURES}/throws-plugin.js`;
const NEVER = `${FIXTURES}/never-plugin.js`;
const MISSING = `${FIXTURES}/no-such-plugin.js`;
const RENDER_THROWS = `${FIXTURES}/render-throws-plugin.js`;
const STORAGE_KEY = 'flex-elements.plugins.disabled';

async function sha384(url: string): Promise<string> {
  const text = await (await fetch(url)).text();
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-384', new TextEncoder().encode(text)));
  return `sha384-${btoa(String.fromCharCode(...digest))}`;
}

async function until(check: () => boolean, what: string, frames = 300): Promise<void> {
  for (let i = 0; i < frames; i++) {
    if (check()) return;
    await nextFrame();
  }
  throw new Error(`timed out waiting for ${what}`);
}

function statusOf(provider: FlexProvider, url: string) {
  return provider.plugins!.list.find((p) => p.url === url);
}

describe('plugins', () => {
  beforeEach(() => localStorage.removeItem(STORAGE_KEY));
  afterEach(() => localStorage.removeItem(STORAGE_KEY));

  it('isolates failing plugins: throws in init, never resolves, 404, bad integrity, throws in render', async () => {
    const errors: FlexErrorDetail[] = [];
    const onError = (e: Event) => errors.push((e as CustomEvent<FlexErrorDetail>).detail);
    document.addEventListener('flex-error', onError);
    try {
      const appConfig = {
        pluginService: { initializationTimeout: 300 },
        plugins: [
          { url: THROWS, name: 'thrower' },
          { url: NEVER, name: 'sleeper' },
          { url: MISSING, name: 'missing' },
          { url: `${GOOD}?tampered`, name: 'tampered', integrity: 'sha384-AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA' },
          { url: RENDER_THROWS, name: 'bad-render' },
          { url: GOOD, name: 'good' },
        ],
      };
      const { page, provider } = await simulatorFixture(
        html`<flex-provider sim-traffic="off" sim-clock="manual" user-role="admin" .appConfig=${appConfig}>
          <flex-app></flex-app>
          <flex-plugin-slot name="call-controls.actions" .context=${{ taskSid: 'WT1' }}></flex-plugin-slot>
        </flex-provider>`,
      );
      await until(() => provider.plugins!.list.every((p) => p.status !== 'loading'), 'plugins to settle');
      await settle();

      expect(statusOf(provider, GOOD)?.status).to.equal('ready');
      expect(statusOf(provider, RENDER_THROWS)?.status).to.equal('ready');
      expect(statusOf(provider, THROWS)).to.include({ status: 'failed', error: 'The plugin "thrower" failed: boom in init' });
      expect(statusOf(provider, NEVER)).to.include({ status: 'failed', error: 'The plugin "sleeper" did not finish init within 300 ms.' });
      expect(statusOf(provider, MISSING)?.status).to.equal('failed');
      expect(statusOf(provider, MISSING)?.error).to.match(/^The plugin "missing" could not be loaded from .*no-such-plugin\.js/);
      expect(statusOf(provider, `${GOOD}?tampered`)?.error).to.match(/^The plugin "tampered" failed its integrity check: expected sha384-AAAA.*, got sha384-.*It was not run\.$/);
      expect(errors.map((e) => e.code)).to.include.members(['plugin-failed', 'plugin-timeout', 'plugin-load-failed', 'plugin-integrity', 'plugin-render-failed']);

      // The good plugin's content shows; the broken render is a small inline error beside it. Both
      // appear in the configuration's order, whichever plugin finished loading first.
      const slot = page.querySelector('flex-plugin-slot')!;
      const contributions = [...slot.shadowRoot!.querySelectorAll('[part="contribution"]')];
      expect(contributions.map((c) => (c as HTMLElement).dataset['id'])).to.deep.equal(['broken-button', 'log-call']);
      expect(contributions[0].querySelector('[role="alert"]')!.textContent).to.equal('“broken-button” (bad-render) could not be shown: cannot draw');
      expect(contributions[1].querySelector('button')!.textContent).to.equal('Log call WT1');
      await expect(slot).to.be.accessible();

      // The UI keeps working: navigation, a plugin's view, actions.
      const app = page.querySelector<FlexApp>('flex-app')!;
      const notes = [...app.shadowRoot!.querySelectorAll<HTMLButtonElement>('nav button')].find((b) => b.textContent.trim() === 'CRM notes')!;
      notes.click();
      await settle();
      const view = app.shadowRoot!.querySelector('main flex-plugin-slot')!;
      expect(view.shadowRoot!.textContent).to.contain('Notes for agent@example.com');
      expect((globalThis as unknown as { __goodPluginApi: { actions: unknown } }).__goodPluginApi.actions).to.equal(provider.actions);
      await provider.actions!.invoke('SetActivity', { activityName: 'Available' });

      // The admin view lists each failure with its error.
      await provider.actions!.invoke('NavigateToView', { viewName: 'admin' });
      await settle();
      const admin = app.shadowRoot!.querySelector<FlexAdmin>('flex-admin')!;
      await settle();
      const rows = [...admin.shadowRoot!.querySelectorAll('[part="plugin-row"]')].map((r) => r.textContent.replace(/\s+/g, ' '));
      expect(rows.find((r) => r.includes('thrower'))).to.contain('Failed').and.contain('boom in init');
      expect(rows.find((r) => r.includes('sleeper'))).to.contain('did not finish init within 300 ms');
      expect(rows.find((r) => r.startsWith(' good') || r.includes('good-plugin.js Running'))).to.contain('Running');
      await expect(admin).to.be.accessible();
    } finally {
      document.removeEventListener('flex-error', onError);
    }
  });

  it('provider.plugins.load rejects with the plugin error; a matching integrity hash loads', async () => {
    const { provider } = await simulatorFixture(html`<flex-provider sim-traffic="off" sim-clock="manual"></flex-provider>`);
    let error: FlexError | undefined;
    await provider.plugins!.load(MISSING, { name: 'missing' }).catch((e: FlexError) => (error = e));
    expect(error?.code).to.equal('plugin-load-failed');
    const integrity = await sha384(GOOD);
    await provider.plugins!.load(`${GOOD}?verified`, { name: 'verified', integrity });
    expect(statusOf(provider, `${GOOD}?verified`)?.status).to.equal('ready');
    expect(provider.contactCenter!.slots.get('call-controls.actions').map((c) => c.owner)).to.deep.equal(['verified']);
  });

  it('disables a plugin (content removed, remembered) and enables it again', async () => {
    const { page, provider } = await simulatorFixture(
      html`<flex-provider sim-traffic="off" sim-clock="manual" user-role="admin" .appConfig=${{ plugins: [{ url: GOOD, name: 'good' }] }}>
        <flex-app></flex-app>
        <flex-admin></flex-admin>
        <flex-plugin-slot name="call-controls.actions"></flex-plugin-slot>
      </flex-provider>`,
    );
    await until(() => statusOf(provider, GOOD)?.status === 'ready', 'the plugin');
    await settle();
    const admin = page.querySelector('flex-admin')!;
    const slot = page.querySelector('flex-plugin-slot')!;
    expect(slot.shadowRoot!.querySelectorAll('[part="contribution"]').length).to.equal(1);
    const navLabels = () => [...page.querySelector('flex-app')!.shadowRoot!.querySelectorAll('nav button')].map((b) => b.textContent.trim());
    expect(navLabels()).to.include('CRM notes');
    const button = () => admin.shadowRoot!.querySelector<HTMLButtonElement>('[part="plugin-row"] button')!;
    expect(button().textContent.trim()).to.equal('Disable good');
    button().click();
    await settle();
    expect(statusOf(provider, GOOD)?.status).to.equal('disabled');
    expect(slot.shadowRoot!.querySelectorAll('[part="contribution"]').length).to.equal(0);
    expect(navLabels()).to.not.include('CRM notes');
    expect(JSON.parse(localStorage.getItem(STORAGE_KEY)!)).to.deep.equal([GOOD]);

    // A new session remembers it: listed as disabled, not loaded.
    const first = provider.contactCenter;
    provider.identity = 'someone@example.com';
    await until(
      () => provider.contactCenter !== first && provider.plugins !== undefined && statusOf(provider, GOOD)?.status === 'disabled',
      'the new session',
    );
    await settle();
    expect(button().textContent.trim()).to.equal('Enable good');
    button().click();
    await until(() => statusOf(provider, GOOD)?.status === 'ready', 'the plugin to load again');
    expect(localStorage.getItem(STORAGE_KEY)).to.equal('[]');
  });
});
