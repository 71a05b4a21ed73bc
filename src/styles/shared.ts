import { css } from 'lit';

/** Base styles every element starts from: type, colour, focus ring, and a visually hidden helper. */
export const baseStyles = css`
  :host {
    font-family: var(--flex-font-family);
    font-size: var(--flex-font-size-m);
    line-height: var(--flex-line-height);
    color: var(--flex-color-text);
    box-sizing: border-box;
  }
  :host([hidden]) {
    display: none !important;
  }
  *,
  *::before,
  *::after {
    box-sizing: inherit;
  }
  :focus-visible {
    outline: 2px solid var(--flex-color-focus);
    outline-offset: 2px;
  }
  /* The inline error of a failed action (FlexElement.renderActionError). */
  .action-error {
    display: flex;
    gap: var(--flex-space-s);
    align-items: center;
    justify-content: space-between;
    padding: var(--flex-space-xs) var(--flex-space-s);
    border: 1px solid var(--flex-color-danger);
    border-radius: var(--flex-radius-m);
    background: var(--flex-color-danger-surface);
    color: var(--flex-color-danger);
    overflow-wrap: anywhere;
  }
  .visually-hidden {
    position: absolute !important;
    width: 1px;
    height: 1px;
    padding: 0;
    margin: -1px;
    overflow: hidden;
    clip: rect(0 0 0 0);
    white-space: nowrap;
    border: 0;
  }
`;

/** Buttons: `.button` with `.primary`, `.danger`, `.success` and `.quiet` variants. */
export const buttonStyles = css`
  .button {
    display: inline-flex;
    align-items: center;
    justify-content: center;
    gap: var(--flex-space-xs);
    min-height: 2.25rem;
    padding: var(--flex-space-xs) var(--flex-space-m);
    border: 1px solid var(--flex-color-border);
    border-radius: var(--flex-radius-m);
    background: var(--flex-color-surface);
    color: var(--flex-color-text);
    font: inherit;
    font-weight: var(--flex-font-weight-bold);
    cursor: pointer;
  }
  .button:hover:not(:disabled) {
    background: var(--flex-color-surface-raised);
  }
  .button:disabled {
    cursor: not-allowed;
    opacity: 0.6;
  }
  .button.primary {
    background: var(--flex-color-primary);
    border-color: var(--flex-color-primary);
    color: var(--flex-color-on-primary);
  }
  .button.primary:hover:not(:disabled) {
    background: var(--flex-color-primary-hover);
  }
  .button.danger {
    background: var(--flex-color-danger);
    border-color: var(--flex-color-danger);
    color: var(--flex-color-on-danger);
  }
  .button.danger:hover:not(:disabled) {
    background: var(--flex-color-danger-hover);
  }
  .button.success {
    background: var(--flex-color-success);
    border-color: var(--flex-color-success);
    color: var(--flex-color-on-success);
  }
  .button.quiet {
    border-color: transparent;
    background: transparent;
  }
`;

/** Text inputs and selects that look alike in every element. */
export const fieldStyles = css`
  input,
  select {
    font: inherit;
    min-height: 2.25rem;
    padding: var(--flex-space-xs) var(--flex-space-s);
    border: 1px solid var(--flex-color-border);
    border-radius: var(--flex-radius-s);
    background: var(--flex-color-surface);
    color: var(--flex-color-text);
  }
  input[type='checkbox'] {
    min-height: auto;
  }
`;

/** A figure tile (`<div class="tile"><dt>label</dt><dd>value</dd></div>` in a `<dl>`): queue stats, Insights. */
export const tileStyles = css`
  .tile {
    padding: var(--flex-space-s) var(--flex-space-m);
    border: 1px solid var(--flex-color-border);
    border-radius: var(--flex-radius-m);
  }
  .tile dt {
    color: var(--flex-color-text-muted);
    font-size: var(--flex-font-size-s);
  }
  .tile dd {
    margin: 0;
    font-size: var(--flex-font-size-xl);
    font-weight: var(--flex-font-weight-bold);
    font-variant-numeric: tabular-nums;
  }
`;
