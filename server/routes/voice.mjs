// Voice operations that need account credentials, on a task's TaskRouter conference
// (TaskRouter names it after the task SID):
//   POST /voice/participant     {taskSid, conferenceSid?, callSid, muted?, coaching?, callSidToCoach?, hold?, endConferenceOnExit?}
//   POST /voice/add-participant {taskSid, to, from?}  → {callSid, label}
//   POST /voice/cold-transfer   {taskSid, to}         → {callSid, to}
import twilioPackage from 'twilio';
import { requireRole, ROLES } from '../auth.mjs';
import { HttpError, invalid } from '../http.mjs';
import { ownTask, sidField } from '../tasks.mjs';
import { callTwilio } from '../twilio-client.mjs';

const E164 = /^\+[1-9]\d{6,14}$/;

function phoneField(body, field, { optional = false } = {}) {
  const value = body[field];
  if (value === undefined && optional) return undefined;
  if (typeof value !== 'string' || !E164.test(value)) throw invalid(field, 'expected a phone number in E.164 form, e.g. +14155550123');
  return value;
}

function boolField(body, field) {
  const value = body[field];
  if (value === undefined) return undefined;
  if (typeof value !== 'boolean') throw invalid(field, 'expected true or false');
  return value;
}

/** The task's conference in progress: the given SID (checked to be that task's), or looked up by the task SID. */
export async function taskConference({ twilio }, taskSid, conferenceSid) {
  if (conferenceSid) {
    const conference = await callTwilio(`Fetching conference ${conferenceSid}`, () => twilio.conferences(conferenceSid).fetch());
    if (conference.status !== 'in-progress') throw new HttpError('conflict', `Conference ${conferenceSid} is ${conference.status}`);
    return conference;
  }
  const [conference] = await callTwilio('Finding the task’s conference', () => twilio.conferences.list({ friendlyName: taskSid, status: 'in-progress', limit: 1 }));
  if (!conference) throw new HttpError('not-found', `Task ${taskSid} has no conference in progress (is the call connected?)`);
  return conference;
}

/** `{taskSid, to}` of the body, checked, and the task: the caller's, its call still in progress. */
async function callInProgress(context) {
  const taskSid = sidField(context.body, 'taskSid', 'task');
  const to = phoneField(context.body, 'to');
  return { taskSid, to, ...(await ownTask(context, taskSid, { live: true })) };
}

/** The outbound caller ID of the Flex configuration (the default for calls the agent places). */
async function defaultCallerId({ twilio }) {
  const configuration = await callTwilio('Reading the Flex configuration', () => twilio.flexApi.v1.configuration().fetch());
  const callerId = configuration.outboundCallFlows?.default?.caller_id;
  return typeof callerId === 'string' && E164.test(callerId) ? callerId : undefined;
}

export default [
  {
    method: 'POST',
    path: '/voice/participant',
    roles: ROLES,
    async handle(context) {
      const { body, user, settings, twilio } = context;
      const taskSid = sidField(body, 'taskSid', 'task');
      const callSid = sidField(body, 'callSid', 'call');
      const conferenceSid = sidField(body, 'conferenceSid', 'conference', { optional: true });
      const callSidToCoach = sidField(body, 'callSidToCoach', 'call', { optional: true });
      const change = {
        muted: boolField(body, 'muted'),
        coaching: boolField(body, 'coaching'),
        hold: boolField(body, 'hold'),
        endConferenceOnExit: boolField(body, 'endConferenceOnExit'),
      };
      if (Object.values(change).every((v) => v === undefined) && !callSidToCoach) throw invalid('body', 'nothing to change: send muted, coaching, callSidToCoach, hold or endConferenceOnExit');
      // Coach and barge are a supervisor's (Flex's barge-coach): an agent cannot coach.
      if (change.coaching !== undefined || callSidToCoach) requireRole(user, ['supervisor', 'admin'], 'coaching');
      if (change.coaching === true && !callSidToCoach) throw invalid('callSidToCoach', 'required when coaching is true (the agent’s call)');
      if (callSidToCoach === callSid) throw invalid('callSidToCoach', 'a participant cannot coach itself');
      await ownTask(context, taskSid, { live: true });
      const conference = await taskConference(context, taskSid, conferenceSid);
      const update = {
        ...(change.muted !== undefined ? { muted: change.muted } : {}),
        ...(change.coaching !== undefined ? { coaching: change.coaching } : {}),
        ...(callSidToCoach ? { callSidToCoach } : {}),
        ...(change.hold !== undefined ? { hold: change.hold } : {}),
        ...(change.hold === true && settings.holdMusicUrl ? { holdUrl: settings.holdMusicUrl, holdMethod: 'GET' } : {}),
        ...(change.endConferenceOnExit !== undefined ? { endConferenceOnExit: change.endConferenceOnExit } : {}),
      };
      const participant = await callTwilio(`Updating participant ${callSid}`, () => twilio.conferences(conference.sid).participants(callSid).update(update));
      return {
        conferenceSid: conference.sid,
        callSid: participant.callSid,
        label: participant.label ?? null,
        muted: participant.muted,
        hold: participant.hold,
        coaching: participant.coaching,
        callSidToCoach: participant.callSidToCoach ?? null,
        endConferenceOnExit: participant.endConferenceOnExit,
      };
    },
  },
  {
    method: 'POST',
    path: '/voice/add-participant',
    roles: ROLES,
    async handle(context) {
      const { body, twilio } = context;
      let from = phoneField(body, 'from', { optional: true });
      const { taskSid, to } = await callInProgress(context);
      const conference = await taskConference(context, taskSid);
      from ??= await defaultCallerId(context);
      if (!from) throw new HttpError('not-configured', 'No caller ID: send `from`, or set the default outbound caller ID in the Flex configuration');
      const label = `external:${to}`;
      // The added party leaves without ending the call (endConferenceOnExit false), as Flex adds one.
      const participant = await callTwilio(`Adding ${to} to the call`, () =>
        twilio.conferences(conference.sid).participants.create({ from, to, label, earlyMedia: true, endConferenceOnExit: false, beep: 'false' }),
      );
      return { callSid: participant.callSid, label: participant.label ?? label, conferenceSid: conference.sid };
    },
  },
  {
    method: 'POST',
    path: '/voice/cold-transfer',
    roles: ROLES,
    async handle(context) {
      const { twilio } = context;
      const { taskSid, to, attributes } = await callInProgress(context);
      // The customer's call: the task's call_sid (set by Studio / <Enqueue>), else the conference's `customer` participant.
      let callSid = typeof attributes.call_sid === 'string' ? attributes.call_sid : undefined;
      if (!callSid) {
        const conference = await taskConference(context, taskSid);
        const participants = await callTwilio('Listing the conference participants', () => twilio.conferences(conference.sid).participants.list({ limit: 50 }));
        callSid = participants.find((p) => p.label === 'customer')?.callSid;
      }
      if (!callSid) throw new HttpError('not-found', `Task ${taskSid} has no customer call to transfer`);
      // Redirect the customer's call out of the conference to the number. The conference ends
      // (endConferenceOnCustomerExit) and the agent's task goes to wrap-up; the customer rings the number.
      const twiml = new twilioPackage.twiml.VoiceResponse();
      twiml.dial(to);
      await callTwilio(`Transferring the call to ${to}`, () => twilio.calls(callSid).update({ twiml: twiml.toString() }));
      return { callSid, to };
    },
  },
];
