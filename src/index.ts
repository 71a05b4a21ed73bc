/**
 * flex-elements: importing this module registers every element. It is also the CDN entry.
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
export { FlexDialpad } from './components/dialpad/dialpad.js';
export { FlexVoiceSettings } from './components/voice-settings/voice-settings.js';
export type { VoiceDeviceSelection } from './controllers/voice-devices.js';
