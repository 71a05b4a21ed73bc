import type { Task, Worker } from '../../src/core/model.js';
import type { ContactCenterEngine } from '../../src/engine/engine.js';
import { formBool, restPage, type RestRequest } from './rest.js';
import { HttpError } from './taskrouter.js';
import { TEST_ACCOUNT } from './tokens.js';
import type { EmulatedCall, VoiceEmulator } from './voice.js';

/**
 * TaskRouter's voice conferences as the emulator models them, and the api.twilio.com resources
 * over them (Conferences, Participants, Calls) that the `twilio` package calls. A conference is
 * named by the task that started it (a transferred task's legs join the original's, as the Twilio
 * task is the same); the customer and any number added to the call are simulated PSTN parties.
 */

/** A phone party the emulator plays: the customer, a number added to the call, a transfer's far end. */
export interface PstnCall {
  sid: string;
  from: string;
  to: string;
  direction: 'inbound' | 'outbound-api' | 'outbound-dial';
  status: 'queued' | 'ringing' | 'in-progress' | 'completed' | 'busy' | 'no-answer' | 'canceled';
  /** A redirected call (`<Dial>` TwiML): the number it is now connected to. */
  connectedTo?: string;
  /** The far end of a `<Dial>`: the call it was dialed from. */
  parentCallSid?: string;
  createdAt: number;
  answeredAt?: number;
  endedAt?: number;
}

export interface ConferenceParticipant {
  callSid: string;
  /** `customer`, the worker's identity, `supervisor:{identity}`, or the Label given when adding a number. */
  label: string;
  kind: 'worker' | 'supervisor' | 'external';
  workerSid?: string;
  /** The task whose reservation put this leg in (workers and supervisors). */
  taskSid?: string;
  endConferenceOnExit: boolean;
  status: 'ringing' | 'joined' | 'left';
  onHold: boolean;
  muted: boolean;
  coaching: boolean;
  callSidToCoach: string | null;
}

/** A voice task's conference: the customer, the legs, who ends it. */
export interface EmulatedConference {
  sid: string;
  /** The root task's sid: TaskRouter names the conference after the task. */
  friendlyName: string;
  /** The task that started it (a transferred task's call joins the original's conference). */
  taskSid: string;
  status: 'in-progress' | 'completed';
  endedBy?: string;
  customer: { callSid: string; from: string; status: 'in-progress' | 'completed'; onHold: boolean; inConference: boolean; connectedTo?: string };
  /** From the conference instruction: the conference ends when the customer leaves. */
  endConferenceOnCustomerExit: boolean;
  /** By call sid. */
  participants: Map<string, ConferenceParticipant>;
  createdAt: number;
  updatedAt: number;
}

const E164 = /^\+[1-9]\d{6,14}$/;
const rfc2822 = (ms: number | undefined) => (ms === undefined ? null : new Date(ms).toUTCString().replace('GMT', '+0000'));

export class ConferenceModel {
  /** By root task sid. */
  readonly conferences = new Map<string, EmulatedConference>();
  readonly pstn = new Map<string, PstnCall>();
  private seq = 0;
  private readonly timers = new Set<ReturnType<typeof setTimeout>>();

  constructor(
    private readonly engine: ContactCenterEngine,
    private readonly voice: VoiceEmulator,
    private readonly options: {
      now: () => number;
      log: (...args: unknown[]) => void;
      /** How long a simulated phone takes to answer, ms; a negative value never answers (a person does, with /control/answer). */
      answerMs: number;
    },
  ) {}

  close(): void {
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
  }

  private nextSid(prefix: string): string {
    return prefix + 'e' + (++this.seq).toString(16).padStart(31, '0');
  }

  /** The task whose conference a task's call is in: a transferred task joins the original's. */
  rootTask(taskSid: string): string {
    let sid = taskSid;
    for (let i = 0; i < 20; i++) {
      const parent = this.engine.task(sid)?.attributes['transferredFrom'];
      if (typeof parent !== 'string' || !this.engine.task(parent)) return sid;
      sid = parent;
    }
    return sid;
  }

  /** The task's conference, if it has one (in progress or ended). */
  find(taskSid: string): EmulatedConference | undefined {
    return this.conferences.get(this.rootTask(taskSid));
  }

  bySid(sid: string): EmulatedConference | undefined {
    return [...this.conferences.values()].find((c) => c.sid === sid);
  }

