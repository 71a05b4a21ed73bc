import { css } from 'lit';

export const styles = css`
  :host {
    display: block;
  }
  .base {
    display: grid;
    gap: var(--flex-dialpad-gap, var(--flex-space-s));
    padding: var(--flex-dialpad-padding, var(--flex-space-m));
    background: var(--flex-dialpad-background, var(--flex-color-surface));
    border: 1px solid var(--flex-color-border);
    border-radius: var(--flex-radius-l);
    max-width: var(--flex-dialpad-max-width, 20rem);
  }
  .row {
    display: flex;
    gap: var(--flex-space-s);
    align-items: center;
  }
  label,
  .label {
    display: grid;
    gap: var(--flex-space-xs);
    font-size: var(--flex-font-size-s);
    color: var(--flex-color-text-muted);
  }
  select,
  input {
    font: inherit;
    color: var(--flex-color-text);
    background: var(--flex-color-surface);
    border: 1px solid var(--flex-color-border);
    border-radius: var(--flex-radius-s);
    padding: var(--flex-space-xs) var(--flex-space-s);
    min-height: 2.25rem;
    min-width: 0;
  }
  input {
    flex: 1;
    font-size: var(--flex-dialpad-number-font-size, var(--flex-font-size-xl));
    font-family: var(--flex-font-family-mono);
  }
  input[aria-invalid='true'] {
    border-color: var(--flex-color-danger);
  }
  .error {
    color: var(--flex-color-danger);
    font-size: var(--flex-font-size-s);
    margin: 0;
  }
  .hint,
  .status {
    margin: 0;
    font-size: var(--flex-font-size-s);
    color: var(--flex-color-text-muted);
  }
  .call-state {
    display: flex;
    justify-content: space-between;
    align-items: center;
    gap: var(--flex-space-s);
    padding: var(--flex-space-s);
    border-radius: var(--flex-radius-m);
    background: var(--flex-color-info-surface);
  }
  .call-state.ended {
    background: var(--flex-color-surface-raised);
  }
  .timer {
    font-family: var(--flex-font-family-mono);
    font-weight: var(--flex-font-weight-bold);
  }
  .keypad {
    display: grid;
    grid-template-columns: repeat(3, var(--flex-dialpad-key-size, calc(var(--flex-space-xl) * 2.25)));
    gap: var(--flex-dialpad-key-gap, var(--flex-space-s));
    justify-content: center;
  }
  .key {
    display: grid;
    place-items: center;
    width: var(--flex-dialpad-key-size, calc(var(--flex-space-xl) * 2.25));
    height: var(--flex-dialpad-key-size, calc(var(--flex-space-xl) * 2.25));
    border: 1px solid var(--flex-color-border);
    border-radius: var(--flex-dialpad-key-radius, var(--flex-radius-round));
    background: var(--flex-dialpad-key-background, var(--flex-color-surface-raised));
    color: var(--flex-color-text);
    font: inherit;
    font-size: var(--flex-font-size-xl);
    line-height: 1;
    cursor: pointer;
    touch-action: manipulation;
    user-select: none;
  }
  .key:hover {
    background: var(--flex-color-surface-sunken);
  }
  .key .sub {
    font-size: var(--flex-font-size-s);
    color: var(--flex-color-text-muted);
    letter-spacing: 0.08em;
  }
  .actions {
    display: flex;
    gap: var(--flex-space-s);
    justify-content: center;
  }
  .actions .button {
    flex: 1;
  }
  .recent ul {
    list-style: none;
    margin: 0;
    padding: 0;
    display: grid;
    gap: var(--flex-space-xs);
    max-height: 10rem;
    overflow: auto;
  }
  .recent h3 {
    margin: 0 0 var(--flex-space-xs);
    font-size: var(--flex-font-size-s);
    color: var(--flex-color-text-muted);
  }
  .recent button {
    width: 100%;
    justify-content: flex-start;
    font-family: var(--flex-font-family-mono);
    font-weight: var(--flex-font-weight-normal);
  }
`;
