/**
 * A small tokenizer that finds links in message text. It never produces markup: it returns text
 * and link tokens, and the element renders each through Lit (which escapes text and sets `href`
 * as an attribute value). Only `http:`, `https:` and `mailto:` become links; anything else,
 * `javascript:` included, stays plain text.
 */
export type MessageToken = { readonly kind: 'text'; readonly text: string } | { readonly kind: 'link'; readonly text: string; readonly href: string };

const SAFE_PROTOCOLS = new Set(['http:', 'https:', 'mailto:']);

/**
 * Candidate links: a scheme we allow, then anything that is not whitespace, a quote, angle
 * brackets, or an invisible/bidi control character (U+200B–U+200F, U+202A–U+202E, U+2066–U+2069,
 * U+FEFF), so a hidden character can never smuggle itself into an address.
 */
const CANDIDATE = /\b(?:https?:\/\/|mailto:)[^\s<>"'`\u200B-\u200F\u202A-\u202E\u2066-\u2069\uFEFF]+/gi;

/** Characters a sentence may put right after a link that are not part of it. */
const TRAILING = /[.,;:!?'")\]}*]+$/;

function trimTrailing(candidate: string): string {
  let link = candidate;
  for (;;) {
    const match = TRAILING.exec(link);
    if (!match) return link;
    // Keep a closing parenthesis that closes one opened inside the link (Wikipedia-style URLs).
    let cut = match[0];
    if (cut.startsWith(')')) {
      const opened = (link.match(/\(/g) ?? []).length;
      const closed = (link.slice(0, link.length - cut.length).match(/\)/g) ?? []).length;
      if (opened > closed) {
        cut = cut.slice(1);
        if (cut === '') return link;
      }
    }
    const next = link.slice(0, link.length - cut.length);
    if (next === link) return link;
    link = next;
  }
}

/** The normalized href for a candidate, or undefined when it is not a safe, well-formed link. */
export function safeHref(candidate: string): string | undefined {
  let url: URL;
  try {
    url = new URL(candidate);
  } catch {
    return undefined;
  }
  if (!SAFE_PROTOCOLS.has(url.protocol)) return undefined;
  if (url.protocol !== 'mailto:' && url.hostname === '') return undefined;
  if (url.protocol === 'mailto:' && url.pathname.replace(/^\/+/, '') === '') return undefined;
  return url.href;
}

/** Splits text into text and link tokens; adjacent text is merged. */
export function tokenize(text: string): MessageToken[] {
  const tokens: MessageToken[] = [];
  const pushText = (value: string) => {
    if (value === '') return;
    const last = tokens.at(-1);
    if (last?.kind === 'text') tokens[tokens.length - 1] = { kind: 'text', text: last.text + value };
    else tokens.push({ kind: 'text', text: value });
  };
  let position = 0;
  CANDIDATE.lastIndex = 0;
  for (let match = CANDIDATE.exec(text); match; match = CANDIDATE.exec(text)) {
    const link = trimTrailing(match[0]);
    const href = safeHref(link);
    pushText(text.slice(position, match.index));
    if (href) tokens.push({ kind: 'link', text: link, href });
    else pushText(link);
    position = match.index + link.length;
    CANDIDATE.lastIndex = position;
  }
  pushText(text.slice(position));
  return tokens;
}
