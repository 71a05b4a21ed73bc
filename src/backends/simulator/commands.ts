import type { CommandName, CommandResults, Commands } from '../backend.js';
import { BackendError } from '../backend.js';
import { isSupervisorRole } from '../../core/roles.js';
import { ACTIVE_CALL } from './media.js';
import { channelHandlers } from './channels.js';
import type { Simulation } from './simulation.js';

type Payload = Readonly<Record<string, unknown>>;

function bad(message: string): BackendError {
  return new BackendError('invalid-argument', message);
}

function str(payload: Payload, key: string, command: string): string {
  const value = payload[key];
  if (typeof value !== 'string' || value === '')
    throw bad(`${command} needs "${key}" as a non-empty string, got ${JSON.stringify(value)}`);
  return value;
}

function bool(payload: Payload, key: string, command: string): boolean {
  const value = payload[key];
  if (typeof value !== 'boolean') throw bad(`${command} needs "${key}" as true or false, got ${JSON.stringify(value)}`);
  return value;
}

function isPrivileged(sim: Simulation): boolean {
  return isSupervisorRole(sim.role);
}

function requireTask(sim: Simulation, taskSid: string) {
  const task = sim.engine.task(taskSid);
  if (!task) throw new BackendError('not-found', `No task ${JSON.stringify(taskSid)}`);
  return task;
}

/** A task the person holds (or, for supervisors and admins, any task). */
function ownTask(sim: Simulation, taskSid: string, command: string) {
  const task = requireTask(sim, taskSid);
  if (task.workerSid !== sim.personSid && !isPrivileged(sim)) {
    throw new BackendError('forbidden', `${command}: task ${taskSid} is not yours`);
  }
  return task;
}

function activeCall(sim: Simulation, taskSid: string, command: string) {
  ownTask(sim, taskSid, command);
  const call = sim.callOf(taskSid);
  if (!call) throw new BackendError('not-found', `${command}: task ${taskSid} has no call`);
  if (!ACTIVE_CALL.has(call.status)) throw new BackendError('invalid-state', `${command}: the call is ${call.status}`);
  return call;
}

function conversation(sim: Simulation, conversationSid: string) {
  const c = sim.conversations.get(conversationSid);
  if (!c) throw new BackendError('not-found', `No conversation ${JSON.stringify(conversationSid)}`);
  return c;
}

/** Runs one command against the simulation; throws BackendError with a readable message. */
/** A task leaving the call ends the call: hung up when in progress, canceled while connecting. */
function endActiveCall(sim: Simulation, taskSid: string): void {
  const call = sim.callOf(taskSid);
  if (call && call.taskSid === taskSid && ACTIVE_CALL.has(call.status))
    sim.endCall(call, call.status === 'in-progress' ? 'completed' : 'canceled');
}

export function runCommand<K extends CommandName>(sim: Simulation, name: K, raw: Commands[K]): CommandResults[K] {
  if (raw === null || typeof raw !== 'object') throw bad(`${String(name)} needs a payload object`);
  const payload = raw as unknown as Payload;
  const engine = sim.engine;
  const run = handlers[name] as unknown as ((sim: Simulation, payload: Payload) => unknown) | undefined;
  if (!run)
    throw new BackendError('unknown-command', `The simulator does not know the command ${JSON.stringify(name)}`);
  void engine;
  return run(sim, payload) as CommandResults[K];
}

type Handler<K extends CommandName> = (sim: Simulation, payload: Payload) => CommandResults[K];

