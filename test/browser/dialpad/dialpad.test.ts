import { expect, html } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import '../../../src/index.js';
import type { FlexDialpad } from '../../../src/components/dialpad/dialpad.js';
import { setPhoneNumberLibraryLoader } from '../../../src/controllers/phone-number.js';
import { settle, simulatorFixture } from '../helpers.js';
import {
  buttonNamed,
  chooseCountry,
  countrySelect,
  dialpadBesideProvider,
  enter,
  errorText,
  field,
  formatsLoaded,
  key,
  nameOf,
  until,
} from './helpers.js';

function clearRecent() {
  for (const k of Object.keys(localStorage)) if (k.startsWith('flex-elements.dialpad.recent.')) localStorage.removeItem(k);
}

describe('<flex-dialpad>', () => {
  beforeEach(clearRecent);
  afterEach(() => setPhoneNumberLibraryLoader());

  it('is accessible when empty, with the keys, field and buttons named as the contract says', async () => {
    const { dialpad } = await dialpadBesideProvider();
    await formatsLoaded(dialpad);
    await expect(dialpad).to.be.accessible();
    // Names as a screen reader computes them here: aria-label, a wrapping <label>, or text that is not aria-hidden.
    const root = dialpad.shadowRoot!;
    const find = (role: string, name: string) => {
      const candidates =
        role === 'button'
          ? [...root.querySelectorAll('button')]
          : role === 'textbox'
            ? [...root.querySelectorAll('input[type="tel"]')]
            : [...root.querySelectorAll('select')];
      const labelOf = (c: Element) =>
        [...c.closest('label')!.childNodes]
          .filter((n) => n.nodeType === Node.TEXT_NODE)
          .map((n) => n.textContent)
          .join('')
          .trim();
      return candidates.find((c) => (c.getAttribute('aria-label') ?? (c.closest('label') ? labelOf(c) : nameOf(c))) === name);
    };
    for (const k of ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9', '*', '#']) {
      expect(find('button', k), `key ${k}`).to.exist;
    }
    for (const [role, name] of [
      ['textbox', 'Phone number'],
      ['combobox', 'Country'],
      ['button', 'Call'],
      ['button', 'Delete'],
      ['button', 'Clear'],
    ]) {
      expect(find(role, name), `${role} ${name}`).to.exist;
    }
    expect(buttonNamed(dialpad, 'Call')!.disabled).to.be.true;
    // One caller ID configured by default: no selector.
    expect(dialpad.shadowRoot!.querySelector('[part="caller-id"]')).to.equal(null);
  });

  it('formats, validates and turns numbers into E.164 across countries', async () => {
    const { dialpad } = await dialpadBesideProvider();
    await formatsLoaded(dialpad);
    const cases: [string, string, string, string][] = [
      ['US', '2015550123', '(201) 555-0123', 'Call'],
      ['GB', '07400123456', '07400 123456', 'Call'],
      ['DE', '015123456789', '01512 3456789', 'Call'],
      ['MX', '2221234567', '222 123 4567', 'Call'],
      ['BR', '11961234567', '(11) 96123-4567', 'Call'],
      ['IN', '8123456789', '81234 56789', 'Call'],
    ];
    for (const [country, typed, shown] of cases) {
      await chooseCountry(dialpad, country);
      await enter(dialpad, typed);
      expect(field(dialpad).value, country).to.equal(shown);
      expect(errorText(dialpad), country).to.equal('');
      expect(field(dialpad).getAttribute('aria-invalid'), country).to.equal('false');
      expect(buttonNamed(dialpad, 'Call')!.disabled, country).to.be.false;
    }
    // The same digits are not a number in Germany.
    await chooseCountry(dialpad, 'DE');
    await enter(dialpad, '0123');
    expect(errorText(dialpad)).to.equal('This is not a valid number for Germany.');
    expect(buttonNamed(dialpad, 'Call')!.disabled).to.be.true;
  });

  it('shows an invalid number inline (aria-invalid, aria-describedby) and keeps Call disabled; axe passes', async () => {
    const { dialpad } = await dialpadBesideProvider();
    await formatsLoaded(dialpad);
    await chooseCountry(dialpad, 'US');
    await enter(dialpad, '20155501234');
    const input = field(dialpad);
    expect(input.getAttribute('aria-invalid')).to.equal('true');
    expect(errorText(dialpad)).to.equal('This number is too long for United States.');
    expect(buttonNamed(dialpad, 'Call')!.disabled).to.be.true;
    await expect(dialpad).to.be.accessible();

    await enter(dialpad, '2015550123');
    expect(input.getAttribute('aria-invalid')).to.equal('false');
    expect(input.hasAttribute('aria-describedby')).to.be.false;
    await expect(dialpad).to.be.accessible();

    // A short number is only unfinished while typing; it is an error once the field is left.
    await enter(dialpad, '201', 'insertText');
    expect(errorText(dialpad)).to.equal('');
    input.dispatchEvent(new FocusEvent('blur'));
    await dialpad.updateComplete;
    expect(errorText(dialpad)).to.equal('This number is too short for United States.');
  });

  it('rejects letters, emoji, too many digits and naughty strings visibly, keeping the last good number', async () => {
    const { dialpad } = await dialpadBesideProvider();
    await formatsLoaded(dialpad);
    await chooseCountry(dialpad, 'US');
    await enter(dialpad, '2015550123');
    const bad: [string, string][] = [
      ['201555ABCD', 'Only digits, +, * and # can be dialled.'],
      ['1-800-FLOWERS', 'Only digits, +, * and # can be dialled.'],
      ['📞2015550123', 'Only digits, +, * and # can be dialled.'],
      ['12345678901234567890', 'That is too long for a phone number (at most 15 digits).'],
      ['<script>alert(1)</script>', 'Only digits, +, * and # can be dialled.'],
      ["'; DROP TABLE calls; --", 'Only digits, +, * and # can be dialled.'],
      ['\u202e0123', 'Only digits, +, * and # can be dialled.'],
      ['٠١٢٣٤٥', 'Only digits, +, * and # can be dialled.'],
      ['{{7*7}}', 'Only digits, +, * and # can be dialled.'],
      ['NaN', 'Only digits, +, * and # can be dialled.'],
      ['20+15550123', '+ can only come first.'],
      ['9'.repeat(10_000), 'That is too long for a phone number (at most 15 digits).'],
    ];
    for (const [text, message] of bad) {
      await enter(dialpad, text);
      expect(errorText(dialpad), text.slice(0, 20)).to.equal(message);
      expect(field(dialpad).value, text.slice(0, 20)).to.equal('(201) 555-0123');
      expect(dialpad.shadowRoot!.querySelector('script')).to.equal(null);
    }
    // Formatting characters and a tel: link are fine.
    await enter(dialpad, 'tel:+1 (201) 555.0123');
    expect(errorText(dialpad)).to.equal('');
    expect(field(dialpad).value).to.equal('+1 201 555 0123');
    await expect(dialpad).to.be.accessible();
  });

  it('works with the keyboard only: Tab to the keys, Enter and Space press them, typing and Backspace in the field', async () => {
    const { dialpad } = await dialpadBesideProvider();
    await formatsLoaded(dialpad);
    await chooseCountry(dialpad, 'US');
    field(dialpad).focus();
    await sendKeys({ type: '20155' });
    await dialpad.updateComplete;
    expect(field(dialpad).value).to.equal('(201) 55');
    await sendKeys({ press: 'Backspace' });
    await dialpad.updateComplete;
    expect(field(dialpad).value).to.equal('(201) 5');
    await sendKeys({ type: 'x' });
    await dialpad.updateComplete;
    expect(errorText(dialpad)).to.equal('Only digits, +, * and # can be dialled.');
    expect(field(dialpad).value).to.equal('(201) 5');

    // Tab from the field reaches the first key; Enter and Space press keys.
    await sendKeys({ press: 'Tab' });
    expect(dialpad.shadowRoot!.activeElement).to.equal(key(dialpad, '1'));
    await sendKeys({ press: 'Tab' }); // 2
    await sendKeys({ press: 'Tab' }); // 3
    await sendKeys({ press: 'Tab' }); // 4
    await sendKeys({ press: 'Tab' }); // 5
    expect(dialpad.shadowRoot!.activeElement).to.equal(key(dialpad, '5'));
    await sendKeys({ press: 'Enter' });
    await sendKeys({ press: 'Space' });
    await dialpad.updateComplete;
    expect(field(dialpad).value).to.equal('(201) 555');
    for (const k of ['0', '1', '2', '3']) key(dialpad, k).click();
    await dialpad.updateComplete;
    expect(field(dialpad).value).to.equal('(201) 555-0123');
    expect(buttonNamed(dialpad, 'Call')!.disabled).to.be.false;
    buttonNamed(dialpad, 'Delete')!.click();
    await dialpad.updateComplete;
    expect(field(dialpad).value).to.equal('(201) 555-012');
    buttonNamed(dialpad, 'Clear')!.click();
    await dialpad.updateComplete;
    expect(field(dialpad).value).to.equal('');
    expect(buttonNamed(dialpad, 'Call')!.disabled).to.be.true;
  });

  it('types + when 0 is held for half a second, and 0 on a short press', async () => {
    const { dialpad } = await dialpadBesideProvider();
    await formatsLoaded(dialpad);
    const zero = key(dialpad, '0');
    zero.dispatchEvent(new PointerEvent('pointerdown', { bubbles: true }));
    zero.dispatchEvent(new PointerEvent('pointerup', { bubbles: true }));
    zero.click();
    await dialpad.updateComplete;
    expect(field(dialpad).value).to.equal('0');
    buttonNamed(dialpad, 'Clear')!.click();
    zero.dispatchEvent(new PointerEvent('pointerdown', { bubbles: true }));
    await new Promise((r) => setTimeout(r, 600));
    zero.dispatchEvent(new PointerEvent('pointerup', { bubbles: true }));
    zero.click();
    await dialpad.updateComplete;
    expect(field(dialpad).value).to.equal('+');
    for (const k of '442079460958') key(dialpad, k).click();
    await dialpad.updateComplete;
    expect(field(dialpad).value).to.equal('+44 20 7946 0958');
    expect(buttonNamed(dialpad, 'Call')!.disabled).to.be.false;
  });

  it('pre-fills from the number attribute and follows its changes (click-to-dial)', async () => {
    const { page } = await simulatorFixture<HTMLElement>(html`<div>
      <flex-provider sim-traffic="off" sim-clock="manual"></flex-provider>
      <flex-dialpad number="+1 201-555-0123"></flex-dialpad>
    </div>`);
    const dialpad = page.querySelector('flex-dialpad')!;
    await formatsLoaded(dialpad);
    expect(field(dialpad).value).to.equal('+1 201 555 0123');
    expect(buttonNamed(dialpad, 'Call')!.disabled).to.be.false;
    dialpad.setAttribute('number', '+447400123456');
    await dialpad.updateComplete;
    expect(field(dialpad).value).to.equal('+44 7400 123456');
    dialpad.setAttribute('number', 'call me maybe');
    await dialpad.updateComplete;
    expect(field(dialpad).value).to.equal('');
    expect(errorText(dialpad)).to.equal('Only digits, +, * and # can be dialled.');
  });

  it('keeps keys usable while formats load, then falls back to E.164 when they cannot load', async () => {
    setPhoneNumberLibraryLoader(() => Promise.reject(new Error('chunk failed')));
    const { dialpad } = await dialpadBesideProvider();
    await until(() => !!dialpad.shadowRoot!.querySelector('#number-hint[role="alert"]'), 'load failure');
    expect(dialpad.shadowRoot!.querySelector('#number-hint')!.textContent).to.contain('international format');
    expect(countrySelect(dialpad).disabled).to.be.true;
    for (const k of '2015550123') key(dialpad, k).click();
    await dialpad.updateComplete;
    expect(field(dialpad).value).to.equal('2015550123');
    expect(buttonNamed(dialpad, 'Call')!.disabled).to.be.true;
    await enter(dialpad, '+12015550123');
    expect(buttonNamed(dialpad, 'Call')!.disabled).to.be.false;
    await expect(dialpad).to.be.accessible();
  });

  it('shows a loading state and accepts keys before the formats arrive', async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    setPhoneNumberLibraryLoader(async () => {
      await gate;
      return import('libphonenumber-js/min');
    });
    const { dialpad } = await dialpadBesideProvider();
    expect(dialpad.shadowRoot!.querySelector('#number-hint')!.textContent).to.equal('Loading number formats…');
    for (const k of '2015550123') key(dialpad, k).click();
    await dialpad.updateComplete;
    expect(field(dialpad).value).to.equal('2015550123');
    release();
    await formatsLoaded(dialpad);
    expect(field(dialpad).value).to.equal('(201) 555-0123');
  });

  it('offers the configured caller IDs when there are several', async () => {
    const { dialpad } = await dialpadBesideProvider({
      appConfig: { outbound: { callerIds: ['+15550100', '+442079460000'], defaultCountry: 'GB' } },
    });
    await formatsLoaded(dialpad);
    expect(countrySelect(dialpad).value).to.equal('GB');
    const callerId = dialpad.shadowRoot!.querySelector<HTMLSelectElement>('select[part="caller-id"]')!;
    expect(callerId).to.exist;
    expect(callerId.closest('label')!.textContent).to.contain('Caller ID');
    expect([...callerId.options].map((o) => o.value)).to.deep.equal(['+15550100', '+442079460000']);
    expect(countrySelect(dialpad).selectedOptions[0].textContent.trim()).to.equal('United Kingdom (+44)');
  });

  it('shows an agent nothing and an admin an explanation when outbound calling is off', async () => {
    const agent = await dialpadBesideProvider({ role: 'agent', appConfig: { outbound: { enabled: false } } });
    await settle();
    expect(agent.dialpad.hidden).to.be.true;
    expect(agent.dialpad.shadowRoot!.textContent.trim()).to.equal('');
    expect(agent.dialpad.shadowRoot!.querySelector('button')).to.equal(null);

    agent.provider.closest('div')!.remove();
    const supervisor = await dialpadBesideProvider({ role: 'supervisor', appConfig: { outbound: { enabled: false } } });
    await settle();
    expect(supervisor.dialpad.hidden).to.be.true;

    supervisor.provider.closest('div')!.remove();
    const admin = await dialpadBesideProvider({ role: 'admin', appConfig: { outbound: { enabled: false } } });
    await settle();
    expect(admin.dialpad.hidden).to.be.false;
    expect(admin.dialpad.shadowRoot!.textContent.trim()).to.equal(
      'Outbound calling is turned off. Enable it in the configuration: outbound.enabled.',
    );
    expect(admin.dialpad.shadowRoot!.querySelector('button')).to.equal(null);
    await expect(admin.dialpad).to.be.accessible();
  });

  it('waits visibly for a provider when there is none on the page', async () => {
    const { fixture } = await import('@open-wc/testing');
    const dialpad = await fixture<FlexDialpad>(html`<flex-dialpad></flex-dialpad>`);
    expect(dialpad.shadowRoot!.textContent).to.contain('Waiting for a <flex-provider> on this page');
    expect(buttonNamed(dialpad, 'Call')!.disabled).to.be.true;
  });
});
