import { VERSION } from '../version.js';

/** Which copy of the library defined each flex tag, shared by every copy on the page. */
const REGISTRY = Symbol.for('flex-elements.tag-versions');

function registry(): Map<string, string> {
  const holder = globalThis as typeof globalThis & { [REGISTRY]?: Map<string, string> };
  return (holder[REGISTRY] ??= new Map<string, string>());
}

let warned = false;

/** `1.4.2` → 1; undefined for a version that is not one. */
export function majorOf(version: string | undefined): number | undefined {
  const major = /^(\d+)\./.exec(version ?? '')?.[1];
  return major === undefined ? undefined : Number(major);
}

/**
 * Defines a custom element unless the tag is taken. With two copies of the library on a page (the
 * npm bundle and a CDN script, or two CDN versions) the first copy keeps its tags and the second
 * warns once, naming both versions. Elements of both copies share one provider when their major
 * versions match; an element of another major refuses to bind and says why (see
 * ContactCenterController).
 */
export function defineElement(tag: string, constructor: CustomElementConstructor): void {
  if (typeof customElements === 'undefined') return;
  const existing = customElements.get(tag);
  const owners = registry();
  if (!existing) {
    customElements.define(tag, constructor);
    owners.set(tag, VERSION);
    return;
  }
  if (existing === constructor || warned) return;
  warned = true;
  const other = owners.get(tag) ?? 'an unknown version';
  const sameMajor = majorOf(other) === majorOf(VERSION);
  console.warn(
    `flex-elements ${VERSION}: <${tag}> and other tags are already defined by another copy of the library (flex-elements ${other}); ` +
      `keeping that copy's definitions. ${
        sameMajor
          ? 'Elements of both copies share one <flex-provider>. Load one copy to save the download.'
          : `Elements of ${VERSION} will not bind to a provider of ${other} (a different major version): load one copy.`
      }`,
  );
}
