import type { ConversationRow } from './types.js';

/** One CSV field (RFC 4180): quoted when it holds a comma, quote or line break; formula-leading text defused. */
export function csvField(value: string | number | boolean | undefined | null): string {
  let text = value === undefined || value === null ? '' : String(value);
  // A cell starting with = + - @ would run as a formula in a spreadsheet: prefix it (OWASP).
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function csvLine(values: readonly (string | number | boolean | undefined | null)[]): string {
  return `${values.map(csvField).join(',')}\r\n`;
}

/** A whole table as CSV: the header row names the columns. */
export function toCsv(header: readonly string[], rows: readonly (readonly (string | number | boolean | undefined | null)[])[]): string {
  return csvLine(header) + rows.map(csvLine).join('');
}

/** The raw interaction export's columns. */
export const INTERACTION_COLUMNS = [
  'id',
  'created_at',
  'ended_at',
  'queue',
  'channel',
  'agent',
  'customer',
  'wait_s',
  'talk_s',
  'hold_s',
  'wrap_s',
  'handled',
  'abandoned',
  'transfers',
  'disposition',
  'notes',
  'evaluation_score',
] as const;

export function interactionCsvLine(row: ConversationRow): string {
  return csvLine([
    row.id,
    new Date(row.createdAt).toISOString(),
    new Date(row.endedAt).toISOString(),
    row.queueName,
    row.channel,
    row.agentName,
    row.customer,
    row.waitMs / 1000,
    row.talkMs / 1000,
    row.holdMs / 1000,
    row.wrapMs / 1000,
    row.handled,
    row.abandoned,
    row.transfers,
    row.disposition,
    row.notes,
    row.score ?? '',
  ]);
}
