// GET /config → the parts of the account's Flex configuration the panel needs:
//   {outbound: {enabled, workflowSid, queueSid, callerId}, holdMusicUrl, recording: {enabled, required}, uiAttributes}
// read with the `twilio` package's Flex API Configuration resource (flex-api.twilio.com/v1/Configuration),
// which needs account credentials, so the browser cannot read it itself.
//
// GET /config/ui-attributes → the ui_attributes object itself: what <flex-provider config-url> and
//   cdn/loader.js's data-config-url read (they send cookies, not the bearer token). Flex keeps no
//   secrets there; if you do, put your session check in front of this route.
// PUT /config/version {mode: 'follow-minor' | 'pinned', pinned?: '1.4'} (admins) → {version}:
//   writes `version` into ui_attributes, which the loader reads on the next page load.
import { ROLES } from '../auth.mjs';
import { invalid } from '../http.mjs';
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

async function readConfiguration(twilio, settings) {
  if (cached && cached.client === twilio && cached.at > Date.now() - CACHE_MS) return cached;
  const resource = await callTwilio('Reading the Flex configuration', () => twilio.flexApi.v1.configuration().fetch());
  cached = { client: twilio, at: Date.now(), resource, value: panelConfig(resource, settings) };
  return cached;
}

const VERSION_OR_MINOR = /^\d{1,6}\.\d{1,6}(\.\d{1,6})?$/;

/** The `version` policy as the loader reads it; 400 for anything else. */
export function versionPolicy(body) {
  const { mode, pinned } = body;
  const extra = Object.keys(body).filter((key) => key !== 'mode' && key !== 'pinned');
  if (extra.length) throw invalid(extra[0], 'is not a field of the version policy (mode, pinned)');
  if (mode !== 'follow-minor' && mode !== 'pinned') throw invalid('mode', 'must be "follow-minor" or "pinned"');
  if (pinned !== undefined && (typeof pinned !== 'string' || !VERSION_OR_MINOR.test(pinned))) {
    throw invalid('pinned', 'must be a minor such as "1.4" or a version such as "1.4.2"');
  }
  if (mode === 'pinned' && !pinned) throw invalid('pinned', 'is needed with mode "pinned"');
  return pinned ? { mode, pinned } : { mode };
}

export default [
  {
    method: 'GET',
    path: '/config',
    roles: ROLES,
    async handle({ twilio, settings }) {
      return (await readConfiguration(twilio, settings)).value;
    },
  },
  {
    method: 'GET',
    path: '/config/ui-attributes',
    auth: 'none',
    async handle({ twilio, settings }) {
      return (await readConfiguration(twilio, settings)).value.uiAttributes;
    },
  },
  {
    method: 'PUT',
    path: '/config/version',
    roles: ['admin'],
    async handle({ body, twilio, settings }) {
      const version = versionPolicy(body);
      cached = undefined;
      const { resource, value } = await readConfiguration(twilio, settings);
      // The whole ui_attributes goes back with the new key: nothing else in it is lost.
      await callTwilio('Saving the version in the Flex configuration', () =>
        twilio.flexApi.v1.configuration().update({ account_sid: resource.accountSid, ui_attributes: { ...value.uiAttributes, version } }),
      );
      cached = undefined;
      return { version };
    },
  },
];
