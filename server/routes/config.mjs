// GET /config → the parts of the account's Flex configuration the panel needs:
//   {outbound: {enabled, workflowSid, queueSid, callerId}, holdMusicUrl, recording: {enabled, required}, uiAttributes}
// read with the `twilio` package's Flex API Configuration resource (flex-api.twilio.com/v1/Configuration),
// which needs account credentials, so the browser cannot read it itself.
import { ROLES } from '../auth.mjs';
import { callTwilio } from '../twilio-client.mjs';

const CACHE_MS = 30_000;

/** The browser's view of a Flex Configuration resource (snake_case fields of the REST resource). */
export function panelConfig(resource, settings) {
  const flow = resource.outboundCallFlows?.default ?? {};
  const ui = resource.uiAttributes && typeof resource.uiAttributes === 'object' ? resource.uiAttributes : {};
  const text = (value) => (typeof value === 'string' && value !== '' ? value : null);
  return {
    outbound: {
      enabled: flow.enabled === true,
      workflowSid: text(flow.workflow_sid),
      queueSid: text(flow.queue_sid),
      callerId: text(flow.caller_id),
    },
    // Flex keeps no hold music field in the Configuration resource: HOLD_MUSIC_URL, else a
    // `holdMusicUrl` you keep in ui_attributes, else null (TaskRouter's default hold music).
    holdMusicUrl: settings.holdMusicUrl ?? text(ui.holdMusicUrl),
    recording: {
      enabled: resource.callRecordingEnabled === true,
      // Not a Flex setting: RECORDING_REQUIRED, or `recordingRequired` in ui_attributes, means agents may not pause it.
      required: settings.recordingRequired === true || ui.recordingRequired === true,
    },
    uiAttributes: ui,
  };
}

let cached;

export default [
  {
    method: 'GET',
    path: '/config',
    roles: ROLES,
    async handle({ twilio, settings }) {
      if (cached && cached.client === twilio && cached.at > Date.now() - CACHE_MS) return cached.value;
      const resource = await callTwilio('Reading the Flex configuration', () => twilio.flexApi.v1.configuration().fetch());
      const value = panelConfig(resource, settings);
      cached = { client: twilio, at: Date.now(), value };
      return value;
    },
  },
];
