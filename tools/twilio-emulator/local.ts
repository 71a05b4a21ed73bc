// `npm run start:twilio-local`: the loopback Twilio emulator, its token endpoint, and a demo page
// with <flex-provider backend="twilio"> pointed at it (serving the CDN build from cdn/).
// Open the printed URL; the buttons on the page play the customer (new voice/chat task, say…).
import { createReadStream, existsSync } from 'node:fs';
import { createServer } from 'node:http';
import { extname, join, resolve } from 'node:path';
import { startEmulator } from './emulator.js';

const root = resolve('.');
const port = Number(process.env['PORT'] ?? 8100);
const emulator = await startEmulator({ port: Number(process.env['EMULATOR_PORT'] ?? 0), log: true });
const identity = process.env['IDENTITY'] ?? 'agent@example.com';
const types: Record<string, string> = { '.js': 'text/javascript', '.map': 'application/json', '.css': 'text/css', '.html': 'text/html' };

const page = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>flex-elements on the local Twilio emulator</title>
<script type="module" src="/cdn/flex-elements.js"></script>
<style>body{font-family:system-ui;margin:0} .bar{display:flex;gap:.5rem;padding:.5rem;background:#eef} flex-provider{display:block;height:calc(100vh - 3rem)}</style>
</head><body>
<div class="bar" role="toolbar" aria-label="Customer (emulator control)">
  <button id="voice">New voice call</button><button id="chat">New chat</button>
  <input id="text" aria-label="Customer says" value="Hello, I have a question"><button id="say">Customer says</button>
  <button id="drop">Drop websockets</button>
  <a href="/supervisor">Supervisor view</a>
</div>
<flex-provider backend="twilio" identity="${identity}" token-url="${emulator.url}/token?identity=${encodeURIComponent(identity)}&ttl=600">
  <flex-agent-desktop></flex-agent-desktop>
</flex-provider>
<script type="module">
  const control = (path, body) => fetch('${emulator.url}' + path, { method: 'POST', body: JSON.stringify(body ?? {}) }).then((r) => r.json());
  const provider = document.querySelector('flex-provider');
  provider.backendOptions = { ...${JSON.stringify(emulator.backendOptions)}, conversations: 'loopback', sync: 'loopback' };
  let lastChat;
  voice.onclick = () => control('/control/tasks', { channel: 'voice', name: 'Pat Caller', from: '+14155550123' });
  chat.onclick = async () => (lastChat = (await control('/control/tasks', { channel: 'chat', name: 'Sam Chatter', firstMessage: 'Hi! Anyone there?', history: 12 })).taskSid);
  say.onclick = () => lastChat && control('/control/say', { taskSid: lastChat, body: text.value });
  drop.onclick = () => control('/control/drop', { which: 'all' });
</script>
</body></html>`;

// A supervisor beside the agent: Teams View from the emulator's Sync live queries, and Monitor /
// Coach / Barge answered on this page's Voice Device.
const supervisor = process.env['SUPERVISOR'] ?? 'supervisor@example.com';
const supervisorPage = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Supervisor on the local Twilio emulator</title>
<script type="module" src="/cdn/flex-elements.js"></script>
<style>body{font-family:system-ui;margin:0} .bar{padding:.5rem;background:#eef} flex-provider{display:block;height:calc(100vh - 3rem)}</style>
</head><body>
<div class="bar"><a href="/">Agent view</a></div>
<flex-provider backend="twilio" identity="${supervisor}" token-url="${emulator.url}/token?identity=${encodeURIComponent(supervisor)}&role=supervisor&ttl=600">
  <flex-teams-view></flex-teams-view>
</flex-provider>
<script type="module">
  document.querySelector('flex-provider').backendOptions = { ...${JSON.stringify(emulator.backendOptions)}, conversations: 'loopback', sync: 'loopback' };
</script>
</body></html>`;

createServer((request, response) => {
  const path = new URL(request.url ?? '/', 'http://x').pathname;
  if (path === '/' || path === '/index.html') return void response.writeHead(200, { 'Content-Type': 'text/html' }).end(page);
  if (path === '/supervisor') return void response.writeHead(200, { 'Content-Type': 'text/html' }).end(supervisorPage);
  if (path === '/favicon.ico') return void response.writeHead(204).end();
  const file = join(root, path);
  if (!file.startsWith(join(root, 'cdn')) || !existsSync(file)) return void response.writeHead(404).end();
  response.writeHead(200, { 'Content-Type': types[extname(file)] ?? 'application/octet-stream' });
  createReadStream(file).pipe(response);
}).listen(port, '127.0.0.1', () => {
  console.log(`Twilio emulator:  ${emulator.url}  (Voice signaling wss://${emulator.backendOptions.chunderw})`);
  console.log(`Token endpoint:   ${emulator.url}/token?identity=${identity}`);
  console.log(`Demo:             http://127.0.0.1:${port}/   (backend="twilio")`);
  console.log(`Supervisor:       http://127.0.0.1:${port}/supervisor`);
  console.log('Voice needs the self-signed certificate accepted: open https://' + emulator.backendOptions.chunderw + '/ once, or start Chrome with --ignore-certificate-errors.');
});
