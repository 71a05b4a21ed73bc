import { isMessagingChannel } from '../../core/domain.js';
import { EventScope } from './scope.js';
import type { DomainEvent } from '../../core/domain-events.js';
import type { Customer, Message, Role, Task } from '../../core/model.js';
import { VirtualClock } from '../../engine/clock.js';
import type { WorkspaceConfig } from '../../engine/config.js';
import { ContactCenterEngine } from '../../engine/engine.js';
import type { EngineLogEntry } from '../../engine/log.js';
import { Random } from '../../engine/random.js';
import { SidFactory } from '../../engine/sid.js';
import { CUSTOMER_COUNT, generateCustomers, type SimCustomer } from './customers.js';
import {
  ACTIVE_CALL,
  callSnapshot,
  conversationSnapshot,
  lines,
  type CallState,
  type ConversationState,
} from './media.js';
import type { SimulatorOptions } from './options.js';
import { channelAttributes, isParked, startRecording, stopRecording, unpark } from './channels.js';

/** Channels carried by a conversation (everything but voice). */
const CONTACT_CENTER_NUMBER = '+18005550100';
const CHANNEL_WEIGHTS: Readonly<Record<string, number>> = { voice: 45, chat: 30, sms: 10, whatsapp: 10, email: 5, callback: 3, voicemail: 2 };
export { CUSTOMER_COUNT };

/** Event-log entries the simulator keeps (the newest); the engine trims to half when it is full. */
export const SIMULATOR_LOG_LIMIT = 5_000;
const FINISHED_RETENTION_MS = 10 * 60 * 1000;

export interface CreateTaskControlInput {
  channel: string;
  queueSid?: string;
  customer?: Partial<Customer>;
  attributes?: Record<string, unknown>;
  priority?: number;
  firstMessage?: string;
  history?: number;
  /** A voicemail's transcript. */
  transcript?: string;
  /** An email's subject. */
  subject?: string;
}

interface Media {
  callSid?: string;
  conversationSid?: string;
}

/** Turns an identity into a display name: `jane.doe@example.com` → `Jane Doe`. */
export function nameFromIdentity(identity: string): string {
  const local = identity.split('@')[0] ?? identity;
  const words = local.split(/[._\-\s]+/).filter(Boolean);
  if (words.length === 0) return identity;
  return words.map((w) => w[0].toUpperCase() + w.slice(1)).join(' ');
}

/**
 * One running simulated contact center: the engine, the person's worker, bots, customers, calls
 * and conversations, and the event batching towards the store.
 */
export class Simulation {
  readonly clock: VirtualClock;
  readonly engine: ContactCenterEngine;
  readonly random: Random;
  readonly customers: readonly SimCustomer[];
  readonly personSid: string;
  /** What the person's role may see of the floor (an agent: only their own tasks). */
  readonly scope: EventScope;
  readonly calls = new Map<string, CallState>();
  readonly conversations = new Map<string, ConversationState>();
  readonly media = new Map<string, Media>();
  private readonly sids = new SidFactory();
  private readonly bots = new Set<string>();
  private readonly synthetic = new Set<string>();
  private readonly dirtyCalls = new Set<string>();
  private readonly dirtyConversations = new Set<string>();
  private readonly removedTasks: string[] = [];
  private traffic: boolean;
  private arrivalTimer?: number;
  private customerCursor = 0;
  private nextOutcome: 'answered' | 'busy' | 'no-answer' | undefined;
  private unsubscribe: () => void;
  private flushCount = 0;

  constructor(
    config: WorkspaceConfig,
    readonly options: SimulatorOptions,
    readonly identity: string,
    readonly role: Role,
    private readonly generated: boolean,
    private readonly emit: (events: DomainEvent[]) => void,
  ) {
    this.clock = new VirtualClock(options.startTime);
    this.random = new Random(options.seed);
    this.customers = generateCustomers(options.seed, CUSTOMER_COUNT);
    // A browser runs the simulator for a whole shift: keep only the recent log (statistics are kept
    // incrementally, so nothing on screen needs older entries).
    this.engine = new ContactCenterEngine(config, { clock: this.clock, logLimit: SIMULATOR_LOG_LIMIT });
    this.traffic = options.traffic;
    for (const worker of this.engine.listWorkers()) if (worker.attributes['bot'] === true) this.bots.add(worker.sid);
    this.unsubscribe = this.engine.onEntry((entry) => this.onEntry(entry));
    const skills: Record<string, number> = {};
    for (const queue of this.engine.config.queues) {
      for (const match of queue.targetWorkers.matchAll(/skills\s+HAS\s+"([^"]+)"/gi)) skills[match[1]] = 5;
    }
    this.personSid = this.engine.addWorker(
      {
        name: nameFromIdentity(identity),
        identity,
        skills,
        languages: ['en', 'es'],
        attributes: { roles: [role], contact_uri: `client:${identity}` },
      },
      { allQueues: true },
    );
    this.scope = new EventScope(role, this.personSid, (taskSid) => this.revealTask(taskSid));
    if (this.bots.size > 0) for (const sid of this.bots) this.scheduleBotShift(sid);
    if (this.traffic) this.scheduleArrival();
  }

