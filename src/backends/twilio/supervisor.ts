import { FlexError } from '../../core/errors.js';
import type { SupervisionMode } from '../../core/model.js';
import { BackendError } from '../backend.js';
import type { Handlers } from './commands.js';
import type { TwilioBackendOptions } from './options.js';
import type { VoiceCall } from './sdk-types.js';
import { CompanionServer } from './server.js';
import type { TwilioSession } from './session.js';
import { interactionOf, type InteractionRefs } from './interactions.js';
import { joinAsSupervisor, leaveAsSupervisor } from './messaging.js';
import { WorkspaceFeed, type SyncLike } from './workspace-feed.js';

interface Supervised {
  mode: SupervisionMode;
  call?: VoiceCall;
  /** A chat read along: the supervisor's Interactions participant. */
  readAlong?: { refs: InteractionRefs; participantSid: string };
}

/**
 * A supervisor's or admin's view of the workspace (Sync's live queries) and the tasks they
 * monitor, coach or barge into.
 */
export class Supervision {
  /** Supervisors: every worker and task, from Sync's live queries. */
  feed: WorkspaceFeed | undefined;
  sync: SyncLike | undefined;
  /** Tasks this supervisor listens to or joined, with the Voice leg when it is a call. */
  readonly supervising = new Map<string, Supervised>();

  constructor(private readonly s: TwilioSession) {}

  async start(token: string): Promise<void> {
    const s = this.s;
    const o = s.options;
    const sync = o.syncFactory ? await o.syncFactory(token) : await sdkSync(token, o);
    this.sync = sync;
    sync.on('connectionStateChanged', (state: string) => {
      if (!this.feed) return; // still starting: start() reports its own failure
      if (state === 'denied' || state === 'error') {
        // The workspace view stops; the supervisor's own work goes on.
        delete s.statuses['sync'];
        s.reportError(
          new FlexError(
            'sync-failed',
            `Twilio Sync closed the workspace view (${state}): other agents are no longer updated`,
            true,
          ),
        );
      } else {
        s.statuses['sync'] = state === 'connected' ? 'connected' : 'reconnecting';
      }
      s.updateStatus();
    });
    sync.on('tokenAboutToExpire', () => void s.keeper?.refresh());
    sync.on('tokenExpired', () => void s.keeper?.refresh());
    const feed = new WorkspaceFeed(
      sync,
      {
        emit: (events) => s.emit(events),
        isOwnTask: (taskSid) => s.reservationSidOfTask(taskSid) !== '',
        ownWorkerSid: String(s.worker?.sid ?? ''),
        activities: () => s.tasks.activities(),
        supervision: (taskSid) => {
          const current = this.supervising.get(taskSid);
          return current && s.worker
            ? { supervisorSid: String(s.worker.sid), name: s.tasks.workerRecord().name, mode: current.mode }
            : undefined;
        },
      },
      o.syncQueries,
    );
    await feed.start();
    this.feed = feed;
    s.statuses['sync'] = 'connected';
    s.updateStatus();
  }

  async stop(): Promise<void> {
    this.feed?.close();
    await this.sync?.shutdown().catch(() => {});
  }

  /**
   * Monitor, coach or barge as Flex does: the supervisor joins the task's conference listening,
   * through TaskRouter's supervise instruction (`Supervisor.monitor`: Twilio dials this Device, which
   * answers); coaching and barging then change that participant through the companion server
   * (`POST /voice/participant`: `muted`, `coaching`, `callSidToCoach`, Flex's barge-coach). Calling
   * again with another mode changes it on the same leg. The agent's reservation comes from the
   * workspace view.
   */
  async supervise(taskSid: string, mode: SupervisionMode, reservationSid?: string): Promise<void> {
    const s = this.s;
    const w = s.w;
    const task = this.feed?.task(taskSid);
    const voice = (task?.channel ?? 'voice') === 'voice';
    // Nothing starts when the change cannot be made: no listening leg left behind a refused barge.
    if (voice && mode !== 'monitor' && !s.server.available)
      throw CompanionServer.required(mode === 'coach' ? 'Coaching' : 'Barging');
    const held =
      reservationSid ?? this.feed?.reservationOf(taskSid)?.sid ?? (s.reservationSidOfTask(taskSid) || undefined);
    if (!held) {
      throw new BackendError(
        'not-found',
        this.feed
          ? `Task ${taskSid} has no agent to supervise: no accepted reservation for it in the workspace view`
          : `Task ${taskSid} cannot be supervised: the workspace view (Twilio Sync) is not available, so the agent's reservation is unknown`,
      );
    }
    if (typeof w.monitor !== 'function')
      throw new BackendError('unsupported', 'This TaskRouter client cannot supervise: sign in as a supervisor');
    const current = this.supervising.get(taskSid);
    // A chat is read along as Flex does it: the supervisor joins the Interactions channel as a
    // supervisor participant (a member of the Conversation), never by TaskRouter's supervise instruction.
    const interaction = task ? interactionOf(taskSid, task.attributes) : undefined;
    if (interaction) {
      if (mode !== 'monitor')
        throw new BackendError('unsupported', `A conversation can only be read along (monitor), not ${mode}`);
      if (current?.readAlong) return;
      const participantSid = await joinAsSupervisor(s, interaction);
      this.set(taskSid, { mode, readAlong: { refs: interaction, participantSid } });
      if (interaction.conversationSid) await s.chat.openConversation(interaction.conversationSid, taskSid);
      return;
    }
    let call = current?.call;
    if (voice && !call) {
      if (!s.voice.device)
        throw new BackendError(
          'no-voice',
          'Listening to a call needs Voice: the token has no Voice grant or the Device did not register',
        );
      const leg = s.voice.expectIncoming(`supervise:${taskSid}`, "The supervisor's call into the conference");
      try {
        // Twilio dials `To` (our contact URI with this session and leg) into the conference.
        await w.monitor(taskSid, held, { To: s.voice.legUri(`supervise:${taskSid}`) });
      } catch (error) {
        leg.cancel();
        throw error;
      }
      const incoming = await leg.call;
      await s.voice.answer(incoming);
      const ended = () => {
        if (this.supervising.get(taskSid)?.call === incoming) this.set(taskSid, undefined);
      };
      for (const event of ['disconnect', 'cancel', 'reject', 'error']) incoming.on(event, ended);
      incoming.mute(true);
      call = incoming;
      this.set(taskSid, { mode: 'monitor', call });
    } else if (!voice && !current) {
      // A chat read-along: the supervise instruction, nothing to dial.
      await w.monitor(taskSid, held);
    }
    if (call && (mode !== 'monitor' || (current && current.mode !== 'monitor')))
      await this.#participant(taskSid, call, mode);
    // Monitoring listens only; coaching and barging speak.
    call?.mute(mode === 'monitor');
    this.set(taskSid, { mode, ...(call ? { call } : {}) });
  }

