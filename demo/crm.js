// Acme CRM: a demo CRM page with the flex-elements agent desktop docked on the right.
// Plain JavaScript modules, no build. It answers the provider's CRM hooks and listens to its events:
//   provider.crm.searchContacts → the ringing card shows the matched contact (two share a number:
//     the agent picks), flex-contact-create-request → "New contact",
//   flex-task-accepted / flex-task-selected → screen pop (open the customer's record),
//   provider.crm.logInteraction → the completed interaction goes into the associated records'
//     activity history (localStorage); the first call fails on purpose, so the retry shows.
// Every piece of customer data is written with textContent, never as HTML.
import { CUSTOMER_COUNT, generateCustomers } from '../cdn/flex-elements.js';

const SEED = 1;
const HISTORY_KEY = 'acme-crm.history.v1';
const directory = generateCustomers(SEED, CUSTOMER_COUNT);
/** A second contact on the first customer's number (a shared family line): the agent picks. */
const SHARED = {
  crmId: 'CRM-9001',
  name: `Robin ${directory[0].name.split(' ').slice(1).join(' ') || 'Doe'}`,
  phone: directory[0].phone,
  email: 'robin.family@example.com',
};
const customers = [...directory, SHARED];
const byId = new Map(customers.map((c) => [c.crmId, c]));

const provider = document.getElementById('provider');
const list = document.getElementById('contact-list');
const search = document.getElementById('search');
const record = document.getElementById('record');
const count = document.getElementById('contact-count');

let currentId;
let pop; // {crmId, text} of the last screen pop, shown as a banner on that record

// ------------------------------------------------------------------ helpers

function el(tag, props = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(props)) {
    if (value === undefined || value === null) continue;
    if (key === 'class') node.className = value;
    else if (key === 'text') node.textContent = value;
    else if (key.startsWith('on')) node.addEventListener(key.slice(2), value);
    else node.setAttribute(key, value);
  }
  for (const child of children) if (child !== undefined && child !== null) node.append(child);
  return node;
}

const initials = (name) =>
  String(name)
    .split(/\s+/)
    .filter(Boolean)
    .slice(0, 2)
    .map((w) => w[0].toUpperCase())
    .join('');

const fmtSeconds = (s) => {
  const n = Math.max(0, Math.round(Number(s) || 0));
  return n >= 60 ? `${Math.floor(n / 60)}m ${n % 60}s` : `${n}s`;
};
const fmtWhen = (ms) => new Date(ms).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
const CHANNEL_ICON = { voice: 'Ca', chat: 'Ch', sms: 'Sm', whatsapp: 'Wa', email: 'Em' };
const CHANNEL_NAME = { voice: 'Call', chat: 'Chat', sms: 'SMS', whatsapp: 'WhatsApp', email: 'Email' };

function loadHistory() {
  try {
    const parsed = JSON.parse(localStorage.getItem(HISTORY_KEY) ?? '{}');
    return parsed && typeof parsed === 'object' ? parsed : {};
  } catch {
    return {};
  }
}
function saveHistory(history) {
  try {
    localStorage.setItem(HISTORY_KEY, JSON.stringify(history));
  } catch {
    // Storage full or blocked: the entry still shows until the page reloads.
  }
}
let interactions = loadHistory();

/** A deterministic earlier interaction or two, so records do not look empty. */
function seededHistory(customer) {
  const n = Number(customer.crmId.slice(4));
  const day = 86_400_000;
  const base = Date.UTC(2026, 9, 1) + (n % 40) * day;
  const entries = [{ at: base, channel: 'email', title: 'Contact created', notes: 'Imported from web sign-up.' }];
  if (n % 3 !== 0) {
    entries.push({
      at: base + (n % 11) * day,
      channel: n % 2 ? 'voice' : 'chat',
      title: n % 2 ? 'Inbound call' : 'Chat',
      disposition: n % 5 === 0 ? 'Follow-up needed' : 'Resolved',
      notes: n % 2 ? 'Asked about the renewal date.' : 'Password reset link sent.',
    });
  }
  return entries;
}

// ------------------------------------------------------------------ contacts list