  // ---------------------------------------------------------------- events out

  /** The whole state, for the first emission. */
  initialEvents(): DomainEvent[] {
    this.engine.takeChanges();
    const events: DomainEvent[] = [
      {
        type: 'session',
        workerSid: this.personSid,
        identity: this.identity,
        role: this.role,
        workspaceSid: this.engine.workspaceSid,
      },
      { type: 'activities', activities: this.engine.listActivities() },
      { type: 'queues', queues: this.engine.listQueues() },
      { type: 'workers', workers: this.engine.listWorkers() },
    ];
    for (const task of this.engine.listTasks()) events.push({ type: 'task', task: this.taskWithMedia(task) });
    for (const reservation of this.engine.listReservations()) events.push({ type: 'reservation', reservation });
    for (const queue of this.engine.listQueues())
      events.push({ type: 'queue.stats', stats: this.engine.queueStatistics(queue.sid) });
    events.push({ type: 'workspace.stats', stats: this.engine.workspaceStatistics() });
    this.dirtyCalls.clear();
    this.dirtyConversations.clear();
    return this.scope.filter(events);
  }

  /** A task that just became the person's: its conversation (with what was sent so far) and call. */
  private revealTask(taskSid: string): DomainEvent[] {
    const events: DomainEvent[] = [];
    const conversation = this.conversationOf(taskSid);
    if (conversation) {
      events.push({ type: 'conversation', conversation: conversationSnapshot(conversation) });
      const sent = conversation.messages.slice(conversation.loadedFrom);
      if (sent.length > 0) events.push({ type: 'messages', conversationSid: conversation.sid, messages: sent });
    }
    const call = this.callOf(taskSid);
    if (call) events.push({ type: 'call', call: callSnapshot(call, this.clock.now()) });
    return events;
  }

  /** Emits everything that changed since the last flush as one batch. */
  flush(allStats = false): void {
    const events: DomainEvent[] = [];
    const changes = this.engine.takeChanges();
    if (changes.workers.size > 0) {
      const workers = [];
      for (const sid of changes.workers) {
        const worker = this.engine.worker(sid);
        if (worker) workers.push(worker);
      }
      events.push(workers.length === 1 ? { type: 'worker', worker: workers[0] } : { type: 'workers', workers });
    }
    for (const sid of changes.tasks) {
      const task = this.engine.task(sid);
      if (task) events.push({ type: 'task', task: this.taskWithMedia(task) });
    }
    for (const sid of changes.reservations) {
      const reservation = this.engine.reservation(sid);
      if (reservation) events.push({ type: 'reservation', reservation });
    }
    for (const sid of this.dirtyConversations) {
      const conversation = this.conversations.get(sid);
      if (!conversation) continue;
      if (conversation.unsent.length > 0) {
        events.push({ type: 'messages', conversationSid: sid, messages: conversation.unsent });
        conversation.unsent = [];
      }
      events.push({ type: 'conversation', conversation: conversationSnapshot(conversation) });
    }
    this.dirtyConversations.clear();
    const now = this.clock.now();
    for (const sid of this.dirtyCalls) {
      const call = this.calls.get(sid);
      if (call) events.push({ type: 'call', call: callSnapshot(call, now) });
    }
    this.dirtyCalls.clear();
    for (const sid of this.removedTasks.splice(0)) events.push({ type: 'task.removed', sid });
    const queues = allStats ? this.engine.listQueues().map((q) => q.sid) : [...changes.queues];
    for (const sid of queues) events.push({ type: 'queue.stats', stats: this.engine.queueStatistics(sid) });
    if (allStats || queues.length > 0)
      events.push({ type: 'workspace.stats', stats: this.engine.workspaceStatistics() });
    this.flushCount++;
    const visible = events.length > 0 ? this.scope.filter(events) : events;
    if (visible.length > 0) this.emit(visible);
  }

  /** Moves virtual time to `target`, running everything due, then emits one batch. */
  advanceTo(target: number, allStats = false): void {
    this.clock.advanceTo(target);
    this.flush(allStats);
  }

  private taskWithMedia(task: Task): Task {
    const media = this.media.get(task.sid);
    if (!media) return task;
    return {
      ...task,
      ...(media.callSid ? { callSid: media.callSid } : {}),
      ...(media.conversationSid ? { conversationSid: media.conversationSid } : {}),
    };
  }

  dispose(): void {
    this.unsubscribe();
    if (this.arrivalTimer !== undefined) this.clock.cancel(this.arrivalTimer);
  }

  /** A new sid with the given prefix (`CP` for a participant). */
  nextSid(prefix: string): string {
    return this.sids.next(prefix);
  }

  // ---------------------------------------------------------------- tasks and customers

