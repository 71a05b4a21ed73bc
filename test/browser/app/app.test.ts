import { expect, html } from '@open-wc/testing';
import '../../../src/components/app/app.js';
import type { FlexApp } from '../../../src/components/app/app.js';
import { FlexError } from '../../../src/core/errors.js';
import { settle, simulatorFixture } from '../helpers.js';

function navLabels(app: FlexApp): string[] {
  return [...app.shadowRoot!.querySelectorAll('nav [part="nav-item"]')].map((b) => b.textContent.trim());
}

function navButton(app: FlexApp, label: string): HTMLButtonElement {
  const button = [...app.shadowRoot!.querySelectorAll<HTMLButtonElement>('nav button')].find((b) => b.textContent.trim() === label);
  if (!button) throw new Error(`no nav item ${label}; have ${navLabels(app).join(', ')}`);
  return button;
}

async function appFor(role: string, appConfig?: unknown) {
  const { page, provider } = await simulatorFixture(
    html`<flex-provider sim-traffic="off" sim-clock="manual" user-role=${role} .appConfig=${appConfig}><flex-app></flex-app></flex-provider>`,
  );
  const app = page.querySelector('flex-app')!;
  await settle();
  return { app, provider };
}

describe('<flex-app>', () => {
  it('is accessible, with a navigation landmark and the header controls (agent)', async () => {
    const { app } = await appFor('agent');
    await expect(app).to.be.accessible();
    const nav = app.shadowRoot!.querySelector('nav')!;
    expect(nav.getAttribute('aria-label')).to.equal('Main');
    expect(app.shadowRoot!.querySelector('header flex-activity-selector')).to.exist;
    expect(app.shadowRoot!.querySelector('header flex-dialpad')).to.exist;
  });

  it('shows navigation by role', async () => {
    expect(navLabels((await appFor('agent')).app)).to.deep.equal(['Agent Desktop', 'Insights']);
    expect(navLabels((await appFor('supervisor')).app)).to.deep.equal(['Agent Desktop', 'Teams', 'Queues', 'Insights']);
    expect(navLabels((await appFor('admin')).app)).to.deep.equal(['Agent Desktop', 'Teams', 'Queues', 'Insights', 'Admin']);
  });

  it('navigates with aria-current and renders the view (supervisor)', async () => {
    const { app } = await appFor('supervisor');
    expect(navButton(app, 'Agent Desktop').getAttribute('aria-current')).to.equal('page');
    expect(app.shadowRoot!.querySelector('main flex-agent-desktop')).to.exist;
    navButton(app, 'Teams').click();
    await settle();
    expect(navButton(app, 'Teams').getAttribute('aria-current')).to.equal('page');
    expect(navButton(app, 'Agent Desktop').hasAttribute('aria-current')).to.equal(false);
    expect(app.shadowRoot!.querySelector('main flex-teams-view')).to.exist;
    navButton(app, 'Queues').click();
    await settle();
    expect(app.shadowRoot!.querySelector('main flex-queue-stats')).to.exist;
    await expect(app).to.be.accessible();
  });

  it('gates views in the actions layer: NavigateToView rejects with a clear reason', async () => {
    const { app, provider } = await appFor('agent');
    let error: unknown;
    try {
      await provider.actions!.invoke('NavigateToView', { viewName: 'admin' });
    } catch (e) {
      error = e;
    }
    expect(error).to.be.instanceOf(FlexError);
    expect((error as FlexError).code).to.equal('forbidden');
    expect((error as FlexError).message).to.equal('The agent role may not open the "admin" view; it needs admin.');
    try {
      await provider.actions!.invoke('NavigateToView', { viewName: 'teams' });
      expect.fail('teams is for supervisors');
    } catch (e) {
      expect((e as FlexError).code).to.equal('forbidden');
    }
    await settle();
    expect(app.shadowRoot!.querySelector('main flex-agent-desktop')).to.exist;
    try {
      await provider.actions!.invoke('NavigateToView', { viewName: 'nowhere' });
      expect.fail('unknown view');
    } catch (e) {
      expect((e as FlexError).code).to.equal('unknown-view');
    }
  });

  it('lets an admin open the admin view by action', async () => {
    const { app, provider } = await appFor('admin');
    await provider.actions!.invoke('NavigateToView', { viewName: 'admin' });
    await settle();
    expect(navButton(app, 'Admin').getAttribute('aria-current')).to.equal('page');
    expect(app.shadowRoot!.querySelector('main flex-admin')).to.exist;
  });

  it('reorders and hides navigation items from config app.navigation', async () => {
    const { app } = await appFor('admin', { app: { navigation: { order: ['admin', 'queues'], hidden: ['teams'] } } });
    expect(navLabels(app)).to.deep.equal(['Admin', 'Queues', 'Agent Desktop', 'Insights']);
  });

  it('shows <flex-insights> as Insights, for agents too (their own evaluations)', async () => {
    const { app } = await appFor('supervisor');
    navButton(app, 'Insights').click();
    await settle();
    const insights = app.shadowRoot!.querySelector('main flex-insights')!;
    expect(insights).to.exist;
    await customElements.whenDefined('flex-insights');
    await settle();
    expect(insights.shadowRoot!.querySelector('[role="tablist"]')).to.exist;
    await expect(app).to.be.accessible();
  });

  it('uses string overrides from config and the es-MX locale', async () => {
    await import('../../../src/locales/es-MX.js');
    const { app } = await appFor('supervisor', { strings: { 'en-US': { 'app.nav.teams': 'Squads' } }, language: 'en-US' });
    expect(navLabels(app)).to.include('Squads');
    const spanish = await appFor('supervisor', { language: 'es-MX' });
    expect(navLabels(spanish.app)).to.deep.equal(['Escritorio del agente', 'Equipos', 'Colas', 'Análisis']);
    const overridden = await appFor('agent', { language: 'es-MX', strings: { 'es-MX': { 'app.nav.agentDesktop': 'Mi escritorio' } } });
    expect(navLabels(overridden.app)).to.deep.equal(['Mi escritorio', 'Análisis']);
  });
});
