import type {
  Call,
  CallParticipant,
  CallStatus,
  Conversation,
  Customer,
  Message,
  RecordingStatus,
  SupervisionMode,
} from '../../core/model.js';

/** Mutable state of a simulated call (no audio: statuses, participants and timers). */
export interface CallState {
  readonly sid: string;
  taskSid: string;
  readonly direction: 'inbound' | 'outbound';
  status: CallStatus;
  readonly from: string;
  readonly to: string;
  muted: boolean;
  onHold: boolean;
  holdStartedAt?: number;
  holdSeconds: number;
  readonly startedAt: number;
  answeredAt?: number;
  endedAt?: number;
  participants: CallParticipant[];
  supervision?: { readonly supervisorSid: string; readonly mode: SupervisionMode };
  /** Digits sent so far (DTMF). */
  digits: string;
  recording?: RecordingStatus;
  qualityWarnings?: string[];
  outcomeTimer?: number;
}

/** Mutable state of a simulated conversation (chat, SMS, WhatsApp, email). */
export interface ConversationState {
  readonly sid: string;
  taskSid: string;
  readonly customer: Customer;
  readonly customerIdentity: string;
  readonly messages: Message[];
  customerTyping: boolean;
  agentTyping: boolean;
  agentReadIndex: number;
  customerReadIndex: number;
  /** Lowest index the page has been given (older ones come through loadMessages). */
  loadedFrom: number;
  /** Whether the customer is still there to reply. */
  open: boolean;
  replyTimer?: number;
  agentTypingTimer?: number;
  /** Messages added since the last emission. */
  unsent: Message[];
}

export { ACTIVE_CALL_STATUSES as ACTIVE_CALL } from '../../core/domain.js';

export function callSnapshot(call: CallState, now: number): Call {
  const holdSeconds =
    call.holdSeconds + (call.onHold && call.holdStartedAt !== undefined ? (now - call.holdStartedAt) / 1000 : 0);
  return {
    sid: call.sid,
    taskSid: call.taskSid,
    direction: call.direction,
    status: call.status,
    from: call.from,
    to: call.to,
    muted: call.muted,
    onHold: call.onHold,
    startedAt: call.startedAt,
    ...(call.answeredAt === undefined ? {} : { answeredAt: call.answeredAt }),
    ...(call.endedAt === undefined ? {} : { endedAt: call.endedAt }),
    holdSeconds: Math.round(holdSeconds),
    participants: call.participants.map((p) => ({ ...p })),
    ...(call.supervision ? { supervision: call.supervision } : {}),
    ...(call.recording ? { recording: call.recording } : {}),
    ...(call.qualityWarnings?.length ? { qualityWarnings: [...call.qualityWarnings] } : {}),
  };
}

export function conversationSnapshot(conversation: ConversationState): Conversation {
  return {
    sid: conversation.sid,
    taskSid: conversation.taskSid,
    customerTyping: conversation.customerTyping,
    agentTyping: conversation.agentTyping,
    agentReadIndex: conversation.agentReadIndex,
    customerReadIndex: conversation.customerReadIndex,
    messageCount: conversation.messages.length,
    hasOlder: conversation.loadedFrom > 0,
  };
}

const GREETINGS = [
  'Hi, I need help with my order.',
  'Hello! My last invoice looks wrong.',
  'Hi there, I cannot log in to my account.',
  'Good morning, I would like to change my plan.',
  'Hey, my package has not arrived yet.',
  'Hola, necesito ayuda con mi factura.',
];
const REPLIES = [
  'Thanks, that helps.',
  'Sure, one moment please.',
  'My account number is on the invoice, let me check.',
  'OK. How long will that take?',
  'Great, thank you!',
  'I already tried that, it did not work.',
  'Could you send me a confirmation by email?',
  'Yes, that is correct.',
];
const HISTORY = [
  'I called last week about this.',
  'Your colleague said it would be fixed.',
  'We have created a ticket for you.',
  'Is there anything else I can help with?',
  'The refund should appear in 3-5 days.',
];

export const lines = { GREETINGS, REPLIES, HISTORY };
