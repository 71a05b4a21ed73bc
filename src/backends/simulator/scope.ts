import type { DomainEvent } from '../../core/domain-events.js';
import type { Role, Worker } from '../../core/model.js';
import { SUPERVISOR_ROLES } from '../../core/roles.js';

/**
 * What an agent's browser may hold, as on Twilio, where an agent's TaskRouter session carries only
 * their own reservations and tasks, and Conversations only the conversations they are a
 * participant of: other agents' tasks, calls and chats never leave the simulation, and other
 * workers come without their attributes or e-mail. Supervisors and admins see the floor.
 *
 * A task becomes visible to the agent with their first reservation for it and stays visible
 * until it is removed, so a task they transferred away still completes in their list.
 */
export class EventScope {
  readonly #personSid: string;
  readonly #everything: boolean;
  readonly #tasks = new Set<string>();
  readonly #conversations = new Map<string, string>();
  /** Calls and conversations the person was shown: they stay theirs when a transfer moves them to a new task. */
  readonly #shown = new Set<string>();

  readonly #reveal: (taskSid: string) => DomainEvent[];

  /**
   * `reveal` gives what was held back of a task until it became the person's: its conversation
   * with the messages sent so far, and its call.
   */
  constructor(role: Role, personSid: string, reveal: (taskSid: string) => DomainEvent[]) {
    this.#personSid = personSid;
    this.#reveal = reveal;
    this.#everything = SUPERVISOR_ROLES.includes(role);
  }

  /** Whether the person may see this task (and its conversation and call). */
  canSee(taskSid: string | undefined): boolean {
    return this.#everything || (taskSid !== undefined && this.#tasks.has(taskSid));
  }

  /** Remembers which task a conversation belongs to (messages events name only the conversation). */
  linkConversation(conversationSid: string, taskSid: string): void {
    this.#conversations.set(conversationSid, taskSid);
  }

  /** Drops what is kept of a purged task's call and conversation (the scope never grows over a shift). */
  forget(callSid: string | undefined, conversationSid: string | undefined): void {
    if (callSid !== undefined) this.#shown.delete(callSid);
    if (conversationSid !== undefined) {
      this.#shown.delete(conversationSid);
      this.#conversations.delete(conversationSid);
    }
  }

  /** The events this person may receive, in order. */
  filter(events: readonly DomainEvent[]): DomainEvent[] {
    if (this.#everything) return [...events];
    const revealed: string[] = [];
    const see = (taskSid: string) => {
      if (this.#tasks.has(taskSid)) return;
      this.#tasks.add(taskSid);
      revealed.push(taskSid);
    };
    for (const event of events) {
      if (event.type === 'reservation' && event.reservation.workerSid === this.#personSid) see(event.reservation.taskSid);
      else if (event.type === 'task' && event.task.workerSid === this.#personSid) see(event.task.sid);
    }
    const out: DomainEvent[] = [];
    for (const event of events) {
      switch (event.type) {
        case 'workers':
          out.push({ type: 'workers', workers: event.workers.map((worker) => this.#worker(worker)) });
          break;
        case 'worker':
          out.push({ type: 'worker', worker: this.#worker(event.worker) });
          break;
        case 'task':
          if (this.#tasks.has(event.task.sid)) out.push(event);
          break;
        case 'task.removed':
          if (this.#tasks.delete(event.sid)) out.push(event);
          break;
        case 'reservation':
          if (event.reservation.workerSid === this.#personSid) out.push(event);
          break;
        case 'conversation':
          if (this.#show(event.conversation.sid, event.conversation.taskSid)) out.push(event);
          break;
        case 'messages':
          if (this.#show(event.conversationSid, this.#conversations.get(event.conversationSid))) out.push(event);
          break;
        case 'call':
          // A call with no task yet is the person's own outbound call being dialed.
          if (event.call.taskSid === undefined || this.#show(event.call.sid, event.call.taskSid)) out.push(event);
          break;
        default:
          out.push(event);
      }
    }
    // The store merges messages by index, so one also in this batch is not doubled.
    for (const taskSid of revealed) out.push(...this.#reveal(taskSid));
    return out;
  }

  #show(sid: string, taskSid: string | undefined): boolean {
    if (this.#shown.has(sid)) return true;
    if (taskSid === undefined || !this.#tasks.has(taskSid)) return false;
    this.#shown.add(sid);
    return true;
  }

  #worker(worker: Worker): Worker {
    if (worker.sid === this.#personSid) return worker;
    const { email: _email, ...rest } = worker;
    return { ...rest, attributes: {} };
  }
}
