export { createTwilioBackend, type TwilioBackendOptions } from './backend.js';
export { decodeAccessToken, roleFromGrant, tokenUrlProvider, TokenKeeper, type AccessTokenClaims } from './tokens.js';
export {
  loopbackConversations,
  sdkConversations,
  type ConversationsFactory,
  type ConversationsPort,
  type PortMessage,
} from './conversations.js';
