// The CRM hooks on backend="twilio": the real twilio-taskrouter in Chromium against the emulator.
import { expect } from '@open-wc/testing';
import '../../../src/components/incoming-task/incoming-task.js';
import type { InteractionLog } from '../../../src/core/crm/types.js';
import { control, emulatorUntil, goAvailable, reservationFor, signIn, until, type Mounted } from './emulator-helpers.js';

const text = (el: Element) => {
  let out = '';
  const visit = (node: Node) => {
    if (node.nodeType === Node.TEXT_NODE) out += node.textContent;
    if ((node as Element).shadowRoot) visit((node as Element).shadowRoot!);
    for (const child of node.childNodes) visit(child);
  };
  visit(el);
  return out.replace(/\s+/g, ' ');
};

function withCard(m: Mounted): HTMLElement {
  const card = document.createElement('flex-incoming-task');
  m.el.append(card);
  return card;
}

describe('backend="twilio": CRM hooks, task attributes and transfer notes', function () {
  this.timeout(40_000);

  it('searches the CRM for a ringing reservation, shows the match on the card, and logs the completed interaction', async () => {
    const m = await signIn();
    const card = withCard(m);
    const logs: InteractionLog[] = [];
    m.el.crm.searchContacts = (query) => Promise.resolve([{ id: 'C-7', name: 'Ada Lovelace', details: `via ${query.channel}` }]);
    m.el.crm.logInteraction = (log) => {
      logs.push(log);
    };
    await goAvailable(m);
    const { taskSid, reservation } = await reservationFor(m, 'chat', { firstMessage: 'hello' });
    await until(() => text(card).includes('Ada Lovelace · via chat'), 'the contact on the card');
    await expect(card).to.be.accessible();
    await m.el.actions!.invoke('AcceptTask', { taskSid, reservationSid: reservation.sid });
    await until(() => m.state().tasks[taskSid]?.status === 'assigned', 'assigned');
    await m.el.actions!.invoke('WrapupTask', { taskSid });
    await until(() => m.state().tasks[taskSid]?.status === 'wrapping', 'wrapping');
    await m.el.actions!.invoke('CompleteTask', { taskSid, disposition: 'Resolved' });
    await until(() => logs.length === 1, 'the interaction logged');
    expect(logs[0]).to.include({ taskSid, channel: 'chat', disposition: 'Resolved' });
    expect(logs[0].associations.map((r) => r.id)).to.deep.equal(['C-7']);
    await until(() => m.state().crm.logs[taskSid]?.status === 'logged', 'logged in the store');
  });

  it('SetTaskAttributes merges into the task (TaskRouter replaces, so the current attributes are sent) and replaces with merge: false', async () => {
    const m = await signIn();
    await goAvailable(m);
    const { taskSid, reservation } = await reservationFor(m, 'chat', { firstMessage: 'hi' });
    await m.el.actions!.invoke('AcceptTask', { taskSid, reservationSid: reservation.sid });
    await until(() => m.state().tasks[taskSid]?.status === 'assigned', 'assigned');
    const before = { ...m.state().tasks[taskSid].attributes };
    await m.el.actions!.invoke('SetTaskAttributes', { taskSid, attributes: { caseId: 'CASE-42' } });
    await until(() => m.state().tasks[taskSid].attributes['caseId'] === 'CASE-42', 'the merged attributes in the store');
    expect(m.state().tasks[taskSid].attributes).to.deep.include(before);
    await emulatorUntil((s) => s.tasks.find((t: any) => t.sid === taskSid)?.attributes?.caseId === 'CASE-42', 'the attributes in the emulator');
    await m.el.actions!.invoke('SetTaskAttributes', { taskSid, attributes: { only: 1 }, merge: false });
    await until(() => m.state().tasks[taskSid].attributes['only'] === 1, 'the replaced attributes');
    expect(m.state().tasks[taskSid].attributes['caseId']).to.equal(undefined);
    const requests = (await control('/control/requests')).filter((r: any) => r.method === 'POST' && r.url.endsWith(`/Tasks/${taskSid}`));
    expect(requests.length).to.be.greaterThan(0);
  });

  it('a transfer note reaches the second agent: transferNote in the offered task, shown on their ringing card', async () => {
    const [a, b] = await Promise.all([signIn(), signIn()]);
    const card = withCard(b);
    await Promise.all([goAvailable(a), goAvailable(b)]);
    const { taskSid, reservation } = await reservationFor(a, 'chat', { firstMessage: 'I need a specialist' });
    await a.el.actions!.invoke('AcceptTask', { taskSid, reservationSid: reservation.sid });
    await until(() => a.state().tasks[taskSid]?.status === 'assigned', 'assigned to the first agent');
    await a.el.actions!.invoke('TransferTask', { taskSid, to: b.state().session.workerSid!, mode: 'cold', note: 'Refund for order 77, already verified' });
    const offer = await until(
      () => Object.values(b.state().reservations).find((r) => r.status === 'pending' && r.taskSid !== taskSid) ?? Object.values(b.state().reservations).find((r) => r.status === 'pending'),
      'the transfer offered to the second agent',
    );
    const offered = await until(() => b.state().tasks[offer.taskSid], 'the offered task');
    expect(offered.attributes['transferNote']).to.equal('Refund for order 77, already verified');
    await until(() => text(card).includes('Note from the transfer: Refund for order 77, already verified'), 'the note on the card');
    await expect(card).to.be.accessible();
  });

  it('StartOutboundConversation says plainly that it needs the companion server on Twilio', async () => {
    const m = await signIn();
    let error: { code?: string; message?: string } | undefined;
    await m.el.actions!.invoke('StartOutboundConversation', { to: '+14155550123', channel: 'sms', body: 'Hi' }).catch((e: { code: string }) => (error = e));
    expect(error?.code).to.equal('server-required');
    expect(error?.message).to.contain('Interactions API');
  });
});