  /** The task's conference in progress, created on its first conference instruction. */
  of(task: Task): EmulatedConference {
    const sid = this.rootTask(task.sid);
    let conference = this.conferences.get(sid);
    if (!conference || conference.status === 'completed') {
      const root = this.engine.task(sid) ?? task;
      const a = root.attributes;
      const outbound = a['direction'] === 'outbound';
      const text = (v: unknown) => (typeof v === 'string' ? v : '');
      const number = (outbound ? text(a['outbound_to']) || text(a['to']) : text(a['from'])) || 'anonymous';
      const callSid = typeof a['call_sid'] === 'string' ? a['call_sid'] : this.nextSid('CA');
      const now = this.options.now();
      if (!this.pstn.has(callSid))
        this.pstn.set(callSid, {
          sid: callSid,
          from: outbound ? text(a['from']) : number,
          to: outbound ? number : text(a['to']),
          direction: outbound ? 'outbound-api' : 'inbound',
          status: 'in-progress',
          createdAt: now,
          answeredAt: now,
        });
      conference = {
        sid: 'CF' + sid.slice(2),
        friendlyName: sid,
        taskSid: sid,
        status: 'in-progress',
        customer: { callSid, from: number, status: 'in-progress', onHold: false, inConference: true },
        endConferenceOnCustomerExit: false,
        participants: new Map(),
        createdAt: now,
        updatedAt: now,
      };
      this.conferences.set(sid, conference);
    }
    return conference;
  }

  /** The joined leg of a worker in the task's conference. */
  workerLeg(taskSid: string, workerSid: string): ConferenceParticipant | undefined {
    const conference = this.find(taskSid);
    if (!conference || conference.status !== 'in-progress') return undefined;
    return [...conference.participants.values()].find((p) => p.workerSid === workerSid && p.kind !== 'external' && p.status !== 'left');
  }

  join(conference: EmulatedConference, participant: Omit<ConferenceParticipant, 'onHold' | 'muted' | 'coaching' | 'callSidToCoach'> & Partial<ConferenceParticipant>): ConferenceParticipant {
    const p: ConferenceParticipant = { onHold: false, muted: false, coaching: false, callSidToCoach: null, ...participant };
    conference.participants.set(p.callSid, p);
    conference.updatedAt = this.options.now();
    return p;
  }

  /**
   * Dials a phone number into the conference (a worker or supervisor whose contact_uri or To is a
   * number, or a number added with REST): the emulator plays that phone, which rings and answers.
   */
  dialPhone(conference: EmulatedConference, number: string, from: string, participant: Omit<ConferenceParticipant, 'callSid' | 'status' | 'onHold' | 'muted' | 'coaching' | 'callSidToCoach'> & Partial<ConferenceParticipant>): ConferenceParticipant {
    if (!E164.test(number)) throw new HttpError(400, 21211, `Invalid 'To' Phone Number: ${number} (the emulator dials E.164 numbers and client: URIs)`);
    const sid = this.nextSid('CA');
    const call: PstnCall = { sid, from, to: number, direction: 'outbound-api', status: 'queued', createdAt: this.options.now() };
    this.pstn.set(sid, call);
    const p = this.join(conference, { ...participant, callSid: sid, status: 'ringing' });
    this.ringPhone(call, () => {
      if (p.status === 'ringing' && conference.status === 'in-progress') p.status = 'joined';
      conference.updatedAt = this.options.now();
    });
    this.options.log('conference', conference.sid, 'dialing', number, 'as', sid);
    return p;
  }

  /** TaskRouter puts the customer on hold when a transfer of the task starts (seen in twilio-taskrouter.js's tests on real Twilio). */
  transferStarted(taskSid: string): void {
    const conference = this.find(taskSid);
    if (conference && conference.status === 'in-progress' && conference.customer.inConference) {
      conference.customer.onHold = true;
      conference.updatedAt = this.options.now();
    }
  }

  /** The supervision of a task ended (stopped, or the task left 'assigned'): the supervisors' legs leave the conference. */
  supervisionEnded(taskSid: string): void {
    const conference = this.find(taskSid);
    if (!conference || conference.status !== 'in-progress') return;
    for (const p of conference.participants.values()) if (p.kind === 'supervisor' && p.taskSid === taskSid && p.status !== 'left') this.remove(conference, p, 'supervision ended');
  }

