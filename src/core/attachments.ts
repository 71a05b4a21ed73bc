import type { FlexConfig } from './config.js';

export type AttachmentLimits = FlexConfig['chat']['attachments'];

/** Why a chosen file was not added: too large, or one file too many. */
export type AttachmentRefusal = { readonly reason: 'too-large'; readonly file: File } | { readonly reason: 'too-many'; readonly file: File };

/**
 * Adds chosen files to the ones already chosen for a message, within the `chat.attachments`
 * limits. Returns the files kept and the first refusal (every other file is still considered).
 */
export function admitAttachments(
  current: readonly File[],
  chosen: readonly File[],
  limits: AttachmentLimits,
): { files: readonly File[]; refused?: AttachmentRefusal } {
  const files = [...current];
  let refused: AttachmentRefusal | undefined;
  for (const file of chosen) {
    if (file.size > limits.maxFileSize) refused ??= { reason: 'too-large', file };
    else if (files.length >= limits.maxFiles) refused ??= { reason: 'too-many', file };
    else files.push(file);
  }
  return refused ? { files, refused } : { files };
}
