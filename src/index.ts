/**
 * flex-elements (npm): importing this module registers every element and exports the whole API.
 * The CDN build (src/cdn.ts) registers the same elements but loads some of them on demand.
 */
export * from './api.js';
export { FlexDialpad } from './components/dialpad/dialpad.js';
export { FlexNewMessage } from './components/new-message/new-message.js';
export { FlexVoiceSettings } from './components/voice-settings/voice-settings.js';
export type { VoiceDeviceSelection } from './controllers/voice-devices.js';
export { FlexApp } from './components/app/app.js';
export { FlexAdmin } from './components/admin/admin.js';
export { FlexInsights, FlexEvaluationSavedEvent } from './components/insights/insights.js';
export type { FlexEvaluationSavedDetail } from './components/insights/insights.js';
export { esMX } from './locales/es-MX.js';
export { FlexTeamsView } from './components/teams-view/teams-view.js';
export type { TeamsViewPreset, ActivityChange } from './components/teams-view/teams-view.js';
export { FlexQueueStats } from './components/queue-stats/queue-stats.js';
export { QUEUE_COLUMNS, DEFAULT_QUEUE_COLUMNS } from './components/queue-stats/queue-columns.js';
export { FlexChat } from './components/chat/chat.js';
export { tokenize as tokenizeMessage, safeHref } from './components/chat/linkify.js';
export type { MessageToken } from './components/chat/linkify.js';
export { FlexCallControls } from './components/call-controls/call-controls.js';
export { FlexCallback } from './components/callback/callback.js';
export { FlexEmail } from './components/email/email.js';
export { FlexMissedCallbacks } from './components/callback/missed-callbacks.js';
export { FlexWorkerDirectory } from './components/worker-directory/worker-directory.js';
export { CallTimerController, formatDuration } from './controllers/call-timer.js';
