import type { ConversationsFactory } from './conversations.js';
import type { FeedQueries, SyncLike } from './workspace-feed.js';

/**
 * `session.options` the Twilio backend reads. Everything that points at Twilio can point at the
 * loopback emulator instead (tools/twilio-emulator), so the same code runs against both.
 */
export interface TwilioBackendOptions {
  /** TaskRouter EventBridge endpoint (default Twilio's). */
  ebServer?: string;
  /** TaskRouter websocket (default Twilio's). */
  wsServer?: string;
  /** Voice signaling host:port (default Twilio's edge). */
  chunderw?: string | string[];
  /**
   * Twilsock URL (default Twilio's `wss://tsock.{region}.twilio.com/v3/wsconnect`) for the
   * Conversations client and the Sync client a supervisor's workspace view runs on.
   */
  twilsockUri?: string;
  /** A custom Conversations factory (the default runs @twilio/conversations' Client). */
  conversationsFactory?: ConversationsFactory;
  /**
   * A supervisor's or admin's view of every worker and task (Teams View, monitoring) is read from
   * Twilio Sync's live query indexes with twilio-sync's SyncClient (the same token, which needs a
   * Sync grant), started as Flex starts it (product id `flex_insights`). A custom SyncClient-like
   * factory replaces it.
   */
  syncFactory?: (token: string) => Promise<SyncLike>;
  /** Live query expressions for tr-worker and tr-reservation. */
  syncQueries?: Partial<FeedQueries>;
  /** Base URL of the Voice SDK sounds (incoming.mp3, outgoing.mp3, disconnect.mp3, dtmf0.mp3 …); default: silent, nothing fetched. */
  soundsBaseUrl?: string;
  /** Voice Insights publishing (default false: nothing is sent to Twilio's event gateway). */
  insights?: boolean;
  /** Whether to register a Voice Device (default true when the token has a Voice grant). */
  voice?: boolean;
  /** Voice edge / TaskRouter region. */
  edge?: string;
  region?: string;
  /**
   * Outbound calls (Flex's outbound call flow): the workflow and queue `worker.createTask` routes the
   * outbound task through, back to the agent; and the caller ID when the action gives none.
   */
  outboundWorkflowSid?: string;
  outboundQueueSid?: string;
  outboundCallerId?: string;
  /**
   * The Flex instance (GO…, the Flex configuration's `flex_instance_sid`) messaging transfers are
   * addressed to (`v1/Instances/GO…/Interactions/…/Transfers`); without it a chat cannot be transferred.
   */
  flexInstanceSid?: string;
  /**
   * The companion server (`<flex-provider server-url>`): coach and barge, and the other operations
   * that need account credentials, go through it. Without it they are unavailable (`server-required`).
   */
  serverUrl?: string;
  /** GET URL returning {token}; used when no tokenProvider is given. */
  tokenUrl?: string;
  /** Token refresh: attempts, first backoff (ms), margin before expiry (ms). */
  tokenMaxAttempts?: number;
  tokenBackoffMs?: number;
  tokenMarginMs?: number;
  logLevel?: 'error' | 'warn' | 'info' | 'debug' | 'silent';
}
