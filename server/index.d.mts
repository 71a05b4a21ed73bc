// Types of the companion server's public API, for TypeScript hosts that embed it (and for this
// repository's tests). The implementation is plain JavaScript in index.mjs.
import type { IncomingMessage, Server, ServerResponse } from 'node:http';

export interface CompanionSettings {
  accountSid: string;
  apiKeySid: string;
  apiKeySecret: string;
  workspaceSid: string;
  conversationsServiceSid?: string;
  syncServiceSid?: string;
  twimlAppSid?: string;
  /** Page origins allowed to call (CORS); '*' for any (development only). */
  allowedOrigins: string[];
  /** Seconds. */
  tokenTtl: number;
  port: number;
  host: string;
  workerDirectory?: string;
  holdMusicUrl?: string;
  recordingRequired?: boolean;
  callbackWorkflowSid?: string;
  /** Tests only: every Twilio REST call goes to `{apiBaseUrl}/{product}/…`. */
  apiBaseUrl?: string;
}

export type Role = 'agent' | 'supervisor' | 'admin';

/** The caller, from the verified access token. */
export interface Caller {
  identity: string;
  role: Role;
  workerSid: string;
  workspaceSid: string;
  /** ms since the epoch. */
  expiresAt: number;
}

export interface RouteContext {
  request: IncomingMessage;
  body: Record<string, unknown>;
  params: Record<string, string>;
  query: Record<string, string>;
  /** Undefined only for `auth: 'none'` routes. */
  user: Caller | undefined;
  settings: CompanionSettings;
  twilio: any;
  signIn: { authenticate(request: IncomingMessage): Promise<{ identity: string; role?: string } | undefined>; workerFor(identity: string, role?: string): Promise<{ workerSid: string; role: Role } | undefined> };
  mint(input: { identity: string; workerSid: string; role: Role }): string;
}

export interface Route {
  method: string;
  /** `:name` segments become `params.name`. */
  path: string;
  roles?: Role[];
  auth?: 'token' | 'none';
  handle(context: RouteContext): Promise<unknown> | unknown;
}

export interface CompanionServerOptions {
  settings?: CompanionSettings;
  twilio?: any;
  authenticate?: (request: IncomingMessage) => Promise<{ identity: string; role?: string } | undefined>;
  workerFor?: (identity: string, role?: string) => Promise<{ workerSid: string; role: Role } | undefined>;
  routes?: Route[];
  onError?: (error: unknown, request: IncomingMessage) => void;
  now?: () => number;
}

export interface CompanionServer {
  settings: CompanionSettings;
  twilio: any;
  handler(request: IncomingMessage, response: ServerResponse): void;
  listen(port?: number, host?: string): Promise<{ server: Server; url: string }>;
}

export function createCompanionServer(options?: CompanionServerOptions): CompanionServer;
