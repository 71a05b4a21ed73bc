// `npm run start:twilio-local`: the loopback Twilio emulator, the companion server (server/,
// unchanged, its `twilio` client pointed at the emulator's REST API) and three pages with
// <flex-provider backend="twilio" server-url="…">: two agents and a supervisor, serving the CDN
// build from cdn/. A toolbar on the agent pages plays the customer and the phones the emulator
// simulates (a number added to a call, a cold transfer's far end).
//
// Environment: PORT (pages, default 8100; 0 picks one), EMULATOR_PORT, SERVER_PORT (default 0),
// AGENT, AGENT2, SUPERVISOR (identities).
import { createReadStream, existsSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, resolve } from 'node:path';
import { createCompanionServer } from '../../server/index.mjs';
import { startEmulator } from './emulator.js';
import { companionSettings } from './companion.js';

const root = resolve('.');
const env = process.env;
const emulator = await startEmulator({ port: Number(env['EMULATOR_PORT'] ?? 0), log: true, reservationTimeout: 120, phoneAnswerMs: -1 });
const people = [
  { path: '/', label: 'Demo', identity: env['AGENT'] ?? 'agent@example.com', role: 'agent' },
  { path: '/agent2', label: 'Agent 2', identity: env['AGENT2'] ?? 'agent2@example.com', role: 'agent' },
  { path: '/supervisor', label: 'Supervisor', identity: env['SUPERVISOR'] ?? 'supervisor@example.com', role: 'supervisor' },
] as const;
// The workers exist as in a Flex account (the supervisor's `roles` attribute names the role).
for (const p of people) emulator.ensureWorker(p.identity, p.role);

const types: Record<string, string> = { '.js': 'text/javascript', '.map': 'application/json', '.css': 'text/css', '.html': 'text/html' };
const pages = createServer();
await new Promise<void>((done) => pages.listen(Number(env['PORT'] ?? 8100), '127.0.0.1', done));
const origin = `http://127.0.0.1:${(pages.address() as AddressInfo).port}`;

// The companion server as a host would run it; only the sign-in is the local one: the page names
// who it is (`?identity=`), which a real deployment takes from its session or SSO instead.
const companion = createCompanionServer({
  settings: companionSettings(emulator, { allowedOrigins: [origin] }),
  async authenticate(request) {
    const identity = new URL(request.url ?? '/', 'http://x').searchParams.get('identity');
    return people.some((p) => p.identity === identity) ? { identity: identity! } : undefined;
  },
});
const { url: serverUrl } = await companion.listen(Number(env['SERVER_PORT'] ?? 0));

const nav = people.map((p) => `<a href="${p.path}">${p.label}</a>`).join(' · ');

