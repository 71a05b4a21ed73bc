import { esbuildPlugin } from '@web/dev-server-esbuild';
import { playwrightLauncher } from '@web/test-runner-playwright';
import { browserArgs, findBrowser } from './tools/browser.mjs';
import { twilioEmulatorPlugin } from './tools/twilio-emulator/wtr-plugin.mjs';

const executablePath = findBrowser();

export default {
  // The Conversations attachments file runs on its own (npm run test:browser runs it second), as it
  // did with the former SDK fakes; with the real wire it may no longer need to (not re-measured).
  // The Interactions file runs on its own too (third): it transfers a chat to a queue, which any
  // available agent of another file on the shared emulator could be offered.
  files: ['test/browser/**/*.test.ts', '!test/browser/twilio/twilio-conversations-sdk.test.ts', '!test/browser/twilio/twilio-interactions.test.ts'],
  nodeResolve: { exportConditions: ['development'] },
  plugins: [
    esbuildPlugin({ ts: true, tsconfig: 'tsconfig.json', target: 'es2022' }),
    // Started on first use by test/browser/twilio (the real Twilio SDKs against a loopback emulator).
    twilioEmulatorPlugin(),
  ],
  browsers: [
    playwrightLauncher({
      product: 'chromium',
      // --ignore-certificate-errors: the emulator's Voice signaling is wss:// with a self-signed certificate.
      launchOptions: { executablePath, headless: true, args: [...browserArgs, '--ignore-certificate-errors'] },
    }),
  ],
  concurrency: 2,
  concurrentBrowsers: 1,
  testsFinishTimeout: 180_000,
  testFramework: { config: { timeout: 15_000 } },
};
