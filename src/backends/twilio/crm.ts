import { BackendError } from '../backend.js';
import type { Handlers } from './commands.js';
import { attributesOf } from './tasks.js';

/**
 * The CRM's commands on Twilio.
 *
 * - setTaskAttributes: TaskRouter replaces a task's attributes, so a merge (Flex's
 *   `mergeExisting`, the default) sends the current attributes with the change on top. Only a task
 *   the person holds a reservation for: another's goes through the REST API (a supervisor's view
 *   has no SDK task to write to).
 * - startOutboundConversation: Flex starts an agent-initiated conversation through the
 *   Interactions API (`initiated_by: agent`), which needs account credentials, so it goes through
 *   the companion server; until this backend calls it, the command refuses with `server-required`.
 */
export const crmHandlers = {
  async setTaskAttributes(s, p) {
    const r = s.reservationOfTask(p.taskSid);
    const current = attributesOf(r.task);
    const next = p.merge ? { ...current, ...p.attributes } : { ...p.attributes };
    await r.task.setAttributes(next);
    s.emit(s.tasks.reservationEvents(r));
  },
  startOutboundConversation: (_s, p) =>
    Promise.reject(
      new BackendError(
        'server-required',
        `Starting a ${p.channel} conversation on Twilio goes through Flex's Interactions API (initiated_by: agent), which needs the companion server (<flex-provider server-url>); this backend does not call it yet.`,
      ),
    ),
} satisfies Partial<Handlers>;
