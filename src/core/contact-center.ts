import type { Backend } from '../backends/backend.js';
import { FlexErrorEvent } from '../events.js';
import { Actions } from './actions.js';
import { registerBuiltinActions } from './builtin-actions.js';
import { registerDeviceActions } from './device-actions.js';
import { installChannelEvents, registerChannelActions } from './channel-actions.js';
import { registerInsightsActions } from './insights/actions.js';
import { browserVersionStore, registerVersionActions, serverVersionStore, type VersionPolicyStore } from './version-actions.js';
import { VERSION } from '../version.js';
import type { FlexConfig } from './config.js';
import { installAutoSelect } from './auto-select.js';
import { installCrmEvents } from './crm-events.js';
import { registerCrmActions } from './crm/actions.js';
import { CannedResponses, type CannedResponse } from './crm/canned-responses.js';
import { installContactSearch } from './crm/contact-search.js';
import { CrmHooks } from './crm/hooks.js';
import { installInteractionLog } from './crm/interaction-log.js';
import type { ConfigEntry, ConfigIssue } from './config-schema.js';
import { FlexError } from './errors.js';
import type { Role } from './model.js';
import { Notifications } from './notifications.js';
import { Plugins } from './plugins.js';
import { registerRoleActions, Views, type ViewDefinition } from './roles.js';
import { Slots, type SlotContribution } from './slots.js';
import { createStore, type FrameScheduler, type ReadableStore, type Store } from './store.js';
import { Strings } from './strings.js';
import type { TabStatus } from './tabs/shared-backend.js';
import { registerTabActions } from './tabs/actions.js';

export interface ContactCenterOptions {
  readonly backend: Backend;
  readonly identity: string;
  readonly role: Role;
  readonly config: FlexConfig;
  /** Where events without a more specific target go (the provider element). */
  readonly emit: (event: Event) => void;
  readonly backendOptions?: Readonly<Record<string, unknown>>;
  readonly tokenProvider?: () => Promise<string>;
  readonly scheduler?: FrameScheduler;
  /** Where each effective config value came from, and what validation found (the provider's resolveConfig). */
  readonly configEntries?: readonly ConfigEntry[];
  readonly configIssues?: readonly ConfigIssue[];
  /** The host's CRM functions (`provider.crm`): contact search and interaction logging. */
  readonly crm?: CrmHooks;
  /** Where `SetVersionPolicy` keeps an admin's choice (default: this browser). */
  readonly versionStore?: VersionPolicyStore;
}

/**
 * One contact center: the store, the actions, and everything else a provider shares with its
 * elements. It holds no DOM; the provider gives it an `emit` function for events.
 */
export class ContactCenter {
  readonly store: ReadableStore;
  readonly actions: Actions;
  readonly notifications: Notifications;
  readonly plugins: Plugins;
  /** Plugin content for named places in the elements (`task-canvas.tabs`, `call-controls.actions`, …). */
  readonly slots = new Slots();
  /** The views `<flex-app>` navigates between, and the current one (NavigateToView). */
  readonly views = new Views();
  readonly backend: Backend;
  readonly identity: string;
  /** The host's CRM functions (`provider.crm`). */
  readonly crm: CrmHooks;
  /** Canned responses plugins add (`api.cannedResponses.add`); config's are in `chat.cannedResponses`. */
  readonly cannedResponses = new CannedResponses();
  /**
   * The library version this contact center comes from. Elements of another copy of the library
   * bind to it only when the major matches (the context keys are the same in every version).
   */
  readonly libraryVersion = VERSION;

  readonly #store: Store;
  readonly #options: ContactCenterOptions;
  readonly #cleanups: (() => void)[] = [];
  readonly #configListeners = new Set<() => void>();
  readonly #reported = new WeakSet<FlexError>();
  #config: FlexConfig;
  #configEntries: readonly ConfigEntry[];
  #configIssues: readonly ConfigIssue[];
  #strings: Strings;
  #disposed = false;