  private nextCustomer(): SimCustomer {
    const customer = this.customers[this.customerCursor % this.customers.length];
    this.customerCursor++;
    return customer;
  }

  /** Creates a task as if a customer arrived (see SimulatorControls.createTask). */
  createTask(input: CreateTaskControlInput, viaWorkflow = false): string {
    const directory = this.nextCustomer();
    const customer: Customer = { ...directory, ...(input.customer ?? {}) };
    const channel = input.channel;
    let queueSid = input.queueSid;
    if (queueSid === undefined && !viaWorkflow) {
      queueSid = this.engine.listQueues().find((q) => q.channels.includes(channel))?.sid;
      if (!queueSid) throw new RangeError(`No queue serves channel ${JSON.stringify(channel)}`);
    }
    const attributes: Record<string, unknown> = {
      name: customer.name,
      ...(customer.phone ? { from: customer.phone } : {}),
      ...(customer.email ? { email: customer.email } : {}),
      ...(customer.crmId ? { crmId: customer.crmId } : {}),
      direction: 'inbound',
      to: CONTACT_CENTER_NUMBER,
      ...channelAttributes(this, channel, customer, input),
      ...(input.attributes ?? {}),
    };
    const taskSid = this.engine.createTask({
      channel,
      attributes,
      ...(queueSid === undefined ? {} : { queueSid }),
      ...(input.priority === undefined ? {} : { priority: input.priority }),
    });
    this.attachMedia(taskSid, channel, customer, input.firstMessage, input.history ?? 0);
    return taskSid;
  }

  private attachMedia(
    taskSid: string,
    channel: string,
    customer: Customer,
    firstMessage: string | undefined,
    history: number,
  ): void {
    const now = this.clock.now();
    if (channel === 'voice') {
      const call: CallState = {
        sid: this.sids.next('CA'),
        taskSid,
        direction: 'inbound',
        status: 'ringing',
        from: customer.phone ?? 'anonymous',
        to: CONTACT_CENTER_NUMBER,
        muted: false,
        onHold: false,
        holdSeconds: 0,
        startedAt: now,
        participants: [
          {
            sid: this.sids.next('CP'),
            name: customer.name,
            kind: 'customer',
            onHold: false,
            muted: false,
            status: 'joined',
          },
        ],
        digits: '',
      };
      this.calls.set(call.sid, call);
      this.media.set(taskSid, { callSid: call.sid });
      this.dirtyCalls.add(call.sid);
      this.engine.updateTaskAttributes(taskSid, { call_sid: call.sid });
    } else if (isMessagingChannel(channel)) {
      const conversation: ConversationState = {
        sid: this.sids.next('CH'),
        taskSid,
        customer,
        customerIdentity: customer.crmId ?? customer.email ?? customer.name,
        messages: [],
        customerTyping: false,
        agentTyping: false,
        agentReadIndex: -1,
        customerReadIndex: -1,
        loadedFrom: history,
        open: true,
        unsent: [],
      };
      for (let i = 0; i < history; i++) {
        const fromCustomer = i % 2 === 0;
        conversation.messages.push(
          this.makeMessage(
            conversation,
            fromCustomer ? 'customer' : 'agent',
            lines.HISTORY[i % lines.HISTORY.length],
            now - (history - i) * 60_000,
            fromCustomer ? undefined : 'Previous Agent',
          ),
        );
      }
      conversation.agentReadIndex = history - 1;
      conversation.customerReadIndex = history - 1;
      this.conversations.set(conversation.sid, conversation);
      this.scope.linkConversation(conversation.sid, conversation.taskSid);
      this.media.set(taskSid, { conversationSid: conversation.sid });
      const greeting = firstMessage ?? this.random.pick(lines.GREETINGS);
      if (greeting !== '') this.addMessage(conversation, 'customer', greeting);
      this.dirtyConversations.add(conversation.sid);
      this.engine.updateTaskAttributes(taskSid, { conversationSid: conversation.sid });
    }
  }

  private makeMessage(
    conversation: ConversationState,
    role: 'agent' | 'customer' | 'system' | 'supervisor',
    body: string,
    at: number,
    authorName?: string,
  ): Message {
    const index = conversation.messages.length;
    const person = this.engine.worker(this.personSid)!;
    const author = role === 'customer' ? conversation.customerIdentity : role === 'system' ? 'system' : this.identity;
    return {
      sid: this.sids.next('IM'),
      conversationSid: conversation.sid,
      index,
      author,
      authorName:
        authorName ?? (role === 'customer' ? conversation.customer.name : role === 'system' ? 'System' : person.name),
      authorRole: role,
      body,
      timestamp: at,
      ...(role === 'agent' || role === 'supervisor' ? { delivery: 'sent' as const } : {}),
    };
  }

