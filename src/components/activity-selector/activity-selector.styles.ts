import { css } from 'lit';

export const styles = css`
  :host {
    display: inline-block;
    max-width: 100%;
  }
  .base {
    display: inline-flex;
    align-items: center;
    flex-wrap: wrap;
    gap: var(--flex-space-s);
    max-width: 100%;
  }
  .dot {
    width: 0.625rem;
    height: 0.625rem;
    border-radius: var(--flex-radius-round);
    background: var(--flex-activity-selector-dot-color, var(--flex-color-offline));
    flex: none;
  }
  .dot.available {
    background: var(--flex-color-available);
  }
  .dot.unavailable {
    background: var(--flex-color-unavailable);
  }
  .dot.break {
    background: var(--flex-color-break);
  }
  select {
    font: inherit;
    color: inherit;
    min-height: 2.25rem;
    max-width: 12rem;
    padding: var(--flex-space-xs) var(--flex-space-s);
    border: 1px solid var(--flex-color-border);
    border-radius: var(--flex-radius-m);
    background: var(--flex-color-surface);
  }
  .timer {
    font-variant-numeric: tabular-nums;
    color: var(--flex-color-text-muted);
  }
`;
