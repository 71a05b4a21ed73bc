// Types of twilio-client.mjs (for TypeScript hosts and this repository's tests).
import type twilio from 'twilio';
import type { CompanionSettings } from './index.mjs';

export class RedirectingRequestClient extends twilio.RequestClient {
  constructor(baseUrl: string, options?: ConstructorParameters<typeof twilio.RequestClient>[0]);
  readonly baseUrl: string;
}
export function createTwilioClient(settings: Pick<CompanionSettings, 'accountSid' | 'apiKeySid' | 'apiKeySecret' | 'apiBaseUrl'>): twilio.Twilio;
export function callTwilio<T>(what: string, run: () => Promise<T>): Promise<T>;