  addMessage(
    conversation: ConversationState,
    role: 'agent' | 'customer' | 'system' | 'supervisor',
    body: string,
    extra: { authorName?: string; author?: string; attachments?: Message['attachments'] } = {},
  ): Message {
    const base = this.makeMessage(conversation, role, body, this.clock.now(), extra.authorName);
    const message: Message = {
      ...base,
      ...(extra.author ? { author: extra.author } : {}),
      ...(extra.attachments && extra.attachments.length > 0 ? { attachments: extra.attachments } : {}),
    };
    conversation.messages.push(message);
    conversation.unsent.push(message);
    if (role === 'customer') conversation.customerReadIndex = message.index;
    if (role === 'customer' && isParked(this, conversation)) unpark(this, conversation);
    this.dirtyConversations.add(conversation.sid);
    return message;
  }

  /** The customer answers an agent after a seeded delay, typing first. */
  scheduleCustomerReply(conversation: ConversationState): void {
    if (!conversation.open || conversation.replyTimer !== undefined) return;
    const now = this.clock.now();
    const delay = this.random.duration(8000, 2000);
    const typingAt = now + Math.max(500, delay - 3000);
    conversation.replyTimer = this.clock.schedule(typingAt, () => {
      if (!conversation.open) {
        conversation.replyTimer = undefined;
        return;
      }
      conversation.customerTyping = true;
      conversation.customerReadIndex = conversation.messages.length - 1;
      this.dirtyConversations.add(conversation.sid);
      conversation.replyTimer = this.clock.schedule(now + delay, () => {
        conversation.replyTimer = undefined;
        conversation.customerTyping = false;
        this.dirtyConversations.add(conversation.sid);
        if (conversation.open) this.addMessage(conversation, 'customer', this.random.pick(lines.REPLIES));
      });
    });
  }

  /** Marks a call for the next emission. */
  markCall(call: CallState): void {
    this.dirtyCalls.add(call.sid);
  }

  /** Marks a conversation for the next emission. */
  markConversation(conversation: ConversationState): void {
    this.dirtyConversations.add(conversation.sid);
  }

  /** Emits already-existing (older) messages with the next batch. */
  emitMessages(conversation: ConversationState, messages: readonly Message[]): void {
    conversation.unsent = [...messages, ...conversation.unsent];
    this.dirtyConversations.add(conversation.sid);
  }

  customerSays(taskSid: string, body: string): void {
    const conversation = this.conversationOf(taskSid);
    if (!conversation) throw new RangeError(`Task ${taskSid} has no conversation`);
    conversation.customerTyping = false;
    this.addMessage(conversation, 'customer', body);
  }

  customerTyping(taskSid: string, typing: boolean): void {
    const conversation = this.conversationOf(taskSid);
    if (!conversation) throw new RangeError(`Task ${taskSid} has no conversation`);
    conversation.customerTyping = typing;
    this.dirtyConversations.add(conversation.sid);
  }

  /** The customer hangs up or leaves: abandon while waiting, end while assigned. */
  customerLeaves(taskSid: string): void {
    const task = this.engine.task(taskSid);
    if (!task) throw new RangeError(`No task ${taskSid}`);
    if (task.status === 'pending' || task.status === 'reserved') {
      this.engine.cancelTask(taskSid, 'customer left');
      return;
    }
    if (task.status !== 'assigned') return;
    const conversation = this.conversationOf(taskSid);
    if (conversation) {
      this.addMessage(conversation, 'system', `${conversation.customer.name} left the conversation`);
      conversation.open = false;
    }
    const call = this.callOf(taskSid);
    if (call && ACTIVE_CALL.has(call.status)) this.endCall(call, 'completed');
    this.engine.wrapupTask(taskSid, 'customer left');
  }

  callOf(taskSid: string): CallState | undefined {
    const sid = this.media.get(taskSid)?.callSid;
    return sid ? this.calls.get(sid) : undefined;
  }

  conversationOf(taskSid: string): ConversationState | undefined {
    const sid = this.media.get(taskSid)?.conversationSid;
    return sid ? this.conversations.get(sid) : undefined;
  }

  endCall(call: CallState, status: 'completed' | 'canceled' | 'busy' | 'no-answer' | 'failed'): void {
    const now = this.clock.now();
    if (call.onHold && call.holdStartedAt !== undefined) call.holdSeconds += (now - call.holdStartedAt) / 1000;
    call.onHold = false;
    call.holdStartedAt = undefined;
    call.status = status;
    call.endedAt = now;
    call.supervision = undefined;
    stopRecording(call);
    if (call.outcomeTimer !== undefined) this.clock.cancel(call.outcomeTimer);
    call.outcomeTimer = undefined;
    call.participants = call.participants.map((p) => (p.status === 'left' ? p : { ...p, status: 'left' as const }));
    this.dirtyCalls.add(call.sid);
  }

  // ---------------------------------------------------------------- outbound

  setNextOutboundOutcome(outcome: 'answered' | 'busy' | 'no-answer' | undefined): void {
    this.nextOutcome = outcome;
  }