const handlers: { [K in CommandName]: Handler<K> } = {
  ...channelHandlers,
  setActivity(sim, p) {
    const activitySid = str(p, 'activitySid', 'setActivity');
    const workerSid = p['workerSid'] === undefined ? sim.personSid : str(p, 'workerSid', 'setActivity');
    if (workerSid !== sim.personSid && !isPrivileged(sim))
      throw new BackendError('forbidden', "Only supervisors and admins may change another worker's activity");
    if (!sim.engine.activity(activitySid))
      throw new BackendError('not-found', `No activity ${JSON.stringify(activitySid)}`);
    if (p['rejectPendingReservations'] !== undefined) bool(p, 'rejectPendingReservations', 'setActivity');
    sim.engine.setWorkerActivity(workerSid, activitySid, {
      rejectPendingReservations: p['rejectPendingReservations'] === true,
    });
  },
  setAudioDevices(_sim, p) {
    // No audio in the simulation: the choice is checked and kept (the action stored it for the browser).
    for (const key of ['inputDeviceId', 'outputDeviceId']) {
      if (typeof p[key] !== 'string') throw bad(`setAudioDevices needs "${key}" as a string, got ${JSON.stringify(p[key])}`);
    }
  },
  setWorkerAttributes(sim, p) {
    const workerSid = str(p, 'workerSid', 'setWorkerAttributes');
    if (workerSid !== sim.personSid && !isPrivileged(sim))
      throw new BackendError('forbidden', "Only supervisors and admins may change another worker's attributes");
    const attributes = p['attributes'];
    if (attributes === null || typeof attributes !== 'object' || Array.isArray(attributes))
      throw bad('setWorkerAttributes needs "attributes" as an object');
    sim.engine.setWorkerAttributes(workerSid, attributes as Record<string, unknown>);
  },
  acceptReservation(sim, p) {
    const sid = str(p, 'reservationSid', 'acceptReservation');
    const reservation = sim.engine.reservation(sid);
    if (!reservation) throw new BackendError('not-found', `No reservation ${JSON.stringify(sid)}`);
    if (reservation.workerSid !== sim.personSid) throw new BackendError('forbidden', `Reservation ${sid} is not yours`);
    sim.engine.acceptReservation(sid);
  },
  rejectReservation(sim, p) {
    const sid = str(p, 'reservationSid', 'rejectReservation');
    const reservation = sim.engine.reservation(sid);
    if (!reservation) throw new BackendError('not-found', `No reservation ${JSON.stringify(sid)}`);
    if (reservation.workerSid !== sim.personSid) throw new BackendError('forbidden', `Reservation ${sid} is not yours`);
    sim.engine.rejectReservation(sid);
  },
  wrapupTask(sim, p) {
    const taskSid = str(p, 'taskSid', 'wrapupTask');
    ownTask(sim, taskSid, 'wrapupTask');
    endActiveCall(sim, taskSid);
    sim.engine.wrapupTask(taskSid, typeof p['reason'] === 'string' ? p['reason'] : undefined);
  },
  completeTask(sim, p) {
    const taskSid = str(p, 'taskSid', 'completeTask');
    ownTask(sim, taskSid, 'completeTask');
    endActiveCall(sim, taskSid);
    sim.engine.completeTask(taskSid, typeof p['reason'] === 'string' ? p['reason'] : undefined);
  },
  transferTask(sim, p) {
    const taskSid = str(p, 'taskSid', 'transferTask');
    const to = str(p, 'to', 'transferTask');
    const mode = p['mode'];
    if (mode !== 'warm' && mode !== 'cold')
      throw bad(`transferTask needs "mode" warm or cold, got ${JSON.stringify(mode)}`);
    ownTask(sim, taskSid, 'transferTask');
    sim.engine.transferTask(taskSid, { to, mode }, sim.personSid);
  },
  cancelTransfer(sim, p) {
    const taskSid = str(p, 'taskSid', 'cancelTransfer');
    ownTask(sim, taskSid, 'cancelTransfer');
    sim.engine.cancelTransfer(taskSid);
  },
  sendMessage(sim, p) {
    const c = conversation(sim, str(p, 'conversationSid', 'sendMessage'));
    const body = p['body'];
    const attachments = p['attachments'];
    if (typeof body !== 'string') throw bad('sendMessage needs "body" as a string');
    if (attachments !== undefined && !Array.isArray(attachments)) throw bad('sendMessage "attachments" must be a list');
    if (body.trim() === '' && !(Array.isArray(attachments) && attachments.length > 0))
      throw bad('sendMessage needs a non-empty body or an attachment');
    const task = ownTask(sim, c.taskSid, 'sendMessage');
    // An e-mail carries HTML and quoted text; the messaging channels carry one SMS-sized message.
    const limit = task.channel === 'email' ? 100_000 : 1600;
    if (body.length > limit) throw bad(`A message may have at most ${limit} characters, got ${body.length}`);
    if (task.status !== 'assigned' && !(task.status === 'wrapping' && c.open)) {
      throw new BackendError('invalid-state', `Cannot send a message: task ${task.sid} is ${task.status}`);
    }
    const supervising = task.workerSid !== sim.personSid;
    const message = sim.addMessage(c, supervising ? 'supervisor' : 'agent', body, {
      ...(Array.isArray(attachments) ? { attachments } : {}),
    });
    c.agentTyping = false;
    c.agentReadIndex = message.index;
    if (c.open && task.status === 'assigned') sim.scheduleCustomerReply(c);
    return { messageSid: message.sid, index: message.index };
  },
  sendTyping(sim, p) {
    const c = conversation(sim, str(p, 'conversationSid', 'sendTyping'));
    ownTask(sim, c.taskSid, 'sendTyping');
    c.agentTyping = true;
    if (c.agentTypingTimer !== undefined) sim.clock.cancel(c.agentTypingTimer);
    c.agentTypingTimer = sim.clock.schedule(sim.clock.now() + 5000, () => {
      c.agentTypingTimer = undefined;
      c.agentTyping = false;
      sim.markConversation(c);
    });
    sim.markConversation(c);
  },
  markRead(sim, p) {
    const c = conversation(sim, str(p, 'conversationSid', 'markRead'));
    ownTask(sim, c.taskSid, 'markRead');
    const index = p['index'];
    if (typeof index !== 'number' || !Number.isInteger(index) || index < -1 || index >= c.messages.length) {
      throw bad(`markRead needs "index" from -1 to ${c.messages.length - 1}, got ${JSON.stringify(index)}`);
    }
    if (index > c.agentReadIndex) {
      c.agentReadIndex = index;
      sim.markConversation(c);
    }
  },
  loadMessages(sim, p) {
    const c = conversation(sim, str(p, 'conversationSid', 'loadMessages'));
    ownTask(sim, c.taskSid, 'loadMessages');
    const pageSize = p['pageSize'];
    if (typeof pageSize !== 'number' || !Number.isInteger(pageSize) || pageSize < 1 || pageSize > 200) {
      throw bad(`loadMessages needs "pageSize" from 1 to 200, got ${JSON.stringify(pageSize)}`);
    }
    const before = p['before'] === undefined ? c.loadedFrom : p['before'];
    if (typeof before !== 'number' || !Number.isInteger(before) || before < 0 || before > c.messages.length) {
      throw bad(`loadMessages "before" must be an index from 0 to ${c.messages.length}, got ${JSON.stringify(before)}`);
    }
    const from = Math.max(0, before - pageSize);
    const page = c.messages.slice(from, before);
    if (from < c.loadedFrom) c.loadedFrom = from;
    sim.emitMessages(c, page);
    return { loaded: page.length, hasOlder: from > 0 };
  },
  startOutboundCall(sim, p) {
    const to = str(p, 'to', 'startOutboundCall').replace(/[\s()-]/g, '');
    if (!/^\+?[0-9]{3,15}$/.test(to))
      throw bad(`startOutboundCall needs a phone number like +14155550100, got ${JSON.stringify(p['to'])}`);
    const from = p['from'] === undefined ? undefined : str(p, 'from', 'startOutboundCall');
    const person = sim.engine.worker(sim.personSid)!;
    const voice = person.channels['voice'];
    if (!voice || voice.assigned >= voice.capacity)
      throw new BackendError('busy', 'You are already on a call; finish it before dialing');
    const linked = p['linkedTaskSid'] === undefined ? undefined : str(p, 'linkedTaskSid', 'startOutboundCall');
    if (linked !== undefined) ownTask(sim, linked, 'startOutboundCall');
    return sim.startOutboundCall(to, from, linked);
  },
  hangupCall(sim, p) {
    const taskSid = str(p, 'taskSid', 'hangupCall');
    const call = activeCall(sim, taskSid, 'hangupCall');
    const connecting = call.status === 'connecting';
    sim.endCall(call, connecting ? 'canceled' : call.status === 'ringing' ? 'canceled' : 'completed');
    if (sim.engine.task(taskSid)?.status === 'assigned')
      sim.engine.wrapupTask(taskSid, connecting ? 'canceled' : 'hangup');
  },
  holdCall(sim, p) {
    const taskSid = str(p, 'taskSid', 'holdCall');
    const hold = bool(p, 'hold', 'holdCall');
    const call = activeCall(sim, taskSid, 'holdCall');
    if (call.status !== 'in-progress')
      throw new BackendError('invalid-state', `holdCall: the call is ${call.status}, not in progress`);
    if (call.onHold === hold) return;
    const now = sim.clock.now();
    if (hold) call.holdStartedAt = now;
    else if (call.holdStartedAt !== undefined) {
      call.holdSeconds += (now - call.holdStartedAt) / 1000;
      call.holdStartedAt = undefined;
    }
    call.onHold = hold;
    call.participants = call.participants.map((x) => (x.kind === 'customer' ? { ...x, onHold: hold } : x));
    sim.markCall(call);
  },
  muteCall(sim, p) {
    const taskSid = str(p, 'taskSid', 'muteCall');
    const muted = bool(p, 'muted', 'muteCall');
    const call = activeCall(sim, taskSid, 'muteCall');
    call.muted = muted;
    call.participants = call.participants.map((x) =>
      x.workerSid === sim.personSid && x.kind === 'worker' ? { ...x, muted } : x,
    );
    sim.markCall(call);
  },
  sendDigits(sim, p) {
    const taskSid = str(p, 'taskSid', 'sendDigits');
    const digits = str(p, 'digits', 'sendDigits');
    if (!/^[0-9*#wW]{1,32}$/.test(digits))
      throw bad(`sendDigits accepts 0-9, *, # and w (pause), got ${JSON.stringify(digits)}`);
    const call = activeCall(sim, taskSid, 'sendDigits');
    call.digits += digits;
  },
  holdParticipant(sim, p) {
    const taskSid = str(p, 'taskSid', 'holdParticipant');
    const participantSid = str(p, 'participantSid', 'holdParticipant');
    const hold = bool(p, 'hold', 'holdParticipant');
    const call = activeCall(sim, taskSid, 'holdParticipant');
    const participant = call.participants.find((x) => x.sid === participantSid && x.status !== 'left');
    if (!participant) throw new BackendError('not-found', `No participant ${participantSid} on the call`);
    call.participants = call.participants.map((x) => (x === participant ? { ...x, onHold: hold } : x));
    sim.markCall(call);
  },
  kickParticipant(sim, p) {
    const taskSid = str(p, 'taskSid', 'kickParticipant');
    const participantSid = str(p, 'participantSid', 'kickParticipant');
    const call = activeCall(sim, taskSid, 'kickParticipant');
    const participant = call.participants.find((x) => x.sid === participantSid && x.status !== 'left');
    if (!participant) throw new BackendError('not-found', `No participant ${participantSid} on the call`);
    if (participant.kind === 'customer') {
      sim.endCall(call, 'completed');
      if (sim.engine.task(taskSid)?.status === 'assigned') sim.engine.wrapupTask(taskSid, 'customer removed');
      return;
    }
    if (participant.workerSid === sim.personSid && participant.kind === 'worker')
      throw bad('Use hangupCall to leave the call yourself');
    const task = sim.engine.task(taskSid)!;
    if (task.transfer?.status === 'initiated' && task.transfer.to === participant.workerSid) {
      sim.engine.cancelTransfer(taskSid);
    }
    call.participants = call.participants.map((x) => (x === participant ? { ...x, status: 'left' as const } : x));
    sim.markCall(call);
  },
  monitorTask(sim, p) {
    const taskSid = str(p, 'taskSid', 'monitorTask');
    const mode = p['mode'];
    if (mode !== 'monitor' && mode !== 'coach' && mode !== 'barge')
      throw bad(`monitorTask needs "mode" monitor, coach or barge, got ${JSON.stringify(mode)}`);
    if (!isPrivileged(sim)) throw new BackendError('forbidden', 'Only supervisors and admins may monitor tasks');
    requireTask(sim, taskSid);
    sim.engine.monitorTask(taskSid, sim.personSid, mode);
  },
  setTaskAttributes(sim, p) {
    const taskSid = str(p, 'taskSid', 'setTaskAttributes');
    const attributes = p['attributes'];
    if (attributes === null || typeof attributes !== 'object' || Array.isArray(attributes))
      throw bad('setTaskAttributes needs "attributes" as an object');
    const merge = p['merge'] === undefined ? true : bool(p, 'merge', 'setTaskAttributes');
    const task = requireTask(sim, taskSid);
    if (task.workerSid !== sim.personSid && !isPrivileged(sim))
      throw new BackendError('forbidden', `setTaskAttributes: task ${taskSid} is not yours`);
    if (task.status === 'completed' || task.status === 'canceled')
      throw new BackendError('invalid-state', `setTaskAttributes: task ${taskSid} is ${task.status}`);
    if (merge) sim.engine.updateTaskAttributes(taskSid, attributes as Record<string, unknown>);
    else sim.engine.replaceTaskAttributes(taskSid, attributes as Record<string, unknown>);
  },
  startOutboundConversation(sim, p) {
    const to = str(p, 'to', 'startOutboundConversation');
    const channel = p['channel'];
    if (channel !== 'sms' && channel !== 'whatsapp' && channel !== 'email')
      throw bad(`startOutboundConversation needs "channel" sms, whatsapp or email, got ${JSON.stringify(channel)}`);
    if (channel === 'email' ? !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(to) : !/^\+[1-9][0-9]{6,14}$/.test(to))
      throw bad(`startOutboundConversation: ${JSON.stringify(to)} is not ${channel === 'email' ? 'an e-mail address' : 'a number in E.164 (+14155550100)'}`);
    for (const key of ['from', 'template', 'body']) {
      if (p[key] !== undefined && typeof p[key] !== 'string') throw bad(`startOutboundConversation "${key}" must be a string`);
    }
    const body = typeof p['body'] === 'string' ? p['body'] : undefined;
    if (body !== undefined && body.length > 1600) throw bad(`A message may have at most 1600 characters, got ${body.length}`);
    const person = sim.engine.worker(sim.personSid)!;
    const capacity = person.channels[channel];
    if (!capacity) throw new BackendError('invalid-state', `You do not take ${channel} tasks`);
    if (capacity.assigned >= capacity.capacity)
      throw new BackendError('busy', `You have no free ${channel} capacity; finish a ${channel} task first`);
    try {
      return sim.startOutboundConversation({
        to,
        channel,
        ...(typeof p['from'] === 'string' ? { from: p['from'] } : {}),
        ...(typeof p['template'] === 'string' ? { template: p['template'] } : {}),
        ...(body !== undefined ? { body } : {}),
      });
    } catch (error) {
      if (error instanceof RangeError && error.message === 'template-required') {
        throw new BackendError(
          'template-required',
          `WhatsApp allows a business-initiated message to ${to} only with an approved template: the customer has not written in the last 24 hours.`,
        );
      }
      throw error;
    }
  },
  stopMonitoring(sim, p) {
    const taskSid = str(p, 'taskSid', 'stopMonitoring');
    if (!isPrivileged(sim)) throw new BackendError('forbidden', 'Only supervisors and admins may monitor tasks');
    requireTask(sim, taskSid);
    sim.engine.stopMonitoring(taskSid);
  },
};
