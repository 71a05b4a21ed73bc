import { ContextProvider, type ContextCallback } from '@lit/context';
import { LitElement, html, nothing, type PropertyValues } from 'lit';
import { property, state } from 'lit/decorators.js';
import type { BackendFactory } from '../../backends/backend.js';
import { createBackend, preloadBackend, registerBackend } from '../../backends/registry.js';
import { shareBackend } from '../../core/tabs/index.js';
import { TabsController } from '../../controllers/tabs.js';
import type { SimulatorBackend, SimulatorControls } from '../../backends/simulator/index.js';
import { contactCenterContext } from '../../context/keys.js';
import { registerProvider, rehome, unregisterProvider, type RootProvider } from '../../context/root.js';
import type { Actions } from '../../core/actions.js';
import { sameConfigValue, type DeepPartial, type FlexConfig } from '../../core/config.js';
import { resolveConfig, type ConfigIssue } from '../../core/config-schema.js';
import { CrmHooks } from '../../core/crm/hooks.js';
import { ContactCenter } from '../../core/contact-center.js';
import { FlexError } from '../../core/errors.js';
import { fetchServiceConfig } from '../../core/service-config.js';
import { loaderState } from '../../controllers/versions.js';
import { ROLES, type FlexErrorDetail, type Role } from '../../core/model.js';
import type { Plugins } from '../../core/plugins.js';
import type { ReadableStore } from '../../core/store.js';
import { registerStrings } from '../../core/strings.js';
import { FlexErrorEvent, FlexReadyEvent, type ReadyDetail as FlexReadyDetail } from '../../events.js';
import { baseStyles } from '../../styles/shared.js';
import { applyTheme, validateThemeName, type ThemeName } from '../../styles/themes/index.js';
import { installTokens } from '../../styles/tokens.js';
import { VERSION } from '../../version.js';
import { defineElement } from '../define.js';
import { loadLocale } from '../../core/strings.js';
import { styles } from './provider.styles.js';

registerStrings({
  'provider.configProblems': 'Configuration problems (everything else is in force):',
  'provider.dismiss': 'Dismiss',
});

/**
 * Attributes and properties whose change means a new session: who signs in, where, and how. They
 * are compared by value, so re-setting an equal object (an inline `backendOptions` in a framework
 * template) is no change. Everything in `appConfig` and `theme` is applied live instead.
 */
const SESSION_KEYS = [
  'backend',
  'configUrl',
  'userRole',
  'identity',
  'tokenUrl',
  'serverUrl',
  'backendOptions',
  'simAgents',
  'simQueues',
  'simSeed',
  'simSpeed',
  'simConfig',
  'simTraffic',
  'simClock',
  'simHistoryDays',
  'singleConnection',
] as const;

/** Where the provider is: `idle` before its first update, `connecting`, `ready`, or `failed`. */
export type ProviderReadyState = 'idle' | 'connecting' | 'ready' | 'failed';

/**
 * Owns the connection to a contact center and shares it with every flex element on the page:
 * its descendants, and elements anywhere else on the page that no nearer provider claims, even
 * those that upgraded before it did.
 *
 * @summary The one connection that every flex element on the page shares.
 *
 * @tagname flex-provider
 *
 * @slot - Any content; flex elements inside bind to this provider.
 *
 * @event {FlexReadyEvent} flex-ready - Connected and the initial state is loaded. Detail: `{identity, role, backend, workerSid}`.
 * @event {FlexErrorEvent} flex-error - Something failed. Detail: `{code, message, recoverable}`.
 * @event {FlexReservationCreatedEvent} flex-reservation-created - A task rings for the signed-in person. Detail: task sid, reservation sid, channel, queue, customer `{name, phone, email, crmId}`, attributes.
 * @event {FlexTaskAcceptedEvent} flex-task-accepted - The person accepted a task (screen pop). Same detail.
 * @event {FlexTaskSelectedEvent} flex-task-selected - The person selected a task. Same detail.
 * @event {FlexTaskWrapupEvent} flex-task-wrapup - A task went to wrap-up. Adds disposition, notes and durations `{wait, talk, hold, wrap}` (seconds).
 * @event {FlexTaskCompletedEvent} flex-task-completed - A task was completed (call logging). Same detail as wrap-up.
 * @event {FlexActivityChangedEvent} flex-activity-changed - The person's activity changed. Detail: `{workerSid, previous, current}`.
 * @event {FlexCallStartedEvent} flex-call-started - A call of the person's started. Detail: `{callSid, taskSid, number, direction}`.
 * @event {FlexCallEndedEvent} flex-call-ended - That call ended. Adds `duration` (seconds) and `status`.
 *
 * @csspart error - The banner shown when the connection fails.
 * @csspart config-errors - The banner listing configuration problems (bad keys, an unreachable config-url).
 */
