import { expect } from '@open-wc/testing';
import { deep, deskFixture, goAvailable, settle, type Desk } from '../agent-desktop/desk-helpers.js';
import type { DeepPartial, FlexConfig } from '../../../src/core/config.js';
import { customerFromAttributes, formatDuration } from '../../../src/core/domain.js';

/** Rejects with a FlexError: returns it (fails the test when the invoke resolves). */
async function refusal(promise: Promise<unknown>): Promise<{ code: string; message: string }> {
  try {
    await promise;
  } catch (error) {
    return error as { code: string; message: string };
  }
  throw new Error('expected the action to be refused');
}

/** Waits (a few frames at most) until `selector` renders in the desk; returns whether it did. */
async function rendered(d: Desk, selector: string): Promise<boolean> {
  for (let i = 0; i < 50 && !deep(d.desk, selector); i++) await settle();
  return deep(d.desk, selector) !== undefined;
}

/** A desk whose person has accepted and selected a task on `channel`. */
async function withTask(channel: 'chat' | 'voice', config?: DeepPartial<FlexConfig>): Promise<{ d: Desk; taskSid: string }> {
  const d = await deskFixture(config);
  await goAvailable(d);
  const taskSid = d.sim.createTask({ channel, customer: { name: 'Ann' }, firstMessage: 'Hello?' });
  await settle();
  await d.provider.actions!.invoke('AcceptTask', { taskSid });
  await d.provider.actions!.invoke('SelectTask', { taskSid });
  await settle();
  return { d, taskSid };
}

describe('one gate for every rule: provider.actions.invoke', () => {
  let d: Desk | undefined;
  afterEach(() => d?.log.dispose());

  it('refuses a CRM CompleteTask without a disposition when wrapup.requireDisposition is on', async () => {
    const setup = await withTask('chat', { wrapup: { requireDisposition: true } });
    d = setup.d;
    const { taskSid } = setup;
    await d.provider.actions!.invoke('WrapupTask', { taskSid });
    await settle();
    const error = await refusal(d.provider.actions!.invoke('CompleteTask', { taskSid }));
    expect(error.code).to.equal('disposition-required');
    expect(error.message).to.contain('disposition');
    await settle();
    expect(d.state().tasks[taskSid].status).to.equal('wrapping');
    expect(await rendered(d, 'flex-wrapup >>> [part="complete-button"]')).to.equal(true);
    await d.provider.actions!.invoke('CompleteTask', { taskSid, disposition: 'Resolved' });
    await settle();
    expect(d.state().tasks[taskSid].status).to.equal('completed');
  });

  it('refuses bad attachments and bodies in SendMessage with invalid-payload; nothing is stored and the chat still renders', async () => {
    const setup = await withTask('chat');
    d = setup.d;
    const { taskSid } = setup;
    const conversationSid = d.state().tasks[taskSid].conversationSid!;
    const before = d.state().messages[conversationSid].length;
    expect(await rendered(d, 'flex-chat >>> textarea')).to.equal(true);
    const file = (name: string, size: number) => ({ name, size, contentType: 'text/plain' });
    const bad: unknown[] = [
      { body: 'x', attachments: [null] },
      { body: 'x', attachments: [{}] },
      { body: 'x', attachments: [{ name: 'a.txt', size: 'big', contentType: 'text/plain' }] },
      { attachments: [1, 2, 3, 4, 5, 6].map((n) => file(`f${n}.txt`, 1)) },
      { attachments: [file('huge.bin', 16 * 1024 * 1024 + 1)] },
      { body: 42 },
      { body: null },
    ];
    for (const payload of bad) {
      const error = await refusal(d.provider.actions!.invoke('SendMessage', { taskSid, ...(payload as object) } as never));
      expect(error.code, JSON.stringify(payload)).to.equal('invalid-payload');
    }
    await settle();
    expect(d.state().messages[conversationSid].length).to.equal(before);
    expect(await rendered(d, 'flex-chat >>> textarea')).to.equal(true);
    expect(deep(d.desk, 'flex-chat >>> [role="log"]')?.textContent ?? '').to.contain('Hello?');
  });

  it('refuses wrong-typed payloads (a missing one means the selected task); nothing changes', async () => {
    const setup = await withTask('voice');
    d = setup.d;
    const { taskSid } = setup;
    const actions = d.provider.actions!;
    const callSid = d.state().tasks[taskSid].callSid!;
    const wrong: Promise<unknown>[] = [
      // @ts-expect-error -- the typed map refuses a number as CompleteTask's payload
      actions.invoke('CompleteTask', 5),
      // @ts-expect-error -- taskSid is a string
      actions.invoke('CompleteTask', { taskSid: null }),
      // @ts-expect-error -- taskSid is a string
      actions.invoke('CompleteTask', { taskSid: 42 }),
      // @ts-expect-error -- HoldCall takes no hold flag
      actions.invoke('HoldCall', { hold: 'yes' }),
      // @ts-expect-error -- muted is a boolean
      actions.invoke('ToggleMute', { muted: 'no' }),
      // @ts-expect-error -- digits are required
      actions.invoke('SendDTMFDigits', { taskSid }),
    ];
    for (const invoked of wrong) expect((await refusal(invoked)).code).to.equal('invalid-payload');
    await settle();
    expect(d.state().tasks[taskSid].status).to.equal('assigned');
    expect(d.state().calls[callSid].onHold).to.equal(false);
    expect(d.state().calls[callSid].muted).to.equal(false);
    // A missing payload is the selected task's, as in Flex.
    await actions.invoke('HoldCall');
    await settle();
    expect(d.state().calls[callSid].onHold).to.equal(true);
  });

  it("refuses an agent's SetActivity for another worker with forbidden; their own activity stays", async () => {
    d = await deskFixture();
    await goAvailable(d);
    const me = d.state().session.workerSid!;
    const mine = d.state().workers[me].activitySid;
    const error = await refusal(d.provider.actions!.invoke('SetActivity', { workerSid: 'WK-someone-else', activityName: 'Offline' }));
    expect(error.code).to.equal('forbidden');
    expect(error.message).to.contain('SetWorkerActivity');
    await settle();
    expect(d.state().workers[me].activitySid).to.equal(mine);
  });

  it('gives the screen pop the one customer rule, and the one duration format', async () => {
    d = await deskFixture();
    await goAvailable(d);
    const taskSid = d.sim.createTask({ channel: 'voice', customer: { name: 'Rita Moreno', phone: '+14155550100' } });
    await settle();
    const task = d.state().tasks[taskSid];
    expect(task.customer).to.deep.equal(customerFromAttributes(task.attributes));
    expect(task.customer).to.include({ name: 'Rita Moreno', phone: '+14155550100' });
    expect(d.log.last('flex-reservation-created')!.detail.customer).to.deep.equal(task.customer);
    expect([formatDuration(307), formatDuration(3907)]).to.deep.equal(['05:07', '1:05:07']);
  });
});
