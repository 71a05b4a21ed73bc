import { expect, fixture, html } from '@open-wc/testing';
import { emulateMedia } from '@web/test-runner-commands';
import { darkTokens, highContrastTokens, lightTokens } from '../../../src/index.js';
import type { FlexProvider } from '../../../src/components/provider/provider.js';
import { settle, simulatorFixture } from '../helpers.js';

/** Every element the library may define; the test runs on those defined in this build. */
const KNOWN_TAGS = [
  'flex-app',
  'flex-admin',
  'flex-agent-desktop',
  'flex-activity-selector',
  'flex-dialpad',
  'flex-task-list',
  'flex-incoming-task',
  'flex-task-canvas',
  'flex-call-controls',
  'flex-chat',
  'flex-wrapup',
  'flex-teams-view',
  'flex-queue-stats',
  'flex-worker-directory',
  'flex-voice-settings',
  'flex-plugin-slot',
];

interface AxeResult {
  violations: { id: string; nodes: { target: unknown[]; failureSummary?: string }[] }[];
}
declare global {
  interface Window {
    axe?: { run(context: Element, options: unknown): Promise<AxeResult> };
  }
}

async function contrastViolations(root: Element): Promise<string[]> {
  // chai-a11y-axe loads axe-core onto window the first time it runs.
  if (!window.axe) await expect(document.body).to.be.accessible({ ignoredRules: ['region', 'color-contrast'] });
  const result = await window.axe!.run(root, { runOnly: { type: 'rule', values: ['color-contrast'] }, resultTypes: ['violations'] });
  return result.violations.flatMap((v) => v.nodes.map((n) => `${JSON.stringify(n.target)}: ${n.failureSummary ?? ''}`));
}

const cssValue = (name: string, el: Element = document.documentElement) => getComputedStyle(el).getPropertyValue(name).trim();

describe('themes', () => {
  before(() => {
    // The page paints its own background with the theme's surface, as a CRM page would.
    document.body.style.background = 'var(--flex-color-surface)';
    document.body.style.color = 'var(--flex-color-text)';
  });
  afterEach(async () => {
    document.documentElement.removeAttribute('data-flex-theme');
    await emulateMedia({ colorScheme: 'light' });
  });

  it('switches with the theme attribute, reaching elements outside the provider', async () => {
    const page = await fixture<HTMLElement>(html`<div>
      <flex-dialpad></flex-dialpad>
      <flex-provider sim-traffic="off" sim-clock="manual" theme="dark"></flex-provider>
    </div>`);
    const provider = page.querySelector<FlexProvider>('flex-provider')!;
    await settle();
    for (let i = 0; i < 50 && !provider.contactCenter; i++) await settle();
    await settle();
    const outside = page.querySelector('flex-dialpad') ?? page;
    expect(document.documentElement.getAttribute('data-flex-theme')).to.equal('dark');
    expect(cssValue('--flex-color-surface', outside)).to.equal(darkTokens['--flex-color-surface']);
    provider.theme = 'high-contrast';
    await settle();
    expect(cssValue('--flex-color-surface', outside)).to.equal(highContrastTokens['--flex-color-surface']);
    provider.theme = 'light';
    await settle();
    expect(cssValue('--flex-color-surface', outside)).to.equal(lightTokens['--flex-color-surface']);
  });

  it('follows prefers-color-scheme with auto, and config theme.name and tokens when there is no attribute', async () => {
    await emulateMedia({ colorScheme: 'dark' });
    const { provider } = await simulatorFixture(
      html`<flex-provider sim-traffic="off" sim-clock="manual" .appConfig=${{ theme: { name: 'auto', tokens: { '--flex-color-primary': '#7fb2ff' } } }}></flex-provider>`,
    );
    expect(document.documentElement.getAttribute('data-flex-theme')).to.equal('auto');
    expect(cssValue('--flex-color-surface')).to.equal(darkTokens['--flex-color-surface']);
    expect(cssValue('--flex-color-primary')).to.equal('#7fb2ff');
    await emulateMedia({ colorScheme: 'light' });
    expect(cssValue('--flex-color-surface')).to.equal(lightTokens['--flex-color-surface']);
    provider.appConfig = {};
  });

  it('catches a low-contrast override (the check can fail)', async () => {
    const { provider } = await simulatorFixture(
      html`<flex-provider sim-traffic="off" sim-clock="manual" user-role="admin" .appConfig=${{ theme: { tokens: { '--flex-color-text': '#eeeeee' } } }}
        ><flex-admin></flex-admin
      ></flex-provider>`,
    );
    await settle();
    expect(await contrastViolations(provider.querySelector('flex-admin')!)).to.not.deep.equal([]);
    provider.appConfig = {};
    await settle();
  });

  for (const preset of ['light', 'dark', 'high-contrast'] as const) {
    it(`passes axe color-contrast in every defined element (${preset})`, async () => {
      const tags = KNOWN_TAGS.filter((tag) => customElements.get(tag));
      expect(tags).to.include.members(['flex-app', 'flex-admin', 'flex-plugin-slot']);
      const page = await fixture<HTMLElement>(html`<flex-provider sim-traffic="off" sim-clock="manual" user-role="admin" theme=${preset}></flex-provider>`);
      for (const tag of tags) page.append(document.createElement(tag));
      const provider = page as FlexProvider;
      for (let i = 0; i < 50 && provider.store?.getState().connection.status !== 'connected'; i++) await settle();
      provider.simulator?.createTask({ channel: 'chat' });
      provider.simulator?.flush();
      await settle();
      await settle();
      expect(document.documentElement.getAttribute('data-flex-theme')).to.equal(preset);
      const problems: string[] = [];
      for (const element of page.children) problems.push(...(await contrastViolations(element)).map((p) => `<${element.localName}> ${p}`));
      expect(problems, problems.join('\n')).to.deep.equal([]);
    });
  }
});
