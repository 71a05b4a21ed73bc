import DOMPurify from 'dompurify';

/**
 * Incoming e-mail HTML, made safe to show inside the agent's page: DOMPurify removes scripts, event
 * handlers, `javascript:` URLs, forms, frames, styles and everything else that could run or reach
 * out; links open in a new tab without an opener; images from the network are held back (`src`
 * moved aside) until the agent allows them, so opening an e-mail tells its sender nothing. Quoted
 * text (`<blockquote>`, Gmail's and Outlook's quote blocks) is wrapped in a closed `<details>`.
 *
 * Loaded only with `<flex-email>`.
 */

export interface SanitizedEmail {
  readonly fragment: DocumentFragment;
  /** Remote images held back (0 when there were none, or when they were allowed). */
  readonly blockedImages: number;
}

const FORBID_TAGS = ['style', 'link', 'meta', 'base', 'form', 'input', 'button', 'select', 'textarea', 'iframe', 'frame', 'object', 'embed', 'video', 'audio', 'source', 'track', 'svg', 'math', 'template'];
const FORBID_ATTR = ['style', 'srcset', 'background', 'poster', 'action', 'formaction', 'ping', 'id', 'name'];
const SAFE_LINK = /^(https?:|mailto:)/i;
/** Inline images (`data:image/...`) and attachments referenced by content id need no network. */
const LOCAL_IMAGE = /^data:image\/(png|gif|jpe?g|webp);/i;
const QUOTES = 'blockquote, .gmail_quote, #divRplyFwdMsg, [class*="OutlookMessageHeader"]';

/** Sanitizes one e-mail body. `allowImages`: load remote `https:` images too. */
export function sanitizeEmail(html: string, options: { allowImages?: boolean; quoteLabel?: string } = {}): SanitizedEmail {
  let blocked = 0;
  const purify = DOMPurify();
  purify.addHook('afterSanitizeAttributes', (node) => {
    if (node.nodeName === 'A') {
      const href = node.getAttribute('href');
      if (href !== null && !SAFE_LINK.test(href.trim())) node.removeAttribute('href');
      node.setAttribute('target', '_blank');
      node.setAttribute('rel', 'noopener noreferrer');
    }
    if (node.nodeName === 'IMG') {
      const src = (node.getAttribute('src') ?? '').trim();
      if (LOCAL_IMAGE.test(src)) return;
      node.removeAttribute('src');
      if (options.allowImages && /^https:/i.test(src)) {
        node.setAttribute('src', src);
        node.setAttribute('referrerpolicy', 'no-referrer');
        node.setAttribute('loading', 'lazy');
      } else if (src) {
        blocked++;
        node.setAttribute('data-blocked', '');
        if (!node.getAttribute('alt')) node.setAttribute('alt', '');
      }
    }
  });
  const fragment = purify.sanitize(html, {
    RETURN_DOM_FRAGMENT: true,
    FORBID_TAGS,
    FORBID_ATTR,
    ALLOW_DATA_ATTR: false,
    USE_PROFILES: { html: true },
  });
  collapseQuotes(fragment, options.quoteLabel ?? 'Show quoted text');
  return { fragment, blockedImages: blocked };
}

/** Wraps each outermost quote block in a closed `<details>` with a summary. */
function collapseQuotes(fragment: DocumentFragment, label: string): void {
  const quotes = [...fragment.querySelectorAll(QUOTES)].filter((q) => !q.parentElement?.closest(QUOTES));
  for (const quote of quotes) {
    const details = document.createElement('details');
    details.className = 'quoted';
    const summary = document.createElement('summary');
    summary.textContent = label;
    quote.replaceWith(details);
    details.append(summary, quote);
  }
}

/** Text an agent typed, as the HTML of a reply: the composer's own markup, sanitized the same way. */
export function sanitizeOutgoing(html: string): string {
  return DOMPurify().sanitize(html, { FORBID_TAGS, FORBID_ATTR, ALLOW_DATA_ATTR: false, USE_PROFILES: { html: true } });
}
