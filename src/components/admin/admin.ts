import { html, nothing } from 'lit';
import { property, state } from 'lit/decorators.js';
import { knownFeatures } from '../../core/config-schema.js';
import type { Worker } from '../../core/model.js';
import type { PluginRecord } from '../../core/plugins.js';
import type { FlexState } from '../../core/store.js';
import { registerStrings } from '../../core/strings.js';
import { baseStyles, buttonStyles } from '../../styles/shared.js';
import { applyTheme, currentTheme, themePresets, THEME_NAMES, type ThemeName } from '../../styles/themes/index.js';
import { lightTokens } from '../../styles/tokens.js';
import { VERSION } from '../../version.js';
import { chooseVersion, type VersionPolicy } from '../../core/version-policy.js';
import { readStoredVersionPolicy } from '../../core/version-actions.js';
import { minorsOf, VersionsController } from '../../controllers/versions.js';
import type { PolicySource } from '../../loader.js';
import { styleProps } from '../../directives/style-props.js';
import { defineElement } from '../define.js';
import { ariaLevel } from '../heading-level.js';
import { FlexElement, selectConnection } from '../flex-element.js';
import { CenterSubscription } from '../slot/center-subscription.js';
import { styles } from './admin.styles.js';

registerStrings({
  'admin.title': 'Admin',
  'admin.forbidden': 'The admin view is for admins. You are signed in as {role}.',
  'admin.version': 'Library version {version}',
  'admin.plugins.title': 'Plugins',
  'admin.plugins.none': 'No plugins are configured.',
  'admin.plugins.name': 'Plugin',
  'admin.plugins.url': 'URL',
  'admin.plugins.status': 'Status',
  'admin.plugins.error': 'Error',
  'admin.plugins.actions': 'Actions',
  'admin.plugins.status.loading': 'Loading',
  'admin.plugins.status.ready': 'Running',
  'admin.plugins.status.failed': 'Failed',
  'admin.plugins.status.disabled': 'Disabled',
  'admin.plugins.enable': 'Enable {name}',
  'admin.plugins.disable': 'Disable {name}',
  'admin.plugins.loadUrl': 'Plugin URL',
  'admin.plugins.load': 'Load plugin',
  'admin.skills.title': "Agents' skills",
  'admin.skills.agent': 'Agent',
  'admin.skills.none': 'This agent has no skills.',
  'admin.skills.skill': 'Skill',
  'admin.skills.level': 'Level',
  'admin.skills.levelOf': 'Level of {skill}',
  'admin.skills.remove': 'Remove {skill}',
  'admin.skills.newSkill': 'New skill',
  'admin.skills.newLevel': 'New skill level',
  'admin.skills.add': 'Add skill',
  'admin.skills.save': 'Save skills',
  'admin.skills.saved': 'Skills of {name} saved.',
  'admin.skills.badLevel': 'A skill level is a whole number from 1 to 10.',
  'admin.features.title': 'Pre-release features',
  'admin.features.feature': 'Feature',
  'admin.features.status': 'Status',
  'admin.features.description': 'Description',
  'admin.features.enabled': 'In this configuration',
  'admin.features.on': 'On',
  'admin.features.off': 'Off',
  'admin.features.status.beta': 'Beta',
  'admin.features.status.pilot': 'Pilot',
  'admin.theme.title': 'Theme',
  'admin.theme.preset': 'Theme preset',
  'admin.theme.preset.light': 'Light',
  'admin.theme.preset.dark': 'Dark',
  'admin.theme.preset.high-contrast': 'High contrast',
  'admin.theme.preset.auto': 'Follow the system (auto)',
  'admin.theme.token': 'Token',
  'admin.theme.value': 'Value',
  'admin.theme.addOverride': 'Add override',
  'admin.theme.removeOverride': 'Remove override {token}',
  'admin.theme.preview': 'Preview',
  'admin.theme.previewText': 'Customer record and call controls look like this.',
  'admin.theme.previewMuted': 'Secondary text',
  'admin.theme.previewPrimary': 'Accept',
  'admin.theme.previewDanger': 'Hang up',
  'admin.theme.previewInfo': 'Information',
  'admin.theme.previewWarning': 'Warning',
  'admin.theme.apply': 'Apply to this page',
  'admin.theme.applied': 'Theme {name} applied to this page.',
  'admin.config.title': 'Effective configuration',
  'admin.config.key': 'Key',
  'admin.config.value': 'Value',
  'admin.config.source': 'From',
  'admin.config.source.default': 'default',
  'admin.config.source.service': 'service',
  'admin.config.source.appConfig': 'appConfig',
  'admin.config.problems': 'Problems found in the configuration',
  'admin.version.title': 'Version',
  'admin.version.running': 'Running flex-elements {version}.',
  'admin.version.following': 'Follows the newest {major}.x minor automatically; a new major version is never applied on its own.',
  'admin.version.pinned': 'Pinned to {pinned}.',
  'admin.version.source.default': 'This is the default.',
  'admin.version.source.browser': 'Chosen in this browser.',
  'admin.version.source.service': 'From the service configuration.',
  'admin.version.source.appConfig': "Set by this page's configuration (appConfig), which a choice saved here does not override.",
  'admin.version.noLoader':
    'This page loads flex-elements directly rather than through cdn/loader.js, so it runs the version it bundles; the choice applies to pages that use the loader.',
  'admin.version.loading': 'Loading the published versions…',
  'admin.version.none': 'No list of published versions is available.',
  'admin.version.available': 'Published versions',
  'admin.version.col.version': 'Version',
  'admin.version.col.date': 'Released',
  'admin.version.col.notes': 'Changes',
  'admin.version.badge.running': 'Running',
  'admin.version.badge.major': 'Major',
  'admin.version.notes': 'Changes in {version}',
  'admin.version.choice': 'Version to run',
  'admin.version.choice.follow': 'Follow the latest minor ({major}.x)',
  'admin.version.choice.pin': 'Pin {minor} (now {version})',
  'admin.version.save': 'Save version choice',
  'admin.version.saved.follow': 'Saved: following the latest minor. The next page load runs {version}.',
  'admin.version.saved.pin': 'Saved: pinned to {minor}. The next page load runs {version}.',
  'admin.version.otherMajor': '{minor} is another major version: review its changes before the next page load runs it.',
});

