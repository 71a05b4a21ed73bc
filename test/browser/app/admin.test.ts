import { expect, html } from '@open-wc/testing';
import '../../../src/components/admin/admin.js';
import { FlexProvider } from '../../../src/components/provider/provider.js';
import { settle, simulatorFixture } from '../helpers.js';

async function adminFor(role: string, appConfig?: unknown) {
  const { page, provider } = await simulatorFixture(
    html`<flex-provider sim-traffic="off" sim-clock="manual" sim-agents="5" user-role=${role} .appConfig=${appConfig}
      ><flex-admin></flex-admin
    ></flex-provider>`,
  );
  const admin = page.querySelector('flex-admin')!;
  await settle();
  return { admin, provider };
}

const text = (el: Node | null | undefined) => el?.textContent?.replace(/\s+/g, ' ').trim() ?? '';

describe('<flex-admin>', () => {
  afterEach(() => document.documentElement.removeAttribute('data-flex-theme'));

  it('explains itself to non-admins', async () => {
    for (const role of ['agent', 'supervisor']) {
      const { admin } = await adminFor(role);
      await expect(admin).to.be.accessible();
      expect(text(admin.shadowRoot)).to.equal(`The admin view is for admins. You are signed in as ${role}.`);
      expect(admin.shadowRoot!.querySelector('table')).to.equal(null);
    }
  });

  it('is accessible and shows the version, features with status, and plugins (admin)', async () => {
    const { admin } = await adminFor('admin', { features: { 'insights-history': true } });
    await expect(admin).to.be.accessible();
    expect(text(admin.shadowRoot)).to.contain(`Library version ${FlexProvider.version}`);
    const feature = [...admin.shadowRoot!.querySelectorAll('tr')].find((tr) => tr.textContent.includes('insights-history'));
    expect(text(feature)).to.match(/^insights-history Beta .* On$/);
    const pilot = [...admin.shadowRoot!.querySelectorAll('tr')].find((tr) => tr.textContent.includes('plugin-integrity'));
    expect(text(pilot)).to.match(/Pilot .* Off$/);
    expect(text(admin.shadowRoot)).to.contain('No plugins are configured.');
  });

  it("edits an agent's skills and levels through SetWorkerAttributes", async () => {
    const { admin, provider } = await adminFor('admin');
    const select = admin.shadowRoot!.querySelector<HTMLSelectElement>('select')!;
    const workers = Object.values(provider.store!.getState().workers).sort((a, b) => a.name.localeCompare(b.name));
    const target = workers[workers.length - 1];
    select.value = target.sid;
    select.dispatchEvent(new Event('change'));
    await settle();
    const skill = Object.keys(target.skills)[0];
    const level = admin.shadowRoot!.querySelector<HTMLInputElement>(`input[aria-label="Level of ${skill}"]`)!;
    level.value = '9';
    level.dispatchEvent(new Event('input'));
    const newSkill = [...admin.shadowRoot!.querySelectorAll('label')].find((l) => l.textContent.trim().startsWith('New skill'))!.querySelector('input')!;
    newSkill.value = 'french';
    newSkill.dispatchEvent(new Event('input'));
    await settle();
    [...admin.shadowRoot!.querySelectorAll('button')].find((b) => b.textContent.trim() === 'Add skill')!.click();
    await settle();
    [...admin.shadowRoot!.querySelectorAll('button')].find((b) => b.textContent.trim() === 'Save skills')!.click();
    for (let i = 0; i < 20 && provider.store!.getState().workers[target.sid].skills['french'] === undefined; i++) {
      provider.simulator!.flush();
      await settle();
    }
    const skills = provider.store!.getState().workers[target.sid].skills;
    expect(skills[skill]).to.equal(9);
    expect(skills['french']).to.equal(5);
    for (let i = 0; i < 20 && !text(admin.shadowRoot).includes('saved.'); i++) await settle();
    expect(text(admin.shadowRoot)).to.contain(`Skills of ${target.name} saved.`);
    await expect(admin).to.be.accessible();
  });

  it('previews a theme preset with overrides live, then applies it to the page', async () => {
    const { admin } = await adminFor('admin');
    const preset = [...admin.shadowRoot!.querySelectorAll('label')].find((l) => l.textContent.trim().startsWith('Theme preset'))!.querySelector('select')!;
    preset.value = 'dark';
    preset.dispatchEvent(new Event('change'));
    await settle();
    const preview = admin.shadowRoot!.querySelector<HTMLElement>('[part="preview"]')!;
    expect(getComputedStyle(preview).backgroundColor).to.equal('rgb(18, 28, 45)');
    const value = [...admin.shadowRoot!.querySelectorAll('label')].find((l) => l.textContent.trim().startsWith('Value'))!.querySelector('input')!;
    const token = [...admin.shadowRoot!.querySelectorAll('label')].find((l) => l.textContent.trim().startsWith('Token'))!.querySelector('select')!;
    token.value = '--flex-color-surface';
    token.dispatchEvent(new Event('change'));
    value.value = '#202020';
    value.dispatchEvent(new Event('input'));
    await settle();
    [...admin.shadowRoot!.querySelectorAll('button')].find((b) => b.textContent.trim() === 'Add override')!.click();
    await settle();
    expect(getComputedStyle(preview).backgroundColor).to.equal('rgb(32, 32, 32)');
    expect(document.documentElement.getAttribute('data-flex-theme')).to.not.equal('dark');
    [...admin.shadowRoot!.querySelectorAll('button')].find((b) => b.textContent.trim() === 'Apply to this page')!.click();
    await settle();
    expect(document.documentElement.getAttribute('data-flex-theme')).to.equal('dark');
    expect(getComputedStyle(document.documentElement).getPropertyValue('--flex-color-surface').trim()).to.equal('#202020');
    expect(getComputedStyle(document.documentElement).getPropertyValue('--flex-color-text').trim()).to.equal('#f4f6fa');
    await expect(admin).to.be.accessible();
  });
});
