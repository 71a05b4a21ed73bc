import { scheduleProblem } from './callbacks.js';
import { FlexError } from './errors.js';
import type { Attachment, TransferMode } from './model.js';
import { recordProblem, type CrmRecord } from './crm/types.js';

/**
 * The payload of every built-in action, as one table: each action's fields, what type each must
 * have, and which are required. The TypeScript types (`FlexActions`) are derived from it, and
 * `Actions.invoke` checks every payload against it, so the type a caller sees and the check the
 * library runs cannot drift apart.
 *
 * A missing payload, or a missing optional field, is fine (a missing `taskSid` means the selected
 * task, as in Flex). A payload that is not an object, a field of the wrong type and a field the
 * action does not take are refused with `invalid-payload`.
 */

/** One field of a payload: the type it must have and whether it must be there. */
export interface PayloadField<T = unknown, Required extends boolean = boolean> {
  readonly required: Required;
  /** What the value must be, for messages: `a non-empty string`. */
  readonly expected: string;
  readonly test: (value: unknown) => boolean;
  /** Why a value that fails `test` is wrong, when `expected` alone would not say. */
  readonly problem?: (value: unknown) => string | undefined;
  /** Only carries the type; never set. */
  readonly type?: T;
}

/** An action's fields by name. */
export type PayloadShape = Readonly<Record<string, PayloadField>>;

interface Kind<T> {
  readonly optional: PayloadField<T, false>;
  readonly required: PayloadField<T, true>;
}

