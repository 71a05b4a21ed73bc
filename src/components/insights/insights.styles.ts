import { css } from 'lit';

export const styles = css`
  :host {
    display: block;
  }
  .base {
    display: grid;
    gap: var(--flex-insights-gap, var(--flex-space-l));
  }
  .base > *,
  .panel > * {
    min-width: 0;
  }
  h2,
  h3,
  h4 {
    margin: 0;
  }
  h2 {
    font-size: var(--flex-font-size-l);
  }
  h3 {
    font-size: var(--flex-font-size-m);
  }
  .tablist {
    display: flex;
    gap: var(--flex-space-xs);
    border-bottom: 1px solid var(--flex-color-border);
  }
  .tab {
    font: inherit;
    color: var(--flex-color-text);
    background: none;
    border: none;
    border-bottom: 3px solid transparent;
    padding: var(--flex-space-s) var(--flex-space-m);
    cursor: pointer;
  }
  .tab[aria-selected='true'] {
    border-bottom-color: var(--flex-color-primary);
    font-weight: var(--flex-font-weight-bold);
  }
  .tab:focus-visible {
    outline: 2px solid var(--flex-color-focus);
    outline-offset: -2px;
  }
  .panel {
    display: grid;
    gap: var(--flex-insights-gap, var(--flex-space-l));
  }
  .filters {
    display: flex;
    flex-wrap: wrap;
    gap: var(--flex-space-m);
    align-items: end;
  }
  .field {
    display: grid;
    gap: var(--flex-space-xs);
  }
  .status:empty {
    display: none;
  }
  .error {
    color: var(--flex-color-danger);
  }
  .tiles {
    display: grid;
    grid-template-columns: repeat(auto-fill, minmax(10rem, 1fr));
    gap: var(--flex-space-s);
    margin: 0;
  }
  .tile {
    background: var(--flex-color-surface-raised);
  }
  .tile .detail {
    display: block;
    font-size: var(--flex-font-size-s);
    font-weight: normal;
    color: var(--flex-color-text-muted);
  }
  .charts {
    display: grid;
    grid-template-columns: repeat(auto-fill, minmax(18rem, 1fr));
    gap: var(--flex-space-m);
  }
  .chart {
    margin: 0;
    padding: var(--flex-space-s);
    border: 1px solid var(--flex-color-border);
    border-radius: var(--flex-radius-m);
  }
  .chart figcaption {
    font-weight: var(--flex-font-weight-bold);
  }
  .drawing svg {
    display: block;
    width: 100%;
    height: var(--flex-insights-chart-height, 8rem);
  }
  .drawing text {
    font-size: 8px;
    fill: var(--flex-color-text-muted);
  }
  .drawing .axis {
    stroke: var(--flex-color-border);
  }
  .drawing .part-0 {
    fill: var(--flex-color-primary);
  }
  .drawing .part-1 {
    fill: var(--flex-color-warning);
  }
  .drawing .part-2 {
    fill: var(--flex-color-success);
  }
  .drawing .line {
    fill: none;
    stroke: var(--flex-color-primary);
    stroke-width: 1.5;
    vector-effect: non-scaling-stroke;
  }
  .drawing .dot {
    fill: var(--flex-color-primary);
  }
  .table-section {
    display: grid;
    gap: var(--flex-space-s);
  }
  .table-head {
    display: flex;
    flex-wrap: wrap;
    gap: var(--flex-space-m);
    align-items: center;
  }
  .table-head h3 {
    flex: 1;
  }
  .count {
    color: var(--flex-color-text-muted);
  }
  .scroll {
    overflow: auto;
    max-height: 28rem;
  }
  .scroll:focus-visible {
    outline: 2px solid var(--flex-color-focus);
  }
  table.data {
    border-collapse: collapse;
    width: 100%;
    font-variant-numeric: tabular-nums;
  }
  table.data th,
  table.data td {
    padding: var(--flex-space-xs) var(--flex-space-s);
    border-bottom: 1px solid var(--flex-color-border);
    text-align: start;
    white-space: nowrap;
  }
  table.data thead th {
    position: sticky;
    top: 0;
    background: var(--flex-color-surface);
  }
  table.data .number {
    text-align: end;
  }
  .sort {
    font: inherit;
    font-weight: var(--flex-font-weight-bold);
    color: inherit;
    background: none;
    border: none;
    padding: 0;
    cursor: pointer;
  }
  .review {
    display: grid;
    gap: var(--flex-space-m);
    padding: var(--flex-space-m);
    border: 1px solid var(--flex-color-border);
    border-radius: var(--flex-radius-m);
    background: var(--flex-color-surface-raised);
  }
  .facts {
    display: flex;
    flex-wrap: wrap;
    gap: var(--flex-space-l);
    margin: 0;
  }
  .facts dt {
    color: var(--flex-color-text-muted);
    font-size: var(--flex-font-size-s);
  }
  .facts dd {
    margin: 0;
  }
  .timeline,
  .transcript {
    margin: 0;
    padding-inline-start: var(--flex-space-l);
  }
  .transcript p {
    margin: 0;
  }
  .transcript .author {
    font-weight: var(--flex-font-weight-bold);
  }
  time {
    color: var(--flex-color-text-muted);
    font-size: var(--flex-font-size-s);
  }
  .questionnaire {
    display: grid;
    gap: var(--flex-space-m);
  }
  .question {
    border: 1px solid var(--flex-color-border);
    border-radius: var(--flex-radius-m);
    padding: var(--flex-space-s) var(--flex-space-m);
    margin: 0;
  }
  .options {
    display: flex;
    flex-wrap: wrap;
    gap: var(--flex-space-m);
  }
  .weight {
    color: var(--flex-color-text-muted);
    font-size: var(--flex-font-size-s);
  }
  .total {
    font-weight: var(--flex-font-weight-bold);
    margin: 0;
  }
`;
