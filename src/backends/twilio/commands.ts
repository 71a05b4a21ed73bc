import { FlexError } from '../../core/errors.js';
import { BackendError, type CommandName, type CommandResults, type Commands } from '../backend.js';
import { channelHandlers } from './channels.js';
import { chatHandlers } from './chat.js';
import { crmHandlers } from './crm.js';
import type { TwilioSession } from './session.js';
import { supervisorHandlers } from './supervisor.js';
import { taskHandlers } from './tasks.js';
import { voiceHandlers } from './voice.js';

/** Runs one command of the Backend port against the signed-in Twilio session. */
export type Handler<K extends CommandName> = (s: TwilioSession, payload: Commands[K]) => Promise<CommandResults[K]>;

/** One handler per command; each part of the backend exports its own (`satisfies Partial<Handlers>`). */
export type Handlers = { [K in CommandName]: Handler<K> };

const handlers: Handlers = {
  ...taskHandlers,
  ...voiceHandlers,
  ...chatHandlers,
  ...supervisorHandlers,
  ...channelHandlers,
  ...crmHandlers,
};

/** Runs a command; SDK errors become BackendErrors with a stable code and a readable message. */
export async function runCommand<K extends CommandName>(
  s: TwilioSession,
  name: K,
  payload: Commands[K],
): Promise<CommandResults[K]> {
  if (!s.worker || s.closed)
    throw new BackendError('not-connected', `Cannot run ${String(name)}: not connected to Twilio`);
  if (s.failed) throw new BackendError('signed-out', `Cannot run ${String(name)}: signed out`);
  const handler = (handlers as unknown as Partial<Record<string, Handler<K>>>)[name];
  if (!handler)
    throw new BackendError('unknown-command', `The Twilio backend does not know the command ${JSON.stringify(name)}`);
  try {
    return await handler(s, payload);
  } catch (error) {
    if (error instanceof BackendError) throw error;
    const flex = FlexError.from(error, 'twilio-error');
    throw new BackendError(flex.code, flex.message);
  }
}
