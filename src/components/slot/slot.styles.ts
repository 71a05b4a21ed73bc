import { css } from 'lit';

export const styles = css`
  :host {
    display: contents;
  }
  .contribution {
    display: contents;
  }
  .contribution-error {
    display: inline-block;
    margin: 0;
    padding: var(--flex-space-xs) var(--flex-space-s);
    border: 1px solid var(--flex-color-danger);
    border-radius: var(--flex-radius-s);
    background: var(--flex-color-danger-surface);
    color: var(--flex-color-danger);
    font-size: var(--flex-font-size-s);
  }
`;