  startOutboundCall(to: string, from: string | undefined, linkedTaskSid?: string): { taskSid: string; callSid: string } {
    const known = this.customers.find((c) => c.phone === to);
    const voiceQueue = this.engine.listQueues().find((q) => q.channels.includes('voice'));
    if (!voiceQueue) throw new RangeError('No queue serves voice');
    const taskSid = this.engine.createTask({
      channel: 'voice',
      queueSid: voiceQueue.sid,
      targetWorkerSid: this.personSid,
      assignImmediately: true,
      attributes: {
        direction: 'outbound',
        name: known?.name ?? to,
        from: to,
        to,
        callerId: from ?? CONTACT_CENTER_NUMBER,
        ...(known ? { email: known.email, crmId: known.crmId } : {}),
        ...(linkedTaskSid ? { callbackTaskSid: linkedTaskSid } : {}),
      },
    });
    if (linkedTaskSid && this.engine.task(linkedTaskSid)) this.engine.updateTaskAttributes(linkedTaskSid, { callbackCallTaskSid: taskSid });
    const person = this.engine.worker(this.personSid)!;
    const now = this.clock.now();
    const call: CallState = {
      sid: this.sids.next('CA'),
      taskSid,
      direction: 'outbound',
      status: 'connecting',
      from: from ?? CONTACT_CENTER_NUMBER,
      to,
      muted: false,
      onHold: false,
      holdSeconds: 0,
      startedAt: now,
      participants: [
        {
          sid: this.sids.next('CP'),
          name: person.name,
          kind: 'worker',
          workerSid: person.sid,
          onHold: false,
          muted: false,
          status: 'joined',
        },
        {
          sid: this.sids.next('CP'),
          name: known?.name ?? to,
          kind: 'customer',
          onHold: false,
          muted: false,
          status: 'connecting',
        },
      ],
      digits: '',
    };
    this.calls.set(call.sid, call);
    this.media.set(taskSid, { callSid: call.sid });
    this.dirtyCalls.add(call.sid);
    this.engine.updateTaskAttributes(taskSid, { call_sid: call.sid });
    const roll = this.random.next();
    const outcome = this.nextOutcome ?? (roll < 0.7 ? 'answered' : roll < 0.85 ? 'busy' : 'no-answer');
    this.nextOutcome = undefined;
    const delay = outcome === 'answered' ? this.random.duration(6000, 2000) : outcome === 'busy' ? 3000 : 25_000;
    call.outcomeTimer = this.clock.schedule(now + delay, () => {
      call.outcomeTimer = undefined;
      if (call.status !== 'connecting') return;
      if (outcome === 'answered') {
        call.status = 'in-progress';
        call.answeredAt = this.clock.now();
        startRecording(this, call);
        call.participants = call.participants.map((p) =>
          p.kind === 'customer' ? { ...p, status: 'joined' as const } : p,
        );
        this.dirtyCalls.add(call.sid);
        if (this.traffic) this.scheduleCustomerHangup(taskSid);
      } else {
        this.endCall(call, outcome);
        if (this.engine.task(taskSid)?.status === 'assigned') this.engine.wrapupTask(taskSid, outcome);
      }
    });
    return { taskSid, callSid: call.sid };
  }

  /**
   * An agent-initiated conversation (StartOutboundConversation): a task on `channel` assigned to
   * the person at once (`initiated_by: agent`), with the agent's first message when there is one.
   * A WhatsApp conversation needs `template` unless the customer wrote within the last 24 hours.
   */
  startOutboundConversation(input: {
    to: string;
    channel: 'sms' | 'whatsapp' | 'email';
    from?: string;
    template?: string;
    body?: string;
  }): { taskSid: string; conversationSid: string } {
    const { to, channel } = input;
    const known = this.customers.find((c) => (channel === 'email' ? c.email === to : c.phone === to));
    const queue = this.engine.listQueues().find((q) => q.channels.includes(channel));
    if (!queue) throw new RangeError(`No queue serves ${channel}`);
    const windowOpen = [...this.conversations.values()].some(
      (c) =>
        (c.customer.phone === to || c.customer.email === to) &&
        c.messages.some((m) => m.authorRole === 'customer' && m.timestamp > this.clock.now() - 24 * 3600_000),
    );
    if (channel === 'whatsapp' && !input.template && !windowOpen) {
      throw new RangeError('template-required');
    }
    const customer: Customer = {
      name: known?.name ?? to,
      ...(channel === 'email' ? { email: to } : { phone: to }),
      ...(known?.crmId ? { crmId: known.crmId } : {}),
    };
    const taskSid = this.engine.createTask({
      channel,
      queueSid: queue.sid,
      targetWorkerSid: this.personSid,
      assignImmediately: true,
      attributes: {
        direction: 'outbound',
        initiated_by: 'agent',
        name: customer.name,
        ...(channel === 'email' ? { email: to } : { from: to }),
        to,
        ...(input.from ? { outboundFrom: input.from } : {}),
        ...(input.template ? { template: input.template } : {}),
        ...(known?.crmId ? { crmId: known.crmId } : {}),
      },
    });
    this.attachMedia(taskSid, channel, customer, '', 0);
    const conversation = this.conversationOf(taskSid)!;
    const body = input.body ?? '';
    if (body.trim() !== '') {
      const message = this.addMessage(conversation, 'agent', body);
      conversation.agentReadIndex = message.index;
      this.scheduleCustomerReply(conversation);
    }
    return { taskSid, conversationSid: conversation.sid };
  }