  constructor(options: ContactCenterOptions) {
    this.#options = options;
    this.backend = options.backend;
    this.identity = options.identity;
    this.#config = options.config;
    this.#configEntries = options.configEntries ?? [];
    this.#configIssues = options.configIssues ?? [];
    this.#store = createStore({ scheduler: options.scheduler });
    this.store = this.#store;
    this.actions = new Actions(() => this.role);
    this.actions.onListenerError = (error) => this.reportError(error);
    this.actions.onInvokeError = (error) => this.reportError(error);
    this.notifications = new Notifications(this.#store);
    this.#strings = new Strings(options.config.language, options.config.strings);
    this.plugins = new Plugins(
      (plugin) => this.pluginApi(plugin.name),
      options.config.pluginService.initializationTimeout,
      (error) => this.reportError(error),
      (plugin) => {
        this.slots.removeOwner(plugin.name);
        this.views.removeOwner(plugin.name);
        this.cannedResponses.removeOwner(plugin.name);
      },
    );
    registerBuiltinActions(this.actions, this.#store, this.backend, () => this.config);
    registerDeviceActions(this.actions, this.backend);
    registerChannelActions(this.actions, this.#store, this.backend, () => this.config);
    this.#cleanups.push(installChannelEvents(this.store, options.emit));
    registerInsightsActions(this.actions, this.store, this.backend, () => this.config, () => this.now(), () => {
      // The companion server (backend option `serverUrl`), called with the session's token.
      const url = options.backendOptions?.['serverUrl'];
      const token = options.tokenProvider;
      return typeof url === 'string' && url !== '' && token ? { url, token } : undefined;
    });
    // The CRM: contact search at ring time, associations, the interaction log queue.
    this.crm = options.crm ?? new CrmHooks();
    const crmDispatch = (event: Parameters<Store['dispatch']>[0]) => this.#store.dispatch(event);
    this.#cleanups.push(
      installContactSearch({
        store: this.store,
        hooks: this.crm,
        dispatch: crmDispatch,
        emit: options.emit,
        timeout: () => this.config.crm.searchTimeout,
      }),
    );
    const interactionLog = installInteractionLog({
      store: this.store,
      hooks: this.crm,
      dispatch: crmDispatch,
      emit: options.emit,
      identity: options.identity,
      config: () => this.config.crm,
    });
    this.#cleanups.push(() => interactionLog.dispose());
    registerCrmActions({ actions: this.actions, store: this.store, backend: this.backend, dispatch: crmDispatch, config: () => this.config, log: interactionLog });
    // The CRM hooks (flex-reservation-created, flex-task-*, flex-activity-changed, flex-call-*).
    this.#cleanups.push(
      installCrmEvents(this.store, this.actions, options.emit, {
        associations: (taskSid) => this.store.getState().crm.associations[taskSid] ?? [],
        completed: (detail) => interactionLog.completed(detail),
      }),
    );
    // A finished selected task hands the canvas to the next waiting one (after the CRM heard it finish).
    this.#cleanups.push(installAutoSelect(this.store, this.actions, (error) => this.reportError(error)));
    registerRoleActions(this.actions, this.views, () => this.role);
    registerVersionActions(this.actions, () => {
      if (this.#options.versionStore) return this.#options.versionStore;
      // With a companion server, the choice goes into the service configuration for every browser.
      const url = this.#options.backendOptions?.['serverUrl'];
      const token = this.#options.tokenProvider;
      return typeof url === 'string' && url !== '' && token ? serverVersionStore(url, token) : browserVersionStore;
    });
    registerTabActions(this.actions, () => this.tabs);
  }

  /** The effective configuration (defaults ← service ← appConfig); replaced whole by `updateConfig`. */
  get config(): FlexConfig {
    return this.#config;
  }

  /** Every effective config value with its origin (default, service or appConfig). */
  get configEntries(): readonly ConfigEntry[] {
    return this.#configEntries;
  }

  /** Configuration problems found in the layers now in force. */
  get configIssues(): readonly ConfigIssue[] {
    return this.#configIssues;
  }

  /** User-visible strings in the configured language. */
  get strings(): Strings {
    return this.#strings;
  }

  /**
   * Puts a new configuration in force without a new session: tasks, calls and the activity stay as
   * they are, and every bound element re-renders with it (see `onConfigChange`).
   */
  updateConfig(update: { config: FlexConfig; entries?: readonly ConfigEntry[]; issues?: readonly ConfigIssue[] }): void {
    if (this.#disposed) return;
    const previous = this.#config;
    this.#config = update.config;
    this.#configEntries = update.entries ?? this.#configEntries;
    this.#configIssues = update.issues ?? [];
    if (previous.language !== update.config.language || previous.strings !== update.config.strings) {
      this.#strings = new Strings(update.config.language, update.config.strings);
    }
    for (const listener of [...this.#configListeners]) {
      try {
        listener();
      } catch (error) {
        this.reportError(error);
      }
    }
  }

  /** Calls `listener` after each `updateConfig`; returns the unsubscribe. */
  onConfigChange(listener: () => void): () => void {
    this.#configListeners.add(listener);
    return () => this.#configListeners.delete(listener);
  }

  /** This tab's part in the browser's shared connection (leader, follower, solo); undefined for a plain backend. */
  get tabs(): TabStatus | undefined {
    return (this.backend as { tabs?: TabStatus }).tabs;
  }

  /** The signed-in person's role: the backend's word (e.g. the token's grant) or the provider's. */
  get role(): Role {
    return this.#store.getState().session.role ?? this.#options.role;
  }

  /**
   * What plugins receive in `init(api)`: the same actions object as the provider's, the store
   * (read and subscribe), notifications, strings, config, and `slots` to put content into the
   * elements. Content a plugin adds is tagged with its name and removed when it is disabled.
   */
  pluginApi(owner?: string) {
    const slots = this.slots;
    const views = this.views;
    const current = { strings: () => this.strings, config: () => this.config };
    // Plugins are listed in the order they were asked to load (the configuration's order).
    const index = owner === undefined ? -1 : this.plugins.list.findIndex((p) => p.name === owner);
    const rank = index < 0 ? undefined : index;
    return Object.freeze({
      actions: this.actions,
      store: this.store,
      notifications: this.notifications,
      get strings() {
        return current.strings();
      },
      get config() {
        return current.config();
      },
      slots: Object.freeze({
        add: <C = unknown>(name: string, contribution: SlotContribution<C>) =>
          slots.add(name, { ...contribution, owner, rank }),
        get: (name: string) => slots.get(name),
        subscribe: (name: string, listener: () => void) => slots.subscribe(name, listener),
      }),
      /** Canned responses for the chat composer: `add({title, text, category?} | [...])` returns a remover. */
      cannedResponses: Object.freeze({
        add: (responses: CannedResponse | readonly CannedResponse[]) => this.cannedResponses.add(responses, owner),
      }),
      /** Adds a view to `<flex-app>`'s navigation: `{id, label, roles?, order?, render}`. */
      addNavigationItem: (item: ViewDefinition & SlotContribution) => {
        const removeView = views.add({ id: item.id, label: item.label, roles: item.roles, owner });
        const removeSlot = slots.add('app.navigation', { ...item, owner, rank });
        return () => {
          removeSlot();
          removeView();
        };
      },
    });
  }

  /**
   * The contact center's clock (epoch ms): the backend's when it keeps one (the simulator's
   * virtual time, which may run faster than the wall clock or stand still in tests), else the
   * wall clock. Every elapsed time an element shows (call timers, time in an activity, a task's
   * age, a reservation's countdown) should be measured against it, since the timestamps in the
   * store (answeredAt, createdAt, …) come from the same clock.
   */
  now(): number {
    const backend = this.backend as { now?: () => number; controls?: { now?: () => number } };
    try {
      const time =
        typeof backend.now === 'function'
          ? backend.now()
          : typeof backend.controls?.now === 'function'
            ? backend.controls.now()
            : undefined;
      if (typeof time === 'number' && Number.isFinite(time)) return time;
    } catch {
      // Not connected (yet, or any more): the wall clock.
    }
    return Date.now();
  }

  /** Connects the backend; state flows into the store from then on. */
  async connect(): Promise<void> {
    this.#cleanups.push(this.backend.subscribe((events) => this.#store.dispatch(events)));
    this.#store.dispatch({ type: 'connection', status: 'connecting' });
    try {
      await this.backend.connect({
        identity: this.identity,
        role: this.#options.role,
        tokenProvider: this.#options.tokenProvider,
        // The simulator records answered calls when the contact center does (config voice.recording).
        options: { recording: this.#config.voice?.recording?.enabled === true, ...this.#options.backendOptions },
        reportError: (error) => {
          if (!this.#disposed) this.reportError(error);
        },
      });
      if (this.#disposed) return;
      if (this.#store.getState().connection.status === 'connecting') {
        this.#store.dispatch({ type: 'connection', status: 'connected' });
      }
    } catch (cause) {
      const error = FlexError.from(cause, 'connect-failed');
      this.#store.dispatch({ type: 'connection', status: 'error', error: error.toDetail() });
      throw error;
    }
  }

  /** Stores the dispatcher-level state change for page-only concerns (selection, notifications). */
  dispatch: Store['dispatch'] = (events) => this.#store.dispatch(events);

  /**
   * Reports an error the way every failure is reported: a `flex-error` event (from `target` when
   * given, else from the provider) and a visible error notification. Returns it as a FlexError.
   */
  reportError(cause: unknown, target?: EventTarget): FlexError {
    const error = FlexError.from(cause);
    // One failure, one report: an action that fails inside another, or an error that a caller
    // reports again after the actions layer did, is not announced twice.
    if (this.#reported.has(error)) return error;
    this.#reported.add(error);
    const event = new FlexErrorEvent(error.toDetail());
    if (target) target.dispatchEvent(event);
    else this.#options.emit(event);
    if (!this.#disposed) this.notifications.show({ type: 'error', message: error.message, id: `error-${error.code}` });
    return error;
  }

  /** Registers a cleanup that runs on dispose. */
  onDispose(cleanup: () => void): void {
    this.#cleanups.push(cleanup);
  }

  async dispose(): Promise<void> {
    if (this.#disposed) return;
    this.#disposed = true;
    this.#configListeners.clear();
    for (const cleanup of this.#cleanups.splice(0)) cleanup();
    this.notifications.dispose();
    this.#store.dispose();
    await this.backend.disconnect();
  }
}
