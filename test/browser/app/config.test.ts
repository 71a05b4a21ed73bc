import { expect, html } from '@open-wc/testing';
import '../../../src/components/admin/admin.js';
import { banner, settle, simulatorFixture, withErrors } from '../helpers.js';

const FIXTURES = '/test/browser/app/fixtures';

describe('configuration on <flex-provider>', () => {
  it('layers defaults ← config-url ← appConfig, and the admin view says where each value came from', async () => {
    const { page, provider } = await simulatorFixture(
      html`<flex-provider
        sim-traffic="off"
        sim-clock="manual"
        user-role="admin"
        config-url="${FIXTURES}/service-config.json"
        .appConfig=${{ outbound: { defaultCountry: 'BR' } }}
        ><flex-admin></flex-admin
      ></flex-provider>`,
    );
    expect(provider.config.notifications.mode).to.equal('always');
    expect(provider.config.outbound.defaultCountry).to.equal('BR');
    expect(provider.config.outbound.enabled).to.equal(false);
    expect(provider.config.ringtone.enabled).to.equal(true);
    await settle();
    const admin = page.querySelector('flex-admin')!;
    const row = (path: string) => admin.shadowRoot!.querySelector(`tr[data-path="${path}"]`)?.textContent?.replace(/\s+/g, ' ').trim();
    expect(row('notifications.mode')).to.equal('notifications.mode "always" service');
    expect(row('outbound.defaultCountry')).to.equal('outbound.defaultCountry "BR" appConfig');
    expect(row('ringtone.enabled')).to.equal('ringtone.enabled true default');
    expect(banner(provider)).to.equal('');
  });

  it('names a bad key and its layer (banner and flex-error), and loads everything else', async () => {
    const { result, errors } = await withErrors(() =>
      simulatorFixture(
        html`<flex-provider
          sim-traffic="off"
          sim-clock="manual"
          .appConfig=${{ notifications: { mode: 'sometimes', enabled: false }, outbound: { defaultCountry: 'MX' } }}
        ></flex-provider>`,
      ),
    );
    const { provider } = result;
    const message = "appConfig.notifications.mode must be one of whenNotInFocus, always; got 'sometimes'";
    expect(errors).to.deep.include({ code: 'invalid-config', message, recoverable: true });
    await settle();
    expect(banner(provider)).to.contain(message);
    expect(provider.shadowRoot!.querySelector('[part="config-errors"]')!.getAttribute('role')).to.equal('alert');
    expect(provider.config.notifications.mode).to.equal('whenNotInFocus');
    expect(provider.config.notifications.enabled).to.equal(false);
    expect(provider.config.outbound.defaultCountry).to.equal('MX');
    expect(provider.store!.getState().connection.status).to.equal('connected');
    expect(provider.store!.getState().notifications.map((n) => n.message)).to.include(message);
  });

  for (const [what, url, reason] of [
    ['404s', `${FIXTURES}/missing-config.json`, /HTTP 404/],
    ['returns bad JSON', `${FIXTURES}/bad-json.json`, /not valid JSON/],
  ] as const) {
    it(`reports a config-url that ${what} and still loads the defaults`, async () => {
      const { result, errors } = await withErrors(() =>
        simulatorFixture(html`<flex-provider sim-traffic="off" sim-clock="manual" config-url=${url}></flex-provider>`),
      );
      const { provider } = result;
      const error = errors.find((e) => e.code === 'config-fetch-failed');
      expect(error?.recoverable).to.equal(true);
      expect(error?.message).to.contain(url).and.match(reason);
      await settle();
      expect(banner(provider)).to.contain('could not be loaded');
      expect(provider.config.notifications.mode).to.equal('whenNotInFocus');
      expect(provider.store!.getState().connection.status).to.equal('connected');
    });
  }
});
