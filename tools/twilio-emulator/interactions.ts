import type { Reservation, Task } from '../../src/core/model.js';
import type { ContactCenterEngine } from '../../src/engine/engine.js';
import { EngineError } from '../../src/engine/types.js';
import { ConversationsError, type ConversationsEmulator } from './conversations.js';
import { HttpError } from './taskrouter.js';
import { TEST_ACCOUNT, type TokenClaims } from './tokens.js';

/**
 * Flex's Interactions API (flex-api `v1/Interactions/…`), as Flex's own client reaches it: tunnelled
 * through TaskRouter's EventBridge request endpoint (`{url: 'v1/Interactions/KD…/…', method, params,
 * token}` → `{payload}`), backed by the engine and the conversation state. What it models:
 *
 * - An interaction (KD) has one channel (UO) bound to one Conversation (CH); each task routed for it
 *   is an invite (KG). The task's attributes carry `flexInteractionSid`, `flexInteractionChannelSid`,
 *   `flexChannelInviteSid` and `conversationSid`, as on Flex.
 * - Accepting an invite accepts the reservation and makes the worker an `agent` participant of the
 *   channel and a member of the Conversation; declining rejects the reservation.
 * - The channel's `status` and `routing.status` drive the caller's reservation: `{closed, wrapup}`
 *   wraps up and closes the Conversation, `{closed, closed}` completes, `{inactive, …}` leaves.
 * - A cold transfer (`v1/Instances/GO…/Interactions/KD…/Channels/UO…/Transfers`) creates the new
 *   task and invite for the worker or queue; the first agent leaves the Conversation at once and
 *   their reservation goes to wrap-up. Warm messaging transfers do not exist in Flex: refused.
 * - A supervisor joins as a `supervisor` participant (read-along) and leaves by closing it.
 */

const hex = (n: number) => n.toString(16).padStart(32, '0');

export type InteractionParticipantType = 'customer' | 'agent' | 'supervisor' | 'external';

export interface InteractionParticipant {
  sid: string;
  type: InteractionParticipantType;
  identity: string;
  status: 'active' | 'closed';
  workerSid?: string;
  taskSid?: string;
  reservationSid?: string;
}

export interface InteractionInvite {
  sid: string;
  taskSid: string;
  status: 'pending' | 'accepted' | 'declined';
}

export interface Interaction {
  sid: string;
  channel: {
    sid: string;
    /** Interactions' channel type (web for webchat, sms, whatsapp…). */
    type: string;
    status: 'setup' | 'active' | 'failed' | 'closed' | 'inactive';
    conversationSid: string;
  };
  participants: Map<string, InteractionParticipant>;
  invites: Map<string, InteractionInvite>;
  transfers: { sid: string; from: string; to: string; type: 'cold'; taskSid: string; at: number }[];
}

export class InteractionsEmulator {
  readonly interactions = new Map<string, Interaction>();
  /** Operations on an interaction's task through the TaskRouter Task/Reservation API, refused (Twilio's docs forbid them). */
  readonly counters = { requests: 0, refused: 0, taskRouterBypassRefused: 0 };
  /** The Flex instance (GO…) transfers are addressed to (Flex reads it from its account configuration). */
  readonly instanceSid = 'GO' + '0'.repeat(31) + '1';
  private seq = 0;

  constructor(
    private readonly engine: ContactCenterEngine,
    private readonly conversations: ConversationsEmulator,
    private readonly now: () => number,
  ) {}

  private sid(prefix: string): string {
    return prefix + hex(++this.seq);
  }

  /**
   * A customer starts a messaging interaction (what a Studio flow's Send to Flex or the
   * Interactions create call does): the Conversation with the customer in it, the channel, and the
   * attributes the routed task must carry. The caller creates the task and then calls `invited`.
   */
  open(input: { channelType: string; customer: string }): { interaction: Interaction; attributes: Record<string, string> } {
    const conversation = this.conversations.create();
    this.conversations.addParticipant(conversation.sid, input.customer, 'customer');
    const interaction: Interaction = {
      sid: this.sid('KD'),
      channel: { sid: this.sid('UO'), type: input.channelType, status: 'active', conversationSid: conversation.sid },
      participants: new Map(),
      invites: new Map(),
      transfers: [],
    };
    const customer: InteractionParticipant = { sid: this.sid('UT'), type: 'customer', identity: input.customer, status: 'active' };
    interaction.participants.set(customer.sid, customer);
    this.interactions.set(interaction.sid, interaction);
    const invite = this.sid('KG');
    return {
      interaction,
      attributes: {
        conversationSid: conversation.sid,
        flexInteractionSid: interaction.sid,
        flexInteractionChannelSid: interaction.channel.sid,
        flexChannelInviteSid: invite,
      },
    };
  }

