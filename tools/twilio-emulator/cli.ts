// Starts the loopback Twilio emulator and prints one JSON line: {"url", "backendOptions"}.
// Usage: node --import tsx tools/twilio-emulator/cli.ts [--port 4010] [--voice-port 4011] [--log] [--server]
// --server also starts the companion server (server/) against it and adds "serverUrl" to the line.
import { startEmulator } from './emulator.js';

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

const emulator = await startEmulator({
  port: Number(arg('port') ?? 0),
  voicePort: Number(arg('voice-port') ?? 0),
  log: process.argv.includes('--log'),
  ...(arg('reservation-timeout') ? { reservationTimeout: Number(arg('reservation-timeout')) } : {}),
});
const companion = process.argv.includes('--server') ? await (await import('./companion.js')).startCompanion(emulator) : undefined;
console.log(JSON.stringify({ url: emulator.url, backendOptions: emulator.backendOptions, ...(companion ? { serverUrl: companion.url } : {}) }));
const stop = () => void Promise.resolve(companion?.close()).then(() => emulator.close()).then(() => process.exit(0));
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
// Exit with the parent (a test runner that died without a signal).
process.stdin.on('end', stop);
process.stdin.resume();
