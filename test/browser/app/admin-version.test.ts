import { expect, html, waitUntil } from '@open-wc/testing';
import '../../../src/components/admin/admin.js';
import { FlexProvider } from '../../../src/components/provider/provider.js';
import type { FlexAdmin } from '../../../src/components/admin/admin.js';
import { VERSION_POLICY_STORAGE_KEY } from '../../../src/core/version-policy.js';
import { settle, simulatorFixture } from '../helpers.js';

const running = FlexProvider.version;
const [major] = running.split('.');
const versions = {
  versions: [
    { version: `${Number(major) + 1}.0.0`, date: '2026-11-20', major: true, changelog: '', notes: '- Breaking changes.' },
    { version: running, date: '2026-11-02', major: false, changelog: '', notes: '- The running one.' },
    { version: `${major}.0.9`, date: '2026-10-01', major: false, changelog: '', notes: '- <img src=x onerror=alert(1)> stays text.' },
  ],
};
const versionsUrl = `data:application/json,${encodeURIComponent(JSON.stringify(versions))}`;

async function adminWith(url: string | undefined, role = 'admin') {
  const { page, provider } = await simulatorFixture(
    html`<flex-provider sim-traffic="off" sim-clock="manual" sim-agents="3" user-role=${role}
      ><flex-admin versions-url=${url ?? ''}></flex-admin
    ></flex-provider>`,
  );
  const admin = page.querySelector<FlexAdmin>('flex-admin')!;
  if (!url) admin.removeAttribute('versions-url');
  await settle();
  return { admin, provider };
}

const section = (admin: FlexAdmin) => admin.shadowRoot!.querySelector<HTMLElement>('section[aria-labelledby="version-title"]')!;
const text = (el: Element | null | undefined) => el?.textContent?.replace(/\s+/g, ' ').trim() ?? '';
const select = (admin: FlexAdmin) =>
  [...section(admin).querySelectorAll('label')].find((l) => l.textContent.includes('Version to run'))!.querySelector('select')!;
const button = (admin: FlexAdmin, name: string) => [...section(admin).querySelectorAll('button')].find((b) => text(b) === name)!;

describe('<flex-admin> Version section', () => {
  beforeEach(() => localStorage.removeItem(VERSION_POLICY_STORAGE_KEY));
  afterEach(() => localStorage.removeItem(VERSION_POLICY_STORAGE_KEY));

  it('shows the running version, the policy and the published versions with their changes', async () => {
    const { admin } = await adminWith(versionsUrl);
    await waitUntil(() => section(admin).querySelector('table'), 'the versions table');
    await expect(admin).to.be.accessible();
    const info = text(section(admin));
    expect(info).to.contain(`Running flex-elements ${running}.`);
    expect(info).to.contain(`Follows the newest ${major}.x minor automatically`);
    expect(info).to.contain('This is the default.');
    expect(info).to.contain('rather than through cdn/loader.js');
    const table = section(admin).querySelector('table')!;
    expect(text(table.querySelector('caption'))).to.equal('Published versions');
    const rows = [...table.querySelectorAll('tbody tr')].map((row) => text(row.querySelector('th')));
    expect(rows).to.deep.equal([`${Number(major) + 1}.0.0 Major`, `${running} Running`, `${major}.0.9`]);
    // Changelog text is text, never markup.
    expect(section(admin).querySelector('img')).to.equal(null);
    expect(text(table)).to.contain('<img src=x onerror=alert(1)> stays text.');
    const options = [...select(admin).options].map((o) => o.textContent.trim());
    expect(options[0]).to.equal(`Follow the latest minor (${major}.x)`);
    expect(options).to.include(`Pin ${major}.0 (now ${major}.0.9)`);
  });

  it('pins a minor for the next page load (kept in this browser), then goes back to following', async () => {
    const { admin } = await adminWith(versionsUrl);
    await waitUntil(() => section(admin).querySelector('table'), 'the versions table');
    const pinned = `${major}.0`;
    select(admin).value = pinned;
    select(admin).dispatchEvent(new Event('change'));
    await settle();
    button(admin, 'Save version choice').click();
    await waitUntil(() => text(admin.shadowRoot!.querySelector('[role="status"]')).includes('Saved'), 'saved');
    expect(text(admin.shadowRoot!.querySelector('[role="status"]'))).to.equal(`Saved: pinned to ${pinned}. The next page load runs ${major}.0.9.`);
    expect(JSON.parse(localStorage.getItem(VERSION_POLICY_STORAGE_KEY)!)).to.deep.equal({ mode: 'pinned', pinned });
    await settle();
    expect(text(section(admin))).to.contain(`Pinned to ${pinned}. Chosen in this browser.`);
    await expect(admin).to.be.accessible();

    select(admin).value = 'follow';
    select(admin).dispatchEvent(new Event('change'));
    await settle();
    button(admin, 'Save version choice').click();
    await waitUntil(() => text(admin.shadowRoot!.querySelector('[role="status"]')).includes('following'), 'saved');
    expect(JSON.parse(localStorage.getItem(VERSION_POLICY_STORAGE_KEY)!)).to.deep.equal({ mode: 'follow-minor' });
  });

  it('warns before pinning another major, and says when versions.json cannot be read', async () => {
    const { admin } = await adminWith(versionsUrl);
    await waitUntil(() => section(admin).querySelector('table'), 'the versions table');
    select(admin).value = `${Number(major) + 1}.0`;
    select(admin).dispatchEvent(new Event('change'));
    await settle();
    expect(text(section(admin))).to.contain(`${Number(major) + 1}.0 is another major version: review its changes`);

    const broken = await adminWith('data:application/json,not-json');
    await waitUntil(() => section(broken.admin).querySelector('[role="alert"]'), 'the problem');
    expect(text(section(broken.admin).querySelector('[role="alert"]'))).to.match(/could not be read/);
    await expect(broken.admin).to.be.accessible();
  });

  it('SetVersionPolicy is for admins, and checks its payload', async () => {
    const { provider } = await adminWith(undefined, 'supervisor');
    const refused = await provider.actions!.invoke('SetVersionPolicy', { mode: 'pinned', pinned: '1.4' }).catch((e: { code: string }) => e.code);
    expect(refused).to.equal('forbidden');
    const admin = await adminWith(undefined);
    const bad = await admin.provider.actions!.invoke('SetVersionPolicy', { mode: 'pinned', pinned: 'latest' }).catch((e: { code: string }) => e.code);
    expect(bad).to.equal('invalid-payload');
    expect(localStorage.getItem(VERSION_POLICY_STORAGE_KEY)).to.equal(null);
  });
});