const selectWorkers = (state: FlexState) => state.workers;
const COLOR_TOKENS = Object.keys(lightTokens).filter((name) => name.startsWith('--flex-color-'));

/**
 * The admin view (admin role; others see why not): the plugins dashboard (status, errors, enable
 * and disable, remembered), agents' skills and levels (SetWorkerAttributes), pre-release features
 * with their status, the theme (a preset and token overrides with a live preview), the effective
 * configuration with where each value came from, and the library version.
 *
 * @summary Plugins, skills, features, theme and configuration, for admins.
 *
 * @tagname flex-admin
 *
 * @event {FlexErrorEvent} flex-error - An action (SetWorkerAttributes, loading a plugin) failed. Detail: `{code, message, recoverable}`.
 *
 * @csspart base - The wrapper.
 * @csspart section - Each section.
 * @csspart plugin-row - A plugin's row.
 * @csspart preview - The theme preview.
 * @csspart config-table - The effective configuration.
 */
export class FlexAdmin extends FlexElement {
  static override styles = [baseStyles, buttonStyles, styles];

  /**
   * The level (1–6) of this element's top headings, so they follow the host page's outline: a page
   * whose section heading is an h1 sets 2. Headings below them take the next levels. Unset: the
   * element's own levels (h2 at the top).
   */
  @property({ attribute: 'heading-level', type: Number, reflect: true }) headingLevel?: number;

  /**
   * Where the Version section reads the published versions (`versions.json`). Unset: the folder of
   * the `cdn/loader.js` that started the page, if any.
   */
  @property({ attribute: 'versions-url' }) versionsUrl?: string;

