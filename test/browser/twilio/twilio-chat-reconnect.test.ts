// A busy chat on the real @twilio/conversations Client while its twilsock is dropped 20 times: the
// customer and the agent keep writing; afterwards every message is in the agent's store once, in
// the service's order (0 lost, 0 doubled, 0 reordered).
import { expect } from '@open-wc/testing';
import { control, goAvailable, reservationFor, signIn, until } from './emulator-helpers.js';

describe('backend="twilio": a chat across 20 dropped twilsock connections', function () {
  this.timeout(180_000);

  it('loses, doubles and reorders nothing', async () => {
    const m = await signIn();
    await goAvailable(m);
    const { taskSid, reservation } = await reservationFor(m, 'chat', { firstMessage: 'Start' });
    await m.el.actions!.invoke('AcceptTask', { taskSid, reservationSid: reservation.sid });
    const sid = (
      await until(() => m.state().tasks[taskSid]?.status === 'assigned' && m.state().tasks[taskSid], 'assigned')
    ).conversationSid!;
    await until(() => m.state().messages[sid]?.length, 'history');

    const sends: Promise<unknown>[] = [];
    let drops = 0;
    for (let round = 1; round <= 20; round++) {
      const { dropped } = (await control('/control/drop', { which: 'conversations', identity: m.identity })) as {
        dropped: number;
      };
      drops += dropped;
      // Both sides write while the socket is down.
      await control('/control/say', { taskSid, body: `customer ${round}a` });
      sends.push(m.el.actions!.invoke('SendMessage', { conversationSid: sid, body: `agent ${round}a` }));
      await control('/control/say', { taskSid, body: `customer ${round}b` });
      sends.push(m.el.actions!.invoke('SendMessage', { conversationSid: sid, body: `agent ${round}b` }));
      await until(
        () =>
          m.state().connection.status === 'connected' &&
          m.state().messages[sid].some((x) => x.body === `customer ${round}b`),
        `round ${round} caught up`,
        20_000,
      );
    }
    expect(drops).to.be.at.least(20);
    await Promise.all(sends);

    const service = (await control('/control/state')).conversations.find((c: { sid: string }) => c.sid === sid)
      .messages as { index: number; body: string }[];
    const shown = await until(
      () => {
        const list = m.state().messages[sid];
        return list.length >= service.length && list.every((x) => x.delivery !== 'sending') && list;
      },
      'the store to settle',
      20_000,
    );
    const bodies = shown.map((x) => x.body);
    const lost = service.filter((x) => !bodies.includes(x.body)).length;
    const doubled = bodies.length - new Set(bodies).size + (service.length - new Set(service.map((x) => x.body)).size);
    const reordered =
      shown.filter((x, i) => i > 0 && x.index <= shown[i - 1].index).length +
      service.filter((x) => shown.find((y) => y.index === x.index)?.body !== x.body).length;
    expect({ lost, doubled, reordered }).to.deep.equal({ lost: 0, doubled: 0, reordered: 0 });
    // 20 rounds of two customer and two agent messages, after the first one.
    expect(service.length).to.equal(1 + 20 * 4);
    expect(shown.some((x) => x.sid.startsWith('pending-'))).to.equal(false);
    expect(m.errors).to.deep.equal([]);
  });
});