  /** A supervise instruction again, with another mode: the supervisor's participant follows it. */
  superviseMode(taskSid: string, supervisorSid: string, mode: 'monitor' | 'coach' | 'barge'): boolean {
    const conference = this.find(taskSid);
    const p = conference && [...conference.participants.values()].find((x) => x.kind === 'supervisor' && x.workerSid === supervisorSid && x.status !== 'left');
    if (!conference || !p) return false;
    const task = this.engine.task(taskSid);
    const agent = task?.workerSid ? this.workerLeg(taskSid, task.workerSid) : undefined;
    this.update(p, { muted: mode === 'monitor', coaching: mode === 'coach' && !!agent, callSidToCoach: mode === 'coach' && agent ? agent.callSid : null });
    return true;
  }

  /** Holds or resumes the customer (TaskRouter's CustomerParticipant, or REST on the customer's call). */
  holdCustomer(taskSid: string, hold: boolean): void {
    const conference = this.requireLive(taskSid);
    if (!conference.customer.inConference) throw new HttpError(400, 20001, `The customer of task ${taskSid} is no longer in its conference`);
    conference.customer.onHold = hold;
    conference.updatedAt = this.options.now();
  }

  /** Holds or resumes a worker's leg (TaskRouter's HoldWorkerParticipant). */
  holdWorker(taskSid: string, workerSid: string, hold: boolean): void {
    this.requireLive(taskSid);
    const p = this.workerLeg(taskSid, workerSid);
    // Twilio answers 400 when the target is not in the same conference (or has not accepted yet).
    if (!p || p.status !== 'joined') throw new HttpError(400, 20001, `Worker ${workerSid} is not a connected participant of the conference of task ${taskSid}`);
    this.update(p, { hold });
  }

  /** TaskRouter's KickWorkerParticipant: the worker's leg is removed from the conference. */
  kickWorker(taskSid: string, workerSid: string): void {
    this.requireLive(taskSid);
    const p = this.workerLeg(taskSid, workerSid);
    if (!p) throw new HttpError(400, 20001, `Worker ${workerSid} is not a participant of the conference of task ${taskSid}`);
    this.remove(this.find(taskSid)!, p, 'kicked');
  }

  /** A task with no TaskRouter conference (a chat, a Device dial, an ended call) cannot hold or kick anyone, as on Twilio. */
  private requireLive(taskSid: string): EmulatedConference {
    const conference = this.find(taskSid);
    if (!conference) throw new HttpError(400, 20001, `Task ${taskSid} has no TaskRouter conference: only a call joined through the conference instruction has participants`);
    if (conference.status !== 'in-progress') throw new HttpError(400, 20001, `The conference of task ${taskSid} has ended`);
    return conference;
  }

  private update(p: ConferenceParticipant, change: { hold?: boolean; muted?: boolean; coaching?: boolean; callSidToCoach?: string | null; endConferenceOnExit?: boolean }): void {
    if (change.hold !== undefined) {
      p.onHold = change.hold;
      const call = this.voice.calls.get(p.callSid);
      if (call) call.onHold = change.hold;
    }
    if (change.muted !== undefined) {
      p.muted = change.muted;
      const call = this.voice.calls.get(p.callSid);
      if (call) call.muted = change.muted;
    }
    if (change.coaching !== undefined) p.coaching = change.coaching;
    if (change.callSidToCoach !== undefined) p.callSidToCoach = change.callSidToCoach;
    if (change.endConferenceOnExit !== undefined) p.endConferenceOnExit = change.endConferenceOnExit;
  }

  /** Changes a worker's own leg (Reservation.updateParticipant: EndConferenceOnExit, Mute). */
  updateWorker(taskSid: string, workerSid: string, change: { endConferenceOnExit?: boolean; muted?: boolean }): void {
    const p = this.workerLeg(taskSid, workerSid);
    if (!p || p.status !== 'joined') throw new HttpError(404, 20404, `Worker ${workerSid} is not in the conference of task ${taskSid}`);
    this.update(p, change);
  }

