import type { TransferMode } from '../../core/model.js';
import { BackendError } from '../backend.js';
import { InteractionsClient, interactionOf, type InteractionRefs } from './interactions.js';
import type { TrReservation } from './sdk-types.js';
import type { TwilioSession } from './session.js';
import { attributesOf } from './tasks.js';

/**
 * Messaging tasks the Flex way (Flex's own sequence, learned from @twilio/flex-sdk and Flex UI):
 * every step goes through the Interactions API, and the handlers wait for the reservation's own
 * TaskRouter event before they report the new state, as Flex does.
 *
 * | step      | request (tunnelled through EventBridge)                                       | waits for |
 * |-----------|-------------------------------------------------------------------------------|-----------|
 * | accept    | `POST v1/Interactions/KD/Channels/UO/Invites/KG {action: accept, routing: {type: taskrouter, reservation: {sid}}}` | `accepted` |
 * | decline   | the same with `action: decline`                                               | `rejected` |
 * | wrap up   | `POST v1/Interactions/KD/Channels/UO {status: closed, routing: {status: wrapup}}` | `wrapup` |
 * | complete  | `POST v1/Interactions/KD/Channels/UO {status: closed, routing: {status: closed}}` | `completed` |
 * | transfer  | `GET …/Participants` (the agent's own UT), then `POST v1/Instances/GO/Interactions/KD/Channels/UO/Transfers {type: cold, from: UT, to: WK or WQ}` | `wrapup` |
 * | read along (supervisor) | `POST …/Participants {type: supervisor, media_properties: {identity}}`; leave: `POST …/Participants/UT {status: closed}` | — |
 */

const clients = new WeakMap<TwilioSession, InteractionsClient>();

/** TaskRouter's EventBridge request endpoint: the option, else Twilio's for the region. */
function ebServer(s: TwilioSession): string {
  if (s.options.ebServer) return s.options.ebServer;
  const region = s.options.region && s.options.region !== 'us1' ? `.${s.options.region}` : '';
  return `https://event-bridge${region}.twilio.com/v1/wschannels`;
}

export function interactionsClient(s: TwilioSession): InteractionsClient {
  let client = clients.get(s);
  if (!client) {
    client = new InteractionsClient({
      ebServer: ebServer(s),
      token: () => {
        if (!s.keeper) throw new BackendError('not-connected', 'Not connected to Twilio');
        return s.keeper.token;
      },
    });
    clients.set(s, client);
  }
  return client;
}

/** The interaction of a reservation's task, or undefined for a task that is not a Flex interaction. */
export function interactionOfReservation(r: TrReservation): InteractionRefs | undefined {
  return interactionOf(r.task.sid, attributesOf(r.task));
}

/** Resolves when the reservation reaches `status` (its TaskRouter event), or rejects after `timeoutMs`. */
function reached(r: TrReservation, event: string, status: string, timeoutMs = 15_000): { done: Promise<void>; cancel: () => void } {
  let cancel = () => {};
  const done = new Promise<void>((resolve, reject) => {
    if (r.status === status) {
      resolve();
      return;
    }
    const timer = setTimeout(
      () => reject(new BackendError('timeout', `Reservation ${r.sid} did not become ${status} within ${timeoutMs / 1000} s`)),
      timeoutMs,
    );
    cancel = () => clearTimeout(timer);
    r.on(event, () => {
      clearTimeout(timer);
      resolve();
    });
  });
  return { done, cancel };
}

/** Whether the reservation reaches `status` within `timeoutMs` (false rather than an error). */
export async function reaches(r: TrReservation, event: string, status: string, timeoutMs: number): Promise<boolean> {
  return reached(r, event, status, timeoutMs).done.then(
    () => true,
    () => false,
  );
}

/** Runs one Interactions request and waits for the reservation's event; a refused request stops the wait. */
async function step(r: TrReservation, event: string, status: string, request: () => Promise<unknown>): Promise<void> {
  const wait = reached(r, event, status);
  try {
    await request();
  } catch (error) {
    wait.cancel();
    throw error;
  }
  await wait.done;
}

export function acceptMessaging(s: TwilioSession, r: TrReservation, refs: InteractionRefs): Promise<void> {
  return step(r, 'accepted', 'accepted', () => interactionsClient(s).acceptInvite(refs, r.sid));
}

export function declineMessaging(s: TwilioSession, r: TrReservation, refs: InteractionRefs): Promise<void> {
  return step(r, 'rejected', 'rejected', () => interactionsClient(s).declineInvite(refs, r.sid));
}

export function wrapMessaging(s: TwilioSession, r: TrReservation, refs: InteractionRefs): Promise<void> {
  return step(r, 'wrapup', 'wrapping', () => interactionsClient(s).updateChannel(refs, 'closed', 'wrapup'));
}

export function completeMessaging(s: TwilioSession, r: TrReservation, refs: InteractionRefs): Promise<void> {
  return step(r, 'completed', 'completed', () => interactionsClient(s).updateChannel(refs, 'closed', 'closed'));
}

/**
 * A cold transfer to a worker or a queue, as Flex's: from this agent's own channel participant.
 * Flex has no warm messaging transfer, so warm is refused before anything is sent. The agent
 * leaves the conversation and their reservation goes to wrap-up.
 */
export async function transferMessaging(
  s: TwilioSession,
  r: TrReservation,
  refs: InteractionRefs,
  to: string,
  mode: TransferMode | undefined,
): Promise<void> {
  if (mode === 'warm')
    throw new BackendError('unsupported', 'Conversations are transferred cold only (Flex has no warm messaging transfer)');
  const instanceSid = s.options.flexInstanceSid;
  if (!instanceSid) {
    throw new BackendError(
      'not-configured',
      "A messaging transfer needs the Flex instance sid (GO…, the Flex configuration's flex_instance_sid): set backendOptions.flexInstanceSid",
    );
  }
  const client = interactionsClient(s);
  const me = String(s.w.sid);
  const participants = await client.participants(refs, { taskSid: r.task.sid });
  const own = participants.find((p) => (p.type === 'agent' || p.type === 'supervisor') && p.workerSid === me && p.status !== 'closed');
  if (!own) throw new BackendError('not-found', `You are not a participant of the conversation of task ${r.task.sid}`);
  await step(r, 'wrapup', 'wrapping', () => client.transfer(instanceSid, refs, own.sid, to));
}

/** A supervisor joins a chat as a read-along participant; returns the participant's sid. */
export async function joinAsSupervisor(s: TwilioSession, refs: InteractionRefs): Promise<string> {
  const p = await interactionsClient(s).addSupervisor(refs, s.identity);
  return p.sid;
}

export async function leaveAsSupervisor(s: TwilioSession, refs: InteractionRefs, participantSid: string): Promise<void> {
  await interactionsClient(s).removeParticipant(refs, participantSid);
}
