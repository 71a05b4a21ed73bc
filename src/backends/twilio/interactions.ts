/**
 * Flex's Interactions API, as Flex's own client calls it: every request tunnelled through
 * TaskRouter's EventBridge request endpoint (`POST ebServer {url: 'v1/Interactions/…', method,
 * params, token}` → `{payload}`), with the same token the TaskRouter Worker uses. A messaging task
 * (one whose attributes carry `flexInteractionChannelSid`) is accepted, declined, wrapped up,
 * completed and transferred here, never through the TaskRouter Task API: that is what makes the
 * agent a participant of the Conversation, and takes them out of it again.
 */

/** The interaction a messaging task belongs to, from the task's attributes. */
export interface InteractionRefs {
  interactionSid: string;
  channelSid: string;
  /** The invite this task is (accept / decline answer it). */
  inviteSid?: string;
  conversationSid?: string;
}

/** An Interactions channel participant (UT…), as the API returns it. */
export interface InteractionParticipant {
  sid: string;
  type: string;
  status?: string;
  workerSid?: string;
  taskSid?: string;
  identity?: string;
}

type Obj = Record<string, unknown>;
const obj = (value: unknown): Obj => (value && typeof value === 'object' && !Array.isArray(value) ? (value as Obj) : {});
const str = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);

export class InteractionsError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly code?: number,
  ) {
    super(message);
    this.name = 'InteractionsError';
  }
}

/**
 * The refs of a messaging task, or undefined for a task that is not a Flex interaction (voice, or a
 * task created straight through TaskRouter). Without `flexInteractionSid` Flex derives it from the
 * task sid; so does this.
 */
export function interactionOf(taskSid: string, attributes: Readonly<Record<string, unknown>>): InteractionRefs | undefined {
  const channelSid = attributes['flexInteractionChannelSid'];
  if (typeof channelSid !== 'string' || !channelSid) return undefined;
  const kd = attributes['flexInteractionSid'];
  const invite = attributes['flexChannelInviteSid'];
  const conversation = attributes['conversationSid'] ?? attributes['conversation_sid'];
  return {
    interactionSid: typeof kd === 'string' && kd ? kd : 'KD' + taskSid.slice(2),
    channelSid,
    ...(typeof invite === 'string' && invite ? { inviteSid: invite } : {}),
    ...(typeof conversation === 'string' ? { conversationSid: conversation } : {}),
  };
}

export interface InteractionsClientOptions {
  /** TaskRouter's EventBridge request endpoint (the Worker's `ebServer`). */
  ebServer: string;
  /** The current access token (read at every request, so refreshes apply). */
  token: () => string;
  fetch?: typeof fetch;
}

export class InteractionsClient {
  readonly #options: InteractionsClientOptions;

  constructor(options: InteractionsClientOptions) {
    this.#options = options;
  }

  async #request(method: 'GET' | 'POST', url: string, params: Record<string, unknown> = {}): Promise<Obj> {
    const f = this.#options.fetch ?? fetch;
    const response = await f(this.#options.ebServer, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', apiVersion: 'v2' },
      body: JSON.stringify({ url, method, params, token: this.#options.token() }),
    });
    const text = await response.text();
    let body: Obj = {};
    try {
      body = obj(text ? JSON.parse(text) : {});
    } catch {
      body = {};
    }
    if (!response.ok) {
      const message =
        typeof body['message'] === 'string' ? body['message'] : `${method} ${url} failed: ${response.status} ${response.statusText}`;
      throw new InteractionsError(message, response.status, typeof body['code'] === 'number' ? body['code'] : undefined);
    }
    return obj(body['payload']);
  }

  #channel(refs: InteractionRefs): string {
    return `v1/Interactions/${refs.interactionSid}/Channels/${refs.channelSid}`;
  }

  #invite(refs: InteractionRefs): string {
    if (!refs.inviteSid) throw new InteractionsError(`Task of channel ${refs.channelSid} has no flexChannelInviteSid`, 400);
    return `${this.#channel(refs)}/Invites/${refs.inviteSid}`;
  }

  /** Accepts the invite for this reservation: TaskRouter accepts it and the agent joins the Conversation. */
  acceptInvite(refs: InteractionRefs, reservationSid: string): Promise<Obj> {
    return this.#request('POST', this.#invite(refs), { action: 'accept', routing: { type: 'taskrouter', reservation: { sid: reservationSid } } });
  }

  /** Declines the invite: the reservation is rejected. */
  declineInvite(refs: InteractionRefs, reservationSid: string): Promise<Obj> {
    return this.#request('POST', this.#invite(refs), { action: 'decline', routing: { type: 'taskrouter', reservation: { sid: reservationSid } } });
  }

  /**
   * Sets the channel's status and the routing status of the caller's task: `closed` + `wrapup`
   * wraps up (Flex's wrap-up ends the chat), `closed` + `closed` completes, `inactive` leaves.
   */
  updateChannel(refs: InteractionRefs, status: 'closed' | 'inactive', routingStatus: 'wrapup' | 'closed'): Promise<Obj> {
    return this.#request('POST', this.#channel(refs), { status, routing: { status: routingStatus } });
  }

  /** The channel's participants (`all` includes those who left). */
  async participants(refs: InteractionRefs, options: { all?: boolean; taskSid?: string } = {}): Promise<InteractionParticipant[]> {
    const payload = await this.#request('GET', `${this.#channel(refs)}/Participants`, {
      ...(options.all ? { status: 'all' } : {}),
      ...(options.taskSid ? { taskSid: options.taskSid } : {}),
    });
    const list = Array.isArray(payload['participants']) ? (payload['participants'] as unknown[]) : [];
    return list.map((item): InteractionParticipant => {
      const p = obj(item);
      const routing = obj(p['routing_properties']);
      const media = obj(p['media_properties']);
      const status = str(p['status']);
      const workerSid = str(routing['worker_sid']);
      const taskSid = str(routing['task_sid']);
      const identity = str(media['identity']);
      return {
        sid: String(p['sid']),
        type: String(p['type']),
        ...(status ? { status } : {}),
        ...(workerSid ? { workerSid } : {}),
        ...(taskSid ? { taskSid } : {}),
        ...(identity ? { identity } : {}),
      };
    });
  }

  /** A supervisor joins the channel (read-along), as themselves. */
  async addSupervisor(refs: InteractionRefs, identity: string): Promise<InteractionParticipant> {
    const p = await this.#request('POST', `${this.#channel(refs)}/Participants`, { type: 'supervisor', media_properties: { identity } });
    return { sid: String(p['sid']), type: 'supervisor', identity };
  }

  /** Closes a participant (leaves the Conversation). */
  removeParticipant(refs: InteractionRefs, participantSid: string, options: { closeChannelIfLastParticipant?: boolean } = {}): Promise<Obj> {
    return this.#request('POST', `${this.#channel(refs)}/Participants/${participantSid}`, { status: 'closed', ...options });
  }

  /** A cold transfer of the channel from this participant to a worker (WK…) or a queue (WQ…). */
  transfer(instanceSid: string, refs: InteractionRefs, fromParticipantSid: string, to: string): Promise<Obj> {
    return this.#request('POST', `v1/Instances/${instanceSid}/Interactions/${refs.interactionSid}/Channels/${refs.channelSid}/Transfers`, {
      type: 'cold',
      from: fromParticipantSid,
      to,
    });
  }
}
