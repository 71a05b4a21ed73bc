import { nothing } from 'lit';

/**
 * The `aria-level` of a heading `depth` levels below an element's top headings, when the host page
 * set the element's `heading-level` (1–6); otherwise nothing, and the heading keeps its tag's level.
 */
export function ariaLevel(headingLevel: number | undefined | null, depth = 0): number | typeof nothing {
  if (headingLevel === undefined || headingLevel === null || !Number.isFinite(headingLevel)) return nothing;
  return Math.min(6, Math.max(1, Math.round(headingLevel)) + depth);
}
