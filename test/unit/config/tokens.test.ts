import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { lightTokens } from '../../../src/styles/tokens.js';
import { darkTokens, highContrastTokens } from '../../../src/styles/themes/index.js';

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sources(path);
    return /\.(ts|css)$/.test(entry.name) ? [path] : [];
  });
}

/**
 * Global tokens are the ones in src/styles/tokens.ts. A `var(--flex-x)` with no fallback must name
 * one of them; a component token (`var(--flex-dialpad-key-size, var(--flex-space-l))`) has a
 * fallback and needs no global definition. Every global token must be used somewhere in src.
 */
describe('design tokens', () => {
  const files = sources('src').filter((file) => !file.includes(join('styles', 'themes')) && !file.endsWith(join('styles', 'tokens.ts')));
  const texts = files.map((file) => [file, readFileSync(file, 'utf8')] as const);
  const defined = new Set(Object.keys(lightTokens));

  it('defines every token used without a fallback', () => {
    const undefinedUses: string[] = [];
    for (const [file, text] of texts) {
      for (const match of text.matchAll(/var\(\s*(--flex-[a-z0-9-]+)\s*(,)?/g)) {
        if (!match[2] && !defined.has(match[1])) undefinedUses.push(`${match[1]} in ${file}`);
      }
    }
    assert.deepEqual(undefinedUses, []);
  });

  it('uses every defined token somewhere', () => {
    const all = texts.map(([, text]) => text).join('\n');
    const unused = [...defined].filter((name) => !new RegExp(`var\\(\\s*${name}\\s*[,)]`).test(all));
    assert.deepEqual(unused, []);
  });

  it('gives the dark and high-contrast presets exactly the light set’s keys', () => {
    assert.deepEqual(Object.keys(darkTokens).sort(), [...defined].sort());
    assert.deepEqual(Object.keys(highContrastTokens).sort(), [...defined].sort());
  });
});
