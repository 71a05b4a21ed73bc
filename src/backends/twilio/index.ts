export { createTwilioBackend, type TwilioBackendOptions } from './backend.js';
export { decodeAccessToken, roleFromGrant, tokenUrlProvider, TokenKeeper, type AccessTokenClaims } from './tokens.js';
export {
  sdkConversations,
  type ConversationsFactory,
  type ConversationsPort,
  type PortMessage,
} from './conversations.js';
