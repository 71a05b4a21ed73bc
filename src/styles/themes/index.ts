import { installTokens, lightTokens, tokenValueProblem, type TokenName } from '../tokens.js';
import { darkTokens } from './dark.js';
import { highContrastTokens } from './high-contrast.js';

export { darkTokens, highContrastTokens };

export type ThemeName = 'light' | 'dark' | 'high-contrast' | 'auto';
export const THEME_NAMES: readonly ThemeName[] = ['light', 'dark', 'high-contrast', 'auto'];

/** The token sets of the presets (`auto` follows prefers-color-scheme and prefers-contrast). */
export const themePresets: Readonly<Record<Exclude<ThemeName, 'auto'>, Readonly<Record<TokenName, string>>>> = {
  light: lightTokens,
  dark: darkTokens,
  'high-contrast': highContrastTokens,
};

/**
 * How a theme reaches every element, inside the provider or not: a document-level sheet (adopted
 * after the light token sheet) defines each preset under `:where([data-flex-theme="…"])`, and the
 * provider sets `data-flex-theme` on `<html>`. Custom properties inherit through shadow roots, so
 * the dialpad in a CRM's header and the agent desktop in its side panel get the same theme even
 * though only one of them is inside `<flex-provider>`. Zero specificity: any value a page sets
 * still wins. A page may also put `data-flex-theme` on any container to theme a subtree.
 */
const HOLDER = Symbol.for('flex-elements.theme-sheets');

function block(selector: string, tokens: Readonly<Record<string, string>>, scheme?: string): string {
  const body = Object.entries(tokens)
    .map(([name, value]) => `  ${name}: ${value};`)
    .join('\n');
  return `${selector} {\n${scheme ? `  color-scheme: ${scheme};\n` : ''}${body}\n}`;
}

export function themeSheetText(): string {
  const preset = (name: string) => `:where([data-flex-theme="${name}"])`;
  return [
    block(preset('light'), lightTokens, 'light'),
    block(preset('dark'), darkTokens, 'dark'),
    block(preset('high-contrast'), highContrastTokens, 'dark'),
    `@media (prefers-color-scheme: dark) {\n${block(preset('auto'), darkTokens, 'dark')}\n}`,
    `@media (prefers-contrast: more) {\n${block(preset('auto'), highContrastTokens, 'dark')}\n}`,
  ].join('\n');
}

/**
 * Why the `theme` attribute of `<flex-provider>` is unusable, or undefined when it is a preset name
 * or unset (undefined, null or empty: config `theme.name` applies). The provider reports the message
 * (flex-error `invalid-config` and the banner) and falls back to config `theme.name`.
 */
export function validateThemeName(value: unknown): string | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value === 'string' && (THEME_NAMES as readonly string[]).includes(value)) return undefined;
  let got: string;
  if (typeof value === 'string') got = `'${value.length > 60 ? `${value.slice(0, 60)}…` : value}'`;
  else if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') got = `${typeof value} ${value}`;
  else got = `a ${typeof value}`;
  return `The theme attribute of <flex-provider> must be one of ${THEME_NAMES.join(', ')}; got ${got}; config theme.name applies instead.`;
}

/** One refused token override: its name and why (a sentence naming the token). */
export interface RefusedToken {
  readonly name: string;
  readonly message: string;
}

/**
 * Splits token overrides into the ones safe to put in a sheet and the refused ones (not a --flex-*
 * name, or a value that could break out of its declaration), each refused one with a message.
 */
export function checkThemeTokens(tokens: Readonly<Record<string, unknown>>): {
  accepted: Record<string, string>;
  refused: RefusedToken[];
} {
  const accepted: Record<string, string> = {};
  const refused: RefusedToken[] = [];
  for (const [name, value] of Object.entries(tokens)) {
    if (!/^--flex-[a-z0-9-]+$/.test(name)) {
      refused.push({ name, message: `theme.tokens.${name} is not a --flex-* custom property name; it was ignored.` });
      continue;
    }
    const problem = tokenValueProblem(value);
    if (problem) refused.push({ name, message: `theme.tokens.${name} must be a plain CSS value (it ${problem}); it was ignored.` });
    else accepted[name] = value as string;
  }
  return { accepted, refused };
}

interface Sheets {
  presets: CSSStyleSheet;
  overrides: CSSStyleSheet;
}

function sheets(doc: Document): Sheets {
  const holder = doc as Document & { [HOLDER]?: Sheets };
  let held = holder[HOLDER];
  if (!held) {
    installTokens(doc);
    const presets = new CSSStyleSheet();
    presets.replaceSync(themeSheetText());
    held = { presets, overrides: new CSSStyleSheet() };
    holder[HOLDER] = held;
    doc.adoptedStyleSheets = [...doc.adoptedStyleSheets, presets, held.overrides];
  }
  return held;
}

/**
 * Applies a preset and token overrides to a document (or one container). Returns the override
 * names that were refused (not a --flex-* name, or a value that could break the sheet; see
 * checkThemeTokens for the reasons); every other override still applies.
 */
export function applyTheme(
  doc: Document,
  name: ThemeName,
  tokens: Readonly<Record<string, string>> = {},
  target: HTMLElement = doc.documentElement,
): string[] {
  const { overrides } = sheets(doc);
  target.setAttribute('data-flex-theme', THEME_NAMES.includes(name) ? name : 'light');
  const { accepted, refused } = checkThemeTokens(tokens);
  if (target === doc.documentElement) {
    overrides.replaceSync(Object.keys(accepted).length ? block(':where(:root)', accepted) : '');
  } else {
    for (const [key, value] of Object.entries(accepted)) target.style.setProperty(key, value);
  }
  return refused.map((token) => token.name);
}

/** The theme in force on a document (`data-flex-theme` on `<html>`), light when none. */
export function currentTheme(doc: Document = document): ThemeName {
  const value = doc.documentElement.getAttribute('data-flex-theme') as ThemeName | null;
  return value && THEME_NAMES.includes(value) ? value : 'light';
}