  private scheduleCustomerHangup(taskSid: string): void {
    this.clock.schedule(this.clock.now() + this.random.duration(420_000, 90_000), () => {
      const call = this.callOf(taskSid);
      if (
        this.traffic &&
        call?.status === 'in-progress' &&
        call.taskSid === taskSid &&
        this.engine.task(taskSid)?.status === 'assigned'
      ) {
        this.customerLeaves(taskSid);
      }
    });
  }

  // ---------------------------------------------------------------- reacting to the engine

  private onEntry(entry: EngineLogEntry): void {
    switch (entry.type) {
      case 'reservation.status':
        if (entry.status === 'accepted') this.onAccepted(entry.taskSid!, entry.workerSid!);
        if (entry.workerSid && this.bots.has(entry.workerSid)) this.botReacts(entry);
        break;
      case 'task.status':
        if (entry.status === 'wrapping' || entry.status === 'completed' || entry.status === 'canceled')
          this.onTaskEnded(entry);
        break;
      case 'task.created': {
        // A transfer's task shares its parent's call or conversation.
        const task = this.engine.task(entry.taskSid!);
        const parent = task?.attributes['transferredFrom'];
        if (typeof parent === 'string' && this.media.has(parent))
          this.media.set(entry.taskSid!, { ...this.media.get(parent)! });
        break;
      }
      case 'transfer':
        this.onTransfer(entry);
        break;
      case 'supervision':
        this.onSupervision(entry);
        break;
      case 'worker.activity':
        if (entry.workerSid && this.bots.has(entry.workerSid) && entry.reason === 'reservation timeout') {
          this.clock.schedule(entry.at + this.random.duration(90_000, 20_000), () =>
            this.botSet(entry.workerSid!, 'Available'),
          );
        }
        break;
      default:
        break;
    }
  }

  private onAccepted(taskSid: string, workerSid: string): void {
    const worker = this.engine.worker(workerSid)!;
    const now = this.clock.now();
    const call = this.callOf(taskSid);
    if (call && ACTIVE_CALL.has(call.status)) {
      if (call.direction === 'inbound' && call.status === 'ringing') {
        call.status = 'in-progress';
        call.answeredAt = now;
        startRecording(this, call);
      }
      call.taskSid = taskSid;
      if (!call.participants.some((p) => p.workerSid === workerSid && p.status !== 'left')) {
        call.participants = [
          ...call.participants,
          {
            sid: this.sids.next('CP'),
            name: worker.name,
            kind: 'worker',
            workerSid,
            onHold: false,
            muted: false,
            status: 'joined',
          },
        ];
      } else {
        call.participants = call.participants.map((p) =>
          p.workerSid === workerSid ? { ...p, status: 'joined' as const } : p,
        );
      }
      this.dirtyCalls.add(call.sid);
      if (this.traffic && workerSid === this.personSid && call.direction === 'inbound')
        this.scheduleCustomerHangup(taskSid);
    }
    const conversation = this.conversationOf(taskSid);
    if (conversation) {
      conversation.taskSid = taskSid;
      this.addMessage(conversation, 'system', `${worker.name} joined the conversation`);
    }
  }

  private onTaskEnded(entry: EngineLogEntry): void {
    const taskSid = entry.taskSid!;
    const call = this.callOf(taskSid);
    if (call && call.taskSid === taskSid && ACTIVE_CALL.has(call.status)) {
      this.endCall(call, call.status === 'in-progress' ? 'completed' : 'canceled');
    } else if (call && entry.workerSid) {
      // A warm transfer's original agent leaves while the call goes on.
      const before = call.participants;
      call.participants = before.map((p) =>
        p.workerSid === entry.workerSid && p.status !== 'left' ? { ...p, status: 'left' as const } : p,
      );
      if (call.participants.some((p, i) => p !== before[i])) this.dirtyCalls.add(call.sid);
    }
    const conversation = this.conversationOf(taskSid);
    if (conversation && conversation.taskSid === taskSid) {
      if (entry.status === 'canceled') conversation.open = false;
      if (entry.status === 'completed') conversation.open = false;
      if (conversation.replyTimer !== undefined && !conversation.open) {
        this.clock.cancel(conversation.replyTimer);
        conversation.replyTimer = undefined;
        conversation.customerTyping = false;
      }
      this.dirtyConversations.add(conversation.sid);
    }
    if (entry.status === 'completed' || entry.status === 'canceled') {
      this.clock.schedule(entry.at + FINISHED_RETENTION_MS, () => this.purge(taskSid));
    }
  }