  /** Records the invite (KG) for a task routed for the interaction. */
  invited(interactionSid: string, inviteSid: string, taskSid: string): void {
    this.interactions.get(interactionSid)?.invites.set(inviteSid, { sid: inviteSid, taskSid, status: 'pending' });
  }

  /** The interaction a task belongs to, from its attributes. */
  ofTask(task: Task | undefined): Interaction | undefined {
    const sid = task?.attributes['flexInteractionSid'];
    return typeof sid === 'string' ? this.interactions.get(sid) : undefined;
  }

  /**
   * TaskRouter requests that Twilio's docs say not to make for a Conversations task (accept, reject,
   * wrap up, complete, cancel, transfer or supervise it through the Task API): refused with the reason.
   */
  refuseTaskRouter(taskSid: string, what: string): void {
    const task = this.engine.task(taskSid);
    if (!this.ofTask(task)) return;
    this.counters.taskRouterBypassRefused++;
    throw new HttpError(
      400,
      20001,
      `Task ${taskSid} belongs to Flex interaction ${String(task!.attributes['flexInteractionSid'])}: ${what} it through the Interactions API, not the TaskRouter Task API (the agent would never join or leave the Conversation)`,
    );
  }

  // ------------------------------------------------------------------ REST shapes

  private channelJson(i: Interaction) {
    return {
      sid: i.channel.sid,
      interaction_sid: i.sid,
      type: i.channel.type,
      status: i.channel.status,
      media_sid: i.channel.conversationSid,
      error_code: null,
      error_message: null,
      url: `https://flex-api.twilio.com/v1/Interactions/${i.sid}/Channels/${i.channel.sid}`,
    };
  }

  private participantJson(i: Interaction, p: InteractionParticipant) {
    return {
      sid: p.sid,
      interaction_sid: i.sid,
      channel_sid: i.channel.sid,
      type: p.type,
      status: p.status,
      media_properties: { identity: p.identity, conversation_sid: i.channel.conversationSid },
      routing_properties: p.workerSid
        ? {
            workspace_sid: this.engine.workspaceSid,
            worker_sid: p.workerSid,
            task_sid: p.taskSid ?? null,
            reservation_sid: p.reservationSid ?? null,
          }
        : null,
      url: `https://flex-api.twilio.com/v1/Interactions/${i.sid}/Channels/${i.channel.sid}/Participants/${p.sid}`,
    };
  }

  private inviteJson(i: Interaction, invite: InteractionInvite) {
    const task = this.engine.task(invite.taskSid);
    return {
      sid: invite.sid,
      interaction_sid: i.sid,
      channel_sid: i.channel.sid,
      status: invite.status,
      routing: {
        type: 'TaskRouter',
        properties: {
          sid: invite.taskSid,
          workspace_sid: this.engine.workspaceSid,
          account_sid: TEST_ACCOUNT.accountSid,
          queue_sid: task?.queueSid ?? null,
          assignment_status: task?.status ?? null,
        },
      },
    };
  }

  // ------------------------------------------------------------------ EventBridge tunnel

  /** One tunnelled Interactions request (`url` starts with `v1/`). */
  handle(claims: TokenClaims, url: string, method: string, params: Record<string, any>): unknown {
    this.counters.requests++;
    try {
      return this.route(claims, url, method, params);
    } catch (error) {
      this.counters.refused++;
      if (error instanceof HttpError) throw error;
      if (error instanceof ConversationsError) throw new HttpError(error.status, error.code, error.message);
      if (error instanceof EngineError)
        throw new HttpError(error.code === 'not-found' ? 404 : 400, error.code === 'not-found' ? 20404 : 20001, error.message);
      throw error;
    }
  }

