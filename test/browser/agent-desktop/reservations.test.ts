import { expect } from '@open-wc/testing';
import sinon from 'sinon';
import { button, deep, deepAll, deskFixture, goAvailable, settle, type Desk } from './desk-helpers.js';

const activityName = (d: Desk) => {
  const me = d.state().workers[d.state().session.workerSid!];
  return d.state().activities[me.activitySid].name;
};

describe('incoming tasks: reject, timeout, abandon', () => {
  let d: Desk;
  afterEach(() => {
    d?.log.dispose();
    sinon.restore();
  });

  it('rejects a ringing task with Reject', async () => {
    d = await deskFixture();
    await goAvailable(d);
    const taskSid = d.sim.createTask({ channel: 'voice', customer: { name: 'Omar Haddad' } });
    await settle();
    expect(deep(d.desk, 'flex-incoming-task >>> [aria-live]')!.textContent.trim()).to.equal('Incoming call from Omar Haddad');
    button(d.desk, 'Reject')!.click();
    await settle();
    await settle();
    const reservation = Object.values(d.state().reservations).find((r) => r.taskSid === taskSid)!;
    expect(reservation.status).to.equal('rejected');
    expect(deep(d.desk, 'flex-incoming-task >>> .card')).to.equal(undefined);
    expect(deep(d.desk, 'flex-incoming-task')!.hasAttribute('ringing')).to.equal(false);
    expect(d.log.of('flex-task-accepted')).to.have.length(0);
  });

  it('drops the card when the reservation times out and moves the worker as the engine says', async () => {
    d = await deskFixture();
    await goAvailable(d);
    const taskSid = d.sim.createTask({ channel: 'chat', customer: { name: 'Nora Jensen' } });
    await settle();
    const reservation = Object.values(d.state().reservations).find((r) => r.taskSid === taskSid)!;
    expect(deep(d.desk, 'flex-incoming-task >>> .card')).to.not.equal(undefined);
    d.sim.advance(reservation.timeoutAt - d.sim.now() + 1000);
    await settle();
    await settle();
    expect(d.state().reservations[reservation.sid].status).to.equal('timeout');
    expect(deep(d.desk, 'flex-incoming-task >>> .card')).to.equal(undefined);
    // The generated workspace's timeoutActivity is Unavailable; the menu and the CRM follow.
    expect(activityName(d)).to.equal('Unavailable');
    const menu = deep<HTMLSelectElement>(d.desk, 'flex-activity-selector >>> select')!;
    expect(menu.selectedOptions[0].textContent).to.equal('Unavailable');
    expect(d.log.last('flex-activity-changed')!.detail.current.name).to.equal('Unavailable');
  });

  it('drops the card when the customer leaves while it rings', async () => {
    d = await deskFixture();
    await goAvailable(d);
    const taskSid = d.sim.createTask({ channel: 'chat', customer: { name: 'Hugo Rossi' } });
    await settle();
    expect(deepAll(d.desk, 'flex-incoming-task >>> .card')).to.have.length(1);
    d.sim.customerLeaves(taskSid);
    await settle();
    await settle();
    expect(d.state().tasks[taskSid].status).to.equal('canceled');
    expect(deepAll(d.desk, 'flex-incoming-task >>> .card')).to.have.length(0);
    expect(deep(d.desk, 'flex-task-list >>> .empty')!.textContent).to.contain('No tasks right now');
    expect(activityName(d)).to.equal('Available');
  });

  it('going Unavailable rejects pending reservations (config activity.rejectPendingReservationsOnUnavailable)', async () => {
    d = await deskFixture();
    await goAvailable(d);
    const taskSid = d.sim.createTask({ channel: 'chat', customer: { name: 'Zoe Kim' } });
    await settle();
    const menu = deep<HTMLSelectElement>(d.desk, 'flex-activity-selector >>> select')!;
    menu.value = Object.values(d.state().activities).find((a) => a.name === 'Break')!.sid;
    menu.dispatchEvent(new Event('change'));
    await settle();
    await settle();
    expect(activityName(d)).to.equal('Break');
    const reservation = Object.values(d.state().reservations).find((r) => r.taskSid === taskSid)!;
    expect(reservation.status).to.equal('rejected');
    expect(deep(d.desk, 'flex-incoming-task >>> .card')).to.equal(undefined);
  });

  it('keeps pending reservations when that config is false', async () => {
    d = await deskFixture({ activity: { rejectPendingReservationsOnUnavailable: false } });
    await goAvailable(d);
    const spy = sinon.spy(d.provider.actions!, 'invokeUnreported');
    const taskSid = d.sim.createTask({ channel: 'chat', customer: { name: 'Zoe Kim' } });
    await settle();
    const menu = deep<HTMLSelectElement>(d.desk, 'flex-activity-selector >>> select')!;
    menu.value = Object.values(d.state().activities).find((a) => a.name === 'Break')!.sid;
    menu.dispatchEvent(new Event('change'));
    await settle();
    expect(spy.calledWith('SetActivity', { activityName: 'Break' })).to.equal(true);
    const reservation = Object.values(d.state().reservations).find((r) => r.taskSid === taskSid)!;
    expect(reservation.status).to.not.equal('rejected');
  });

  it('shows a browser notification when the page is hidden, asking permission first', async () => {
    const shown: { title: string; options: NotificationOptions }[] = [];
    class FakeNotification {
      static permission: NotificationPermission = 'default';
      static requestPermission = sinon.stub().callsFake(async () => (FakeNotification.permission = 'granted'));
      onclick: (() => void) | null = null;
      constructor(title: string, options: NotificationOptions) {
        shown.push({ title, options });
      }
      close() {}
    }
    sinon.replace(window, 'Notification', FakeNotification as unknown as typeof Notification);
    sinon.stub(document, 'visibilityState').get(() => 'hidden');
    d = await deskFixture({ ringtone: { enabled: false } });
    await goAvailable(d);
    d.sim.createTask({ channel: 'chat', customer: { name: 'Rita Moreno' } });
    await settle();
    await settle();
    expect(FakeNotification.requestPermission.callCount).to.equal(1);
    expect(shown).to.have.length(1);
    expect(shown[0].title).to.equal('Incoming chat from Rita Moreno');
    expect(deep(d.desk, 'flex-incoming-task')!.hasAttribute('ringing')).to.equal(false);
  });

  it('shows no notification while the page is visible in whenNotInFocus mode, and always in always mode', async () => {
    const shown: string[] = [];
    class FakeNotification {
      static permission: NotificationPermission = 'granted';
      static requestPermission = sinon.stub();
      constructor(title: string) {
        shown.push(title);
      }
      close() {}
    }
    sinon.replace(window, 'Notification', FakeNotification as unknown as typeof Notification);
    d = await deskFixture();
    await goAvailable(d);
    d.sim.createTask({ channel: 'chat', customer: { name: 'Ann Lee' } });
    await settle();
    expect(shown).to.deep.equal([]);
    expect(deep(d.desk, 'flex-incoming-task')!.hasAttribute('ringing')).to.equal(true);
    d.log.dispose();
    d = await deskFixture({ notifications: { mode: 'always' } });
    await goAvailable(d);
    d.sim.createTask({ channel: 'voice', customer: { name: 'Bo Chan' } });
    await settle();
    expect(shown).to.deep.equal(['Incoming call from Bo Chan']);
  });
  it('plays the configured ringtone in a loop while ringing and stops it on accept', async () => {
    const played: { url: string; loop: boolean; paused: boolean }[] = [];
    class FakeAudio {
      loop = false;
      paused = true;
      constructor(readonly url: string) {
        played.push(this);
      }
      play() {
        this.paused = false;
        return Promise.resolve();
      }
      pause() {
        this.paused = true;
      }
    }
    sinon.replace(window, 'Audio', FakeAudio as unknown as typeof Audio);
    d = await deskFixture({ ringtone: { url: '/sounds/ring.mp3' } });
    await goAvailable(d);
    const taskSid = d.sim.createTask({ channel: 'chat', customer: { name: 'Ann' } });
    await settle();
    expect(played).to.have.length(1);
    expect(played[0]).to.include({ url: '/sounds/ring.mp3', loop: true, paused: false });
    await d.provider.actions!.invoke('AcceptTask', { taskSid });
    await settle();
    expect(played[0].paused).to.equal(true);
    expect(deep(d.desk, 'flex-incoming-task')!.hasAttribute('ringing')).to.equal(false);
  });
});
