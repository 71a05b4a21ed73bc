import { expect, fixture, html } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import '../../../src/index.js';
import type { FlexDialpad } from '../../../src/components/dialpad/dialpad.js';
import { setPhoneNumberLibraryLoader } from '../../../src/controllers/phone-number.js';
import { settle } from '../helpers.js';
import { buttonNamed, callState, chooseCountry, countrySelect, dialpadBesideProvider, enter, errorText, field, formatsLoaded, key, until } from './helpers.js';

function clearRecent() {
  for (const k of Object.keys(localStorage)) if (k.startsWith('flex-elements.dialpad.recent.')) localStorage.removeItem(k);
}

describe('<flex-dialpad> country detection and caret', () => {
  beforeEach(clearRecent);
  afterEach(() => setPhoneNumberLibraryLoader());

  it('switches the Country selector to the country of a pasted international number', async () => {
    const { dialpad } = await dialpadBesideProvider();
    await formatsLoaded(dialpad);
    expect(countrySelect(dialpad).value).to.equal('US');
    await enter(dialpad, '+44 20 7946 0958');
    expect(countrySelect(dialpad).value).to.equal('GB');
    expect(countrySelect(dialpad).selectedOptions[0].textContent.trim()).to.equal('United Kingdom (+44)');
    expect(field(dialpad).value).to.equal('+44 20 7946 0958');
    expect(buttonNamed(dialpad, 'Call')!.disabled).to.be.false;
    await expect(dialpad).to.be.accessible();

    // Taking the + away leaves a national number read for the detected country.
    await enter(dialpad, '020 7946 0958');
    expect(countrySelect(dialpad).value).to.equal('GB');
    expect(field(dialpad).value).to.equal('020 7946 0958');
    expect(buttonNamed(dialpad, 'Call')!.disabled).to.be.false;

    // Another country's number, typed key by key.
    buttonNamed(dialpad, 'Clear')!.click();
    await dialpad.updateComplete;
    field(dialpad).focus();
    await sendKeys({ type: '+525512345678' });
    await dialpad.updateComplete;
    expect(countrySelect(dialpad).value).to.equal('MX');
    expect(errorText(dialpad)).to.equal('');
  });

  it('follows the country of a pre-filled number (click-to-dial)', async () => {
    const { dialpad } = await dialpadBesideProvider();
    dialpad.number = '+33 1 42 68 53 00';
    await formatsLoaded(dialpad);
    expect(countrySelect(dialpad).value).to.equal('FR');
    expect(field(dialpad).value).to.equal('+33 1 42 68 53 00');
  });

  it('moves an international number to the calling code of a country the person picks', async () => {
    const { dialpad } = await dialpadBesideProvider();
    await formatsLoaded(dialpad);
    await enter(dialpad, '+44 20 7946 0958');
    await chooseCountry(dialpad, 'FR');
    expect(countrySelect(dialpad).value).to.equal('FR');
    expect(field(dialpad).value.startsWith('+33 ')).to.be.true;
    // The error, if any, names the same country the selector shows.
    expect(errorText(dialpad)).to.not.contain('United Kingdom');
  });

  it('keeps the caret among the digits when editing in the middle of a formatted number', async () => {
    const { dialpad } = await dialpadBesideProvider();
    await formatsLoaded(dialpad);
    await chooseCountry(dialpad, 'US');
    const input = field(dialpad);
    input.focus();
    await sendKeys({ type: '2015550123' });
    await dialpad.updateComplete;
    expect(input.value).to.equal('(201) 555-0123');
    // Caret after "(201) 5": between the 4th and 5th digits.
    input.setSelectionRange(7, 7);
    await sendKeys({ press: 'Backspace' });
    await dialpad.updateComplete;
    expect(input.value).to.equal('(201) 550-123');
    expect(input.selectionStart).to.equal(4); // right after "(201"
    await sendKeys({ type: '9' });
    await dialpad.updateComplete;
    expect(input.value).to.equal('(201) 955-0123');
    expect(input.selectionStart).to.equal(7); // right after the 9
    // Backspace just after formatting (") ") deletes the digit before it, not the last one.
    input.setSelectionRange(6, 6);
    await sendKeys({ press: 'Backspace' });
    await dialpad.updateComplete;
    expect(input.value).to.equal('(209) 550-123');
    expect(input.selectionStart).to.equal(3);
    // A refused character leaves both the number and the caret where they were.
    await sendKeys({ type: 'x' });
    await dialpad.updateComplete;
    expect(input.value).to.equal('(209) 550-123');
    expect(input.selectionStart).to.equal(3);
    // Keypad keys still append at the end.
    key(dialpad, '4').click();
    await dialpad.updateComplete;
    expect(input.value).to.equal('(209) 550-1234');
  });

  it('times the call from its answer on the contact center clock, also in a dialpad added mid-call', async () => {
    const { dialpad, provider } = await dialpadBesideProvider();
    const cc = provider.contactCenter!;
    const sim = provider.simulator!;
    expect(cc.now()).to.equal(sim.now());
    await formatsLoaded(dialpad);
    await chooseCountry(dialpad, 'US');
    await enter(dialpad, '2015550123');
    sim.setNextOutboundOutcome('answered');
    buttonNamed(dialpad, 'Call')!.click();
    await settle();
    sim.advance(10_000);
    await settle();
    const call = Object.values(provider.store!.getState().calls)[0];
    expect(call.status).to.equal('in-progress');
    const answeredFor = Math.floor((sim.now() - call.answeredAt!) / 1000);
    // The virtual clock stands still (sim-clock="manual"): the timer follows it, not the wall clock.
    sim.advance(65_000);
    await settle();
    await dialpad.updateComplete;
    const expected = answeredFor + 65;
    const text = `${String(Math.floor(expected / 60)).padStart(2, '0')}:${String(expected % 60).padStart(2, '0')}`;
    const timer = () => dialpad.shadowRoot!.querySelector('[part="timer"]')!.textContent.trim();
    // It re-reads the clock on its next tick (once a second).
    await until(() => timer() === text, `timer ${text}, showing ${timer()}`);
    expect(cc.now()).to.equal(sim.now());

    // A dialpad that first sees the call now shows the same time, not 00:00.
    const late = await fixture<FlexDialpad>(html`<flex-dialpad></flex-dialpad>`);
    await settle();
    await late.updateComplete;
    expect(callState(late)).to.contain('In call with');
    expect(late.shadowRoot!.querySelector('[part="timer"]')!.textContent.trim()).to.equal(text);
    expect(timer()).to.equal(text);
  });
});