  /** A participant leaves (hung up, kicked, redirected): endConferenceOnExit ends the conference for everyone. */
  private remove(conference: EmulatedConference, p: ConferenceParticipant, why: string): void {
    if (p.status === 'left') return;
    p.status = 'left';
    conference.updatedAt = this.options.now();
    if (this.live(p.callSid)) this.voice.hangup(p.callSid);
    const pstn = this.pstn.get(p.callSid);
    if (pstn && (pstn.status === 'ringing' || pstn.status === 'in-progress' || pstn.status === 'queued')) this.endPstn(pstn, 'completed');
    if (p.kind === 'supervisor') {
      if (p.taskSid && this.engine.supervision(p.taskSid)) this.engine.stopMonitoring(p.taskSid);
    } else if (p.kind === 'worker' && p.taskSid && this.engine.task(p.taskSid)?.status === 'assigned') {
      this.engine.wrapupTask(p.taskSid, why === 'hangup' ? 'hangup' : 'left the conference');
    }
    // A coached leg that leaves is coached no more.
    for (const other of conference.participants.values()) if (other.callSidToCoach === p.callSid) Object.assign(other, { coaching: false, callSidToCoach: null });
    if (p.endConferenceOnExit) return this.end(conference, why);
    const anyone = [...conference.participants.values()].some((x) => x.status !== 'left');
    if (!anyone && !conference.customer.inConference) this.end(conference, 'empty');
  }

  /** The customer leaves the conference (hung up, or redirected to a number): with endConferenceOnCustomerExit it ends. */
  private customerLeft(conference: EmulatedConference, why: string): void {
    conference.customer.inConference = false;
    conference.updatedAt = this.options.now();
    if (conference.endConferenceOnCustomerExit) return this.end(conference, why);
    if (![...conference.participants.values()].some((x) => x.status !== 'left')) this.end(conference, 'empty');
  }

  /** The conference ends: every leg is hung up, the customer too (unless redirected elsewhere), and the tasks in it go to wrap-up. */
  end(conference: EmulatedConference, why: string): void {
    if (conference.status === 'completed') return;
    conference.status = 'completed';
    conference.endedBy = why;
    conference.updatedAt = this.options.now();
    if (conference.customer.inConference) {
      conference.customer.inConference = false;
      conference.customer.status = 'completed';
      const call = this.pstn.get(conference.customer.callSid);
      if (call && call.status === 'in-progress') this.endPstn(call, 'completed');
    }
    for (const p of conference.participants.values()) {
      if (p.status === 'left') continue;
      p.status = 'left';
      if (this.live(p.callSid)) this.voice.hangup(p.callSid);
      const pstn = this.pstn.get(p.callSid);
      if (pstn) this.endPstn(pstn, pstn.status === 'in-progress' ? 'completed' : 'canceled');
    }
    for (const p of conference.participants.values()) {
      if (p.kind === 'worker' && p.taskSid && this.engine.task(p.taskSid)?.status === 'assigned') this.engine.wrapupTask(p.taskSid, why);
      if (p.kind === 'supervisor' && p.taskSid && this.engine.supervision(p.taskSid)) this.engine.stopMonitoring(p.taskSid);
    }
    this.options.log('conference ended', conference.sid, why);
  }

  private live(sid: string | undefined): EmulatedCall | undefined {
    const call = sid ? this.voice.calls.get(sid) : undefined;
    return call && (call.status === 'ringing' || call.status === 'in-progress') ? call : undefined;
  }

  private endPstn(call: PstnCall, status: PstnCall['status']): void {
    if (call.status === 'completed' || call.status === 'canceled' || call.status === 'busy' || call.status === 'no-answer') return;
    call.status = status;
    call.endedAt = this.options.now();
    // A redirected customer's far end hangs up with it, and the other way round.
    for (const other of this.pstn.values()) if (other.parentCallSid === call.sid && (other.status === 'in-progress' || other.status === 'ringing')) this.endPstn(other, other.status === 'ringing' ? 'canceled' : 'completed');
    const parent = call.parentCallSid ? this.pstn.get(call.parentCallSid) : undefined;
    if (parent && parent.status === 'in-progress' && parent.connectedTo) this.endPstn(parent, 'completed');
    for (const conference of this.conferences.values()) {
      if (conference.customer.callSid === call.sid && conference.customer.status === 'in-progress') {
        conference.customer.status = 'completed';
        if (conference.customer.inConference && conference.status === 'in-progress') this.customerLeft(conference, 'customer hung up');
      }
      const p = conference.participants.get(call.sid);
      if (p && p.status !== 'left' && conference.status === 'in-progress') this.remove(conference, p, 'hangup');
    }
  }

