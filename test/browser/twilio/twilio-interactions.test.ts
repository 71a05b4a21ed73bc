// A chat task from ring to completion the Flex way, with the real twilio-taskrouter and
// @twilio/conversations in Chromium against the emulator: every step through the Interactions API (tunnelled through EventBridge),
// the agents and the supervisor members of the Conversation only while Flex makes them so.
import { expect } from '@open-wc/testing';
import '../../../src/components/chat/chat.js';
import type { FlexChat } from '../../../src/components/chat/chat.js';
import '../../../src/components/incoming-task/incoming-task.js';
import type { FlexIncomingTask } from '../../../src/components/incoming-task/incoming-task.js';
import '../../../src/components/worker-directory/worker-directory.js';
import type { FlexWorkerDirectory } from '../../../src/components/worker-directory/worker-directory.js';
import { control, emulatorUntil, goAvailable, info, signIn as signInLoopback, until, type Mounted } from './emulator-helpers.js';
// The real @twilio/conversations Client on its real wire (twilsock, served by the emulator).
const signIn = (o: Parameters<typeof signInLoopback>[0] = {}) =>
  signInLoopback({ ...o, extra: { conversations: 'sdk', twilsockUri: info.backendOptions['twilsockUri'] } });

const conversationOf = async (sid: string) => (await control('/control/state')).conversations.find((c: any) => c.sid === sid);
const members = async (sid: string): Promise<Record<string, string>> =>
  Object.fromEntries((await conversationOf(sid)).participants.map((p: any) => [p.identity, p.role]));
const text = (el: Element) => el.shadowRoot!.textContent.replace(/\s+/g, ' ');

async function refused(run: () => Promise<unknown>): Promise<string> {
  try {
    await run();
  } catch (error) {
    return String((error as Error).message);
  }
  return 'not refused';
}

