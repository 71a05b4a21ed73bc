import { expect } from '@open-wc/testing';
import sinon from 'sinon';
import '../../../src/index.js';
import type { FlexDialpad } from '../../../src/components/dialpad/dialpad.js';
import type { FlexProvider } from '../../../src/components/provider/provider.js';
import { DtmfTone } from '../../../src/controllers/dtmf-tone.js';
import type { CallDetail, CallEndedDetail } from '../../../src/events.js';
import { settle } from '../helpers.js';
import { buttonNamed, callState, chooseCountry, dialpadBesideProvider, enter, formatsLoaded, key, until } from './helpers.js';

function recorder() {
  const started: CallDetail[] = [];
  const ended: CallEndedDetail[] = [];
  const onStart = (e: Event) => started.push((e as CustomEvent<CallDetail>).detail);
  const onEnd = (e: Event) => ended.push((e as CustomEvent<CallEndedDetail>).detail);
  document.addEventListener('flex-call-started', onStart);
  document.addEventListener('flex-call-ended', onEnd);
  return {
    started,
    ended,
    stop() {
      document.removeEventListener('flex-call-started', onStart);
      document.removeEventListener('flex-call-ended', onEnd);
    },
  };
}

async function dial(dialpad: FlexDialpad, provider: FlexProvider, outcome: 'answered' | 'busy' | 'no-answer') {
  await formatsLoaded(dialpad);
  await chooseCountry(dialpad, 'US');
  await enter(dialpad, '2015550123');
  provider.simulator!.setNextOutboundOutcome(outcome);
  const execute = sinon.spy(provider.contactCenter!.backend, 'execute');
  buttonNamed(dialpad, 'Call')!.click();
  await until(() => callState(dialpad).startsWith('Calling'), 'connecting');
  await settle();
  return execute;
}

const advance = async (provider: FlexProvider, ms: number) => {
  provider.simulator!.advance(ms);
  await settle();
};

function clearRecent() {
  for (const k of Object.keys(localStorage)) if (k.startsWith('flex-elements.dialpad.recent.')) localStorage.removeItem(k);
}