  /** A Device leg ended (the agent or supervisor hung up or rejected it). */
  deviceCallEnded(call: EmulatedCall): boolean {
    for (const conference of this.conferences.values()) {
      const p = conference.participants.get(call.sid);
      if (!p || conference.status !== 'in-progress' || p.status === 'left') continue;
      // A ringing leg that is rejected never joined: only its own task ends, unless it ends the conference.
      if (call.status === 'canceled' && !p.endConferenceOnExit) {
        p.status = 'left';
        if (p.taskSid && this.engine.task(p.taskSid)?.status === 'assigned') this.engine.wrapupTask(p.taskSid, 'hangup');
        return true;
      }
      this.remove(conference, p, 'hangup');
      return true;
    }
    return false;
  }

  /** A simulated phone rings and, after answerMs, answers (or waits for /control/answer). */
  private ringPhone(call: PstnCall, onAnswer: () => void): void {
    call.status = 'ringing';
    const answer = () => {
      if (call.status !== 'ringing') return;
      call.status = 'in-progress';
      call.answeredAt = this.options.now();
      onAnswer();
    };
    this.answers.set(call.sid, answer);
    if (this.options.answerMs >= 0) {
      const timer = setTimeout(() => {
        this.timers.delete(timer);
        answer();
      }, this.options.answerMs);
      this.timers.add(timer);
    }
  }

  private readonly answers = new Map<string, () => void>();

  /** The person playing a simulated phone answers it (/control/answer). */
  answer(callSid: string): void {
    const call = this.pstn.get(callSid);
    if (!call || call.status !== 'ringing') throw new HttpError(400, 20001, `Call ${callSid} is not ringing`);
    this.answers.get(callSid)?.();
  }

  /** A simulated phone (the customer, an added number, a transfer's far end) hangs up or is busy (/control/hangup). */
  hangupPhone(callSid: string, status: 'completed' | 'busy' | 'no-answer' = 'completed'): void {
    const call = this.pstn.get(callSid);
    if (!call) throw new HttpError(404, 20404, `No phone call ${callSid}`);
    this.endPstn(call, call.status === 'ringing' ? (status === 'completed' ? 'canceled' : status) : 'completed');
  }

  // ------------------------------------------------------------------ REST (api.twilio.com/2010-04-01)

  private base = `/2010-04-01/Accounts/${TEST_ACCOUNT.accountSid}`;

  conferenceJson(c: EmulatedConference) {
    return {
      account_sid: TEST_ACCOUNT.accountSid,
      api_version: '2010-04-01',
      call_sid_ending_conference: null,
      date_created: rfc2822(c.createdAt),
      date_updated: rfc2822(c.updatedAt),
      friendly_name: c.friendlyName,
      reason_conference_ended: c.status === 'completed' ? 'participant-with-end-conference-on-exit-left' : null,
      region: 'us1',
      sid: c.sid,
      status: c.status,
      uri: `${this.base}/Conferences/${c.sid}.json`,
      subresource_uris: { participants: `${this.base}/Conferences/${c.sid}/Participants.json`, recordings: `${this.base}/Conferences/${c.sid}/Recordings.json` },
    };
  }

  private participantJson(c: EmulatedConference, p: ConferenceParticipant | 'customer') {
    const customer = p === 'customer';
    const callSid = customer ? c.customer.callSid : p.callSid;
    const status = customer ? (c.customer.inConference ? 'connected' : 'complete') : p.status === 'joined' ? 'connected' : p.status === 'ringing' ? 'ringing' : 'complete';
    return {
      account_sid: TEST_ACCOUNT.accountSid,
      call_sid: callSid,
      call_sid_to_coach: customer ? null : p.callSidToCoach,
      coaching: customer ? false : p.coaching,
      conference_sid: c.sid,
      date_created: rfc2822(c.createdAt),
      date_updated: rfc2822(c.updatedAt),
      end_conference_on_exit: customer ? c.endConferenceOnCustomerExit : p.endConferenceOnExit,
      hold: customer ? c.customer.onHold : p.onHold,
      label: customer ? 'customer' : p.label,
      muted: customer ? false : p.muted,
      queue_time: null,
      start_conference_on_enter: true,
      status,
      uri: `${this.base}/Conferences/${c.sid}/Participants/${callSid}.json`,
    };
  }

