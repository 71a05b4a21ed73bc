import type { Backend } from '../../backends/backend.js';
import type { Actions } from '../actions.js';
import type { FlexConfig } from '../config.js';
import type { DomainEvent } from '../domain-events.js';
import { FlexError } from '../errors.js';
import type { ReadableStore } from '../store.js';
import type { InteractionLogQueue } from './interaction-log.js';

export interface CrmActionOptions {
  readonly actions: Actions;
  readonly store: ReadableStore;
  readonly backend: Backend;
  readonly dispatch: (event: DomainEvent) => void;
  readonly config: () => FlexConfig;
  readonly log: InteractionLogQueue;
}

/**
 * The CRM's actions, through the one gate like every other:
 *
 * - `AssociateRecord {taskSid, record}` / `DissociateRecord {taskSid, recordId}`: the records an
 *   interaction belongs to (in flex-task-accepted/-wrapup/-completed and the interaction log).
 * - `SetTaskAttributes {taskSid, attributes, merge?}`: writes the task's attributes, merged at the
 *   top level unless `merge: false` (Flex's `mergeExisting`); the backend decides who may (the
 *   task's agent, supervisors and admins).
 * - `StartOutboundConversation {to, channel, from?, template?, body?}` → `{taskSid}`: checks the
 *   address (libphonenumber-js for sms and whatsapp, normalized to E.164; an e-mail check), then
 *   starts an agent-initiated conversation. WhatsApp outside the 24-hour window needs `template`
 *   (the backend refuses with `template-required`).
 * - `RetryInteractionLog {taskSid}`: calls `provider.crm.logInteraction` again for a failed log.
 */
export function registerCrmActions(options: CrmActionOptions): void {
  const { actions, store, backend, dispatch, config, log } = options;
  const taskSidOf = (taskSid: string | undefined, action: string): string => {
    const sid = taskSid ?? store.getState().ui.selectedTaskSid;
    if (!sid) throw new FlexError('invalid-payload', `${action} needs a taskSid (or a selected task).`);
    if (!store.getState().tasks[sid]) throw new FlexError('unknown-task', `${action}: there is no task "${sid}".`);
    return sid;
  };

  actions.register('AssociateRecord', {
    run: (p) => {
      const taskSid = taskSidOf(p.taskSid, 'AssociateRecord');
      const current = store.getState().crm.associations[taskSid] ?? [];
      const record = { ...p.record };
      const index = current.findIndex((r) => r.id === record.id);
      const records = index >= 0 ? current.map((r, i) => (i === index ? record : r)) : [...current, record];
      dispatch({ type: 'crm.associations', taskSid, records });
    },
  });
  actions.register('DissociateRecord', {
    run: (p) => {
      const taskSid = taskSidOf(p.taskSid, 'DissociateRecord');
      const current = store.getState().crm.associations[taskSid] ?? [];
      if (!current.some((r) => r.id === p.recordId)) {
        throw new FlexError('not-found', `DissociateRecord: task "${taskSid}" is not associated with record "${p.recordId}".`);
      }
      dispatch({ type: 'crm.associations', taskSid, records: current.filter((r) => r.id !== p.recordId) });
    },
  });
  actions.register('SetTaskAttributes', {
    run: (p) =>
      backend.execute('setTaskAttributes', {
        taskSid: taskSidOf(p.taskSid, 'SetTaskAttributes'),
        attributes: p.attributes,
        merge: p.merge ?? true,
      }),
  });
  actions.register('StartOutboundConversation', {
    guard: (p) => {
      if (!p.body?.trim() && !p.template) {
        throw new FlexError('invalid-payload', 'StartOutboundConversation needs a message (body) or an approved template.');
      }
    },
    run: async (p) => {
      // The address check (and libphonenumber-js behind it) loads on first use: not in the entry.
      const { ADDRESS_MESSAGES, checkAddressLoaded } = await import('./address.js');
      const check = await checkAddressLoaded(p.channel, p.to, config().outbound.defaultCountry);
      if (!check.ok) {
        throw new FlexError('invalid-address', `StartOutboundConversation: "${p.to}" ${ADDRESS_MESSAGES[check.problem]}.`);
      }
      const result = await backend.execute('startOutboundConversation', {
        to: check.address,
        channel: p.channel,
        ...(p.from !== undefined ? { from: p.from } : {}),
        ...(p.template !== undefined ? { template: p.template } : {}),
        ...(p.body !== undefined ? { body: p.body } : {}),
      });
      return { taskSid: result.taskSid };
    },
  });
  actions.register('RetryInteractionLog', {
    run: (p) => log.retry(p.taskSid),
  });
}
