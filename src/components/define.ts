const warned = new Set<string>();

/**
 * Defines a custom element unless the tag is taken. A page that loads the CDN copy and an npm copy
 * gets one warning and keeps the first definition, instead of a thrown error.
 */
export function defineElement(tag: string, constructor: CustomElementConstructor): void {
  if (typeof customElements === 'undefined') return;
  const existing = customElements.get(tag);
  if (!existing) {
    customElements.define(tag, constructor);
    return;
  }
  if (existing !== constructor && !warned.has(tag)) {
    warned.add(tag);
    console.warn(`flex-elements: <${tag}> is already defined (another copy of the library?); keeping the first definition.`);
  }
}
