import { css } from 'lit';

export const styles = css`
  :host {
    display: block;
  }
  .base {
    display: grid;
    grid-template-columns: minmax(0, 1fr);
    gap: var(--flex-teams-view-gap, var(--flex-space-m));
    /* The layout follows the element's width, not the window's (a CRM side panel is narrow). */
    container-type: inline-size;
  }
  .base > *,
  .filters > *,
  .presets > * {
    min-width: 0;
    max-width: 100%;
    overflow-wrap: anywhere;
  }
  h3,
  h4 {
    margin: 0;
    font-size: var(--flex-font-size-l);
  }
  h4 {
    font-size: var(--flex-font-size-m);
  }
  .filters {
    display: flex;
    flex-wrap: wrap;
    gap: var(--flex-space-m);
    align-items: start;
  }
  fieldset {
    min-inline-size: 0;
    margin: 0;
    padding: var(--flex-space-xs) var(--flex-space-s);
    border: 1px solid var(--flex-color-border);
    border-radius: var(--flex-radius-m);
    display: flex;
    flex-wrap: wrap;
    gap: var(--flex-space-xs) var(--flex-space-m);
  }
  legend {
    font-size: var(--flex-font-size-s);
    color: var(--flex-color-text-muted);
  }
  .check {
    display: inline-flex;
    gap: var(--flex-space-xs);
    align-items: center;
  }
  .field {
    display: grid;
    gap: 2px;
    font-size: var(--flex-font-size-s);
  }
  select[multiple] {
    min-width: min(10rem, 100%);
    max-width: 100%;
  }
  .presets {
    display: flex;
    flex-wrap: wrap;
    gap: var(--flex-space-s);
    align-items: end;
  }
  .presets ul {
    list-style: none;
    margin: 0;
    padding: 0;
    display: flex;
    flex-wrap: wrap;
    gap: var(--flex-space-xs);
  }
  .presets li {
    display: inline-flex;
    max-width: 100%;
    min-width: 0;
    border: 1px solid var(--flex-color-border);
    border-radius: var(--flex-radius-round);
    padding-inline-start: var(--flex-space-s);
    align-items: center;
  }
  .layout {
    display: grid;
    grid-template-columns: minmax(0, 1fr) var(--flex-teams-view-detail-width, 22rem);
    gap: var(--flex-space-m);
    align-items: start;
  }
  .layout > * {
    min-width: 0;
  }
  @container (max-width: 60rem) {
    .layout {
      grid-template-columns: 1fr;
    }
  }
  .table {
    border: 1px solid var(--flex-color-border);
    border-radius: var(--flex-radius-m);
    overflow-x: auto;
  }
  .row {
    display: grid;
    grid-template-columns:
      minmax(9rem, 1.4fr) minmax(7rem, 1fr) 5rem minmax(8rem, 1.2fr) minmax(8rem, 1.2fr) 6rem
      minmax(8rem, 1.2fr);
    align-items: center;
    width: 100%;
    min-width: 56rem;
    border-bottom: 1px solid var(--flex-color-surface-sunken);
  }
  .row.selected {
    background: var(--flex-teams-view-selected-background, var(--flex-color-info-surface));
  }
  .head {
    background: var(--flex-color-surface-raised);
    font-weight: var(--flex-font-weight-bold);
  }
  .body {
    height: var(--flex-teams-view-list-height, 28rem);
    min-width: 56rem;
  }
  .cell {
    padding: var(--flex-space-xs) var(--flex-space-s);
    white-space: nowrap;
    overflow: hidden;
    text-overflow: ellipsis;
    font-variant-numeric: tabular-nums;
  }
  .sort,
  .agent {
    font: inherit;
    font-weight: inherit;
    color: inherit;
    background: none;
    border: 0;
    padding: 0;
    cursor: pointer;
    text-align: start;
    max-width: 100%;
    overflow: hidden;
    text-overflow: ellipsis;
  }
  .agent {
    color: var(--flex-color-primary);
    text-decoration: underline;
  }
  .dot {
    display: inline-block;
    width: 0.6rem;
    height: 0.6rem;
    border-radius: var(--flex-radius-round);
    margin-inline-end: var(--flex-space-xs);
    background: var(--flex-color-unavailable);
  }
  .dot.available {
    background: var(--flex-color-available);
  }
  .dot.break {
    background: var(--flex-color-break);
  }
  .dot.offline {
    background: var(--flex-color-offline);
  }
  .task-chip {
    display: inline-block;
    margin-inline-end: var(--flex-space-xs);
    padding: 0 var(--flex-space-xs);
    border-radius: var(--flex-radius-s);
    background: var(--flex-color-surface-sunken);
    font-size: var(--flex-font-size-s);
  }
  .side {
    display: grid;
    gap: var(--flex-space-s);
    align-content: start;
    min-width: 0;
  }
  .detail {
    display: grid;
    gap: var(--flex-space-s);
    padding: var(--flex-space-m);
    border: 1px solid var(--flex-color-border);
    border-radius: var(--flex-radius-m);
    background: var(--flex-teams-view-detail-background, var(--flex-color-surface));
  }
  .task {
    display: grid;
    gap: var(--flex-space-xs);
    padding: var(--flex-space-s);
    border-radius: var(--flex-radius-m);
    background: var(--flex-color-surface-raised);
  }
  .supervise {
    display: flex;
    flex-wrap: wrap;
    gap: var(--flex-space-xs);
  }
  .button[aria-pressed='true'] {
    background: var(--flex-color-primary);
    border-color: var(--flex-color-primary);
    color: var(--flex-color-on-primary);
  }
  .messages {
    list-style: none;
    margin: 0;
    padding: 0;
    display: grid;
    gap: var(--flex-space-xs);
  }
  /* The focusable log scrolls (not the list inside it), so keyboard users can scroll the history. */
  .chat-log {
    max-height: var(--flex-teams-view-transcript-height, 16rem);
    overflow: auto;
  }
  .messages li {
    padding: var(--flex-space-xs) var(--flex-space-s);
    border-radius: var(--flex-radius-m);
    background: var(--flex-color-surface);
  }
  .messages li.agent {
    background: var(--flex-color-info-surface);
  }
  .author {
    font-weight: var(--flex-font-weight-bold);
    margin-inline-end: var(--flex-space-xs);
  }
  .muted,
  .status,
  .empty {
    color: var(--flex-color-text-muted);
  }
  .log,
  .participants {
    margin: 0;
    padding-inline-start: var(--flex-space-l);
    font-size: var(--flex-font-size-s);
  }
`;