  private route(claims: TokenClaims, url: string, method: string, params: Record<string, any>): unknown {
    const parts = url.replace(/^\/+/, '').split('/').filter(Boolean);
    const grant = claims.grants.task_router;
    const me = grant?.worker_sid ?? '';
    const privileged = grant?.role === 'supervisor' || grant?.role === 'admin';
    if (parts[0] !== 'v1') throw new HttpError(404, 20404, `No resource ${url}`);
    let rest = parts.slice(1);
    let instance: string | undefined;
    if (rest[0] === 'Instances') {
      instance = rest[1];
      rest = rest.slice(2);
    }
    const [kind, kd, channels, uo, sub, subId] = rest;
    if (kind !== 'Interactions' || !kd) throw new HttpError(404, 20404, `The emulator does not serve ${method} ${url}`);
    const i = this.interactions.get(kd);
    if (!i) throw new HttpError(404, 20404, `Interaction ${kd} not found`);
    if (channels !== 'Channels') throw new HttpError(404, 20404, `The emulator does not serve ${method} ${url}`);
    if (!uo) {
      if (method !== 'GET') throw new HttpError(405, 20004, `Channels of ${kd} are created through the Interactions resource`);
      return { channels: [this.channelJson(i)] };
    }
    if (uo !== i.channel.sid) throw new HttpError(404, 20404, `Channel ${uo} not found in interaction ${kd}`);
    const worker = this.engine.worker(me);
    if (!worker) throw new HttpError(403, 20403, 'The token has no TaskRouter worker');

    if (!sub) {
      if (method === 'GET') return this.channelJson(i);
      return this.updateChannel(i, me, params);
    }
    if (sub === 'Invites' && subId) {
      if (method !== 'POST') throw new HttpError(405, 20004, 'Invites are created by routing and answered with POST');
      return this.answerInvite(i, subId, me, params);
    }
    if (sub === 'Participants' && !subId) {
      if (method === 'GET') {
        const all = params['status'] === 'all' || params['Status'] === 'all';
        return {
          participants: [...i.participants.values()].filter((p) => all || p.status === 'active').map((p) => this.participantJson(i, p)),
          channel_type: i.channel.type,
        };
      }
      return this.addParticipant(i, me, privileged, params);
    }
    if (sub === 'Participants' && subId) return this.updateParticipant(i, subId, me, privileged, params);
    if (sub === 'Transfers' && !subId) {
      if (instance !== this.instanceSid) throw new HttpError(404, 20404, `Flex instance ${String(instance)} not found`);
      if (method === 'GET') return { transfers: i.transfers.map((t) => ({ sid: t.sid, type: t.type, from: t.from, to: t.to, task_sid: t.taskSid })) };
      return this.transfer(i, me, params);
    }
    throw new HttpError(404, 20404, `The emulator does not serve ${method} ${url}`);
  }

  /** The caller's reservation on one of this interaction's tasks, in one of the given states. */
  private reservationOf(i: Interaction, workerSid: string, states: readonly Reservation['status'][]): Reservation | undefined {
    const tasks = new Set([...i.invites.values()].map((inv) => inv.taskSid));
    return this.engine.listReservations().find((r) => r.workerSid === workerSid && tasks.has(r.taskSid) && states.includes(r.status));
  }

  private answerInvite(i: Interaction, kg: string, me: string, params: Record<string, any>): unknown {
    const invite = i.invites.get(kg);
    if (!invite) throw new HttpError(404, 20404, `Invite ${kg} not found in channel ${i.channel.sid}`);
    const action = params['action'];
    if (action !== 'accept' && action !== 'decline') throw new HttpError(400, 20001, `Invite action must be accept or decline, got ${JSON.stringify(action)}`);
    const routing = (params['routing'] ?? {}) as Record<string, any>;
    const reservationSid = routing['reservation']?.['sid'];
    if (typeof reservationSid !== 'string') throw new HttpError(400, 20001, 'routing.reservation.sid is required');
    const r = this.engine.reservation(reservationSid);
    if (!r || r.taskSid !== invite.taskSid) throw new HttpError(404, 20404, `Reservation ${reservationSid} is not one of invite ${kg}`);
    if (r.workerSid !== me) throw new HttpError(403, 20403, `Reservation ${reservationSid} is not yours`);
    if (r.status !== 'pending') throw new HttpError(400, 20001, `Reservation ${reservationSid} is ${r.status}, not pending`);
    if (action === 'decline') {
      this.engine.rejectReservation(r.sid);
      invite.status = 'declined';
      return this.inviteJson(i, invite);
    }
    if (i.channel.status === 'closed') throw new HttpError(409, 45376, `Channel ${i.channel.sid} is closed: the invite cannot be accepted`);
    const worker = this.engine.worker(me)!;
    // The member first: a closed or missing conversation leaves the reservation pending; a
    // reservation that cannot be accepted leaves the conversation as it was.
    const joined = !this.conversations.participant(i.channel.conversationSid, worker.identity);
    if (joined) this.conversations.addParticipant(i.channel.conversationSid, worker.identity, 'agent');
    try {
      this.engine.acceptReservation(r.sid);
    } catch (error) {
      if (joined) this.conversations.removeParticipant(i.channel.conversationSid, worker.identity);
      throw error;
    }
    invite.status = 'accepted';
    const participant: InteractionParticipant = {
      sid: this.sid('UT'),
      type: 'agent',
      identity: worker.identity,
      status: 'active',
      workerSid: me,
      taskSid: r.taskSid,
      reservationSid: r.sid,
    };
    i.participants.set(participant.sid, participant);
    return this.inviteJson(i, invite);
  }