function renderList() {
  const q = search.value.trim().toLowerCase();
  const matches = q
    ? customers.filter((c) => [c.name, c.phone, c.email, c.crmId].some((v) => v.toLowerCase().includes(q)))
    : customers;
  count.textContent = `${matches.length} of ${customers.length}`;
  list.replaceChildren(
    ...matches.slice(0, 250).map((c) =>
      el(
        'li',
        {},
        el(
          'a',
          { href: `#/contacts/${c.crmId}`, 'aria-current': c.crmId === currentId ? 'true' : undefined },
          el('span', { class: 'avatar', 'aria-hidden': 'true', text: initials(c.name) }),
          el('span', { class: 'who', text: c.name }),
          el('span', { class: 'sub', text: c.phone }),
        ),
      ),
    ),
  );
}

// ------------------------------------------------------------------ record view

function renderRecord() {
  const customer = currentId ? byId.get(currentId) : undefined;
  if (!customer) {
    record.replaceChildren(
      el('p', { class: 'placeholder', text: 'Select a contact, or accept a task in the agent panel: its customer’s record opens here.' }),
    );
    return;
  }
  const entries = [...(interactions[customer.crmId] ?? []), ...seededHistory(customer)].sort((a, b) => b.at - a.at);
  const n = Number(customer.crmId.slice(4));
  const plans = ['Starter', 'Business', 'Enterprise'];
  record.replaceChildren(
    pop && pop.crmId === customer.crmId ? el('p', { class: 'screen-pop', role: 'status', text: pop.text }) : '',
    el(
      'div',
      { class: 'record-head' },
      el('span', { class: 'avatar large', 'aria-hidden': 'true', text: initials(customer.name) }),
      el('div', {}, el('h2', { text: customer.name }), el('span', { class: 'crm-id', text: customer.crmId })),
      el(
        'div',
        { class: 'record-actions' },
        el('button', {
          class: 'crm-button primary',
          type: 'button',
          text: `Call ${customer.phone}`,
          onclick: () => clickToDial(customer.phone),
        }),
        el('button', {
          class: 'crm-button',
          type: 'button',
          text: 'Send SMS',
          onclick: () => clickToMessage(customer.phone),
        }),
        el('a', { class: 'crm-button', href: `mailto:${customer.email}`, text: 'Email' }),
      ),
    ),
    el(
      'div',
      { class: 'cards' },
      el(
        'section',
        { class: 'card', 'aria-label': 'Contact details' },
        el('h3', { text: 'Contact details' }),
        el(
          'dl',
          {},
          el('dt', { text: 'Phone' }),
          el('dd', { text: customer.phone }),
          el('dt', { text: 'Email' }),
          el('dd', { text: customer.email }),
          el('dt', { text: 'CRM id' }),
          el('dd', { text: customer.crmId }),
        ),
      ),
      el(
        'section',
        { class: 'card', 'aria-label': 'Account' },
        el('h3', { text: 'Account' }),
        el(
          'dl',
          {},
          el('dt', { text: 'Plan' }),
          el('dd', { text: plans[n % 3] }),
          el('dt', { text: 'Customer since' }),
          el('dd', { text: String(2016 + (n % 9)) }),
          el('dt', { text: 'Open cases' }),
          el('dd', { text: String(n % 4) }),
        ),
      ),
    ),
    el(
      'section',
      { class: 'card', 'aria-labelledby': 'history-title' },
      el('h3', { id: 'history-title', text: 'Activity history' }),
      el(
        'ol',
        { class: 'history' },
        ...entries.map((entry) =>
          el(
            'li',
            {},
            el('span', { class: 'icon', 'aria-hidden': 'true', text: CHANNEL_ICON[entry.channel] ?? '•' }),
            el(
              'span',
              { class: 'what', text: entry.title },
              entry.disposition ? el('span', { class: 'tag', text: entry.disposition }) : '',
            ),
            el('span', { class: 'when', text: fmtWhen(entry.at) }),
            entry.durations
              ? el('span', {
                  class: 'figures',
                  text: `Waited ${fmtSeconds(entry.durations.wait)} · talked ${fmtSeconds(entry.durations.talk)} · hold ${fmtSeconds(entry.durations.hold)} · wrap-up ${fmtSeconds(entry.durations.wrap)}${entry.queue ? ` · ${entry.queue}` : ''}`,
                })
              : '',
            entry.notes ? el('span', { class: 'notes', text: entry.notes }) : '',
          ),
        ),
      ),
    ),
  );
}