  readonly #connection = this.select(selectConnection, { status: 'idle' });
  readonly #workers = this.select(selectWorkers, {});
  readonly #plugins = new CenterSubscription(this, this.center, (cc, notify) => cc.plugins.subscribe(notify));

  @state() private workerSid = '';
  @state() private draft: Record<string, number> | undefined;
  @state() private newSkill = '';
  @state() private newLevel = 5;
  @state() private preset: ThemeName | undefined;
  @state() private overrides: Record<string, string> | undefined;
  @state() private overrideToken = COLOR_TOKENS[0];
  @state() private overrideValue = '';
  @state() private pluginUrl = '';
  @state() private message = '';
  @state() private versionChoice: string | undefined;

  readonly #versions = new VersionsController(
    this,
    () => this.versionsUrl,
    () => this.#configuredVersionPolicy(),
  );

  override render() {
    const waiting = this.renderConnectionState(this.#connection.value);
    if (waiting) return waiting;
    const role = this.currentRole ?? 'agent';
    if (role !== 'admin') {
      return html`<p class="status" role="status" part="base">${this.t('admin.forbidden', { role })}</p>`;
    }
    void this.#plugins;
    return html`<div part="base">
      <h2 aria-level=${ariaLevel(this.headingLevel)}>${this.t('admin.title')}</h2>
      <p class="muted">${this.t('admin.version', { version: VERSION })}</p>
      ${this.renderActionError()}
      <p role="status" class="muted">${this.message}</p>
      ${this.#renderPlugins()} ${this.#renderSkills()} ${this.#renderFeatures()} ${this.#renderTheme()} ${this.#renderVersion()} ${this.#renderConfig()}
    </div>`;
  }

  #renderPlugins() {
    const plugins = this.cc?.plugins.list ?? [];
    return html`<section part="section" aria-labelledby="plugins-title">
      <h3 aria-level=${ariaLevel(this.headingLevel, 1)} id="plugins-title">${this.t('admin.plugins.title')}</h3>
      ${plugins.length
        ? html`<table>
            <thead>
              <tr>
                <th scope="col">${this.t('admin.plugins.name')}</th>
                <th scope="col">${this.t('admin.plugins.url')}</th>
                <th scope="col">${this.t('admin.plugins.status')}</th>
                <th scope="col">${this.t('admin.plugins.error')}</th>
                <th scope="col">${this.t('admin.plugins.actions')}</th>
              </tr>
            </thead>
            <tbody>
              ${plugins.map((plugin) => this.#renderPlugin(plugin))}
            </tbody>
          </table>`
        : html`<p class="muted">${this.t('admin.plugins.none')}</p>`}
      <form class="row" @submit=${this.#loadPlugin}>
        <label
          >${this.t('admin.plugins.loadUrl')}
          <input type="url" name="url" required .value=${this.pluginUrl} @input=${(e: Event) => (this.pluginUrl = (e.target as HTMLInputElement).value)}
        /></label>
        <button type="submit" class="button">${this.t('admin.plugins.load')}</button>
      </form>
    </section>`;
  }

  #renderPlugin(plugin: PluginRecord) {
    const disabled = plugin.status === 'disabled';
    return html`<tr part="plugin-row" data-url=${plugin.url}>
      <th scope="row">${plugin.name}</th>
      <td class="mono">${plugin.url}</td>
      <td><span class="badge ${plugin.status}">${this.t(`admin.plugins.status.${plugin.status}`)}</span></td>
      <td class="error-text">${plugin.error ?? ''}</td>
      <td>
        <button
          type="button"
          class="button"
          ?disabled=${plugin.status === 'loading'}
          @click=${() => this.#togglePlugin(plugin)}
        >
          ${this.t(disabled || plugin.status === 'failed' ? 'admin.plugins.enable' : 'admin.plugins.disable', { name: plugin.name })}
        </button>
      </td>
    </tr>`;
  }

  #togglePlugin(plugin: PluginRecord) {
    const plugins = this.cc?.plugins;
    if (!plugins) return;
    if (plugin.status === 'disabled' || plugin.status === 'failed') plugins.enable(plugin.url).catch(() => {});
    else plugins.disable(plugin.url);
  }

  #loadPlugin(event: Event) {
    event.preventDefault();
    const url = this.pluginUrl.trim();
    if (!url) return;
    // Failures are listed in the table and reported as flex-error by the plugin loader.
    this.cc?.plugins.load(url).catch(() => {});
    this.pluginUrl = '';
  }

  #sortedWorkers(): Worker[] {
    return Object.values(this.#workers.value).sort((a, b) => a.name.localeCompare(b.name));
  }

  #renderSkills() {
    const workers = this.#sortedWorkers();
    const worker = this.#workers.value[this.workerSid] ?? workers[0];
    const skills = this.draft ?? { ...(worker?.skills ?? {}) };
    return html`<section part="section" aria-labelledby="skills-title">
      <h3 aria-level=${ariaLevel(this.headingLevel, 1)} id="skills-title">${this.t('admin.skills.title')}</h3>
      <label
        >${this.t('admin.skills.agent')}
        <select
          @change=${(e: Event) => {
            this.workerSid = (e.target as HTMLSelectElement).value;
            this.draft = undefined;
          }}
        >
          ${workers.map((w) => html`<option value=${w.sid} ?selected=${w.sid === worker?.sid}>${w.name}</option>`)}
        </select>
      </label>
      ${worker
        ? html`${Object.keys(skills).length
              ? html`<table>
                  <thead>
                    <tr>
                      <th scope="col">${this.t('admin.skills.skill')}</th>
                      <th scope="col">${this.t('admin.skills.level')}</th>
                      <th scope="col"><span class="visually-hidden">${this.t('admin.plugins.actions')}</span></th>
                    </tr>
                  </thead>
                  <tbody>
                    ${Object.entries(skills).map(
                      ([skill, level]) => html`<tr>
                        <th scope="row">${skill}</th>
                        <td>
                          <input
                            type="number"
                            min="1"
                            max="10"
                            step="1"
                            aria-label=${this.t('admin.skills.levelOf', { skill })}
                            .value=${String(level)}
                            @input=${(e: Event) => (this.draft = { ...skills, [skill]: Number((e.target as HTMLInputElement).value) })}
                          />
                        </td>
                        <td>
                          <button
                            type="button"
                            class="button quiet"
                            @click=${() => {
                              const next = { ...skills };
                              delete next[skill];
                              this.draft = next;
                            }}
                          >
                            ${this.t('admin.skills.remove', { skill })}
                          </button>
                        </td>
                      </tr>`,
                    )}
                  </tbody>
                </table>`
              : html`<p class="muted">${this.t('admin.skills.none')}</p>`}
            <div class="row">
              <label
                >${this.t('admin.skills.newSkill')}
                <input type="text" .value=${this.newSkill} @input=${(e: Event) => (this.newSkill = (e.target as HTMLInputElement).value)}
              /></label>
              <label
                >${this.t('admin.skills.newLevel')}
                <input
                  type="number"
                  min="1"
                  max="10"
                  .value=${String(this.newLevel)}
                  @input=${(e: Event) => (this.newLevel = Number((e.target as HTMLInputElement).value))}
              /></label>
              <button
                type="button"
                class="button"
                ?disabled=${!this.newSkill.trim()}
                @click=${() => {
                  this.draft = { ...skills, [this.newSkill.trim()]: this.newLevel };
                  this.newSkill = '';
                }}
              >
                ${this.t('admin.skills.add')}
              </button>
              <button type="button" class="button primary" @click=${() => this.#saveSkills(worker, skills)}>
                ${this.t('admin.skills.save')}
              </button>
            </div>`
        : nothing}
    </section>`;
  }

  async #saveSkills(worker: Worker, skills: Record<string, number>) {
    if (Object.values(skills).some((level) => !Number.isInteger(level) || level < 1 || level > 10)) {
      this.message = this.t('admin.skills.badLevel');
      return;
    }
    const { skills: _previous, ...attributes } = worker.attributes as Record<string, unknown>;
    void _previous;
    const result = await this.invoke('SetWorkerAttributes', { workerSid: worker.sid, attributes: { ...attributes, skills } });
    if (!this.actionError) {
      this.draft = undefined;
      this.message = this.t('admin.skills.saved', { name: worker.name });
    }
    return result;
  }

  #renderFeatures() {
    const enabled = this.cc?.config.features ?? {};
    return html`<section part="section" aria-labelledby="features-title">
      <h3 aria-level=${ariaLevel(this.headingLevel, 1)} id="features-title">${this.t('admin.features.title')}</h3>
      <table>
        <thead>
          <tr>
            <th scope="col">${this.t('admin.features.feature')}</th>
            <th scope="col">${this.t('admin.features.status')}</th>
            <th scope="col">${this.t('admin.features.description')}</th>
            <th scope="col">${this.t('admin.features.enabled')}</th>
          </tr>
        </thead>
        <tbody>
          ${[...knownFeatures()].map(
            ([name, info]) => html`<tr>
              <th scope="row" class="mono">${name}</th>
              <td><span class="badge ${info.status}">${this.t(`admin.features.status.${info.status}`)}</span></td>
              <td>${info.description}</td>
              <td>${this.t(enabled[name] ? 'admin.features.on' : 'admin.features.off')}</td>
            </tr>`,
          )}
        </tbody>
      </table>
    </section>`;
  }

  #renderTheme() {
    const preset = this.preset ?? (this.ownerDocument.documentElement.hasAttribute('data-flex-theme') ? currentTheme(this.ownerDocument) : (this.cc?.config.theme.name ?? 'light'));
    const overrides = this.overrides ?? { ...(this.cc?.config.theme.tokens ?? {}) };
    const resolved: ThemeName =
      preset === 'auto' ? (globalThis.matchMedia?.('(prefers-color-scheme: dark)').matches ? 'dark' : 'light') : preset;
    const previewTokens = { ...themePresets[resolved], ...overrides };
    return html`<section part="section" aria-labelledby="theme-title">
      <h3 aria-level=${ariaLevel(this.headingLevel, 1)} id="theme-title">${this.t('admin.theme.title')}</h3>
      <div class="row">
        <label
          >${this.t('admin.theme.preset')}
          <select @change=${(e: Event) => (this.preset = (e.target as HTMLSelectElement).value as ThemeName)}>
            ${THEME_NAMES.map((name) => html`<option value=${name} ?selected=${name === preset}>${this.t(`admin.theme.preset.${name}`)}</option>`)}
          </select>
        </label>
        <label
          >${this.t('admin.theme.token')}
          <select @change=${(e: Event) => (this.overrideToken = (e.target as HTMLSelectElement).value)}>
            ${COLOR_TOKENS.map((name) => html`<option value=${name} ?selected=${name === this.overrideToken}>${name}</option>`)}
          </select>
        </label>
        <label
          >${this.t('admin.theme.value')}
          <input type="text" placeholder="#0263e0" .value=${this.overrideValue} @input=${(e: Event) => (this.overrideValue = (e.target as HTMLInputElement).value)}
        /></label>
        <button
          type="button"
          class="button"
          ?disabled=${!this.overrideValue.trim()}
          @click=${() => {
            this.overrides = { ...overrides, [this.overrideToken]: this.overrideValue.trim() };
            this.overrideValue = '';
          }}
        >
          ${this.t('admin.theme.addOverride')}
        </button>
      </div>
      ${Object.keys(overrides).length
        ? html`<ul>
            ${Object.entries(overrides).map(
              ([token, value]) => html`<li>
                <code>${token}: ${value}</code>
                <button
                  type="button"
                  class="button quiet"
                  @click=${() => {
                    const next = { ...overrides };
                    delete next[token];
                    this.overrides = next;
                  }}
                >
                  ${this.t('admin.theme.removeOverride', { token })}
                </button>
              </li>`,
            )}
          </ul>`
        : nothing}
      <div class="preview" part="preview" role="group" aria-label=${this.t('admin.theme.preview')} ${styleProps(previewTokens)}>
        <div class="raised">
          <p>${this.t('admin.theme.previewText')}</p>
          <p class="muted">${this.t('admin.theme.previewMuted')}</p>
          <p>
            <span class="available">&#9679;</span> <span class="unavailable">&#9679;</span> <span class="break">&#9679;</span>
            <span class="offline">&#9679;</span>
          </p>
          <p class="info">${this.t('admin.theme.previewInfo')}</p>
          <p class="warning">${this.t('admin.theme.previewWarning')}</p>
          <div class="row">
            <button type="button" class="button primary" tabindex="-1">${this.t('admin.theme.previewPrimary')}</button>
            <button type="button" class="button danger" tabindex="-1">${this.t('admin.theme.previewDanger')}</button>
          </div>
        </div>
      </div>
      <div class="row">
        <button
          type="button"
          class="button primary"
          @click=${() => {
            applyTheme(this.ownerDocument, preset, overrides);
            this.message = this.t('admin.theme.applied', { name: this.t(`admin.theme.preset.${preset}`) });
          }}
        >
          ${this.t('admin.theme.apply')}
        </button>
      </div>
    </section>`;
  }

  /** Without a loader: the policy the loader would read (page config, service config, this browser). */
  #configuredVersionPolicy(): { policy?: VersionPolicy; source: PolicySource } {
    const from = this.cc?.configEntries.find((entry) => entry.path.startsWith('version.'))?.source;
    const configured = this.cc?.config.version;
    if (configured && (from === 'appConfig' || from === 'service')) {
      return { policy: configured.pinned ? { mode: configured.mode, pinned: configured.pinned } : { mode: configured.mode }, source: from };
    }
    const stored = readStoredVersionPolicy();
    return stored ? { policy: stored, source: 'browser' } : { source: 'default' };
  }

  #renderVersion() {
    const view = this.#versions.value;
    const major = Number(VERSION.split('.')[0]);
    const minors = minorsOf(view.versions);
    const current = view.policy.mode === 'pinned' && view.policy.pinned ? view.policy.pinned.split('.').slice(0, 2).join('.') : 'follow';
    const choice = this.versionChoice ?? current;
    const chosenMinor = minors.find((m) => m.minor === choice);
    return html`<section part="section" aria-labelledby="version-title">
      <h3 aria-level=${ariaLevel(this.headingLevel, 1)} id="version-title">${this.t('admin.version.title')}</h3>
      <p>
        ${this.t('admin.version.running', { version: VERSION })}
        ${view.policy.mode === 'pinned' && view.policy.pinned
          ? this.t('admin.version.pinned', { pinned: view.policy.pinned })
          : this.t('admin.version.following', { major })}
        ${this.t(`admin.version.source.${view.source}`)}
      </p>
      ${view.viaLoader ? nothing : html`<p class="muted">${this.t('admin.version.noLoader')}</p>`}
      ${view.problem ? html`<p class="error-text" role="alert">${view.problem}</p>` : nothing}
      ${view.loading
        ? html`<p role="status">${this.t('admin.version.loading')}</p>`
        : view.versions.length
          ? html`<table>
              <caption>${this.t('admin.version.available')}</caption>
              <thead>
                <tr>
                  <th scope="col">${this.t('admin.version.col.version')}</th>
                  <th scope="col">${this.t('admin.version.col.date')}</th>
                  <th scope="col">${this.t('admin.version.col.notes')}</th>
                </tr>
              </thead>
              <tbody>
                ${view.versions.map(
                  (entry) => html`<tr data-version=${entry.version}>
                    <th scope="row" class="mono">
                      ${entry.version}
                      ${entry.version === VERSION ? html`<span class="badge ready">${this.t('admin.version.badge.running')}</span>` : nothing}
                      ${entry.major ? html`<span class="badge beta">${this.t('admin.version.badge.major')}</span>` : nothing}
                    </th>
                    <td>${entry.date}</td>
                    <td>
                      ${entry.notes
                        ? html`<details>
                            <summary>${this.t('admin.version.notes', { version: entry.version })}</summary>
                            <div class="notes">${entry.notes.length > 1500 ? `${entry.notes.slice(0, 1500)}…` : entry.notes}</div>
                          </details>`
                        : nothing}
                    </td>
                  </tr>`,
                )}
              </tbody>
            </table>`
          : html`<p class="muted">${this.t('admin.version.none')}</p>`}
      <form class="row" @submit=${(e: Event) => this.#saveVersion(e, choice, minors)}>
        <label
          >${this.t('admin.version.choice')}
          <select @change=${(e: Event) => (this.versionChoice = (e.target as HTMLSelectElement).value)}>
            <option value="follow" ?selected=${choice === 'follow'}>${this.t('admin.version.choice.follow', { major })}</option>
            ${minors.map(
              ({ minor, newest }) =>
                html`<option value=${minor} ?selected=${choice === minor}>${this.t('admin.version.choice.pin', { minor, version: newest.version })}</option>`,
            )}
          </select>
        </label>
        <button type="submit" class="button primary">${this.t('admin.version.save')}</button>
      </form>
      ${chosenMinor && Number(chosenMinor.minor.split('.')[0]) !== major
        ? html`<p class="warning">${this.t('admin.version.otherMajor', { minor: chosenMinor.minor })}</p>`
        : nothing}
    </section>`;
  }

  async #saveVersion(event: Event, choice: string, minors: { minor: string }[]) {
    event.preventDefault();
    const policy: VersionPolicy = choice === 'follow' || !minors.some((m) => m.minor === choice) ? { mode: 'follow-minor' } : { mode: 'pinned', pinned: choice };
    const result = await this.invoke<{ policy: VersionPolicy; where: 'browser' | 'service' }>('SetVersionPolicy', policy);
    if (!result) return;
    this.#versions.noteSaved(result.policy, result.where);
    this.versionChoice = undefined;
    const next = chooseVersion({ versions: this.#versions.value.versions }, result.policy, Number(VERSION.split('.')[0])).version ?? VERSION;
    this.message =
      result.policy.mode === 'pinned'
        ? this.t('admin.version.saved.pin', { minor: result.policy.pinned ?? '', version: next })
        : this.t('admin.version.saved.follow', { version: next });
  }

  #renderConfig() {
    const entries = this.cc?.configEntries ?? [];
    const issues = this.cc?.configIssues ?? [];
    return html`<section part="section" aria-labelledby="config-title">
      <h3 aria-level=${ariaLevel(this.headingLevel, 1)} id="config-title">${this.t('admin.config.title')}</h3>
      ${issues.length
        ? html`<div role="note" aria-label=${this.t('admin.config.problems')}>
            <ul class="error-text">
              ${issues.map((issue) => html`<li>${issue.message}</li>`)}
            </ul>
          </div>`
        : nothing}
      <table part="config-table">
        <thead>
          <tr>
            <th scope="col">${this.t('admin.config.key')}</th>
            <th scope="col">${this.t('admin.config.value')}</th>
            <th scope="col">${this.t('admin.config.source')}</th>
          </tr>
        </thead>
        <tbody>
          ${entries.map(
            (entry) => html`<tr data-path=${entry.path}>
              <th scope="row" class="mono">${entry.path}</th>
              <td class="mono">${JSON.stringify(entry.value)}</td>
              <td>${this.t(`admin.config.source.${entry.source}`)}</td>
            </tr>`,
          )}
        </tbody>
      </table>
    </section>`;
  }
}

defineElement('flex-admin', FlexAdmin);

declare global {
  interface HTMLElementTagNameMap {
    'flex-admin': FlexAdmin;
  }
}