  private callJson(sid: string) {
    const pstn = this.pstn.get(sid);
    const device = this.voice.calls.get(sid);
    if (!pstn && !device) throw new HttpError(404, 20404, `The requested resource ${this.base}/Calls/${sid}.json was not found`);
    const status = pstn ? pstn.status : device!.status === 'canceled' ? 'canceled' : device!.status;
    return {
      account_sid: TEST_ACCOUNT.accountSid,
      api_version: '2010-04-01',
      sid,
      from: pstn ? pstn.from : device!.from,
      to: pstn ? pstn.to : `client:${device!.identity}`,
      direction: pstn ? pstn.direction : 'outbound-api',
      status,
      parent_call_sid: pstn?.parentCallSid ?? null,
      start_time: rfc2822(pstn ? pstn.answeredAt : device!.answeredAt),
      end_time: rfc2822(pstn ? pstn.endedAt : device!.endedAt),
      uri: `${this.base}/Calls/${sid}.json`,
    };
  }

  private participantOf(c: EmulatedConference, callSid: string): ConferenceParticipant | 'customer' {
    if (c.customer.callSid === callSid && c.customer.inConference) return 'customer';
    const p = c.participants.get(callSid);
    if (!p || p.status === 'left') throw new HttpError(404, 20404, `The requested resource ${this.base}/Conferences/${c.sid}/Participants/${callSid}.json was not found`);
    return p;
  }

  /** Serves `Conferences…` and `Calls…` below the account; returns null for anything else. */
  rest(request: RestRequest, parts: string[]): unknown {
    const [kind, id, sub, subId] = parts;
    const { method, form, query } = request;
    if (kind === 'Conferences' && !id && method === 'GET') {
      const name = query.get('FriendlyName');
      const status = query.get('Status');
      const items = [...this.conferences.values()].filter(
        (c) => (name === null || c.friendlyName === this.rootTask(name)) && (status === null || c.status === status),
      );
      return restPage(`https://api.twilio.com${this.base}/Conferences.json`, 'conferences', items.map((c) => this.conferenceJson(c)), query);
    }
    if (kind === 'Conferences' && id) {
      const c = this.bySid(id);
      if (!c) throw new HttpError(404, 20404, `The requested resource ${this.base}/Conferences/${id}.json was not found`);
      if (!sub && method === 'GET') return this.conferenceJson(c);
      if (!sub && method === 'POST') {
        if (form.get('Status') !== 'completed') throw new HttpError(400, 20001, 'The emulator updates a conference only with Status=completed');
        this.end(c, 'ended through the REST API');
        return this.conferenceJson(c);
      }
      if (sub === 'Participants' && !subId && method === 'GET') {
        const items = [...(c.customer.inConference ? (['customer'] as const) : []), ...[...c.participants.values()].filter((p) => p.status !== 'left')];
        return restPage(`https://api.twilio.com${this.base}/Conferences/${c.sid}/Participants.json`, 'participants', items.map((p) => this.participantJson(c, p)), query);
      }
      if (sub === 'Participants' && !subId && method === 'POST') return this.addParticipant(c, form);
      if (sub === 'Participants' && subId) {
        if (c.status !== 'in-progress') throw new HttpError(404, 20404, `Conference ${c.sid} is not in progress`);
        const p = this.participantOf(c, subId);
        if (method === 'GET') return this.participantJson(c, p);
        if (method === 'DELETE') {
          if (p === 'customer') this.endPstn(this.pstn.get(c.customer.callSid)!, 'completed');
          else this.remove(c, p, 'kicked');
          return undefined;
        }
        if (method === 'POST') return this.updateParticipant(c, p, form);
      }
    }
    if (kind === 'Calls' && id && !sub) {
      if (method === 'GET') return this.callJson(id);
      if (method === 'POST') return this.updateCall(id, form);
    }
    return null;
  }

