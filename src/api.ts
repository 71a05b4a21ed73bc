/**
 * The part of the public API that every build carries up front: the provider, the agent's first
 * screen (agent desktop, activity selector, task list, incoming task, task canvas, wrap-up), the
 * core (store, actions, config, strings, plugins), the simulator, events and tokens.
 */
export { FlexProvider } from './components/provider/provider.js';
export { FlexElement } from './components/flex-element.js';
export { defineElement } from './components/define.js';
export { Actions } from './core/actions.js';
export { ContactCenter } from './core/contact-center.js';
export { defaultConfig, deepMerge } from './core/config.js';
export type { FlexConfig, DeepPartial } from './core/config.js';
export { FlexError } from './core/errors.js';
export { createStore, shallowEqual } from './core/store.js';
export type { FlexState, ReadableStore, Store } from './core/store.js';
export { Strings, registerStrings, registerLocale } from './core/strings.js';
export type * from './core/model.js';
export type { DomainEvent } from './core/domain-events.js';
export type { Backend, Commands, CommandResults, SessionOptions } from './backends/backend.js';
export { BackendError } from './backends/backend.js';
export { registerBackend } from './backends/registry.js';
export { contactCenterContext } from './context/keys.js';
export { ContactCenterController, StoreController } from './context/store-controller.js';
export * from './events.js';
export { lightTokens } from './styles/tokens.js';
export { VERSION } from './version.js';
export type { FlexActions, ActionPayload, PayloadOf, PayloadShape, PayloadField } from './core/action-payloads.js';
export { ACTION_PAYLOADS, sid, text, flag, count, positive, record, oneOf } from './core/action-payloads.js';
export { customerFromAttributes, formatDuration, isActiveCallStatus, isMessagingChannel } from './core/domain.js';
export { callbackOf, voicemailOf, isMissedCallback, selectMissedCallbacks, CALLBACK_CHANNEL, VOICEMAIL_CHANNEL } from './core/callbacks.js';
export type { CallbackDetails, VoicemailDetails } from './core/callbacks.js';
export type { VoiceDeviceSelection } from './core/audio-devices.js';
export { FlexPluginSlot } from './components/slot/slot.js';
export { resolveConfig, validateLayer, configSchema, registerFeature, knownFeatures } from './core/config-schema.js';
export type { ConfigEntry, ConfigIssue, ConfigSource, FeatureInfo, FeatureStatus, ResolvedConfig } from './core/config-schema.js';
export { Plugins } from './core/plugins.js';
export type { PluginRecord, PluginStatus, PluginLoadOptions } from './core/plugins.js';
export { Slots } from './core/slots.js';
export type { SlotContribution, SlotRender } from './core/slots.js';
export { Views, BUILTIN_VIEWS, canOpenView } from './core/roles.js';
export type { ViewDefinition } from './core/roles.js';
export { applyTheme, themePresets, darkTokens, highContrastTokens, THEME_NAMES } from './styles/themes/index.js';
export type { ThemeName } from './styles/themes/index.js';
export { registeredStringKeys } from './core/strings.js';
export { FlexActivitySelector } from './components/activity-selector/activity-selector.js';
export { FlexTaskList } from './components/task-list/task-list.js';
export { FlexIncomingTask } from './components/incoming-task/incoming-task.js';
export { FlexTaskCanvas } from './components/task-canvas/task-canvas.js';
export { FlexWrapup } from './components/wrapup/wrapup.js';
export { FlexAgentDesktop } from './components/agent-desktop/agent-desktop.js';
export { ShortcutsController, DEFAULT_SHORTCUTS } from './controllers/shortcuts.js';
export type { ShortcutId } from './controllers/shortcuts.js';
export { ClockController } from './controllers/clock.js';
export { RingerController } from './controllers/ringer.js';
export { installCrmEvents, taskDurations } from './core/crm-events.js';
export { CrmHooks } from './core/crm/hooks.js';
export type { SearchContacts, LogInteraction } from './core/crm/hooks.js';
export type { ContactQuery, CrmContact, CrmRecord, InteractionLog, InteractionLogState, ContactSearch, CrmState } from './core/crm/types.js';
export { CannedResponses, fillPlaceholders, filterCannedResponses } from './core/crm/canned-responses.js';
export type { CannedResponse, PlaceholderValues } from './core/crm/canned-responses.js';
export { OUTBOUND_MESSAGE_CHANNELS } from './core/action-payloads.js';
export type { OutboundMessageChannel } from './core/action-payloads.js';
// customers.ts needs only the seeded Random: the engine stays in the lazily loaded simulator chunk.
export { CUSTOMER_COUNT, generateCustomers } from './backends/simulator/customers.js';
export type { SimCustomer } from './backends/simulator/customers.js';