export class FlexProvider extends LitElement {
  static override styles = [baseStyles, styles];

  /** The library version. */
  static readonly version = VERSION;

  /** Makes a custom backend available by name (`backend="name"`). */
  static registerBackend(name: string, factory: BackendFactory): void {
    registerBackend(name, factory);
  }

  /** Which backend to connect to: `simulator` (the default, built in) or `twilio`. */
  @property({ reflect: true }) backend = 'simulator';

  /** The signed-in person's role: `agent`, `supervisor` or `admin`. A Twilio token's grant wins. */
  @property({ attribute: 'user-role', reflect: true }) userRole: Role = 'agent';

  /** The signed-in person's identity (worker identity on Twilio). */
  @property() identity = 'agent@example.com';

  /** Simulator: how many agents work the floor (1 to 10,000; default 25). */
  @property({ attribute: 'sim-agents', type: Number }) simAgents?: number;

  /** Simulator: how many queues (1 to 500; default 4). */
  @property({ attribute: 'sim-queues', type: Number }) simQueues?: number;

  /** Simulator: the random seed; the same seed and inputs give the same day. */
  @property({ attribute: 'sim-seed', type: Number }) simSeed?: number;

  /** Simulator: time multiplier (60 makes a minute pass every second). */
  @property({ attribute: 'sim-speed', type: Number }) simSpeed?: number;

  /** Simulator: URL of a workspace configuration (JSON). */
  @property({ attribute: 'sim-config' }) simConfig?: string;

  /** Simulator: `off` stops synthetic customers and other agents (tests, step-by-step demos). */
  @property({ attribute: 'sim-traffic' }) simTraffic?: 'on' | 'off';

  /** Simulator: `manual` freezes virtual time except through `simulator.advance(ms)` (tests); `real` by default. */
  @property({ attribute: 'sim-clock' }) simClock?: 'real' | 'manual';

  /** Simulator: days of generated history `<flex-insights>` shows (default 30; 0 for none). */
  @property({ attribute: 'sim-history-days', type: Number }) simHistoryDays?: number;

  /**
   * URL of the service's configuration (ui_attributes) as JSON: layered between the defaults and
   * `appConfig`. A failed fetch or bad JSON is reported and the defaults still load.
   */
  @property({ attribute: 'config-url' }) configUrl?: string;

  /** Theme preset: `light`, `dark`, `high-contrast` or `auto` (prefers-color-scheme); wins over config `theme.name`. */
  @property({ reflect: true }) theme?: ThemeName;

  /** The page's configuration; wins over defaults and the service's, key by key. */
  @property({ attribute: false }) appConfig?: DeepPartial<FlexConfig>;

  /** Returns a fresh access token (Twilio backend). Wins over `token-url`. */
  @property({ attribute: false }) tokenProvider?: () => Promise<string>;

  /** Twilio backend: URL that answers GET with `{"token": "…"}` (your token server; cookies are sent). */
  @property({ attribute: 'token-url' }) tokenUrl?: string;

  /**
   * Twilio backend: base URL of your companion server (see server/README.md), called with the same
   * access token for what needs account credentials: coach and barge, adding a phone number to a
   * call, a cold transfer to a number, callbacks. Without it those are shown unavailable.
   */
  @property({ attribute: 'server-url' }) serverUrl?: string;