  private updateParticipant(c: EmulatedConference, p: ConferenceParticipant | 'customer', form: URLSearchParams) {
    const hold = formBool(form, 'Hold');
    const muted = formBool(form, 'Muted');
    const coaching = formBool(form, 'Coaching');
    const endConferenceOnExit = formBool(form, 'EndConferenceOnExit');
    const callSidToCoach = form.get('CallSidToCoach');
    const holdUrl = form.get('HoldUrl');
    if (holdUrl !== null && !/^https?:\/\//.test(holdUrl)) throw new HttpError(400, 21402, `HoldUrl must be an http(s) URL, got ${JSON.stringify(holdUrl)}`);
    if (p === 'customer') {
      if (coaching !== undefined || callSidToCoach !== null) throw new HttpError(400, 20001, 'The customer cannot coach');
      if (hold !== undefined) this.holdCustomer(c.taskSid, hold);
      if (endConferenceOnExit !== undefined) c.endConferenceOnCustomerExit = endConferenceOnExit;
      if (muted !== undefined) throw new HttpError(400, 20001, 'The emulator does not model muting the customer');
      return this.participantJson(c, 'customer');
    }
    // Coaching needs someone to coach: a connected participant of the same conference, not the coach.
    const target = callSidToCoach ?? (coaching ? p.callSidToCoach : null);
    if (coaching === true && !target) throw new HttpError(400, 20001, 'CallSidToCoach is required when Coaching is true');
    if (callSidToCoach !== null) {
      if (callSidToCoach === p.callSid) throw new HttpError(400, 20001, 'A participant cannot coach itself');
      const coached = c.participants.get(callSidToCoach);
      if (!coached || coached.status !== 'joined') throw new HttpError(400, 20001, `CallSidToCoach ${callSidToCoach} is not a participant of conference ${c.sid}`);
    }
    this.update(p, {
      ...(hold !== undefined ? { hold } : {}),
      ...(muted !== undefined ? { muted } : {}),
      ...(coaching !== undefined ? { coaching } : {}),
      ...(callSidToCoach !== null ? { callSidToCoach } : coaching === false ? { callSidToCoach: null } : {}),
      ...(endConferenceOnExit !== undefined ? { endConferenceOnExit } : {}),
    });
    // A supervisor's leg: the supervision mode follows the participant (monitor muted, coach, barge).
    if (p.kind === 'supervisor' && p.taskSid && p.workerSid && (muted !== undefined || coaching !== undefined)) {
      const mode = p.coaching ? 'coach' : p.muted ? 'monitor' : 'barge';
      if (this.engine.task(p.taskSid)?.status === 'assigned') this.engine.monitorTask(p.taskSid, p.workerSid, mode);
    }
    return this.participantJson(c, p);
  }

  private addParticipant(c: EmulatedConference, form: URLSearchParams) {
    if (c.status !== 'in-progress') throw new HttpError(400, 20001, `Conference ${c.sid} is not in progress`);
    const from = form.get('From');
    const to = form.get('To');
    if (!from) throw new HttpError(400, 21604, 'A From phone number is required');
    if (!to) throw new HttpError(400, 21604, 'A To phone number is required');
    if (!E164.test(from) && !from.startsWith('client:')) throw new HttpError(400, 21212, `Invalid From number: ${from}`);
    if (!E164.test(to)) throw new HttpError(400, 21211, `Invalid 'To' Phone Number: ${to} (the emulator dials E.164 numbers only)`);
    const label = form.get('Label') ?? to;
    if ([...c.participants.values()].some((p) => p.status !== 'left' && p.label === label)) throw new HttpError(400, 20001, `Label ${JSON.stringify(label)} is already used in conference ${c.sid}`);
    const p = this.dialPhone(c, to, from, {
      label,
      kind: 'external',
      endConferenceOnExit: formBool(form, 'EndConferenceOnExit') ?? false,
      muted: formBool(form, 'Muted') ?? false,
    });
    return this.participantJson(c, p);
  }

  /**
   * POST Calls/{CA}: Status=completed hangs up; Twiml redirects. The emulator understands
   * `<Dial>` to one number (bare or in `<Number>`) and `<Hangup/>`; other TwiML, or a Url it
   * would have to fetch, is refused rather than pretended.
   */
  private updateCall(sid: string, form: URLSearchParams) {
    const pstn = this.pstn.get(sid);
    const device = this.voice.calls.get(sid);
    if (!pstn && !device) throw new HttpError(404, 20404, `The requested resource ${this.base}/Calls/${sid}.json was not found`);
    const live = pstn ? pstn.status === 'in-progress' || pstn.status === 'ringing' || pstn.status === 'queued' : device!.status === 'in-progress' || device!.status === 'ringing';
    if (!live) throw new HttpError(400, 21220, 'Call is not in-progress. Cannot redirect.');
    const status = form.get('Status');
    const twiml = form.get('Twiml');
    if (form.get('Url') !== null) throw new HttpError(400, 20001, 'The emulator cannot fetch TwiML from a Url: send Twiml');
    let hangup = status === 'completed' || status === 'canceled';
    let dial: string | undefined;
    if (status !== null && !hangup) throw new HttpError(400, 20001, `Invalid Status ${JSON.stringify(status)}: completed or canceled`);
    if (twiml !== null) {
      const body = twiml.replace(/<\?xml[^>]*\?>/, '').trim();
      const m = /^<Response>\s*(?:<Dial(?:\s[^>]*)?>\s*(?:<Number(?:\s[^>]*)?>\s*([^<\s]+)\s*<\/Number>|([^<\s]+))\s*<\/Dial>|<Hangup\s*\/>)\s*<\/Response>$/.exec(body);
      if (!m) throw new HttpError(400, 12100, `The emulator understands only <Response><Dial>number</Dial></Response> and <Response><Hangup/></Response>, got ${body.slice(0, 120)}`);
      dial = m[1] ?? m[2];
      if (!dial) hangup = true;
      else if (!E164.test(dial)) throw new HttpError(400, 13223, `Dial: invalid phone number format ${dial}`);
    }
    if (hangup) {
      if (pstn) this.endPstn(pstn, pstn.status === 'in-progress' ? 'completed' : 'canceled');
      else {
        this.voice.hangup(sid);
        this.deviceCallEnded(this.voice.calls.get(sid)!);
      }
      return this.callJson(sid);
    }
    if (dial) {
      if (!pstn) throw new HttpError(400, 20001, 'The emulator redirects only phone calls (the customer or an added number), not a Device leg');
      // The call leaves its conference for the number; the far end rings and answers.
      pstn.connectedTo = dial;
      const far: PstnCall = { sid: this.nextSid('CA'), from: pstn.direction === 'inbound' ? pstn.to : pstn.from, to: dial, direction: 'outbound-dial', status: 'queued', parentCallSid: sid, createdAt: this.options.now() };
      this.pstn.set(far.sid, far);
      this.ringPhone(far, () => {});
      for (const conference of this.conferences.values()) {
        if (conference.status !== 'in-progress') continue;
        if (conference.customer.callSid === sid && conference.customer.inConference) {
          conference.customer.connectedTo = dial;
          this.customerLeft(conference, 'customer transferred');
        }
        const p = conference.participants.get(sid);
        if (p && p.status !== 'left') {
          p.status = 'left';
          if (p.endConferenceOnExit) this.end(conference, 'participant transferred');
        }
      }
      this.options.log('call', sid, 'redirected to', dial, 'far end', far.sid);
      return this.callJson(sid);
    }
    return this.callJson(sid);
  }

  /** For /control/state. */
  state() {
    return {
      conferences: [...this.conferences.values()].map((c) => ({ ...c, participants: [...c.participants.values()] })),
      phones: [...this.pstn.values()],
    };
  }

  /** Starts a supervisor's leg in the task's conference (the supervise instruction): a Device call, or a phone number the emulator dials. */
  superviseLeg(task: Task, supervisor: Worker, call: EmulatedCall | { phone: string }, mode: 'monitor' | 'coach' | 'barge'): void {
    const conference = this.find(task.sid);
    if (!conference || conference.status !== 'in-progress') throw new HttpError(400, 20001, `Task ${task.sid} has no conference in progress to supervise`);
    const agent = task.workerSid ? this.workerLeg(task.sid, task.workerSid) : undefined;
    const leg = {
      label: `supervisor:${supervisor.identity}`,
      kind: 'supervisor' as const,
      workerSid: supervisor.sid,
      taskSid: task.sid,
      endConferenceOnExit: false,
      muted: mode === 'monitor',
      coaching: mode === 'coach' && !!agent,
      callSidToCoach: mode === 'coach' && agent ? agent.callSid : null,
    };
    if ('phone' in call) {
      this.dialPhone(conference, call.phone, conference.customer.from, leg);
      return;
    }
    this.join(conference, {
      callSid: call.sid,
      label: `supervisor:${supervisor.identity}`,
      kind: 'supervisor',
      workerSid: supervisor.sid,
      taskSid: task.sid,
      endConferenceOnExit: false,
      status: 'joined',
      muted: mode === 'monitor',
      coaching: mode === 'coach' && !!agent,
      callSidToCoach: mode === 'coach' && agent ? agent.callSid : null,
    });
  }
}
