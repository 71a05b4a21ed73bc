import { nothing } from 'lit';
import { Directive, directive, PartType, type ElementPart, type PartInfo } from 'lit/directive.js';

/**
 * Sets style properties (custom properties or CSS properties in their dashed form) through the
 * CSSOM, always: `<div ${styleProps({'--columns': template, width: '40%'})}>`. Unlike Lit's
 * `styleMap`, whose first render writes a `style` attribute, it never writes one, so a page with a
 * strict Content-Security-Policy (`style-src` without 'unsafe-inline') reports no violation.
 * A property that becomes null or undefined is removed.
 */
class StylePropsDirective extends Directive {
  #previous = new Set<string>();

  constructor(partInfo: PartInfo) {
    super(partInfo);
    if (partInfo.type !== PartType.ELEMENT) throw new Error('styleProps must be used in an element position (not in an attribute).');
  }

  render(_props: Readonly<Record<string, string | number | null | undefined>>) {
    return nothing;
  }

  override update(part: ElementPart, [props]: [Readonly<Record<string, string | number | null | undefined>>]) {
    const style = (part.element as HTMLElement).style;
    for (const name of this.#previous) {
      if (props[name] == null) {
        style.removeProperty(name);
        this.#previous.delete(name);
      }
    }
    for (const [name, value] of Object.entries(props)) {
      if (value == null) continue;
      style.setProperty(name, String(value));
      this.#previous.add(name);
    }
    return nothing;
  }
}

export const styleProps = directive(StylePropsDirective);