  private purge(taskSid: string): void {
    const task = this.engine.task(taskSid);
    if (!task || (task.status !== 'completed' && task.status !== 'canceled')) return;
    this.engine.purgeTask(taskSid);
    const media = this.media.get(taskSid);
    this.media.delete(taskSid);
    this.synthetic.delete(taskSid);
    if (media?.callSid && this.calls.get(media.callSid)?.taskSid === taskSid) this.calls.delete(media.callSid);
    const conversation = media?.conversationSid ? this.conversations.get(media.conversationSid) : undefined;
    // A parked conversation outlives its task: the customer's next message brings it back.
    const keep = conversation !== undefined && isParked(this, conversation);
    if (media?.conversationSid && conversation?.taskSid === taskSid && !keep) {
      this.conversations.delete(media.conversationSid);
    }
    this.scope.forget(media?.callSid, keep ? undefined : media?.conversationSid);
    this.removedTasks.push(taskSid);
  }

  private onTransfer(entry: EngineLogEntry): void {
    const task = this.engine.task(entry.taskSid!);
    const call = this.callOf(entry.taskSid!);
    if (!task?.transfer || !call) return;
    const transfer = task.transfer;
    if (entry.status === 'initiated' && transfer.mode === 'warm' && transfer.toKind === 'worker') {
      call.participants = [
        ...call.participants,
        {
          sid: this.sids.next('CP'),
          name: transfer.toName,
          kind: 'worker',
          workerSid: transfer.to,
          onHold: false,
          muted: false,
          status: 'connecting',
        },
      ];
      this.dirtyCalls.add(call.sid);
    } else if (entry.status === 'initiated' && transfer.mode === 'cold') {
      // The customer waits on hold while the transfer is offered.
      call.participants = call.participants.map((p) => (p.kind === 'customer' ? { ...p, onHold: true } : p));
      this.dirtyCalls.add(call.sid);
    } else if (entry.status === 'canceled' || entry.status === 'failed') {
      call.participants = call.participants.filter((p) => !(p.workerSid === transfer.to && p.status === 'connecting'));
      call.participants = call.participants.map((p) => (p.kind === 'customer' ? { ...p, onHold: false } : p));
      this.dirtyCalls.add(call.sid);
    } else if (entry.status === 'completed') {
      call.participants = call.participants.map((p) => (p.kind === 'customer' ? { ...p, onHold: false } : p));
      if (transfer.mode === 'cold') {
        const child = this.engine.transferChildOf(task.sid);
        if (child) call.taskSid = child;
      }
      this.dirtyCalls.add(call.sid);
    }
  }

  private onSupervision(entry: EngineLogEntry): void {
    const call = this.callOf(entry.taskSid!);
    if (!call) return;
    const supervisor = this.engine.worker(entry.workerSid!)!;
    if (entry.status === 'stopped') {
      call.participants = call.participants.filter((p) => !(p.kind === 'supervisor' && p.workerSid === supervisor.sid));
      call.supervision = undefined;
    } else {
      const mode = entry.status as 'monitor' | 'coach' | 'barge';
      call.supervision = { supervisorSid: supervisor.sid, mode };
      const existing = call.participants.find((p) => p.kind === 'supervisor' && p.workerSid === supervisor.sid);
      const participant = {
        sid: existing?.sid ?? this.sids.next('CP'),
        name: supervisor.name,
        kind: 'supervisor' as const,
        workerSid: supervisor.sid,
        onHold: false,
        muted: mode === 'monitor',
        status: 'joined' as const,
      };
      call.participants = existing
        ? call.participants.map((p) => (p === existing ? participant : p))
        : [...call.participants, participant];
    }
    this.dirtyCalls.add(call.sid);
  }

  // ---------------------------------------------------------------- bots

  private botReacts(entry: EngineLogEntry): void {
    const reservationSid = entry.reservationSid!;
    const taskSid = entry.taskSid!;
    const now = entry.at;
    if (entry.status === 'pending') {
      const roll = this.random.next();
      if (roll < 0.02) return; // lets it time out
      const reject = roll < 0.05;
      this.clock.schedule(now + this.random.duration(5000, 1000), () => {
        if (this.engine.reservation(reservationSid)?.status !== 'pending') return;
        if (reject) this.engine.rejectReservation(reservationSid);
        else this.engine.acceptReservation(reservationSid);
      });
    } else if (entry.status === 'accepted') {
      const channel = entry.channel ?? 'voice';
      const mean = channel === 'voice' ? 240_000 : channel === 'email' ? 300_000 : 360_000;
      const conversation = this.conversationOf(taskSid);
      if (conversation) {
        const worker = this.engine.worker(entry.workerSid!)!;
        this.clock.schedule(now + this.random.duration(4000, 1000), () => {
          if (!conversation.open || conversation.taskSid !== taskSid) return;
          this.addMessage(
            conversation,
            'agent',
            `Hi ${conversation.customer.name.split(' ')[0]}, this is ${worker.name}. How can I help?`,
            {
              authorName: worker.name,
              author: worker.identity,
            },
          );
          this.scheduleCustomerReply(conversation);
        });
      }
      this.clock.schedule(now + this.random.duration(mean, 30_000), () => {
        if (
          this.engine.task(taskSid)?.status !== 'assigned' ||
          this.engine.currentReservationOf(taskSid)?.sid !== reservationSid
        )
          return;
        const call = this.callOf(taskSid);
        if (call && call.taskSid === taskSid && ACTIVE_CALL.has(call.status)) this.endCall(call, 'completed');
        this.engine.wrapupTask(taskSid);
      });
    } else if (entry.status === 'wrapping') {
      this.clock.schedule(now + this.random.duration(25_000, 5000), () => {
        if (
          this.engine.task(taskSid)?.status === 'wrapping' &&
          this.engine.currentReservationOf(taskSid)?.sid === reservationSid
        ) {
          this.engine.completeTask(taskSid);
        }
      });
    }
  }