  /** The caller leaves the conversation (their participant closed, their membership gone). */
  private leave(i: Interaction, workerSid: string): void {
    for (const p of i.participants.values()) {
      if (p.workerSid !== workerSid || p.status !== 'active') continue;
      p.status = 'closed';
      this.conversations.removeParticipant(i.channel.conversationSid, p.identity);
    }
  }

  private updateChannel(i: Interaction, me: string, params: Record<string, any>): unknown {
    const status = params['status'];
    const routingStatus = (params['routing'] ?? {})['status'];
    if (status !== 'closed' && status !== 'inactive') throw new HttpError(400, 20001, `Channel status must be closed or inactive, got ${JSON.stringify(status)}`);
    if (routingStatus !== undefined && routingStatus !== 'wrapup' && routingStatus !== 'closed')
      throw new HttpError(400, 20001, `routing.status must be wrapup or closed, got ${JSON.stringify(routingStatus)}`);
    if (routingStatus === 'wrapup') {
      const r = this.reservationOf(i, me, ['accepted']);
      if (!r) throw new HttpError(400, 20001, `You have no accepted reservation on channel ${i.channel.sid} to wrap up`);
      this.engine.wrapupTask(r.taskSid, 'channel ' + status);
    } else if (routingStatus === 'closed') {
      const r = this.reservationOf(i, me, ['accepted', 'wrapping']);
      if (!r) throw new HttpError(400, 20001, `You have no accepted or wrapping reservation on channel ${i.channel.sid} to complete`);
      this.engine.completeTask(r.taskSid, 'channel ' + status);
    }
    if (status === 'closed') {
      // Assumed: a channel another agent still works on (after a transfer, the first agent
      // completing) stays open; only the caller's task changes.
      const others = [...i.participants.values()].some((p) => p.type === 'agent' && p.status === 'active' && p.workerSid !== me);
      if (!others) {
        i.channel.status = 'closed';
        this.conversations.setState(i.channel.conversationSid, 'closed');
      }
    } else {
      // Leaving (inactive): the conversation goes on without this agent.
      this.leave(i, me);
    }
    return this.channelJson(i);
  }

  private addParticipant(i: Interaction, me: string, privileged: boolean, params: Record<string, any>): unknown {
    const type = params['type'];
    const identity = (params['media_properties'] ?? {})['identity'];
    if (type !== 'supervisor') throw new HttpError(400, 20001, `The emulator adds only supervisor participants this way, got ${JSON.stringify(type)}`);
    if (!privileged) throw new HttpError(403, 20403, 'Only supervisors and admins may join a conversation as a supervisor');
    const worker = this.engine.worker(me)!;
    if (identity !== undefined && identity !== worker.identity) throw new HttpError(403, 20403, `A supervisor joins as themselves (${worker.identity}), not ${JSON.stringify(identity)}`);
    if (i.channel.status === 'closed') throw new HttpError(409, 45376, `Channel ${i.channel.sid} is closed`);
    const task = [...i.invites.values()].map((inv) => this.engine.task(inv.taskSid)).find((t) => t?.status === 'assigned');
    if (!task) throw new HttpError(400, 20001, `Channel ${i.channel.sid} has no agent working on it`);
    this.engine.monitorTask(task.sid, me, 'monitor');
    if (!this.conversations.participant(i.channel.conversationSid, worker.identity))
      this.conversations.addParticipant(i.channel.conversationSid, worker.identity, 'supervisor');
    const participant: InteractionParticipant = { sid: this.sid('UT'), type: 'supervisor', identity: worker.identity, status: 'active', workerSid: me, taskSid: task.sid };
    i.participants.set(participant.sid, participant);
    return this.participantJson(i, participant);
  }