function kind<T>(expected: string, test: (value: unknown) => boolean, problem?: (value: unknown) => string | undefined): Kind<T> {
  return {
    optional: { required: false, expected, test, problem },
    required: { required: true, expected, test, problem },
  };
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** A sid, a name: a non-empty string. */
export const sid = kind<string>('a non-empty string', (v) => typeof v === 'string' && v !== '');
/** Any string, the empty one included (a message body, notes). */
export const text = kind<string>('a string', (v) => typeof v === 'string');
export const flag = kind<boolean>('true or false', (v) => typeof v === 'boolean');
/** A message index, a count: an integer of 0 or more. */
export const count = kind<number>('an integer of 0 or more', (v) => Number.isInteger(v) && (v as number) >= 0);
/** A page size: an integer of 1 or more. */
export const positive = kind<number>('an integer of 1 or more', (v) => Number.isInteger(v) && (v as number) >= 1);
export const record = kind<Record<string, unknown>>('an object', isObject);
/** A date-time: an ISO 8601 string or epoch milliseconds (a callback's requested time). */
export const time = kind<string | number>(
  'an ISO 8601 date-time or epoch milliseconds',
  (v) => scheduleProblem(v) === undefined,
  (v) => scheduleProblem(v),
);
export function oneOf<const T extends string>(...values: readonly T[]): Kind<T> {
  return kind<T>(values.map((v) => `"${v}"`).join(' or '), (v) => (values as readonly unknown[]).includes(v));
}

/**
 * An attachment to send: `{name, size, contentType, url?}` (what `<flex-chat>` builds from a chosen
 * file, with the `file` itself for backends that upload it).
 */
export type OutgoingAttachment = Attachment & { readonly file?: Blob };

/** Why a value is not an attachment, or undefined when it is one. */
export function attachmentProblem(value: unknown): string | undefined {
  if (!isObject(value)) return 'is not an object';
  if (typeof value['name'] !== 'string' || value['name'] === '') return 'has no name (a non-empty string)';
  const size = value['size'];
  if (typeof size !== 'number' || !Number.isFinite(size) || size < 0) return 'has no size (bytes, a number of 0 or more)';
  if (typeof value['contentType'] !== 'string') return 'has no contentType (a string)';
  if (value['url'] !== undefined && typeof value['url'] !== 'string') return 'has a url that is not a string';
  if (value['file'] !== undefined && !(typeof Blob !== 'undefined' && value['file'] instanceof Blob)) return 'has a file that is not a File or Blob';
  return undefined;
}

export const attachments = kind<readonly OutgoingAttachment[]>(
  'a list of attachments {name, size, contentType}',
  (v) => attachmentsProblem(v) === undefined,
  (v) => attachmentsProblem(v),
);

function attachmentsProblem(value: unknown): string | undefined {
  if (!Array.isArray(value)) return `must be a list of attachments, not ${describe(value)}`;
  for (const [index, item] of value.entries()) {
    const problem = attachmentProblem(item);
    if (problem) return `[${index}] ${problem}`;
  }
  return undefined;
}

/** A CRM record to associate: `{id, name, …}`. */
export const crmRecord = kind<CrmRecord>('a record {id, name}', (v) => recordProblem(v) === undefined, recordProblem);

/** The channels an agent can start a conversation on. */
export const OUTBOUND_MESSAGE_CHANNELS = ['sms', 'whatsapp', 'email'] as const;
export type OutboundMessageChannel = (typeof OUTBOUND_MESSAGE_CHANNELS)[number];

const task = { taskSid: sid.optional } as const;
const reservation = { taskSid: sid.optional, reservationSid: sid.optional } as const;
const conversation = { conversationSid: sid.optional, taskSid: sid.optional } as const;
const outcome = { ...task, reason: text.optional, disposition: text.optional, notes: text.optional } as const;
const participant = { ...task, participantSid: sid.required } as const;
const activity = { activitySid: sid.optional, activityName: sid.optional } as const;
/** An Insights period (epoch ms, `to` exclusive) and its filters. */
const insightsQuery = {
  from: count.required,
  to: count.required,
  queueSid: sid.optional,
  channel: sid.optional,
  workerSid: sid.optional,
} as const;

/** Every built-in action's payload fields. */
export const ACTION_PAYLOADS = {
  AcceptTask: reservation,
  RejectTask: reservation,
  SelectTask: task,
  WrapupTask: outcome,
  CompleteTask: outcome,
  TransferTask: {
    ...task,
    to: sid.optional,
    targetSid: sid.optional,
    mode: oneOf<TransferMode>('warm', 'cold').optional,
    /** A note for the receiving agent, carried in the task's attributes as `transferNote`. */
    note: text.optional,
  },
  CancelTransfer: task,
  HangupCall: task,
  HoldCall: task,
  UnholdCall: task,
  ToggleMute: { ...task, muted: flag.optional },
  SendDTMFDigits: { ...task, digits: sid.required },
  HoldParticipant: participant,
  UnholdParticipant: participant,
  KickParticipant: participant,
  StartOutboundCall: { to: sid.optional, destination: sid.optional, from: sid.optional, callerId: sid.optional },
  SetActivity: { ...activity, workerSid: sid.optional, rejectPendingReservations: flag.optional },
  SetWorkerActivity: { ...activity, workerSid: sid.required },
  SetWorkerAttributes: { workerSid: sid.required, attributes: record.required },
  SendMessage: { ...conversation, body: text.optional, attachments: attachments.optional },
  SendTyping: conversation,
  MarkMessagesRead: { ...conversation, index: count.required },
  LoadMessages: { ...conversation, before: count.optional, pageSize: positive.optional },
  MonitorCall: task,
  CoachCall: task,
  BargeCall: task,
  StopMonitoringCall: task,
  NavigateToView: { viewName: sid.optional, view: sid.optional },
  // Voice and channels, wave 2 (issue 20).
  AddParticipant: { ...task, to: sid.required },
  EndCallForAll: task,
  PauseRecording: task,
  ResumeRecording: task,
  CreateCallback: { to: sid.required, name: text.optional, scheduledFor: time.optional, queue: sid.optional, notes: text.optional },
  StartCallback: task,
  ParkConversation: task,
  LoadInsightsDirectory: {},
  LoadInsightsDashboard: insightsQuery,
  LoadConversations: { ...insightsQuery, search: text.optional, offset: count.optional, limit: positive.optional },
  LoadInteraction: { interactionId: sid.required },
  ExportInteractions: { ...insightsQuery, pageSize: positive.optional },
  LoadEvaluations: { workerSid: sid.optional, from: count.optional, to: count.optional },
  SaveEvaluation: { interactionId: sid.required, answers: record.required, comment: text.optional },
  AssociateRecord: { ...task, record: crmRecord.required },
  DissociateRecord: { ...task, recordId: sid.required },
  SetTaskAttributes: { ...task, attributes: record.required, merge: flag.optional },
  StartOutboundConversation: {
    to: sid.required,
    channel: oneOf<OutboundMessageChannel>(...OUTBOUND_MESSAGE_CHANNELS).required,
    from: sid.optional,
    template: sid.optional,
    body: text.optional,
  },
  RetryInteractionLog: { taskSid: sid.required },
  /** Brings the call's audio (and the shared connection) to this tab from the tab that has it. */
  MoveCallHere: task,
} as const satisfies Record<string, PayloadShape>;

type FieldValue<F> = F extends PayloadField<infer T, boolean> ? T : never;
type RequiredKeys<S> = { [K in keyof S]: S[K] extends PayloadField<unknown, true> ? K : never }[keyof S];
type Simplify<T> = { [K in keyof T]: T[K] } & {};

/** The payload type a shape describes: its required fields, and the rest optional. */
export type PayloadOf<S extends PayloadShape> = Simplify<
  { -readonly [K in RequiredKeys<S>]: FieldValue<S[K]> } & { -readonly [K in Exclude<keyof S, RequiredKeys<S>>]?: FieldValue<S[K]> }
>;

/** What `invoke` takes for a shape: the payload, or nothing at all when no field is required. */
export type PayloadArgument<S extends PayloadShape> = [RequiredKeys<S>] extends [never] ? PayloadOf<S> | undefined : PayloadOf<S>;

type BuiltinActions = { [K in keyof typeof ACTION_PAYLOADS]: PayloadArgument<(typeof ACTION_PAYLOADS)[K]> };

/**
 * Every action's payload by name, for `actions.invoke`, `addListener` and `replace`. It lists the
 * built-in actions (derived from `ACTION_PAYLOADS`); a plugin adds its own by declaration merging:
 *
 * ```ts
 * declare module 'flex-elements' {
 *   interface FlexActions {
 *     OpenCrmRecord: { crmId: string };
 *   }
 * }
 * actions.register('OpenCrmRecord', { payload: { crmId: sid.required }, run: (p) => … });
 * await actions.invoke('OpenCrmRecord', { crmId: 'C-42' }); // type-checked
 * ```
 *
 * Names that are not in the map still work, untyped (`invoke(name: string, payload?: unknown)`).
 * A `payload` shape passed to `register` makes the runtime check the same fields.
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface FlexActions extends BuiltinActions {}

/** The part every task action takes: the task, or the selected one when missing. */
export type TaskPayload = PayloadOf<typeof task>;

/** A payload as listeners and implementations see it: always an object (a missing one is `{}`). */
export type ActionPayload<K extends keyof FlexActions> = Exclude<FlexActions[K], undefined>;

const describe = (value: unknown): string => {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return `${typeof value} ${value}`;
  return typeof value;
};

/**
 * Checks a payload against a shape. Returns it (an empty object for a missing payload); throws an
 * `invalid-payload` FlexError naming the action, the field, what it must be and what it got.
 */
export function checkPayload(action: string, shape: PayloadShape, payload: unknown): Record<string, unknown> {
  if (payload === undefined) payload = {};
  if (!isObject(payload)) {
    throw new FlexError('invalid-payload', `${action} takes a payload object (or none), not ${describe(payload)}.`);
  }
  for (const key of Object.keys(payload)) {
    if (!Object.hasOwn(shape, key) && payload[key] !== undefined) {
      const known = Object.keys(shape);
      throw new FlexError(
        'invalid-payload',
        `${action} does not take "${key}"; it takes ${known.length ? known.join(', ') : 'no fields'}.`,
      );
    }
  }
  for (const [key, field] of Object.entries(shape)) {
    const value = payload[key];
    if (value === undefined) {
      if (field.required) throw new FlexError('invalid-payload', `${action} needs ${key} (${field.expected}).`);
      continue;
    }
    if (!field.test(value)) {
      const problem = field.problem?.(value);
      if (problem) throw new FlexError('invalid-payload', `${action}: ${key}${problem.startsWith('[') ? '' : ' '}${problem}.`);
      throw new FlexError('invalid-payload', `${action}: ${key} must be ${field.expected}, not ${describe(value)}.`);
    }
  }
  return payload;
}
