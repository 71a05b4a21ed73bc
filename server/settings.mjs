// The server's settings, from the environment. Never send any of these to a browser.
//
//   TWILIO_ACCOUNT_SID, TWILIO_API_KEY_SID, TWILIO_API_KEY_SECRET   an API key of your account (required)
//   TWILIO_WORKSPACE_SID              your Flex TaskRouter workspace (required)
//   TWILIO_CONVERSATIONS_SERVICE_SID  your Flex Conversations service (Chat grant)
//   TWILIO_SYNC_SERVICE_SID           Flex's Sync service (supervisors' live queries)
//   TWILIO_TWIML_APP_SID              optional: outgoing application in the Voice grant
//   ALLOWED_ORIGINS                   comma-separated page origins allowed to call (CORS), e.g. https://crm.example.com
//   TOKEN_TTL                         seconds (default 3600)
//   PORT, HOST                        where to listen (default 3001, 127.0.0.1)
//   WORKER_DIRECTORY                  optional JSON file {"identity": {"workerSid": "WK…", "role": "agent"}}
//   HOLD_MUSIC_URL                    optional: overrides the hold music of GET /config
//   RECORDING_REQUIRED                optional: 'true' when agents may not pause call recording
//   CALLBACK_WORKFLOW_SID             optional: the workflow callback tasks enter (default: Flex's target workflow)
//   TWILIO_API_BASE_URL               tests only: send every Twilio REST call to this base URL instead
//                                     (https://taskrouter.twilio.com/v1/… → {base}/taskrouter/v1/…)

const REQUIRED = ['TWILIO_ACCOUNT_SID', 'TWILIO_API_KEY_SID', 'TWILIO_API_KEY_SECRET', 'TWILIO_WORKSPACE_SID'];

/** Names of the required settings that are missing. */
export function missingSettings(env = process.env) {
  return REQUIRED.filter((name) => !env[name]);
}

export function readSettings(env = process.env) {
  const missing = missingSettings(env);
  if (missing.length > 0) throw new Error(`Set ${missing.join(', ')} (see server/README.md)`);
  const list = (value) =>
    String(value ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
  return {
    accountSid: env.TWILIO_ACCOUNT_SID,
    apiKeySid: env.TWILIO_API_KEY_SID,
    apiKeySecret: env.TWILIO_API_KEY_SECRET,
    workspaceSid: env.TWILIO_WORKSPACE_SID,
    conversationsServiceSid: env.TWILIO_CONVERSATIONS_SERVICE_SID || undefined,
    syncServiceSid: env.TWILIO_SYNC_SERVICE_SID || undefined,
    twimlAppSid: env.TWILIO_TWIML_APP_SID || undefined,
    allowedOrigins: list(env.ALLOWED_ORIGINS),
    tokenTtl: Number(env.TOKEN_TTL ?? 3600),
    port: Number(env.PORT ?? 3001),
    host: env.HOST ?? '127.0.0.1',
    workerDirectory: env.WORKER_DIRECTORY || undefined,
    holdMusicUrl: env.HOLD_MUSIC_URL || undefined,
    recordingRequired: env.RECORDING_REQUIRED === 'true',
    callbackWorkflowSid: env.CALLBACK_WORKFLOW_SID || undefined,
    apiBaseUrl: env.TWILIO_API_BASE_URL || undefined,
  };
}
