import { css } from 'lit';

export const styles = css`
  :host {
    display: block;
    min-width: 0;
  }
  .base {
    display: flex;
    flex-direction: column;
    gap: var(--flex-space-s);
  }
  .field {
    display: flex;
    flex-direction: column;
    gap: var(--flex-space-xs);
    min-width: 0;
  }
  label {
    font-weight: var(--flex-font-weight-bold);
  }
  input,
  select,
  textarea {
    font: inherit;
    color: inherit;
    width: 100%;
    box-sizing: border-box;
    min-height: 2.25rem;
    padding: var(--flex-space-xs) var(--flex-space-s);
    border: 1px solid var(--flex-color-border);
    border-radius: var(--flex-radius-m);
    background: var(--flex-color-surface);
  }
  textarea {
    resize: vertical;
  }
  [aria-invalid='true'] {
    border-color: var(--flex-color-danger);
  }
  .hint,
  .rule {
    margin: 0;
    color: var(--flex-color-text-muted);
    font-size: var(--flex-font-size-s);
  }
  .problem {
    margin: 0;
    color: var(--flex-color-danger);
    font-size: var(--flex-font-size-s);
  }
  .actions {
    display: flex;
    gap: var(--flex-space-s);
  }
`;