describe('<flex-dialpad> outbound calls on the simulator', () => {
  let events: ReturnType<typeof recorder>;
  beforeEach(() => {
    clearRecent();
    events = recorder();
  });
  afterEach(() => {
    events.stop();
    sinon.restore();
  });

  it('calls in E.164, shows connecting then in call with a timer, sends DTMF, hangs up; call events fire', async () => {
    const { dialpad, provider } = await dialpadBesideProvider();
    const tone = sinon.spy(DtmfTone.prototype, 'play');
    const execute = await dial(dialpad, provider, 'answered');
    expect(execute.calledWith('startOutboundCall', { to: '+12015550123', from: '+15550100' })).to.be.true;

    // Connecting: the task is the person's, assigned, selected; Cancel is offered.
    const state = () => provider.store!.getState();
    const task = Object.values(state().tasks).find((t) => t.attributes['direction'] === 'outbound')!;
    expect(task.status).to.equal('assigned');
    expect(state().ui.selectedTaskSid).to.equal(task.sid);
    expect(callState(dialpad)).to.equal('Calling +1 201 555 0123…');
    expect(buttonNamed(dialpad, 'Cancel')).to.exist;
    expect(buttonNamed(dialpad, 'Call')).to.equal(undefined);
    await expect(dialpad).to.be.accessible();
    expect(events.started).to.have.length(1);
    expect(events.started[0]).to.include({ number: '+12015550123', direction: 'outbound', taskSid: task.sid });

    // Answered.
    await advance(provider, 10_000);
    expect(callState(dialpad)).to.match(/^In call with \+1 201 555 0123 \d+:\d\d$/);
    expect(dialpad.shadowRoot!.querySelector('[part="timer"]')!.getAttribute('role')).to.equal('timer');
    expect(buttonNamed(dialpad, 'Hang up')).to.exist;
    await expect(dialpad).to.be.accessible();

    // DTMF: keys and typed digits reach the backend, with a tone.
    key(dialpad, '1').click();
    key(dialpad, '#').click();
    await settle();
    expect(execute.calledWith('sendDigits', { taskSid: task.sid, digits: '1' })).to.be.true;
    expect(execute.calledWith('sendDigits', { taskSid: task.sid, digits: '#' })).to.be.true;
    expect(tone.calledWith('1')).to.be.true;
    expect(dialpad.shadowRoot!.querySelector('[part="digits"]')!.textContent).to.equal('1#');
    key(dialpad, '5').focus();
    key(dialpad, '5').dispatchEvent(new KeyboardEvent('keydown', { key: '7', bubbles: true, composed: true }));
    await settle();
    expect(execute.calledWith('sendDigits', { taskSid: task.sid, digits: '7' })).to.be.true;

    // Two minutes later, hang up.
    await advance(provider, 120_000);
    buttonNamed(dialpad, 'Hang up')!.click();
    await until(() => callState(dialpad).startsWith('Call with'), 'ended');
    expect(callState(dialpad)).to.equal('Call with +1 201 555 0123 ended.');
    expect(execute.calledWith('hangupCall', { taskSid: task.sid })).to.be.true;
    expect(buttonNamed(dialpad, 'Call')).to.exist;
    expect(events.ended).to.have.length(1);
    expect(events.ended[0]).to.include({ number: '+12015550123', direction: 'outbound', taskSid: task.sid, status: 'completed' });
    const call = Object.values(state().calls).find((c) => c.taskSid === task.sid)!;
    expect(call.answeredAt).to.be.a('number');
    expect(events.ended[0].duration).to.equal(Math.round((call.endedAt! - call.answeredAt!) / 1000));
    expect(events.ended[0].duration).to.be.within(120, 130);

    // Remembered for this agent, newest first, and redialable.
    const recent = dialpad.shadowRoot!.querySelector('[part="recent"]')!;
    expect(recent.querySelector('h3')!.textContent).to.equal('Recent numbers');
    const redial = buttonNamed(dialpad, 'Redial +1 201 555 0123')!;
    expect(redial).to.exist;
    await enter(dialpad, '');
    redial.click();
    await dialpad.updateComplete;
    expect(dialpad.shadowRoot!.querySelector<HTMLInputElement>('#number')!.value).to.equal('+1 201 555 0123');
    expect(JSON.parse(localStorage.getItem('flex-elements.dialpad.recent.dial.tester@example.com')!)).to.deep.equal([
      '+12015550123',
    ]);
  });

  it('shows busy when the callee is busy, and fires call events', async () => {
    const { dialpad, provider } = await dialpadBesideProvider();
    await dial(dialpad, provider, 'busy');
    await advance(provider, 3_000);
    expect(callState(dialpad)).to.equal('+1 201 555 0123 is busy.');
    expect(buttonNamed(dialpad, 'Call')!.disabled).to.be.false;
    expect(events.started).to.have.length(1);
    expect(events.ended.map((e) => [e.status, e.duration, e.direction])).to.deep.equal([['busy', 0, 'outbound']]);
  });

  it('shows no answer when nobody picks up', async () => {
    const { dialpad, provider } = await dialpadBesideProvider();
    await dial(dialpad, provider, 'no-answer');
    await advance(provider, 10_000);
    expect(callState(dialpad)).to.equal('Calling +1 201 555 0123…');
    await advance(provider, 20_000);
    expect(callState(dialpad)).to.equal('+1 201 555 0123 did not answer.');
    expect(events.ended.map((e) => e.status)).to.deep.equal(['no-answer']);
  });

  it('cancels while connecting (HangupCall on that task)', async () => {
    const { dialpad, provider } = await dialpadBesideProvider();
    const execute = await dial(dialpad, provider, 'answered');
    const taskSid = Object.values(provider.store!.getState().tasks).find((t) => t.attributes['direction'] === 'outbound')!.sid;
    buttonNamed(dialpad, 'Cancel')!.click();
    await until(() => callState(dialpad).includes('canceled'), 'canceled');
    expect(callState(dialpad)).to.equal('Call to +1 201 555 0123 canceled.');
    expect(execute.calledWith('hangupCall', { taskSid })).to.be.true;
    await advance(provider, 10_000);
    expect(callState(dialpad)).to.equal('Call to +1 201 555 0123 canceled.');
    expect(events.ended.map((e) => [e.status, e.taskSid])).to.deep.equal([['canceled', taskSid]]);
  });

  it('plays no key tone when outbound.keyTones is off', async () => {
    const { dialpad, provider } = await dialpadBesideProvider({ appConfig: { outbound: { keyTones: false } } });
    const tone = sinon.spy(DtmfTone.prototype, 'play');
    const execute = await dial(dialpad, provider, 'answered');
    await advance(provider, 10_000);
    key(dialpad, '9').click();
    await settle();
    expect(execute.calledWithMatch('sendDigits', { digits: '9' })).to.be.true;
    expect(tone.called).to.be.false;
  });

  it('shows a refused call inline and as flex-error', async () => {
    const { dialpad, provider } = await dialpadBesideProvider();
    await formatsLoaded(dialpad);
    await chooseCountry(dialpad, 'US');
    await enter(dialpad, '2015550123');
    provider.actions!.replace('StartOutboundCall', () => {
      throw new Error('Carrier rejected the call');
    });
    const errors: Event[] = [];
    dialpad.addEventListener('flex-error', (e) => errors.push(e));
    buttonNamed(dialpad, 'Call')!.click();
    await until(() => !!dialpad.shadowRoot!.querySelector('.action-error'), 'error');
    expect(dialpad.shadowRoot!.querySelector('.action-error')!.textContent).to.contain('Carrier rejected the call');
    expect(errors).to.have.length(1);
    await expect(dialpad).to.be.accessible();
  });
});