  private updateParticipant(i: Interaction, ut: string, me: string, privileged: boolean, params: Record<string, any>): unknown {
    const p = i.participants.get(ut);
    if (!p) throw new HttpError(404, 50432, `Participant ${ut} not found in channel ${i.channel.sid}`);
    if (params['status'] !== 'closed') throw new HttpError(400, 20001, `The emulator only removes participants (status closed), got ${JSON.stringify(params['status'])}`);
    if (p.workerSid !== me && !privileged) throw new HttpError(403, 20403, `Participant ${ut} is not you`);
    if (p.status === 'closed') return this.participantJson(i, p);
    p.status = 'closed';
    this.conversations.removeParticipant(i.channel.conversationSid, p.identity);
    if (p.type === 'supervisor' && p.taskSid && this.engine.task(p.taskSid)?.supervision) this.engine.stopMonitoring(p.taskSid);
    if (p.type === 'agent' && p.taskSid) {
      // An agent removed completes their reservation (Flex's CompleteTask does it this way).
      const task = this.engine.task(p.taskSid);
      if (task && (task.status === 'assigned' || task.status === 'wrapping')) this.engine.completeTask(task.sid, 'left the channel');
      const agentsLeft = [...i.participants.values()].some((x) => x.type === 'agent' && x.status === 'active');
      if (!agentsLeft && (params['closeChannelIfLastParticipant'] === true || params['closeChannelIfLastParticipant'] === 'true')) {
        i.channel.status = 'closed';
        this.conversations.setState(i.channel.conversationSid, 'closed');
      }
    }
    return this.participantJson(i, p);
  }

  private transfer(i: Interaction, me: string, params: Record<string, any>): unknown {
    const type = String(params['type'] ?? 'cold').toLowerCase();
    if (type !== 'cold') throw new HttpError(400, 20001, `Messaging transfers are cold only, got ${JSON.stringify(params['type'])}`);
    const from = i.participants.get(String(params['from'] ?? ''));
    if (!from || from.status !== 'active' || (from.type !== 'agent' && from.type !== 'supervisor'))
      throw new HttpError(400, 20001, `from must be an active agent participant of channel ${i.channel.sid}`);
    if (from.workerSid !== me) throw new HttpError(403, 20403, `Participant ${from.sid} is not you`);
    const to = String(params['to'] ?? '');
    if (!/^(WK|WQ)[0-9a-fA-F]{32}$/.test(to) && !this.engine.worker(to) && !this.engine.queue(to))
      throw new HttpError(400, 20001, `to must be a worker (WK…) or a queue (WQ…), got ${JSON.stringify(to)}`);
    const r = this.reservationOf(i, me, ['accepted']);
    if (!r) throw new HttpError(400, 20001, `You have no accepted reservation on channel ${i.channel.sid} to transfer`);
    const child = this.engine.transferTask(r.taskSid, { to, mode: 'cold' }, me);
    // The new task is the channel's new invite (before its reservation reaches the worker: pushes go out on a microtask).
    const invite = this.sid('KG');
    this.engine.updateTaskAttributes(child, { flexChannelInviteSid: invite });
    this.invited(i.sid, invite, child);
    const transfer = { sid: 'TT' + hex(++this.seq), from: from.sid, to, type: 'cold' as const, taskSid: child, at: this.now() };
    i.transfers.push(transfer);
    // Cold: the first agent leaves the conversation now and wraps up.
    this.leave(i, me);
    if (this.engine.task(r.taskSid)?.status === 'assigned') this.engine.wrapupTask(r.taskSid, 'transferred');
    return { sid: transfer.sid, type: transfer.type, from: transfer.from, to: transfer.to, task_sid: child, interaction_sid: i.sid, channel_sid: i.channel.sid };
  }
}
