import { BackendError } from '../backend.js';
import type { Handlers } from './commands.js';

/**
 * Issue 20's commands on Twilio. Adding a party by number, ending the conference for everyone,
 * updating the conference recording and creating a callback task need account credentials: on
 * Twilio they go through the companion server (`server-url`), which this backend does not reach
 * yet, so each refuses with `server-required` and says so. Parking needs Flex's Interactions API.
 */
function refusal(what: string): BackendError {
  return new BackendError(
    'server-required',
    `${what} on Twilio needs the companion server (<flex-provider server-url>), which this backend does not call yet.`,
  );
}

export const channelHandlers = {
  addParticipant: () => Promise.reject(refusal('Adding a participant by number')),
  endCallForAll: () => Promise.reject(refusal('Ending the call for everyone')),
  setRecording: () => Promise.reject(refusal('Pausing or resuming the recording')),
  createCallback: () => Promise.reject(refusal('Creating a callback')),
  parkConversation: () => Promise.reject(refusal('Parking a conversation')),
} satisfies Partial<Handlers>;
