import { FlexError } from '../errors.js';

/** A canned response: `{title, text, category?}`; `text` may hold `{{customer.firstName}}`-style placeholders. */
export interface CannedResponse {
  readonly title: string;
  readonly text: string;
  readonly category?: string;
}

/** What placeholders are filled from. */
export interface PlaceholderValues {
  readonly customer: { readonly name?: string; readonly phone?: string; readonly email?: string };
  readonly agent: { readonly name?: string };
  readonly task?: { readonly queue?: string; readonly channel?: string };
}

const firstName = (name: string | undefined) => (name ?? '').trim().split(/\s+/)[0] ?? '';

/**
 * Fills `{{customer.firstName}}`, `{{customer.name}}`, `{{customer.phone}}`, `{{customer.email}}`,
 * `{{agent.name}}`, `{{agent.firstName}}`, `{{task.queue}}` and `{{task.channel}}`. Unknown
 * placeholders stay as written, so a typo is visible before sending; known ones without a value
 * become empty. The result is plain text (never markup).
 */
export function fillPlaceholders(text: string, values: PlaceholderValues): string {
  const table: Record<string, string | undefined> = {
    'customer.firstName': firstName(values.customer.name),
    'customer.name': values.customer.name,
    'customer.phone': values.customer.phone,
    'customer.email': values.customer.email,
    'agent.name': values.agent.name,
    'agent.firstName': firstName(values.agent.name),
    'task.queue': values.task?.queue,
    'task.channel': values.task?.channel,
  };
  return text.replace(/\{\{\s*([\w.]+)\s*\}\}/g, (match, key: string) => (key in table ? (table[key] ?? '') : match));
}

/** Why a value is not a canned response, or undefined. */
export function cannedResponseProblem(value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return 'is not an object {title, text, category?}';
  const r = value as Record<string, unknown>;
  if (typeof r['title'] !== 'string' || !r['title'].trim()) return 'has no title (a non-empty string)';
  if (typeof r['text'] !== 'string' || !r['text'].trim()) return 'has no text (a non-empty string)';
  if (r['category'] !== undefined && typeof r['category'] !== 'string') return 'has a category that is not a string';
  return undefined;
}

/** Canned responses plugins add (`api.cannedResponses.add`), besides config `chat.cannedResponses`. */
export class CannedResponses {
  readonly #added: { response: CannedResponse; owner?: string }[] = [];
  readonly #listeners = new Set<() => void>();

  /** Adds responses; returns a function that removes them. Throws `invalid-canned-response` for a bad one. */
  add(responses: CannedResponse | readonly CannedResponse[], owner?: string): () => void {
    const list: readonly CannedResponse[] = Array.isArray(responses) ? (responses as readonly CannedResponse[]) : [responses as CannedResponse];
    for (const [index, response] of list.entries()) {
      const problem = cannedResponseProblem(response);
      if (problem) throw new FlexError('invalid-canned-response', `cannedResponses.add: response [${index}] ${problem}.`);
    }
    const entries = list.map((r) => ({
      response: Object.freeze({ title: r.title, text: r.text, ...(r.category ? { category: r.category } : {}) }),
      owner,
    }));
    this.#added.push(...entries);
    this.#changed();
    return () => {
      for (const entry of entries) {
        const index = this.#added.indexOf(entry);
        if (index >= 0) this.#added.splice(index, 1);
      }
      this.#changed();
    };
  }

  /** Removes what a plugin added (it was disabled). */
  removeOwner(owner: string): void {
    const before = this.#added.length;
    for (let i = this.#added.length - 1; i >= 0; i--) if (this.#added[i].owner === owner) this.#added.splice(i, 1);
    if (this.#added.length !== before) this.#changed();
  }

  /** Config's responses first, then the plugins'. */
  list(config: readonly CannedResponse[]): CannedResponse[] {
    return [...config.filter((r) => cannedResponseProblem(r) === undefined), ...this.#added.map((e) => e.response)];
  }

  subscribe(listener: () => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  #changed(): void {
    for (const listener of [...this.#listeners]) listener();
  }
}

/** Responses whose title, category or text contains every word of `query` (case- and accent-insensitive). */
export function filterCannedResponses(responses: readonly CannedResponse[], query: string): CannedResponse[] {
  const fold = (s: string) => s.normalize('NFD').replace(/\p{M}/gu, '').toLocaleLowerCase();
  const words = fold(query).split(/\s+/).filter(Boolean);
  if (words.length === 0) return [...responses];
  return responses.filter((r) => {
    const hay = fold(`${r.title} ${r.category ?? ''} ${r.text}`);
    return words.every((w) => hay.includes(w));
  });
}
