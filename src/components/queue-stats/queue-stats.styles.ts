import { css } from 'lit';

export const styles = css`
  :host {
    display: block;
  }
  .base {
    display: grid;
    grid-template-columns: minmax(0, 1fr);
    gap: var(--flex-queue-stats-gap, var(--flex-space-l));
  }
  .base > * {
    min-width: 0;
  }
  h2 {
    margin: 0;
    font-size: var(--flex-font-size-l);
  }
  .tiles {
    display: grid;
    grid-template-columns: repeat(auto-fill, minmax(var(--flex-queue-stats-tile-width, 7.5rem), 1fr));
    gap: var(--flex-space-s);
    margin: 0;
  }
  .tile {
    background: var(--flex-queue-stats-tile-background, var(--flex-color-surface-raised));
  }
  .tiles.channels {
    grid-template-columns: repeat(auto-fill, minmax(var(--flex-queue-stats-channel-tile-width, 11rem), 1fr));
  }
  .tile dd.small {
    font-size: var(--flex-font-size-m);
    font-weight: var(--flex-font-weight-normal);
  }
  .overview {
    display: grid;
    grid-template-columns: minmax(0, 2fr) minmax(0, 1fr);
    gap: var(--flex-space-l);
    align-items: start;
  }
  @media (max-width: 48rem) {
    .overview {
      grid-template-columns: 1fr;
    }
  }
  figure {
    margin: 0;
    min-width: 0;
    display: grid;
    grid-template-columns: minmax(0, 1fr);
    gap: var(--flex-space-xs);
  }
  figcaption {
    overflow-wrap: anywhere;
    font-weight: var(--flex-font-weight-bold);
  }
  svg.chart {
    width: 100%;
    height: auto;
  }
  .bar {
    fill: var(--flex-queue-stats-bar-color, var(--flex-color-primary));
  }
  .bar.available {
    fill: var(--flex-color-available);
  }
  .bar.offline {
    fill: var(--flex-color-offline);
  }
  svg text {
    fill: var(--flex-color-text);
    font-size: 11px;
  }
  table.legend {
    max-width: 100%;
    overflow-wrap: anywhere;
    border-collapse: collapse;
    font-size: var(--flex-font-size-s);
  }
  table.legend th,
  table.legend td {
    padding: 0 var(--flex-space-s) 0 0;
    text-align: start;
  }
  table.legend td,
  table.legend th:last-child {
    text-align: end;
    font-variant-numeric: tabular-nums;
  }
  .toolbar {
    display: flex;
    flex-wrap: wrap;
    gap: var(--flex-space-s);
    align-items: end;
  }
  .toolbar label {
    display: grid;
    gap: 2px;
    font-size: var(--flex-font-size-s);
  }
  .toolbar label.check {
    display: flex;
    align-items: center;
    gap: var(--flex-space-xs);
    min-height: 2.25rem;
  }
  h3 {
    margin-top: var(--flex-space-m);
    margin-bottom: var(--flex-space-xs);
    font-size: var(--flex-font-size-m);
  }
  details.columns {
    position: relative;
  }
  details.columns summary {
    list-style: none;
  }
  details.columns fieldset {
    position: absolute;
    z-index: 2;
    inset-inline-end: 0;
    max-height: 20rem;
    overflow: auto;
    min-width: 16rem;
    margin: var(--flex-space-xs) 0 0;
    padding: var(--flex-space-s);
    border: 1px solid var(--flex-color-border);
    border-radius: var(--flex-radius-m);
    background: var(--flex-color-surface);
    box-shadow: var(--flex-shadow-raised);
    display: grid;
    gap: 2px;
  }
  details.columns fieldset label {
    display: flex;
    gap: var(--flex-space-xs);
    align-items: center;
  }
  .table {
    border: 1px solid var(--flex-color-border);
    border-radius: var(--flex-radius-m);
    overflow-x: auto;
  }
  .row {
    display: grid;
    grid-template-columns: var(--columns);
    align-items: center;
    width: 100%;
    min-width: var(--table-min-width);
    border-bottom: 1px solid var(--flex-color-surface-sunken);
  }
  .body .row:focus-visible {
    outline-offset: -2px;
  }
  .head {
    background: var(--flex-color-surface-raised);
    font-weight: var(--flex-font-weight-bold);
  }
  .body {
    height: var(--flex-queue-stats-table-height, 24rem);
    min-width: var(--table-min-width);
  }
  .head .cell {
    white-space: normal;
    align-self: stretch;
    display: flex;
    align-items: end;
    justify-content: end;
  }
  .head .cell.name {
    justify-content: start;
  }
  .cell {
    padding: var(--flex-space-xs) var(--flex-space-s);
    font-variant-numeric: tabular-nums;
    text-align: end;
    white-space: nowrap;
  }
  .cell.name {
    text-align: start;
    overflow: hidden;
    text-overflow: ellipsis;
  }
  .sort {
    font: inherit;
    font-weight: inherit;
    color: inherit;
    background: none;
    border: 0;
    padding: 0;
    cursor: pointer;
    text-align: inherit;
  }
  .cell.warning {
    background: var(--flex-color-warning-surface);
    color: var(--flex-color-warning);
  }
  .cell.critical {
    background: var(--flex-color-danger-surface);
    color: var(--flex-color-danger);
    font-weight: var(--flex-font-weight-bold);
  }
  .cue {
    display: inline-block;
    min-width: 1.1em;
    margin-inline-end: var(--flex-space-xs);
    border-radius: var(--flex-radius-s);
    background: currentColor;
    text-align: center;
    font-size: var(--flex-font-size-s);
    font-weight: var(--flex-font-weight-bold);
  }
  .cue > span {
    color: var(--flex-color-surface);
  }
  .empty,
  .status {
    color: var(--flex-color-text-muted);
    padding: var(--flex-space-s);
  }
`;
