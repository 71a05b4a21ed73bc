// POST /callbacks {to, name?, scheduledFor?, queue?, notes?} → {taskSid}
// A callback request becomes a TaskRouter task on the `callback` task channel (REST, account
// credentials), with the attributes flex-elements reads (src/core/callbacks.ts): {callbackNumber,
// name, scheduledFor (ISO 8601), notes, requestedBy, requestedAt} and, with `queue`,
// `selected_queue` (the queue's name) for your workflow's filter to route on. The workspace needs a
// task channel named `callback` (create it once in TaskRouter) and queues that take it.
import { ROLES } from '../auth.mjs';
import { HttpError, invalid } from '../http.mjs';
import { SID } from '../tasks.mjs';
import { callTwilio } from '../twilio-client.mjs';

const E164 = /^\+[1-9]\d{6,14}$/;

function textField(body, field, max) {
  const value = body[field];
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || value.length > max) throw invalid(field, `expected text of at most ${max} characters`);
  return value.trim() || undefined;
}

export default [
  {
    method: 'POST',
    path: '/callbacks',
    roles: ROLES,
    async handle({ body, user, settings, twilio }) {
      if (typeof body.to !== 'string' || !E164.test(body.to)) throw invalid('to', 'expected a phone number in E.164 form, e.g. +14155550123');
      const name = textField(body, 'name', 100);
      const notes = textField(body, 'notes', 2000);
      let scheduledFor;
      if (body.scheduledFor !== undefined) {
        const when = typeof body.scheduledFor === 'string' ? Date.parse(body.scheduledFor) : typeof body.scheduledFor === 'number' ? body.scheduledFor : NaN;
        if (!Number.isFinite(when)) throw invalid('scheduledFor', 'expected an ISO 8601 date and time (e.g. 2026-12-02T15:30:00Z) or epoch milliseconds');
        scheduledFor = new Date(when).toISOString();
      }
      const workspace = twilio.taskrouter.v1.workspaces(settings.workspaceSid);
      let queueName;
      if (body.queue !== undefined) {
        if (typeof body.queue !== 'string' || body.queue.trim() === '') throw invalid('queue', 'expected a task queue SID (WQ…) or name');
        if (SID.queue.test(body.queue)) queueName = (await callTwilio(`Fetching queue ${body.queue}`, () => workspace.taskQueues(body.queue).fetch())).friendlyName;
        else {
          const [queue] = await callTwilio('Finding the queue', () => workspace.taskQueues.list({ friendlyName: body.queue, limit: 1 }));
          if (!queue) throw invalid('queue', `no task queue named ${JSON.stringify(body.queue)}`);
          queueName = queue.friendlyName;
        }
      }
      let workflowSid = settings.callbackWorkflowSid;
      if (!workflowSid) {
        const configuration = await callTwilio('Reading the Flex configuration', () => twilio.flexApi.v1.configuration().fetch());
        workflowSid = configuration.taskrouterTargetWorkflowSid;
      }
      if (!workflowSid) throw new HttpError('not-configured', 'No workflow for callbacks: set CALLBACK_WORKFLOW_SID or the Flex target workflow');
      const attributes = {
        callbackNumber: body.to,
        name: name ?? body.to,
        ...(scheduledFor ? { scheduledFor } : {}),
        notes: notes ?? '',
        requestedBy: user.identity,
        requestedAt: new Date().toISOString(),
        ...(queueName ? { selected_queue: queueName } : {}),
      };
      const task = await callTwilio('Creating the callback task', () =>
        workspace.tasks.create({ workflowSid, taskChannel: 'callback', attributes: JSON.stringify(attributes) }),
      );
      return { taskSid: task.sid };
    },
  },
];