  /**
   * `off` makes this tab independent: it keeps its own connection even when the same agent has
   * other tabs open. By default (`on`) the tabs of one identity and backend share one connection:
   * one tab leads, the others mirror it, and a leader that closes is replaced within seconds.
   */
  @property({ attribute: 'single-connection', reflect: true }) singleConnection?: 'on' | 'off';

  /**
   * Backend-specific options merged into the session, e.g. for `backend="twilio"`: `ebServer`,
   * `wsServer`, `chunderw`, `twilsockUri`, `soundsBaseUrl`, `insights` (see TwilioBackendOptions).
   */
  @property({ attribute: false }) backendOptions?: Record<string, unknown>;

  @state() private failure: FlexErrorDetail | undefined;
  @state() private state: ProviderReadyState = 'idle';
  @state() private configProblems: readonly string[] = [];

  readonly #context = new ContextProvider(this, { context: contactCenterContext });
  /** The tab banner: reconnecting, "Move call here", one connection per tab. */
  readonly #tabs = new TabsController(this, () => this.#center);
  readonly #root: RootProvider = {
    host: this,
    notifier: { addCallback: (callback, consumer, subscribe) => this.#context.addCallback(callback, consumer, subscribe) },
  };
  #center: ContactCenter | undefined;
  #generation = 0;
  #opening = false;
  #teardown: Promise<void> | undefined;
  /** The session settings and appConfig the open session was made with (compared by value). */
  #sessionSettings: Record<string, unknown> | undefined;
  #appliedAppConfig: unknown;
  /** The service layer (config-url) as fetched for the open session. */
  #service: { value?: unknown; problem?: FlexError } = {};
  #abort: AbortController | undefined;
  #ready!: Promise<FlexReadyDetail>;
  #settle: { resolve: (detail: FlexReadyDetail) => void; reject: (error: FlexError) => void } | undefined;

  constructor() {
    super();
    this.#pending();
  }

  /**
   * Resolves with the `flex-ready` detail once the session is connected, however late you ask; so a
   * framework that attaches its listener after the event still gets it. Rejects with the
   * `FlexError` when the session fails to open. A new session (another identity, backend, …)
   * gives a new promise.
   */
  get ready(): Promise<FlexReadyDetail> {
    return this.#ready;
  }

  /** `idle` (not yet opened), `connecting`, `ready` or `failed`. */
  get readyState(): ProviderReadyState {
    return this.state;
  }

  /** The actions (invoke, addListener, replace); undefined until the first update. */
  get actions(): Actions | undefined {
    return this.#center?.actions;
  }

  /** The store (getState, subscribe); undefined until the first update. */
  get store(): ReadableStore | undefined {
    return this.#center?.store;
  }

  /** The effective configuration (defaults ← service ← appConfig). */
  get config(): FlexConfig {
    return this.#center?.config ?? this.#effectiveConfig();
  }

  /** The plugins: `load(url, {name, integrity})`, `list`, `enable(url)`, `disable(url)`; undefined until the first update. */
  get plugins(): Plugins | undefined {
    return this.#center?.plugins;
  }

  readonly #crm = new CrmHooks();