function open(crmId, { focus = false } = {}) {
  if (location.hash !== `#/contacts/${crmId}`) window.history.replaceState(null, '', `#/contacts/${crmId}`);
  currentId = crmId;
  renderList();
  renderRecord();
  if (focus) record.focus({ preventScroll: true });
}

function route() {
  const match = /^#\/contacts\/(CRM-\d+)$/.exec(location.hash);
  currentId = match && byId.has(match[1]) ? match[1] : undefined;
  renderList();
  renderRecord();
}

// ------------------------------------------------------------------ CRM integration

/** Finds the CRM record for a task's customer: crmId first, then phone, then email. */
function findCustomer(customer = {}, attributes = {}) {
  const crmId = customer.crmId ?? attributes.crmId;
  if (crmId && byId.has(crmId)) return byId.get(crmId);
  const phone = customer.phone ?? attributes.from;
  if (phone) {
    const found = customers.find((c) => c.phone === phone);
    if (found) return found;
  }
  const email = (customer.email ?? attributes.email ?? '').toLowerCase();
  return email ? customers.find((c) => c.email === email) : undefined;
}

function screenPop(event, verb) {
  const { customer, attributes, channel, associations } = event.detail;
  // The record the agent associated (or the one contact the search found) comes first.
  const associated = associations?.map((a) => byId.get(a.id)).find(Boolean);
  const found = associated ?? findCustomer(customer, attributes);
  if (!found) {
    pop = undefined;
    record.replaceChildren(
      el('p', { class: 'screen-pop', role: 'status', text: `No contact matches ${customer?.name ?? 'this customer'} (${customer?.phone ?? customer?.email ?? 'no phone or email'}).` }),
    );
    return;
  }
  pop = { crmId: found.crmId, text: `Screen pop: ${verb} ${CHANNEL_NAME[channel] ?? channel} with ${found.name}` };
  open(found.crmId, { focus: false });
}

document.addEventListener('flex-task-accepted', (event) => screenPop(event, 'accepted'));
document.addEventListener('flex-task-selected', (event) => {
  const associated = event.detail.associations?.map((a) => byId.get(a.id)).find(Boolean);
  const found = associated ?? findCustomer(event.detail.customer, event.detail.attributes);
  if (found && found.crmId !== currentId) screenPop(event, 'working on');
});

// The contact search the ringing card shows: by phone, then e-mail, then CRM id.
const planOf = (c) => ['Starter', 'Business', 'Enterprise'][Number(c.crmId.slice(4)) % 3];
const casesOf = (c) => Number(c.crmId.slice(4)) % 4;
provider.crm.searchContacts = async ({ phone, email, attributes }) => {
  await new Promise((resolve) => setTimeout(resolve, 300)); // a CRM answers over the network
  const crmId = attributes?.crmId;
  const matches = customers.filter(
    (c) => (phone && c.phone === phone) || (email && c.email === String(email).toLowerCase()) || (!phone && !email && c.crmId === crmId),
  );
  return matches.map((c) => ({
    id: c.crmId,
    name: c.name,
    kind: 'Contact',
    phone: c.phone,
    email: c.email,
    url: `#/contacts/${c.crmId}`,
    details: `${planOf(c)} · ${casesOf(c)} open case${casesOf(c) === 1 ? '' : 's'}`,
  }));
};

document.addEventListener('flex-contact-create-request', (event) => {
  const { phone, email, name } = event.detail;
  pop = undefined;
  record.replaceChildren(
    el('p', { class: 'screen-pop', role: 'status', text: `New contact: ${name ?? 'unknown caller'} (${phone ?? email ?? 'no address'}). In a real CRM the create form opens here.` }),
  );
});

