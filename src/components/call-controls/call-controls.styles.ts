import { css } from 'lit';

export const styles = css`
  :host {
    display: block;
    min-width: 0;
  }
  .base {
    display: flex;
    flex-direction: column;
    gap: var(--flex-space-m);
    padding: var(--flex-call-controls-padding, var(--flex-space-m));
    background: var(--flex-color-surface);
  }
  .status-line {
    display: flex;
    flex-wrap: wrap;
    align-items: baseline;
    gap: var(--flex-space-s);
  }
  .state {
    font-weight: var(--flex-font-weight-bold);
  }
  .timer {
    font-family: var(--flex-font-family-mono);
    font-variant-numeric: tabular-nums;
  }
  .add {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: var(--flex-space-s);
  }
  .add input {
    font: inherit;
    color: inherit;
    padding: var(--flex-space-xs) var(--flex-space-s);
    border: 1px solid var(--flex-color-border);
    border-radius: var(--flex-radius-m);
    background: var(--flex-color-surface);
    min-width: 0;
  }
  .recording {
    margin: 0;
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: var(--flex-space-xs);
    font-weight: var(--flex-font-weight-bold);
  }
  .recording .dot {
    inline-size: 0.6em;
    block-size: 0.6em;
    border-radius: 50%;
    background: var(--flex-color-danger);
  }
  .recording[data-status='paused'] .dot,
  .recording[data-status='stopped'] .dot {
    background: var(--flex-color-text-muted);
  }
  .recording .detail {
    font-weight: normal;
    color: var(--flex-color-text-muted);
  }
  .warnings {
    margin: 0;
    padding: var(--flex-space-s) var(--flex-space-m);
    list-style: none;
    border-radius: var(--flex-radius-m);
    background: var(--flex-color-warning-surface);
  }
  .controls {
    display: flex;
    flex-wrap: wrap;
    gap: var(--flex-space-s);
  }
  .button[aria-pressed='true'] {
    background: var(--flex-color-surface-sunken);
  }
  .keypad {
    display: grid;
    grid-template-columns: repeat(3, var(--flex-call-controls-key-size, 3rem));
    gap: var(--flex-space-xs);
  }
  .key {
    min-height: var(--flex-call-controls-key-size, 3rem);
    font-family: var(--flex-font-family-mono);
    font-size: var(--flex-font-size-l);
  }
  .digits {
    font-family: var(--flex-font-family-mono);
    min-height: 1.4em;
    overflow-wrap: anywhere;
  }
  h3 {
    margin: 0 0 var(--flex-space-xs);
    font-size: var(--flex-font-size-s);
    color: var(--flex-color-text-muted);
    text-transform: uppercase;
  }
  ul {
    margin: 0;
    padding: 0;
    list-style: none;
    display: flex;
    flex-direction: column;
    gap: var(--flex-space-xs);
  }
  .participant {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: var(--flex-space-s);
  }
  .participant + .participant {
    padding-top: var(--flex-space-xs);
    border-top: 1px solid var(--flex-color-border);
  }
  .participant .name {
    /* The name gets its own line, so its Hold and Remove buttons wrap together below it. */
    flex: 1 1 100%;
    min-width: 0;
    overflow-wrap: anywhere;
    unicode-bidi: isolate;
  }
  .participant .detail {
    color: var(--flex-color-text-muted);
    font-size: var(--flex-font-size-s);
  }
  .transfer-status {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: var(--flex-space-s);
    padding: var(--flex-space-s);
    border-radius: var(--flex-radius-m);
    background: var(--flex-color-info-surface);
    overflow-wrap: anywhere;
  }
  .empty {
    margin: 0;
    color: var(--flex-color-text-muted);
  }
`;
