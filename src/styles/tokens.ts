/**
 * The global design tokens every element styles through. They are installed once per document
 * at zero specificity (`:where(:root)`), so any value a page sets (on `:root`, on a container, on
 * the element itself) wins and reaches inside every shadow root.
 */
export const lightTokens = {
  '--flex-color-primary': '#0263e0',
  '--flex-color-primary-hover': '#034bb0',
  '--flex-color-on-primary': '#ffffff',
  '--flex-color-surface': '#ffffff',
  '--flex-color-surface-raised': '#f4f4f6',
  '--flex-color-surface-sunken': '#e8eaee',
  '--flex-color-text': '#121c2d',
  '--flex-color-text-muted': '#4b5671',
  '--flex-color-border': '#c3c7d1',
  '--flex-color-focus': '#0263e0',
  '--flex-color-success': '#0b7a45',
  '--flex-color-on-success': '#ffffff',
  '--flex-color-warning': '#8a5a00',
  '--flex-color-warning-surface': '#fff4d6',
  '--flex-color-danger': '#c41c1c',
  '--flex-color-danger-hover': '#9e1515',
  '--flex-color-on-danger': '#ffffff',
  '--flex-color-danger-surface': '#feeceb',
  '--flex-color-info-surface': '#e6f0fd',
  '--flex-color-available': '#0b7a45',
  '--flex-color-unavailable': '#c41c1c',
  '--flex-color-break': '#8a5a00',
  '--flex-color-offline': '#606b85',
  '--flex-font-family': "system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif",
  '--flex-font-family-mono': "ui-monospace, 'SFMono-Regular', Menlo, Consolas, monospace",
  '--flex-font-size-s': '0.8125rem',
  '--flex-font-size-m': '0.875rem',
  '--flex-font-size-l': '1rem',
  '--flex-font-size-xl': '1.25rem',
  '--flex-font-weight-normal': '400',
  '--flex-font-weight-bold': '600',
  '--flex-line-height': '1.4',
  '--flex-space-xs': '0.25rem',
  '--flex-space-s': '0.5rem',
  '--flex-space-m': '0.75rem',
  '--flex-space-l': '1rem',
  '--flex-space-xl': '1.5rem',
  '--flex-radius-s': '0.25rem',
  '--flex-radius-m': '0.5rem',
  '--flex-radius-l': '0.75rem',
  '--flex-radius-round': '999px',
  '--flex-shadow-raised': '0 1px 3px rgba(18, 28, 45, 0.18)',
} as const;

export type TokenName = keyof typeof lightTokens;

const INSTALLED = Symbol.for('flex-elements.tokens-installed');

export function tokenSheetText(tokens: Readonly<Record<string, string>> = lightTokens): string {
  const body = Object.entries(tokens)
    .map(([name, value]) => `  ${name}: ${value};`)
    .join('\n');
  return `:where(:root) {\n${body}\n}`;
}

/** Adds the token sheet to the document once, whichever copy of the library calls first. */
export function installTokens(doc: Document | undefined = globalThis.document): void {
  if (!doc) return;
  const holder = doc as Document & { [INSTALLED]?: boolean };
  if (holder[INSTALLED]) return;
  holder[INSTALLED] = true;
  const sheet = new CSSStyleSheet();
  sheet.replaceSync(tokenSheetText());
  doc.adoptedStyleSheets = [sheet, ...doc.adoptedStyleSheets];
}

/**
 * Why a token value could break out of its declaration in a generated sheet, or undefined when it
 * is a plain CSS value. Refused: `;`, `{`, `}`, `<`, `>`, a backslash, a comment opener or closer,
 * an unterminated quote, an unbalanced `(` or `[`, and control characters. (An unclosed bracket
 * would swallow the declarations after it, so a bad token would drop the good ones.)
 */
export function tokenValueProblem(value: unknown): string | undefined {
  if (typeof value !== 'string') return 'is not a string';
  if (value.includes('/*') || value.includes('*/')) return 'contains a comment marker (/* or */)';
  if (value.includes('\\')) return 'contains a backslash';
  const special = /[;{}<>]/.exec(value);
  if (special) return `contains "${special[0]}"`;
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(value)) return 'contains a control character';
  let quote: string | undefined;
  const open: string[] = [];
  for (const char of value) {
    if (quote) {
      if (char === quote) quote = undefined;
    } else if (char === '"' || char === "'") {
      quote = char;
    } else if (char === '(' || char === '[') {
      open.push(char === '(' ? ')' : ']');
    } else if (char === ')' || char === ']') {
      if (open.pop() !== char) return `has an unbalanced "${char}"`;
    }
  }
  if (quote) return `has an unterminated ${quote} quote`;
  if (open.length) return `has an unclosed "${open[open.length - 1] === ')' ? '(' : '['}"`;
  return undefined;
}