  /**
   * The CRM's functions, there from the start and kept across sessions:
   * `provider.crm.searchContacts = async ({phone, email, name, taskSid, channel, attributes}) => [{id, name, kind, phone, email, url, details}]`
   * (called when a reservation arrives; timeout config `crm.searchTimeout`) and
   * `provider.crm.logInteraction = async (log) => {}` (called once per completed interaction with
   * `{taskSid, channel, disposition, notes, durations, associations, attributes, …}`, retried with
   * backoff, kept across reloads until it succeeds). Assigning an object sets both.
   */
  get crm(): CrmHooks {
    return this.#crm;
  }
  set crm(hooks: { searchContacts?: CrmHooks['searchContacts']; logInteraction?: CrmHooks['logInteraction'] } | undefined) {
    if (hooks === this.#crm) return;
    this.#crm.searchContacts = hooks?.searchContacts;
    this.#crm.logInteraction = hooks?.logInteraction;
  }

  /** The shared contact center, for plugins and advanced use. */
  get contactCenter(): ContactCenter | undefined {
    return this.#center;
  }

  /** The simulator's controls (createTask, customerSays, advance, …) when `backend="simulator"`. */
  get simulator(): SimulatorControls | undefined {
    return (this.#center?.backend as Partial<SimulatorBackend> | undefined)?.controls;
  }

  override connectedCallback(): void {
    installTokens(this.ownerDocument);
    super.connectedCallback();
    // The simulator is a lazily loaded chunk: start fetching it now, in parallel with the config and locale.
    preloadBackend(this.backend);
    registerProvider(this.#root);
    // Back on the page after a removal that closed the session: open a new one.
    if (this.hasUpdated && !this.#center && this.state === 'idle') void this.#open();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    unregisterProvider(this.#root);
    // A move within the page disconnects and reconnects in one task: keep the session then.
    queueMicrotask(() => {
      if (this.isConnected) return;
      // A later session (back on the page) gets a fresh ready promise.
      this.#generation++;
      this.#sessionSettings = undefined;
      if (this.state !== 'connecting') this.#pending();
      this.state = 'idle';
      void this.#close();
    });
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (!this.isConnected) return;
    // Lit counts the initial values as changes, so the first update opens the session too.
    if (SESSION_KEYS.some((key) => changed.has(key)) || changed.has('tokenProvider')) {
      if (!this.#sessionSettings || !sameConfigValue(this.#settings(), this.#sessionSettings)) {
        void this.#open();
        return;
      }
    }
    if (changed.has('appConfig') && !sameConfigValue(this.appConfig, this.#appliedAppConfig)) void this.#reconfigure();
    else if (changed.has('theme') && this.#center) this.#applyTheme(this.#center);
  }

  /** The settings a session is opened with: a change of any of these (by value) reconnects. */
  #settings(): Record<string, unknown> {
    const settings: Record<string, unknown> = { hasTokenProvider: this.tokenProvider !== undefined };
    for (const key of SESSION_KEYS) settings[key] = this[key];
    return settings;
  }

  /** A fresh pending `ready` promise; its rejection is handled, so a failure never reaches the console unasked. */
  #pending(): void {
    this.#ready = new Promise<FlexReadyDetail>((resolve, reject) => (this.#settle = { resolve, reject }));
    this.#ready.catch(() => {});
  }

  /** A new appConfig (by value) on the open session: validated and applied live, nothing reconnects. */
  async #reconfigure(): Promise<void> {
    const center = this.#center;
    this.#appliedAppConfig = this.appConfig;
    if (!center) {
      // Still opening: the session being opened reads appConfig when it resolves the layers.
      if (!this.#opening) void this.#open();
      return;
    }
    const generation = this.#generation;
    const previous = center.config;
    const resolved = resolveConfig({ service: this.#service.value, appConfig: this.appConfig });
    if (resolved.config.language !== previous.language) await loadLocale(this.#language(resolved.config));
    if (generation !== this.#generation || this.#center !== center) return;
    center.updateConfig({ config: resolved.config, entries: resolved.entries, issues: resolved.issues });
    this.#reportConfig(this.#service.problem, resolved.issues);
    this.#applyTheme(center);
    this.#loadPlugins(center, previous);
  }

  #language(config: FlexConfig): string {
    return config.language || (typeof navigator === 'undefined' ? 'en-US' : navigator.language);
  }

  override render() {
    return html`${this.failure
        ? html`<div part="error" class="error" role="alert">
            <strong>flex-elements:</strong> ${this.failure.message}
          </div>`
        : nothing}${this.configProblems.length
        ? html`<div part="config-errors" class="error" role="alert">
            <strong>${this.#t('provider.configProblems')}</strong>
            <ul>
              ${this.configProblems.map((problem) => html`<li>${problem}</li>`)}
            </ul>
            <button type="button" class="dismiss" @click=${() => (this.configProblems = [])}>${this.#t('provider.dismiss')}</button>
          </div>`
        : nothing}${this.#tabs.render()}<slot></slot>`;
  }

  #t(key: string): string {
    return this.#center?.strings.t(key) ?? key;
  }

  #effectiveConfig(): FlexConfig {
    return resolveConfig({ appConfig: this.appConfig }).config;
  }

  #applyTheme(center: ContactCenter): void {
    // An unknown theme attribute is reported (banner and flex-error) and config theme.name applies.
    const problem = validateThemeName(this.theme);
    if (problem) {
      center.reportError(new FlexError('invalid-config', problem));
      if (!this.configProblems.includes(problem)) this.configProblems = [...this.configProblems, problem];
    }
    const name = !problem && this.theme ? this.theme : center.config.theme.name;
    const refused = applyTheme(this.ownerDocument, name, center.config.theme.tokens);
    for (const name of refused) {
      center.reportError(new FlexError('invalid-config', `theme.tokens.${name} has a value that is not a plain CSS value; it was ignored.`));
    }
  }

  #backendOptions(): Record<string, unknown> {
    const options: Record<string, unknown> = {
      agents: this.simAgents,
      queues: this.simQueues,
      seed: this.simSeed,
      speed: this.simSpeed,
      configUrl: this.simConfig,
      traffic: this.simTraffic === undefined ? undefined : this.simTraffic !== 'off',
      autoAdvance: this.simClock === undefined ? undefined : this.simClock !== 'manual',
      historyDays: this.simHistoryDays,
    };
    if (this.tokenUrl) options['tokenUrl'] = this.tokenUrl;
    if (this.serverUrl) options['serverUrl'] = this.serverUrl;
    Object.assign(options, this.backendOptions ?? {});
    for (const key of Object.keys(options)) if (options[key] === undefined) delete options[key];
    return options;
  }

  async #open(): Promise<void> {
    this.#opening = true;
    try {
      await this.#openSession();
    } finally {
      this.#opening = false;
    }
  }

  async #openSession(): Promise<void> {
    const generation = ++this.#generation;
    this.#sessionSettings = this.#settings();
    this.#appliedAppConfig = this.appConfig;
    if (this.state !== 'connecting') {
      if (this.state !== 'idle') this.#pending();
      this.state = 'connecting';
    }
    await this.#close();
    if (generation !== this.#generation) return;
    this.failure = undefined;
    this.configProblems = [];

    const role = this.userRole;
    if (!ROLES.includes(role)) {
      this.#fail(new FlexError('invalid-role', `user-role must be agent, supervisor or admin, not "${String(role)}".`, false));
      return;
    }
    this.#abort?.abort();
    const abort = (this.#abort = new AbortController());
    // A config-url that never answers times out (10 s) instead of holding the panel for good.
    const service = await fetchServiceConfig(this.configUrl ?? '', { signal: abort.signal });
    if (generation !== this.#generation) return;
    this.#service = service;
    this.#appliedAppConfig = this.appConfig;
    const resolved = resolveConfig({ service: service.value, appConfig: this.appConfig });
    await loadLocale(this.#language(resolved.config));
    if (generation !== this.#generation) return;
    const backendName = this.backend;
    // One connection per browser and identity: this tab leads it or mirrors the tab that does.
    const backend = shareBackend({
      backend: backendName,
      identity: this.identity,
      role,
      options: { backend: this.#backendOptions(), configUrl: this.configUrl ?? '', tokenUrl: this.tokenUrl ?? '' },
      enabled: this.singleConnection !== 'off' && resolved.config.tabs.singleConnection !== false,
      create: () => createBackend(backendName),
    });
    const center = new ContactCenter({
      backend,
      identity: this.identity,
      role,
      config: resolved.config,
      configEntries: resolved.entries,
      configIssues: resolved.issues,
      crm: this.#crm,
      emit: (event) => this.dispatchEvent(event),
      backendOptions: this.#backendOptions(),
      // Always the current property: a framework that passes a new function each render reconnects nothing.
      tokenProvider: this.tokenProvider ? () => this.tokenProvider!() : undefined,
    });
    this.#center = center;
    this.#context.setValue(center);
    this.#tabs.attach(center);
    this.#reportConfig(service.problem, resolved.issues);
    this.#applyTheme(center);
    try {
      await center.connect();
    } catch (error) {
      if (generation === this.#generation) this.#fail(error);
      return;
    }
    if (generation !== this.#generation) return;
    // A connection lost for good later on (e.g. a token that could not be renewed): banner + flex-error.
    center.onDispose(
      center.store.subscribe(
        (state) => state.connection,
        (connection) => {
          if (connection.status === 'error' && connection.error && generation === this.#generation) this.#fail(connection.error);
        },
      ),
    );
    this.#loadPlugins(center);
    const { session } = center.store.getState();
    const detail: FlexReadyDetail = {
      identity: session.identity ?? this.identity,
      role: center.role,
      backend: backend.name,
      workerSid: session.workerSid ?? '',
    };
    this.state = 'ready';
    this.#settle?.resolve(detail);
    this.dispatchEvent(new FlexReadyEvent(detail));
  }

  /** Loads the configured plugins that are not loaded yet (all of them when a session opens). */
  #loadPlugins(center: ContactCenter, previous?: FlexConfig): void {
    if (!center.config.pluginService.enabled) return;
    const known = new Set(previous?.pluginService.enabled ? previous.plugins.map((plugin) => plugin.url) : []);
    for (const plugin of center.config.plugins) {
      if (known.has(plugin.url) || center.plugins.list.some((record) => record.url === plugin.url)) continue;
      const options = { name: plugin.name, integrity: plugin.integrity };
      if (plugin.enabled === false || center.plugins.isDisabled(plugin.url)) center.plugins.register(plugin.url, options);
      else center.plugins.load(plugin.url, options).catch(() => {});
    }
  }

  /** Every config problem: listed in the banner, and each one a flex-error (code invalid-config). */
  #reportConfig(fetchProblem: FlexError | undefined, issues: readonly ConfigIssue[]): void {
    const center = this.#center!;
    // A version pin the loader could not honour (it fell back to another version): said here too.
    const loaded = loaderState();
    const errors = [
      ...(fetchProblem ? [fetchProblem] : []),
      ...issues.map((issue) => new FlexError('invalid-config', issue.message, true)),
      ...(loaded?.error && loaded.version ? [new FlexError(loaded.error.code, loaded.error.message, true)] : []),
    ];
    for (const error of errors) center.reportError(error);
    this.configProblems = errors.map((error) => error.message);
  }

  #fail(cause: unknown): void {
    let error: FlexError;
    if (this.state === 'connecting') this.#settle?.reject(FlexError.from(cause));
    this.state = 'failed';
    if (this.#center) {
      error = this.#center.reportError(cause);
    } else {
      error = FlexError.from(cause);
      this.dispatchEvent(new FlexErrorEvent(error.toDetail()));
    }
    this.failure = error.toDetail();
  }

  async #close(): Promise<void> {
    this.#abort?.abort();
    this.#abort = undefined;
    const center = this.#center;
    if (!center) return this.#teardown;
    this.#center = undefined;
    // Consumers hear that the contact center is gone, then look for another provider.
    const consumers = [...(this.#context as unknown as { subscriptions: Map<ContextCallback<unknown>, { consumerHost: Element }> }).subscriptions];
    this.#context.setValue(undefined);
    if (!this.isConnected) {
      this.#context.clearCallbacks();
      rehome(consumers.map(([callback, info]) => [callback, info.consumerHost]));
    }
    this.#teardown = center.dispose().catch(() => {});
    return this.#teardown;
  }
}

defineElement('flex-provider', FlexProvider);

declare global {
  interface HTMLElementTagNameMap {
    'flex-provider': FlexProvider;
  }
}
