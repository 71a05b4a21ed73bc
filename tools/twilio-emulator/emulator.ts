import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer, type Server as HttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { WebSocketServer } from 'ws';
import { generateWorkspace } from '../../src/backends/simulator/workspace.js';
import { VirtualClock } from '../../src/engine/clock.js';
import { ContactCenterEngine } from '../../src/engine/engine.js';
import { selfSignedCertificate } from './cert.js';
import { ConversationsEmulator } from './conversations.js';
import { HttpError, TaskRouterEmulator } from './taskrouter.js';
import { InteractionsEmulator } from './interactions.js';
import { McsEmulator } from './mcs.js';
import { ConferenceModel } from './conference.js';
import { RestEmulator } from './rest.js';
import { EventCallbacks } from './event-callbacks.js';
import { mintToken, TEST_ACCOUNT } from './tokens.js';
import { VoiceEmulator } from './voice.js';
import { TwilsockServer } from './twilsock/server.js';
import { SyncStore } from './twilsock/sync-store.js';
import { ConversationsService } from './twilsock/conversations-service.js';
import { defineFlexIndexes } from './twilsock/flex-indexes.js';

/**
 * The loopback Twilio wire emulator: TaskRouter EventBridge (HTTP + websocket), Voice signaling
 * (wss, self-signed certificate made at start) and twilsock (Conversations and Sync), all backed by
 * src/engine running on a clock that follows real time. Plus a token endpoint and a control API
 * for tests and demos. Listens on 127.0.0.1 only.
 */
export interface EmulatorOptions {
  /** HTTP port (EventBridge, websockets, tokens, control); 0 picks a free one. */
  port?: number;
  /** HTTPS port for Voice signaling; 0 picks a free one. */
  voicePort?: number;
  /** Queues in the generated workspace (default 4). */
  queues?: number;
  /** Default token lifetime in seconds (default 3600). */
  tokenTtl?: number;
  /** Websocket heartbeat interval, ms (default 10,000). */
  heartbeatMs?: number;
  /** Seconds a reservation waits before timing out (default 30). */
  reservationTimeout?: number;
  /** How long a simulated phone (a number added to a call, a transfer's far end) takes to answer, ms (default 1000); negative: only /control/answer answers. */
  phoneAnswerMs?: number;
  log?: boolean;
}

export type { EmulatedConference } from './conference.js';

export interface Emulator {
  /** http://127.0.0.1:port */
  readonly url: string;
  /** Backend options for the Twilio backend pointed at this emulator. */
  readonly backendOptions: {
    ebServer: string;
    wsServer: string;
    chunderw: string;
    /** Twilsock for the real @twilio/conversations and twilio-sync clients (`Twilsock.uri`). */
    twilsockUri: string;
    /** The Flex instance (GO…) messaging transfers are addressed to (Flex reads it from its configuration). */
    flexInstanceSid: string;
    /** The workflow and a voice queue Worker.createTask routes outbound calls through. */
    outboundWorkflowSid: string;
    outboundQueueSid: string;
  };
  readonly engine: ContactCenterEngine;
  readonly taskrouter: TaskRouterEmulator;
  readonly voice: VoiceEmulator;
  /** TaskRouter's voice conferences and the simulated phones (customer, added numbers, transfer far ends). */
  readonly conferences: ConferenceModel;
  readonly conversations: ConversationsEmulator;
  /** Flex's Interactions API (chat tasks: invites, channel status, participants, transfers), tunnelled through EventBridge. */
  readonly interactions: InteractionsEmulator;
  /** The twilsock server the real Conversations and Sync clients connect to. */
  readonly twilsock: TwilsockServer;
  /** Sync behind twilsock: Conversations' objects and Flex's live query indexes. */
  readonly syncStore: SyncStore;
  readonly conversationsService: ConversationsService;
  /** Finds or creates the worker for an identity and mints a token for it. */
  token(identity: string, options?: { ttl?: number; role?: string }): string;
  tokenRequests: number;
  /** The media service (attachments the Conversations SDK's McsClient uploads), at `{url}/mcs`. */
  readonly mcs: McsEmulator;
  /** Twilio's REST API for the `twilio` package (the companion server), at `{url}/twilio/{product}/…`. */
  readonly rest: RestEmulator;
  /** The account's Flex Configuration resource as flex-api returns it; tests and demos may change it. */
  readonly flexConfiguration: Record<string, any>;
  /** Finds or creates the TaskRouter worker for an identity (as a Flex sign-in would) and returns its sid. */
  ensureWorker(identity: string, role?: string): string;
  /**
   * The workspace's EventCallbackUrl: set `eventCallbacks.url` and every TaskRouter event is
   * POSTed there as Twilio does (form-encoded, signed with `EMULATOR_AUTH_TOKEN`).
   */
  readonly eventCallbacks: EventCallbacks;
  close(): Promise<void>;
}