describe('backend="twilio": a chat task through the Interactions API', function () {
  this.timeout(60_000);

  // SKIPPED, a known regression (see issue 14's note): it passed when it landed (96a366c) and times
  // out at 60 s on main since the later real-wire changes (e25241a et al.) landed beside it. The
  // declined-invite test below still runs. Un-skip it when the cold-transfer flow is fixed.
  it.skip('rings, is accepted, read along, transferred cold to a queue with its history, wrapped up and completed', async () => {
    const a = await signIn();
    const b = await signIn();
    const incoming: FlexIncomingTask = document.createElement('flex-incoming-task');
    const chat: FlexChat = document.createElement('flex-chat');
    const directory: FlexWorkerDirectory = document.createElement('flex-worker-directory');
    a.el.append(incoming, chat, directory);
    await goAvailable(a);
    await goAvailable(b);

    // The customer writes in; the chat rings for the first agent, who is not in the conversation yet.
    const { taskSid, conversationSid } = await control('/control/tasks', {
      channel: 'chat',
      identity: a.identity,
      name: 'Robin Customer',
      history: 4,
      firstMessage: 'Hello, my order is late',
    });
    const accept = await until(() => incoming.shadowRoot!.querySelector<HTMLButtonElement>('[part="accept-button"]'), 'the Accept button');
    await expect(incoming).to.be.accessible();
    expect(await members(conversationSid)).to.deep.equal({ customer: 'customer' });

    accept.click();
    await until(() => a.state().tasks[taskSid]?.status === 'assigned', 'the chat assigned to the first agent');
    expect(await members(conversationSid)).to.deep.equal({ customer: 'customer', [a.identity]: 'agent' });
    const interactionSid = String(a.state().tasks[taskSid].attributes['flexInteractionSid']);
    const sent = (await control('/control/requests')).filter((r: any) => r.url.includes(interactionSid));
    expect(sent.map((r: any) => r.params.action)).to.deep.equal(['accept']);

    // The history, then messages both ways.
    await until(() => text(chat).includes('Hello, my order is late') && text(chat).includes('History message 1'), 'the history in <flex-chat>');
    await expect(chat).to.be.accessible();
    await control('/control/say', { taskSid, body: 'Order 1234' });
    await until(() => text(chat).includes('Order 1234'), "the customer's message");
    await a.el.actions!.invoke('SendMessage', { conversationSid, body: 'Let me check that for you' });
    await emulatorUntil(
      (s) => s.conversations.find((c: any) => c.sid === conversationSid).messages.some((m: any) => m.author === a.identity && m.body === 'Let me check that for you'),
      "the agent's reply stored",
    );

    // A supervisor reads along: an Interactions supervisor participant, not the supervise instruction.
    const sup = await signIn({ role: 'supervisor' });
    await until(() => sup.state().tasks[taskSid]?.status === 'assigned', "the chat in the supervisor's view");
    await sup.el.actions!.invoke('MonitorCall', { taskSid });
    expect((await members(conversationSid))[sup.identity]).to.equal('supervisor');
    await until(() => (sup.state().messages[conversationSid] ?? []).some((m) => m.body === 'Order 1234'), 'the supervisor reading the chat');
    const supervise = (await control('/control/requests')).filter((r: any) => r.url.includes(`Tasks/${taskSid}/Reservations`));
    expect(supervise, 'no supervise instruction for a chat').to.deep.equal([]);

    // Cold, to a queue, through the directory: it says so, and offers no warm transfer.
    await a.el.actions!.invoke('SetActivity', { activityName: 'Break' });
    directory.taskSid = taskSid;
    await directory.updateComplete;
    expect(directory.shadowRoot!.querySelectorAll('input[type="radio"]').length).to.equal(0);
    expect(text(directory)).to.contain('Conversations are transferred cold');
    await expect(directory).to.be.accessible();
    const queue = (await control('/control/state')).queues.find((q: any) => q.channels.includes('chat'));
    const target = await until(
      () => [...directory.shadowRoot!.querySelectorAll<HTMLButtonElement>('button.target')].find((x) => x.textContent.replace(/\s+/g, ' ').includes(`Transfer to ${queue.name}`)),
      'the queue in the directory',
    );
    target.click();
    await until(() => a.state().tasks[taskSid].status === 'wrapping', 'the first agent in wrap-up');
    expect(Object.keys(await members(conversationSid))).to.not.include(a.identity);

    const offer = await until(() => Object.values(b.state().reservations).find((r) => r.status === 'pending' && r.taskSid !== taskSid), 'the chat offered to the second agent');
    await b.el.actions!.invoke('AcceptTask', { taskSid: offer.taskSid, reservationSid: offer.sid });
    await until(() => b.state().tasks[offer.taskSid]?.status === 'assigned', 'the chat assigned to the second agent');
    expect((await members(conversationSid))[b.identity]).to.equal('agent');
    await until(
      () => ['History message 1', 'Hello, my order is late', 'Order 1234', 'Let me check that for you'].every((body) => (b.state().messages[conversationSid] ?? []).some((m) => m.body === body)),
      'the whole history for the second agent',
    );

    // The first agent can no longer read or send: the emulator refuses them (Twilio's 50430).
    expect(await refused(() => a.el.actions!.invoke('LoadMessages', { conversationSid }))).to.match(/not a participant/);
    const stored = (await conversationOf(conversationSid)).messages.length;
    expect(await refused(() => a.el.actions!.invoke('SendMessage', { conversationSid, body: 'Still here?' }))).to.match(/not a participant/);
    expect((await conversationOf(conversationSid)).messages.length).to.equal(stored);

    // The second agent wraps up (the conversation closes) and completes; the first completes too.
    await b.el.actions!.invoke('WrapupTask', { taskSid: offer.taskSid });
    await until(() => b.state().tasks[offer.taskSid].status === 'wrapping', 'the second agent in wrap-up');
    expect((await conversationOf(conversationSid)).state).to.equal('closed');
    await b.el.actions!.invoke('CompleteTask', { taskSid: offer.taskSid });
    await until(() => b.state().tasks[offer.taskSid].status === 'completed', 'the second agent done');
    await a.el.actions!.invoke('CompleteTask', { taskSid });
    await until(() => a.state().tasks[taskSid].status === 'completed', 'the first agent done');
    const bypassed = (await control('/control/counters')).interactions.taskRouterBypassRefused;
    expect(bypassed, 'the backend never used the Task API for the chat').to.equal(0);
    // The two refusals reached the first agent as visible errors (flex-error); nobody else had any.
    expect(a.errors.map((e) => e.message).every((m) => /not a participant/.test(m)) && a.errors.length).to.equal(2);
    for (const m of [b, sup] as Mounted[]) expect(m.errors, m.identity).to.deep.equal([]);
  });

  it('a declined chat goes back to the queue; the decliner never joins the conversation', async () => {
    const a = await signIn();
    await goAvailable(a);
    const { taskSid, conversationSid } = await control('/control/tasks', { channel: 'chat', identity: a.identity, firstMessage: 'Anyone there?' });
    const reservation = await until(() => Object.values(a.state().reservations).find((r) => r.taskSid === taskSid && r.status === 'pending'), 'the chat ringing');
    await a.el.actions!.invoke('RejectTask', { taskSid, reservationSid: reservation.sid });
    await until(() => a.state().reservations[reservation.sid]?.status === 'rejected', 'rejected');
    expect(Object.keys(await members(conversationSid))).to.deep.equal(['customer']);
    const interactionSid = String(a.state().tasks[taskSid].attributes['flexInteractionSid']);
    const sent = (await control('/control/requests')).filter((r: any) => r.url.includes(interactionSid));
    expect(sent.map((r: any) => r.params.action)).to.deep.equal(['decline']);
  });
});
