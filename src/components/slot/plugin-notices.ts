import { html, nothing, type ReactiveController, type ReactiveControllerHost } from 'lit';
import type { ContactCenterController } from '../../context/store-controller.js';
import type { PluginRecord } from '../../core/plugins.js';
import { registerStrings } from '../../core/strings.js';
import { CenterSubscription } from './center-subscription.js';

registerStrings({
  'plugin.failedNotice': 'The plugin “{name}” could not load: {error}',
});

/**
 * Failed plugins, shown where their content would have been (a `<flex-plugin-slot>`, the task
 * canvas's tab row): one small notice per failed plugin, each dismissible. A plugin that fails
 * again (another error) shows again.
 */
export class PluginNotices implements ReactiveController {
  readonly #dismissed = new Set<string>();

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly center: ContactCenterController,
    private readonly t: (key: string, values?: Record<string, string | number>) => string,
  ) {
    host.addController(this);
    new CenterSubscription(host, center, (cc, notify) => cc.plugins.subscribe(notify));
  }

  hostConnected(): void {}

  /** Failed plugins not dismissed here. */
  get failed(): readonly PluginRecord[] {
    const list = this.center.value?.plugins.list ?? [];
    return list.filter((p) => p.status === 'failed' && !this.#dismissed.has(PluginNotices.#key(p)));
  }

  static #key(p: PluginRecord): string {
    return `${p.url}\n${p.error ?? ''}`;
  }

  dismiss(record: PluginRecord): void {
    this.#dismissed.add(PluginNotices.#key(record));
    this.host.requestUpdate();
  }

  render() {
    const failed = this.failed;
    if (failed.length === 0) return nothing;
    return html`<div class="plugin-notices" part="plugin-notices">
      ${failed.map(
        (p) => html`<p class="plugin-notice" part="plugin-notice" role="status" data-plugin=${p.name}>
          <span class="plugin-notice-text">${this.t('plugin.failedNotice', { name: p.name, error: p.error ?? '' })}</span>
          <button type="button" class="plugin-notice-dismiss" @click=${() => this.dismiss(p)}>${this.t('common.dismiss')}</button>
        </p>`,
      )}
    </div>`;
  }
}