// The interaction log: written into every associated record; the demo CRM fails the first call.
let logCalls = 0;
provider.crm.logInteraction = async (log) => {
  logCalls++;
  await new Promise((resolve) => setTimeout(resolve, 200));
  if (logCalls === 1) throw new Error('Acme CRM is briefly unavailable (the demo fails the first log on purpose)');
  const { associations, customer, attributes, channel, disposition, notes, durations, queueName, taskSid } = log;
  const records = associations.map((a) => byId.get(a.id)).filter(Boolean);
  if (records.length === 0) {
    const found = findCustomer(customer, attributes);
    if (found) records.push(found);
  }
  const direction = attributes?.direction === 'outbound' ? 'Outbound' : 'Inbound';
  for (const found of records) {
    const entry = {
      at: Date.now(),
      taskSid,
      channel,
      title: channel === 'voice' ? `${direction} call` : `${direction} ${CHANNEL_NAME[channel] ?? channel} conversation`,
      disposition,
      notes: [notes, attributes?.transferNote ? `Transfer note: ${attributes.transferNote}` : ''].filter(Boolean).join(' · '),
      durations,
      queue: queueName,
    };
    interactions = { ...interactions, [found.crmId]: [entry, ...(interactions[found.crmId] ?? [])] };
  }
  saveHistory(interactions);
  if (records.some((r) => r.crmId === currentId)) renderRecord();
};

/** Click-to-message: "New message" in the agent panel opens with the number filled in. */
function clickToMessage(number) {
  const desk = provider.querySelector('flex-agent-desktop');
  desk.removeAttribute('message-to');
  desk.setAttribute('message-to', number);
}

// Canned responses for the chat composer (type / at the start of a message).
provider.appConfig = {
  ...(provider.appConfig ?? {}),
  chat: {
    cannedResponses: [
      { title: 'Greeting', category: 'Openers', text: 'Hi {{customer.firstName}}, this is {{agent.name}} from Acme. How can I help?' },
      { title: 'Order status', category: 'Orders', text: 'Let me check your order, {{customer.firstName}}. One moment please.' },
      { title: 'Refund policy', category: 'Billing', text: 'Refunds reach your account within 5 to 7 business days.' },
      { title: 'Goodbye', category: 'Closing', text: 'Thanks for contacting Acme, {{customer.firstName}}. Have a great day!' },
    ],
  },
  outbound: { templates: [{ id: 'HXacme0001', name: 'Order update', text: 'Hello, there is an update on your Acme order. Reply to this message to chat with us.' }] },
};

/** Click-to-dial: the CRM asks the provider to place the call. */
async function clickToDial(number) {
  try {
    await provider.actions.invoke('StartOutboundCall', { to: number });
  } catch (error) {
    // The provider already reports failures (flex-error and a visible notification).
    console.warn('Acme CRM: the call could not start.', error);
  }
}

search.addEventListener('input', renderList);
window.addEventListener('hashchange', route);
route();

/**
 * Demo only: the simulator brings in a customer from the CRM's own directory now, instead of
 * waiting for the next random arrival. Jane is the only agent here, so it rings for her once she
 * is Available.
 */
const OPENERS = ['Hi, my order has not arrived yet.', 'Hello! I was charged twice this month.', 'Can I change my delivery address?'];
let opener = 0;
for (const button of document.querySelectorAll('.simulate [data-channel]')) {
  button.addEventListener('click', () => {
    const simulator = provider.simulator;
    if (!simulator) return;
    const kind = button.dataset.channel;
    const channel = kind === 'voice' || kind === 'chat' ? kind : 'voice';
    const customer =
      kind === 'shared'
        ? { name: 'Caller', phone: SHARED.phone }
        : directory[Math.floor(Math.random() * directory.length)];
    simulator.createTask({
      channel,
      customer,
      // A colleague's transfer reaching Jane carries their note (the transfer dialog's "Transfer note").
      ...(kind === 'transfer'
        ? { attributes: { transferNote: 'Billing question about invoice 2291; identity already verified. (Sam, Billing)' } }
        : {}),
      ...(channel === 'voice' ? {} : { firstMessage: OPENERS[opener++ % OPENERS.length], history: 6 }),
    });
  });
}
