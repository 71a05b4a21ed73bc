import { svg, type SVGTemplateResult } from 'lit';

/** One bar of a chart: its label and stacked parts (drawn bottom-up in the order given). */
export interface BarDatum {
  readonly label: string;
  readonly parts: readonly number[];
}

const W = 320;
const H = 120;
const PAD_BOTTOM = 16;

/**
 * A small stacked bar chart as SVG (Lit templates, no library): one bar per datum, parts coloured
 * by the `part-0`, `part-1`, … classes, every fourth label (or every label when few) under the axis.
 * Decorative for assistive technology: the caller puts a summary on the `role="img"` wrapper and
 * a table next to it.
 */
export function barChart(data: readonly BarDatum[]): SVGTemplateResult {
  const max = Math.max(1, ...data.map((d) => d.parts.reduce((a, b) => a + b, 0)));
  const step = W / Math.max(1, data.length);
  const width = Math.max(1, step * 0.75);
  const labelEvery = data.length <= 12 ? 1 : data.length <= 24 ? 3 : 5;
  const plot = H - PAD_BOTTOM;
  return svg`<svg viewBox="0 0 ${W} ${H}" preserveAspectRatio="none" aria-hidden="true" focusable="false">
    <line class="axis" x1="0" y1=${plot} x2=${W} y2=${plot}></line>
    ${data.map((d, i) => {
      let y = plot;
      return svg`<g>
        ${d.parts.map((value, k) => {
          const h = (value / max) * (plot - 4);
          y -= h;
          return h > 0 ? svg`<rect class="part-${k}" x=${i * step + (step - width) / 2} y=${y} width=${width} height=${h}></rect>` : svg``;
        })}
        ${i % labelEvery === 0 ? svg`<text x=${i * step + step / 2} y=${H - 3} text-anchor="middle">${d.label}</text>` : svg``}
      </g>`;
    })}
  </svg>`;
}

/** A line chart of one series (0–max), with dots; same conventions as barChart. */
export function lineChart(data: readonly { label: string; value: number | undefined }[], maxValue?: number): SVGTemplateResult {
  const values = data.map((d) => d.value ?? 0);
  const max = Math.max(1, maxValue ?? Math.max(...values));
  const step = W / Math.max(1, data.length);
  const plot = H - PAD_BOTTOM;
  const labelEvery = data.length <= 12 ? 1 : data.length <= 24 ? 3 : 5;
  const points = data
    .map((d, i) => (d.value === undefined ? undefined : `${i * step + step / 2},${plot - (d.value / max) * (plot - 4)}`))
    .filter((p): p is string => p !== undefined);
  return svg`<svg viewBox="0 0 ${W} ${H}" preserveAspectRatio="none" aria-hidden="true" focusable="false">
    <line class="axis" x1="0" y1=${plot} x2=${W} y2=${plot}></line>
    <polyline class="line" points=${points.join(' ')}></polyline>
    ${data.map((d, i) =>
      d.value === undefined
        ? svg``
        : svg`<circle class="dot" cx=${i * step + step / 2} cy=${plot - (d.value / max) * (plot - 4)} r="2"></circle>`,
    )}
    ${data.map((d, i) => (i % labelEvery === 0 ? svg`<text x=${i * step + step / 2} y=${H - 3} text-anchor="middle">${d.label}</text>` : svg``))}
  </svg>`;
}