  /** The supervisor's conference participant for a mode, through the companion server. */
  async #participant(taskSid: string, call: VoiceCall, mode: SupervisionMode): Promise<void> {
    const callSid = call.parameters?.['CallSid'];
    if (!callSid) throw new BackendError('invalid-state', "The supervisor's call has no CallSid yet");
    // Flex keeps the task's conference in its attributes: `conference.sid` and the agent's call.
    const attributes = this.feed?.task(taskSid)?.attributes ?? {};
    const conference = (
      attributes['conference'] && typeof attributes['conference'] === 'object' ? attributes['conference'] : {}
    ) as {
      sid?: unknown;
      participants?: { worker?: unknown };
    };
    const conferenceSid = typeof conference.sid === 'string' ? conference.sid : undefined;
    const agentCallSid =
      typeof conference.participants?.worker === 'string' ? conference.participants.worker : undefined;
    const what = mode === 'coach' ? 'Coaching' : mode === 'barge' ? 'Barging' : 'Going back to listening';
    await this.s.server.post(
      '/voice/participant',
      {
        taskSid,
        callSid,
        ...(conferenceSid ? { conferenceSid } : {}),
        muted: mode === 'monitor',
        coaching: mode === 'coach',
        ...(mode === 'coach' && agentCallSid ? { callSidToCoach: agentCallSid } : {}),
      },
      what,
    );
  }

  set(taskSid: string, value: Supervised | undefined): void {
    if (value) this.supervising.set(taskSid, value);
    else if (!this.supervising.delete(taskSid)) return;
    if (this.feed) this.s.emit(this.feed.taskEvents(taskSid));
  }
}

/** Flex UI starts the Sync client it reads the live query indexes with under this product id. */
export const FLEX_SYNC_PRODUCT_ID = 'flex_insights';

/**
 * twilio-sync's SyncClient, loaded on demand (it ships inside @twilio/conversations' dependencies),
 * started as Flex starts its own: product id `flex_insights`; `twilsockUri` and `region` pass through.
 */
async function sdkSync(token: string, options: TwilioBackendOptions): Promise<SyncLike> {
  const sdk = await import('twilio-sync');
  // A CommonJS build bundled as an ES module may expose its exports only as `default`.
  const SyncClient = sdk.SyncClient ?? (sdk as unknown as { default: typeof sdk }).default.SyncClient;
  return new SyncClient(token, {
    productId: FLEX_SYNC_PRODUCT_ID,
    logLevel: options.logLevel ?? 'error',
    clientMetadata: { type: 'flex-elements', app: 'flex-elements' },
    ...(options.twilsockUri ? { twilsock: { uri: options.twilsockUri } } : {}),
    ...(options.region ? { region: options.region } : {}),
  });
}

// ------------------------------------------------------------------ commands

/** Monitoring, coaching and barging (supervisors and admins). */
export const supervisorHandlers = {
  async monitorTask(s, p) {
    s.privileged();
    const reservationSid = (p as { reservationSid?: unknown }).reservationSid;
    return s.supervision.supervise(
      String(p.taskSid),
      p.mode,
      typeof reservationSid === 'string' ? reservationSid : undefined,
    );
  },
  async stopMonitoring(s, p) {
    s.privileged();
    const taskSid = String(p.taskSid);
    const current = s.supervision.supervising.get(taskSid);
    if (!current) throw new BackendError('invalid-state', `You are not supervising task ${taskSid}`);
    // Leaving the conference ends the supervision (Twilio removes the participant); a chat
    // read-along has nothing to leave on Twilio's side.
    s.supervision.set(taskSid, undefined);
    current.call?.disconnect?.();
    if (current.readAlong) await leaveAsSupervisor(s, current.readAlong.refs, current.readAlong.participantSid);
  },
} satisfies Partial<Handlers>;