  private botSet(workerSid: string, activity: string): void {
    if (!this.traffic) return;
    try {
      this.engine.setWorkerActivity(workerSid, activity);
    } catch {
      // Pending reservations: try again later.
      this.clock.schedule(this.clock.now() + 30_000, () => this.botSet(workerSid, activity));
    }
  }

  private scheduleBotShift(workerSid: string): void {
    const delay = this.random.exponential(40 * 60_000);
    this.clock.schedule(this.clock.now() + delay, () => {
      const worker = this.engine.worker(workerSid);
      if (!worker) return;
      const current = this.engine.activity(worker.activitySid)!;
      if (this.traffic) {
        if (current.available) {
          const next = this.random.chance(0.7) ? 'Break' : 'Unavailable';
          this.botSet(workerSid, next);
          this.clock.schedule(this.clock.now() + this.random.duration(8 * 60_000, 2 * 60_000), () =>
            this.botSet(workerSid, 'Available'),
          );
        } else {
          this.botSet(workerSid, 'Available');
        }
      }
      this.scheduleBotShift(workerSid);
    });
  }

  // ---------------------------------------------------------------- traffic

  setTraffic(on: boolean): void {
    this.traffic = on;
    if (!on && this.arrivalTimer !== undefined) {
      this.clock.cancel(this.arrivalTimer);
      this.arrivalTimer = undefined;
    }
    if (on && this.arrivalTimer === undefined) this.scheduleArrival();
  }

  /** Arrivals per second at the peak of the day. */
  private peakRate(): number {
    const agents = Math.max(this.bots.size, 1) + 1;
    return (0.8 * agents) / 260;
  }

  /** The daily curve, 0.3 at night to 1 at the early-afternoon peak. */
  static dailyCurve(at: number): number {
    const hour = (at / 3_600_000) % 24;
    if (hour < 7 || hour > 20) return 0.3;
    return 0.3 + 0.7 * Math.sin((Math.PI * (hour - 7)) / 13);
  }

  private scheduleArrival(): void {
    // Thinning: candidates at the peak rate, kept with probability curve(t).
    const gap = this.random.exponential(1000 / this.peakRate());
    this.arrivalTimer = this.clock.schedule(this.clock.now() + gap, () => {
      this.arrivalTimer = undefined;
      if (!this.traffic) return;
      if (this.random.next() < Simulation.dailyCurve(this.clock.now())) this.syntheticArrival();
      this.scheduleArrival();
    });
  }

  private syntheticArrival(): void {
    const queues = this.engine.listQueues();
    const weights = queues.map((_, i) => (i < 4 ? 3 : 1));
    const total = weights.reduce((a, b) => a + b, 0);
    let roll = this.random.next() * total;
    let index = 0;
    while (roll >= weights[index] && index < queues.length - 1) roll -= weights[index++];
    const queue = queues[index];
    const channels = queue.channels;
    const channelWeights = channels.map((c) => CHANNEL_WEIGHTS[c] ?? 5);
    let croll = this.random.next() * channelWeights.reduce((a, b) => a + b, 0);
    let ci = 0;
    while (croll >= channelWeights[ci] && ci < channels.length - 1) croll -= channelWeights[ci++];
    const channel = channels[ci];
    const customer = this.customers[this.random.int(0, this.customers.length - 1)];
    const taskSid = this.createTask(
      {
        channel,
        customer,
        attributes: { selected_queue: queue.name },
        ...(this.generated ? {} : { queueSid: queue.sid }),
      },
      this.generated,
    );
    this.synthetic.add(taskSid);
    const patience = this.random.exponential(channel === 'voice' ? 150_000 : 300_000) + 10_000;
    this.clock.schedule(this.clock.now() + patience, () => {
      const task = this.engine.task(taskSid);
      if (this.traffic && task && (task.status === 'pending' || task.status === 'reserved'))
        this.customerLeaves(taskSid);
    });
  }
}
