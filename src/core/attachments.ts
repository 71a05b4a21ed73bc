import type { FlexConfig } from './config.js';

export type AttachmentLimits = FlexConfig['chat']['attachments'];

/** What the limits look at: a chosen File, or an attachment `{name, size, …}` an action sends. */
export interface Sized {
  readonly size: number;
}

/** Why a chosen file was not added: too large, or one file too many. */
export type AttachmentRefusal<F extends Sized = File> =
  | { readonly reason: 'too-large'; readonly file: F }
  | { readonly reason: 'too-many'; readonly file: F };

/**
 * Adds chosen files to the ones already chosen for a message, within the `chat.attachments`
 * limits. Returns the files kept and the first refusal (every other file is still considered).
 * The same rule guards `SendMessage` (see `attachmentLimitError`), so a message sent without the
 * composer is held to it too.
 */
export function admitAttachments<F extends Sized = File>(
  current: readonly F[],
  chosen: readonly F[],
  limits: AttachmentLimits,
): { files: readonly F[]; refused?: AttachmentRefusal<F> } {
  const files = [...current];
  let refused: AttachmentRefusal<F> | undefined;
  for (const file of chosen) {
    if (file.size > limits.maxFileSize) refused ??= { reason: 'too-large', file };
    else if (files.length >= limits.maxFiles) refused ??= { reason: 'too-many', file };
    else files.push(file);
  }
  return refused ? { files, refused } : { files };
}

/**
 * Why a message's attachments break the `chat.attachments` limits (attachments turned off, too
 * many, one too large), as a sentence; undefined when they are within them.
 */
export function attachmentLimitError(
  attachments: readonly (Sized & { readonly name?: string })[],
  limits: AttachmentLimits,
): string | undefined {
  if (!attachments.length) return undefined;
  if (!limits.enabled) return 'attachments are turned off (config chat.attachments.enabled).';
  const { refused } = admitAttachments([], attachments, limits);
  if (!refused) return undefined;
  if (refused.reason === 'too-many') {
    return `a message can have at most ${limits.maxFiles} attachments; this one has ${attachments.length}.`;
  }
  return `"${refused.file.name ?? ''}" is ${refused.file.size} bytes; an attachment can be at most ${limits.maxFileSize}.`;
}