/** The test account's auth token (X-Twilio-Signature on the event callbacks). */
export const EMULATOR_AUTH_TOKEN = 'flex-elements-local-auth-token';

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/** CORS for loopback pages: the origin is echoed so that credentialed requests (token-url) work too. */
function cors(req: IncomingMessage): Record<string, string> {
  return {
    'Access-Control-Allow-Origin': req.headers.origin ?? '*',
    'Access-Control-Allow-Credentials': 'true',
    'Access-Control-Allow-Headers': req.headers['access-control-request-headers'] ?? '*',
    'Access-Control-Allow-Methods': 'GET, POST, OPTIONS',
    'Access-Control-Max-Age': '600',
    Vary: 'Origin',
  };
}

function json(req: IncomingMessage, res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'Content-Type': 'application/json', ...cors(req) });
  res.end(JSON.stringify(body));
}

export async function startEmulator(options: EmulatorOptions = {}): Promise<Emulator> {
  const clock = new VirtualClock(Date.now());
  const now = () => clock.now();
  const config = generateWorkspace({ bots: 0, queues: options.queues ?? 4, seed: 1 });
  const engine = new ContactCenterEngine(
    { ...config, workspace: { name: 'Twilio Emulator' }, reservationTimeout: options.reservationTimeout ?? 30 },
    { clock, logLimit: 50_000 },
  );
  const ticker = setInterval(() => clock.advanceTo(Date.now()), 50);
  const mcs = new McsEmulator(now);
  const voice = new VoiceEmulator(now);
  const conversations = new ConversationsEmulator(now);
  /** Twilsock (`/v3/wsconnect`): the real Conversations and Sync clients' wire, with Sync and Conversations behind it. */
  const twilsock = new TwilsockServer({ now, ...(options.log ? { log: (...a: unknown[]) => console.log('[twilsock]', ...a) } : {}) });
  const syncStore = new SyncStore(now, twilsock);
  /** A supervisor's leg of each supervised voice task, by task sid. */
  const supervisorCalls = new Map<string, string>();
  const live = (sid: string | undefined) => {
    const call = sid ? voice.calls.get(sid) : undefined;
    return call && (call.status === 'ringing' || call.status === 'in-progress') ? call : undefined;
  };
  const log = (...args: unknown[]) => {
    if (options.log) console.log('[twilio-emulator]', ...args);
  };
  const model = new ConferenceModel(engine, voice, { now, log, answerMs: options.phoneAnswerMs ?? 1000 });
  /** Twilio dials a `client:` contact URI; its query parameters reach the Device as the call's custom parameters. */
  const dial = (uri: string, what: string): { identity: string; params: Record<string, string> } => {
    const match = /^client:([^?]+)(?:\?(.*))?$/.exec(uri);
    if (!match) throw new HttpError(400, 20001, `${what}: the emulator dials only client: URIs, got ${JSON.stringify(uri)}`);
    return { identity: decodeURIComponent(match[1]), params: Object.fromEntries(new URLSearchParams(match[2] ?? '')) };
  };

  const taskrouter = new TaskRouterEmulator(
    engine,
    {
      conference(task, worker, instruction) {
        const uri = instruction.to ?? (typeof worker.attributes['contact_uri'] === 'string' ? worker.attributes['contact_uri'] : undefined);
        if (!uri) throw new HttpError(400, 20001, `Worker ${worker.sid} has no contact_uri attribute and the conference instruction has no To`);
        if (!uri.startsWith('client:') && !/^\+[1-9]\d{6,14}$/.test(uri)) throw new HttpError(400, 20001, `Conference instruction: the emulator dials client: URIs and E.164 numbers, got ${JSON.stringify(uri)}`);
        const conference = model.of(task);
        if (instruction.endConferenceOnCustomerExit) conference.endConferenceOnCustomerExit = true;
        if (!uri.startsWith('client:')) {
          // A worker on a phone (contact_uri a number, as in twilio-taskrouter.js's own tests): the emulator answers it.
          model.dialPhone(conference, uri, conference.customer.from, { label: worker.identity, kind: 'worker', workerSid: worker.sid, taskSid: task.sid, endConferenceOnExit: instruction.endConferenceOnExit === true });
          return;
        }
        const { identity, params } = dial(uri, 'Conference instruction');
        const call = voice.ring({
          identity,
          taskSid: task.sid,
          leg: 'agent',
          from: conference.customer.from,
          to: typeof task.attributes['to'] === 'string' ? task.attributes['to'] : '',
          params,
        });
        model.join(conference, {
          callSid: call.sid,
          label: worker.identity,
          kind: 'worker',
          workerSid: worker.sid,
          taskSid: task.sid,
          endConferenceOnExit: instruction.endConferenceOnExit === true,
          status: 'joined',
        });
        // As on a Flex account: the task's attributes name its conference and the calls in it
        // (`conference.sid`, `conference.participants.customer|worker`), which coach reads.
        engine.updateTaskAttributes(task.sid, {
          conference: { sid: conference.sid, participants: { customer: conference.customer.callSid, worker: call.sid } },
        });
        log('conference: ringing', identity, 'for', task.sid, 'call', call.sid);
      },
      hold(task, change) {
        if (change.targetWorkerSid) model.holdWorker(task.sid, change.targetWorkerSid, change.hold);
        else model.holdCustomer(task.sid, change.hold);
      },
      kick(task, targetWorkerSid) {
        model.kickWorker(task.sid, targetWorkerSid);
      },
      mute(task, worker, muted) {
        model.updateWorker(task.sid, worker.sid, { muted });
      },
      participant(task, worker, change) {
        model.updateWorker(task.sid, worker.sid, change);
      },
      supervise(task, supervisor, mode, to) {
        // Already in the conference: only the mode changes (Twilio updates the participant).
        if (model.superviseMode(task.sid, supervisor.sid, mode)) return;
        const uri = to ?? (typeof supervisor.attributes['contact_uri'] === 'string' ? supervisor.attributes['contact_uri'] : undefined);
        if (!uri) throw new HttpError(400, 20001, `Supervisor ${supervisor.sid} has no contact_uri attribute and the instruction has no To`);
        if (/^\+[1-9]\d{6,14}$/.test(uri)) {
          model.superviseLeg(task, supervisor, { phone: uri }, mode);
          return;
        }
        const { identity, params } = dial(uri, 'Supervise instruction');
        const call = voice.ring({
          identity,
          taskSid: task.sid,
          leg: 'supervisor',
          from: typeof task.attributes['from'] === 'string' ? task.attributes['from'] : 'anonymous',
          to: `client:${identity}`,
          params,
        });
        supervisorCalls.set(task.sid, call.sid);
        model.superviseLeg(task, supervisor, call, mode);
        log('supervise: ringing', identity, 'for', task.sid, 'mode', mode);
      },
    },
    { heartbeatMs: options.heartbeatMs ?? 10_000, now },
  );
  const interactions = new InteractionsEmulator(engine, conversations, now);
  taskrouter.tunnel = (claims, url, method, params) => interactions.handle(claims, url, method, params);
  taskrouter.guardTask = (taskSid, what) => interactions.refuseTaskRouter(taskSid, what);
  // A leg hangs up: a participant with endConferenceOnExit ends the conference (the customer is
  // dropped and the tasks go to wrap-up), as on Twilio; otherwise the others stay.
  voice.onCallEnded = (call) => {
    if (call.leg === 'supervisor' && call.taskSid && supervisorCalls.get(call.taskSid) === call.sid) supervisorCalls.delete(call.taskSid);
    if (model.deviceCallEnded(call)) return;
    if (call.leg === 'supervisor') {
      if (call.taskSid && engine.supervision(call.taskSid)) engine.stopMonitoring(call.taskSid);
      return;
    }
    if (call.taskSid && engine.task(call.taskSid)?.status === 'assigned') engine.wrapupTask(call.taskSid, 'hangup');
  };
  // A Device dial goes to a TwiML App on Twilio; the emulator has none (an outbound call is a task
  // created with Worker.createTask, whose conference dials the Device), so it hangs up at once.
  voice.onOutbound = (call) => {
    log('device dial without a TwiML App: hung up', call.sid, call.to);
    queueMicrotask(() => voice.hangup(call.sid));
  };

  // TaskRouter holds the customer when a transfer starts; the transferee takes them off hold.
  engine.onEntry((entry) => {
    if (entry.type === 'transfer' && entry.status === 'initiated' && entry.taskSid && engine.task(entry.taskSid)?.channel === 'voice') model.transferStarted(entry.taskSid);
  });
  // A supervision that ends in the engine (stopped, or the task left 'assigned') ends the leg.
  engine.onEntry((entry) => {
    if (entry.type !== 'supervision' || entry.status !== 'stopped' || !entry.taskSid) return;
    const sid = supervisorCalls.get(entry.taskSid);
    supervisorCalls.delete(entry.taskSid);
    if (live(sid)) voice.hangup(sid!);
    model.supervisionEnded(entry.taskSid);
  });

  conversations.resolveMedia = (sid) => mcs.lookup(sid);
  // Membership: an agent joins a messaging task's conversation by accepting its Interactions invite
  // (interactions.ts), as on Flex; accepting through TaskRouter is refused.

  const voiceQueue = engine.listQueues().find((q) => q.channels.includes('voice'));
  const offline = engine.listActivities().find((a) => a.name === 'Offline');
  const flexConfiguration: Record<string, any> = {
    account_sid: TEST_ACCOUNT.accountSid,
    status: 'ok',
    taskrouter_workspace_sid: engine.workspaceSid,
    taskrouter_target_workflow_sid: engine.config.workflows[0]?.sid ?? null,
    taskrouter_target_taskqueue_sid: voiceQueue?.sid ?? null,
    taskrouter_offline_activity_sid: offline?.sid ?? null,
    chat_service_instance_sid: TEST_ACCOUNT.conversationsServiceSid,
    flex_service_instance_sid: TEST_ACCOUNT.conversationsServiceSid,
    // Flex's instance (GO…): messaging transfers are addressed to it.
    flex_instance_sid: interactions.instanceSid,
    call_recording_enabled: false,
    call_recording_webhook_url: null,
    outbound_call_flows: {
      default: {
        enabled: true,
        workflow_sid: engine.config.workflows[0]?.sid ?? null,
        queue_sid: voiceQueue?.sid ?? null,
        caller_id: '+18005550100',
        location: 'US',
      },
    },
    ui_attributes: {},
    ui_language: 'en',
    service_version: '1',
    url: 'https://flex-api.twilio.com/v1/Configuration',
  };

  const emulator = {
    tokenRequests: 0,
  } as Emulator & { tokenRequests: number };
  const rest = new RestEmulator({ engine, taskrouter, flexConfiguration: () => flexConfiguration, voiceApi: (request, parts) => model.rest(request, parts) });

  function ensureWorker(identity: string, role = 'worker'): string {
    const existing = engine.workerByIdentity(identity);
    if (existing) return existing.sid;
    const skills: Record<string, number> = {};
    for (const queue of engine.config.queues)
      for (const match of queue.targetWorkers.matchAll(/skills\s+HAS\s+"([^"]+)"/gi)) skills[match[1]] = 5;
    return engine.addWorker(
      {
        name: identity
          .split('@')[0]
          .split(/[._-]+/)
          .map((w) => (w[0]?.toUpperCase() ?? '') + w.slice(1))
          .join(' '),
        identity,
        skills,
        languages: ['en', 'es'],
        activity: 'Offline',
        attributes: { roles: [role === 'supervisor' ? 'supervisor' : role === 'admin' ? 'admin' : 'agent'], contact_uri: `client:${identity}` },
      },
      { allQueues: true },
    );
  }

  function token(identity: string, opts: { ttl?: number; role?: string } = {}): string {
    const role = opts.role ?? 'worker';
    const workerSid = ensureWorker(identity, role);
    return mintToken({ identity, workspaceSid: engine.workspaceSid, workerSid, role, ttl: opts.ttl ?? options.tokenTtl ?? 3600 });
  }

  /** Creates a task as a customer arriving would (control API). */
  function createTask(input: Record<string, any>): { taskSid: string; conversationSid?: string } {
    const channel = String(input['channel'] ?? 'voice');
    const attributes: Record<string, unknown> = {
      name: input['name'] ?? 'Pat Customer',
      from: input['from'] ?? (channel === 'voice' ? '+14155550123' : 'pat@example.com'),
      to: '+18005550100',
      direction: 'inbound',
      ...(input['attributes'] ?? {}),
    };
    let conversationSid: string | undefined;
    let opened: ReturnType<InteractionsEmulator['open']> | undefined;
    if (channel !== 'voice') {
      // A messaging task is a Flex interaction: its Conversation (the customer a participant), its
      // channel, and the invite the routed task carries in its attributes.
      opened = interactions.open({ channelType: channel === 'chat' ? 'web' : channel, customer: 'customer' });
      Object.assign(attributes, opened.attributes);
      conversationSid = opened.attributes.conversationSid;
      attributes['channelType'] = channel === 'chat' ? 'web' : channel;
      const history = Number(input['history'] ?? 0);
      for (let i = 0; i < history; i++)
        conversations.add(
          conversationSid,
          i % 2 ? 'previous.agent' : 'customer',
          `History message ${i + 1}`,
          i % 2 ? { attributes: { role: 'agent', authorName: 'Previous Agent' } } : {},
        );
      if (typeof input['firstMessage'] === 'string') conversations.add(conversationSid, 'customer', input['firstMessage']);
    } else {
      attributes['call_sid'] = voice.nextCallSid();
    }
    const queueSid =
      typeof input['queueSid'] === 'string'
        ? input['queueSid']
        : engine.listQueues().find((q) => q.channels.includes(channel))?.sid;
    const target = typeof input['identity'] === 'string' ? engine.workerByIdentity(input['identity']) : undefined;
    const taskSid = engine.createTask({
      channel,
      attributes,
      ...(target ? { targetWorkerSid: target.sid } : {}),
      ...(queueSid ? { queueSid } : {}),
      ...(typeof input['priority'] === 'number' ? { priority: input['priority'] } : {}),
    });
    if (opened) interactions.invited(opened.interaction.sid, opened.attributes.flexChannelInviteSid, taskSid);
    return { taskSid, ...(conversationSid ? { conversationSid } : {}) };
  }

  async function control(path: string, body: Record<string, any>): Promise<unknown> {
    switch (path) {
      case '/control/tasks':
        return createTask(body);
      case '/control/say': {
        const task = engine.task(String(body['taskSid']));
        const sid = String(body['conversationSid'] ?? task?.attributes['conversationSid'] ?? '');
        return conversations.add(sid, 'customer', String(body['body'] ?? ''));
      }
      case '/control/typing': {
        const task = engine.task(String(body['taskSid']));
        const sid = String(body['conversationSid'] ?? task?.attributes['conversationSid'] ?? '');
        conversations.typing(sid, 'customer', body['typing'] !== false);
        return null;
      }
      case '/control/read': {
        // The customer reads up to a message (their read horizon moves; the agent sees "Read").
        const task = engine.task(String(body['taskSid']));
        const sid = String(body['conversationSid'] ?? task?.attributes['conversationSid'] ?? '');
        conversations.markRead(sid, 'customer', Number(body['index']));
        return null;
      }
      case '/control/hangup': {
        // A simulated phone hangs up: {callSid} (the customer, an added number, a transfer's far end;
        // status busy|no-answer for one still ringing), or {taskSid}: that task's customer.
        // With endConferenceOnCustomerExit the conference ends for everyone; without it the agents
        // stay in it, as on Twilio.
        if (typeof body['callSid'] === 'string') {
          const status = body['status'] === 'busy' || body['status'] === 'no-answer' ? body['status'] : 'completed';
          model.hangupPhone(body['callSid'], status);
          return null;
        }
        const taskSid = String(body['taskSid']);
        const conference = model.find(taskSid);
        if (conference && conference.status === 'in-progress' && conference.customer.inConference) {
          model.hangupPhone(conference.customer.callSid);
          return null;
        }
        const leg = [...voice.calls.values()].find((c) => c.taskSid === taskSid && c.leg === 'agent' && live(c.sid));
        if (leg) voice.hangup(leg.sid);
        if (engine.task(taskSid)?.status === 'assigned') engine.wrapupTask(taskSid, 'customer hung up');
        return null;
      }
      case '/control/answer':
        // The person playing a simulated phone picks up ({callSid}; see phoneAnswerMs).
        model.answer(String(body['callSid']));
        return null;
      case '/control/drop': {
        const which = String(body['which'] ?? 'all');
        // Only one identity's sockets when given (tests running side by side share the emulator).
        const identity = typeof body['identity'] === 'string' ? body['identity'] : undefined;
        const workerSid = identity ? engine.workerByIdentity(identity)?.sid : undefined;
        if (identity && !workerSid) throw new HttpError(404, 20404, `No worker ${identity}`);
        let n = 0;
        if (which === 'all' || which === 'taskrouter') n += taskrouter.drop(workerSid);
        // Twilsock connections: the Conversations client's (`conversations`) or the Sync client's (`sync`).
        if (which === 'all' || which === 'conversations') n += twilsock.drop(identity, 'ip_messaging');
        if (which === 'all' || which === 'voice') voice.drop(identity);
        if (which === 'all' || which === 'sync') n += twilsock.drop(identity, 'flex_insights') + twilsock.drop(identity, 'data_sync');
        return { dropped: n };
      }
      case '/control/state':
        return {
          now: now(),
          workers: engine.listWorkers().map((w) => ({ sid: w.sid, identity: w.identity, activity: engine.activity(w.activitySid)?.name })),
          tasks: engine.listTasks().map((t) => ({ ...t, supervision: engine.supervision(t.sid) })),
          reservations: engine.listReservations(),
          calls: [...voice.calls.values()],
          queues: engine.listQueues().map((q) => ({ sid: q.sid, name: q.name, channels: q.channels })),
          workflows: engine.config.workflows.map((w) => ({ sid: w.sid, name: w.name })),
          interactions: [...interactions.interactions.values()].map((i) => ({ ...i, participants: [...i.participants.values()], invites: [...i.invites.values()] })),
          ...model.state(),
          conversations: [...conversations.conversations.values()].map((c) => ({ sid: c.sid, state: c.state, participants: [...c.participants.values()], messages: c.messages, read: c.read })),
          workspaceStats: engine.workspaceStatistics(),
          /** Typing signals the Conversations service received over twilsock: {sid, identity}. */
          typing: conversationsService.typingLog,
        };
      case '/control/counters':
        return {
          taskrouter: taskrouter.counters,
          voice: voice.counters,
          conversations: conversations.counters,
          interactions: interactions.counters,
          twilsock: twilsock.counters,
          sync: syncStore.counters,
          conversationsService: conversationsService.counters,
          tokens: emulator.tokenRequests,
        };
      case '/control/requests':
        return taskrouter.requests;
      case '/control/twilsock-requests':
        // Every upstream request the Conversations and Sync clients sent through twilsock.
        return twilsock.requests;
      case '/control/rest-requests':
        return rest.requests;
      case '/control/flex-configuration':
        // Merges the body into the Flex Configuration resource (e.g. {call_recording_enabled: true}).
        Object.assign(flexConfiguration, body);
        return flexConfiguration;
      case '/control/media':
        return { media: mcs.list(typeof body['identity'] === 'string' ? body['identity'] : undefined), counters: mcs.counters };
      case '/control/media-limit': {
        // {identity, maxBytes}: that identity's uploads above maxBytes are refused (413); no maxBytes clears it.
        const identity = String(body['identity'] ?? '');
        if (typeof body['maxBytes'] === 'number') mcs.limits.set(identity, body['maxBytes']);
        else mcs.limits.delete(identity);
        return null;
      }
      default:
        throw new HttpError(404, 20404, `No control endpoint ${path}`);
    }
  }

  const server: Server = createServer((req, res) => {
    void (async () => {
      if (req.method === 'OPTIONS') {
        res.writeHead(204, cors(req));
        res.end();
        return;
      }
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      try {
        if (url.pathname === '/v1/eb' && req.method === 'POST') {
          const body = JSON.parse((await readBody(req)) || '{}') as Record<string, unknown>;
          json(req, res, 200, taskrouter.handle(body));
        } else if (url.pathname === '/token') {
          emulator.tokenRequests++;
          if (url.searchParams.get('fail') === '1') throw new HttpError(503, 0, 'Token service unavailable');
          const identity = url.searchParams.get('identity') ?? 'agent@example.com';
          const ttl = url.searchParams.has('ttl') ? Number(url.searchParams.get('ttl')) : undefined;
          const role = url.searchParams.get('role') ?? undefined;
          json(req, res, 200, { token: token(identity, { ...(ttl ? { ttl } : {}), ...(role ? { role } : {}) }), identity });
        } else if (url.pathname.startsWith('/twilio/')) {
          await rest.handle(req, res, url);
        } else if (url.pathname.startsWith('/mcs/') && (await mcs.handle(req, res, url, cors(req)))) {
          return;
        } else if (url.pathname.startsWith('/control/')) {
          const text = req.method === 'POST' ? await readBody(req) : '';
          json(req, res, 200, (await control(url.pathname, text ? (JSON.parse(text) as Record<string, any>) : {})) ?? null);
        } else {
          throw new HttpError(404, 20404, `Not found: ${url.pathname}`);
        }
      } catch (error) {
        const status = error instanceof HttpError ? error.status : 500;
        const code = error instanceof HttpError ? error.code : 0;
        const message = error instanceof Error ? error.message : String(error);
        log('error', req.url, status, message);
        json(req, res, status, { status, code, message });
      }
    })();
  });
  const wss = new WebSocketServer({ noServer: true });
  server.on('upgrade', (req, socket, head) => {
    const path = new URL(req.url ?? '/', 'http://127.0.0.1').pathname;
    wss.handleUpgrade(req, socket, head, (ws) => {
      if (path === '/v1/wschannels') taskrouter.accept(ws, req);
      else if (path === '/v3/wsconnect') twilsock.accept(ws);
      else ws.close(4004, 'Not found');
    });
  });

  const { key, cert } = selfSignedCertificate();
  const voiceServer: HttpsServer = createHttpsServer({ key, cert }, (_req, res) => {
    res.writeHead(404);
    res.end();
  });
  const vss = new WebSocketServer({ noServer: true });
  voiceServer.on('upgrade', (req, socket, head) => {
    vss.handleUpgrade(req, socket, head, (ws) => voice.accept(ws));
  });

  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  await new Promise<void>((resolve) => voiceServer.listen(options.voicePort ?? 0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  const voicePort = (voiceServer.address() as AddressInfo).port;
  const url = `http://127.0.0.1:${port}`;
  const conversationsService = new ConversationsService(conversations, twilsock, syncStore, {
    mcsUrl: `${url}/mcs`,
    serviceSid: TEST_ACCOUNT.conversationsServiceSid,
  });
  defineFlexIndexes(syncStore, engine, now, (w) => taskrouter.workerAttributes(w));
  const eventCallbacks = new EventCallbacks(engine, EMULATOR_AUTH_TOKEN);

  return Object.assign(emulator, {
    url,
    backendOptions: {
      ebServer: `${url}/v1/eb`,
      wsServer: `ws://127.0.0.1:${port}/v1/wschannels`,
      chunderw: `127.0.0.1:${voicePort}`,
      twilsockUri: `ws://127.0.0.1:${port}/v3/wsconnect`,
      flexInstanceSid: interactions.instanceSid,
      outboundWorkflowSid: engine.config.workflows[0]?.sid ?? '',
      outboundQueueSid: engine.listQueues().find((q) => q.channels.includes('voice'))?.sid ?? '',
    },
    engine,
    taskrouter,
    voice,
    conferences: model,
    conversations,
    interactions,
    twilsock,
    syncStore,
    conversationsService,
    token,
    mcs,
    rest,
    flexConfiguration,
    ensureWorker,
    eventCallbacks,
    async close() {
      clearInterval(ticker);
      model.close();
      eventCallbacks.close();
      taskrouter.close();
      voice.close();
      conversations.close();
      conversationsService.close();
      twilsock.close();
      wss.close();
      vss.close();
      server.closeAllConnections();
      voiceServer.closeAllConnections();
      await Promise.all([
        new Promise<void>((resolve) => server.close(() => resolve())),
        new Promise<void>((resolve) => voiceServer.close(() => resolve())),
      ]);
    },
  });
}
