import { css } from 'lit';

export const styles = css`
  :host {
    display: contents;
  }
  .error {
    display: block;
    margin: var(--flex-space-s) 0;
    padding: var(--flex-space-s) var(--flex-space-m);
    border: 1px solid var(--flex-color-danger);
    border-radius: var(--flex-radius-m);
    background: var(--flex-color-danger-surface);
    color: var(--flex-color-danger);
  }
  .notice {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: var(--flex-space-s);
    margin: var(--flex-space-s) 0;
    padding: var(--flex-space-s) var(--flex-space-m);
    border: 1px solid var(--flex-color-border, currentColor);
    border-radius: var(--flex-radius-m);
    background: var(--flex-color-surface-raised, var(--flex-color-surface));
    color: var(--flex-color-text);
  }
`;