function page(person: (typeof people)[number]): string {
  const agent = person.role === 'agent';
  const body = agent ? '<flex-agent-desktop></flex-agent-desktop>' : '<flex-teams-view></flex-teams-view>';
  // The customer's controls (agent pages): calls and chats for this agent or any, the customer
  // hanging up, and the simulated phones (answer / hang up) with their state.
  const toolbar = agent
    ? `<div class="bar" role="toolbar" aria-label="Customer (emulator controls)">
  <button id="voice">New call for me</button><button id="voice-any">New call to the queue</button><button id="chat">New chat for me</button>
  <label>Customer says <input id="text" value="Hello, I have a question"></label><button id="say">Send</button>
  <button id="hangup">Customer hangs up</button><button id="drop">Drop websockets</button>
</div>
<section class="phones" aria-label="Simulated phones"><h2>Phones the emulator plays</h2><table><thead><tr><th>Call</th><th>From</th><th>To</th><th>Status</th><th>Connected to</th><th></th></tr></thead><tbody id="phones"><tr><td colspan="6">None yet</td></tr></tbody></table></section>`
    : '';
  const script = agent
    ? `
  const control = (path, body) => fetch('${emulator.url}' + path, { method: 'POST', body: JSON.stringify(body ?? {}) }).then((r) => r.json());
  const me = ${JSON.stringify(person.identity)};
  let lastChat;
  const myVoiceTask = async () => {
    const state = await control('/control/state');
    const mine = state.workers.find((w) => w.identity === me);
    return state.tasks.filter((t) => t.channel === 'voice' && t.status === 'assigned' && t.workerSid === mine?.sid).at(-1)?.sid;
  };
  voice.onclick = () => control('/control/tasks', { channel: 'voice', identity: me, name: 'Pat Caller', from: '+14155550123' });
  document.getElementById('voice-any').onclick = () => control('/control/tasks', { channel: 'voice', name: 'Quinn Caller', from: '+14155550124' });
  chat.onclick = async () => (lastChat = (await control('/control/tasks', { channel: 'chat', identity: me, name: 'Sam Chatter', firstMessage: 'Hi! Anyone there?', history: 12 })).taskSid);
  say.onclick = () => lastChat && control('/control/say', { taskSid: lastChat, body: text.value });
  hangup.onclick = async () => { const taskSid = await myVoiceTask(); if (taskSid) control('/control/hangup', { taskSid }); };
  drop.onclick = () => control('/control/drop', { which: 'all', identity: me });
  const phones = document.getElementById('phones');
  const row = (c) => {
    const tr = document.createElement('tr');
    for (const v of [c.sid.slice(0, 10) + '…', c.from, c.to, c.status, c.connectedTo ?? '']) tr.append(Object.assign(document.createElement('td'), { textContent: v }));
    const td = document.createElement('td');
    if (c.status === 'ringing') td.append(Object.assign(document.createElement('button'), { textContent: 'Answer ' + c.to, onclick: () => control('/control/answer', { callSid: c.sid }) }));
    if (c.status === 'ringing' || c.status === 'in-progress') td.append(Object.assign(document.createElement('button'), { textContent: 'Hang up ' + c.to, onclick: () => control('/control/hangup', { callSid: c.sid }) }));
    tr.append(td);
    return tr;
  };
  setInterval(async () => {
    const state = await control('/control/state');
    const live = state.phones.filter((c) => c.status !== 'completed' && c.status !== 'canceled' || Date.now() - (c.endedAt ?? 0) < 30000);
    phones.replaceChildren(...(live.length ? live.map(row) : [Object.assign(document.createElement('tr'), { innerHTML: '<td colspan="6">None yet</td>' })]));
  }, 1500);`
    : '';
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${person.label}: flex-elements on the local Twilio emulator</title>
<script type="module" src="/cdn/flex-elements.js"></script>
<style>body{font-family:system-ui;margin:0} .bar,nav{display:flex;flex-wrap:wrap;gap:.5rem;padding:.5rem;background:#eef;align-items:center}
.phones{padding:.25rem .5rem;background:#f6f6fb;font-size:.85rem} .phones h2{font-size:.9rem;margin:.25rem 0} .phones td,.phones th{padding:0 .5rem;text-align:left}
flex-provider{display:block;height:calc(100vh - 9rem)}</style>
</head><body>
<nav aria-label="Pages">${person.label}: ${person.identity} · ${nav}</nav>
${toolbar}
<flex-provider backend="twilio" identity="${person.identity}" server-url="${serverUrl}" token-url="${serverUrl}/token?identity=${encodeURIComponent(person.identity)}">
  ${body}
</flex-provider>
<script type="module">
  document.querySelector('flex-provider').backendOptions = { ...${JSON.stringify(emulator.backendOptions)}, outboundCallerId: '+18005550100' };${script}
</script>
</body></html>`;
}

pages.on('request', (request, response) => {
  const path = new URL(request.url ?? '/', 'http://x').pathname;
  const person = people.find((p) => p.path === path || (p.path === '/' && path === '/index.html'));
  if (person) return void response.writeHead(200, { 'Content-Type': 'text/html' }).end(page(person));
  if (path === '/favicon.ico') return void response.writeHead(204).end();
  const file = join(root, path);
  if (!file.startsWith(join(root, 'cdn')) || !existsSync(file)) return void response.writeHead(404).end();
  response.writeHead(200, { 'Content-Type': types[extname(file)] ?? 'application/octet-stream' });
  createReadStream(file).pipe(response);
});

for (const p of people) console.log(`${`${p.label}:`.padEnd(18)}${origin}${p.path}   (${p.identity}, backend="twilio")`);
console.log(`Companion server: ${serverUrl}   (GET /token, /config; POST /voice/…, /callbacks)`);
console.log(`Twilio emulator:  ${emulator.url}   (Voice signaling wss://${emulator.backendOptions.chunderw})`);
console.log('Voice needs the self-signed certificate accepted: open https://' + emulator.backendOptions.chunderw + '/ once, or start Chrome with --ignore-certificate-errors.');
