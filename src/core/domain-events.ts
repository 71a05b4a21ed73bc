import type {
  Activity,
  Call,
  ConnectionStatus,
  Conversation,
  FlexErrorDetail,
  FlexNotification,
  Message,
  Queue,
  QueueStatistics,
  Reservation,
  Role,
  Task,
  Worker,
} from './model.js';
import type { ContactSearch, CrmRecord, InteractionLogState } from './crm/types.js';

/**
 * What backends emit and the store reduces. Entity events carry the whole entity (an upsert keyed
 * by sid), so a reducer never has to merge partial updates and both backends stay simple.
 * Events whose type starts with `ui.` or `notification.` come from the page, not a backend.
 */
export type DomainEvent =
  | { readonly type: 'connection'; readonly status: ConnectionStatus; readonly error?: FlexErrorDetail }
  | {
      readonly type: 'session';
      readonly workerSid: string;
      readonly identity: string;
      readonly role: Role;
      readonly workspaceSid: string;
      /** Features this session cannot offer, each with the reason's code (e.g. `coach: 'server-required'`). */
      readonly unavailable?: Readonly<Record<string, string>>;
    }
  | { readonly type: 'activities'; readonly activities: readonly Activity[] }
  | { readonly type: 'workers'; readonly workers: readonly Worker[] }
  | { readonly type: 'worker'; readonly worker: Worker }
  | { readonly type: 'worker.removed'; readonly sid: string }
  | { readonly type: 'queues'; readonly queues: readonly Queue[] }
  | { readonly type: 'task'; readonly task: Task }
  | { readonly type: 'task.removed'; readonly sid: string }
  | { readonly type: 'reservation'; readonly reservation: Reservation }
  | { readonly type: 'conversation'; readonly conversation: Conversation }
  | { readonly type: 'messages'; readonly conversationSid: string; readonly messages: readonly Message[] }
  | { readonly type: 'call'; readonly call: Call }
  | { readonly type: 'queue.stats'; readonly stats: QueueStatistics }
  | { readonly type: 'workspace.stats'; readonly stats: QueueStatistics }
  | { readonly type: 'ui.select-task'; readonly taskSid: string | undefined }
  | { readonly type: 'notification.shown'; readonly notification: FlexNotification }
  | { readonly type: 'notification.dismissed'; readonly id: string }
  // The CRM's state (contact searches, associations, log calls), from the page, not a backend.
  | { readonly type: 'crm.search'; readonly taskSid: string; readonly search: ContactSearch }
  | { readonly type: 'crm.associations'; readonly taskSid: string; readonly records: readonly CrmRecord[] }
  | { readonly type: 'crm.log'; readonly taskSid: string; readonly log: InteractionLogState | undefined };

export type DomainEventType = DomainEvent['type'];
export type DomainEventOf<T extends DomainEventType> = Extract<DomainEvent, { type: T }>;
