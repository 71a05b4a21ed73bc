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
    min-width: 0;
  }
  .field {
    display: flex;
    flex-direction: column;
    gap: var(--flex-space-xs);
  }
  label {
    font-weight: var(--flex-font-weight-bold);
  }
  select,
  textarea {
    font: inherit;
    color: inherit;
    width: 100%;
    padding: var(--flex-space-s);
    border: 1px solid var(--flex-color-border);
    border-radius: var(--flex-radius-m);
    background: var(--flex-color-surface);
  }
  select {
    min-height: 2.25rem;
  }
  textarea {
    min-height: var(--flex-wrapup-notes-height, 6rem);
    resize: vertical;
  }
  [aria-invalid='true'] {
    border-color: var(--flex-color-danger);
  }
  .invalid {
    margin: 0;
    color: var(--flex-color-danger);
  }
  .hint {
    margin: 0;
    color: var(--flex-color-text-muted);
  }
  .actions {
    display: flex;
    flex-wrap: wrap;
    gap: var(--flex-space-s);
  }
  .crm-log ul {
    list-style: none;
    margin: var(--flex-space-s) 0 0;
    padding: 0;
    display: flex;
    flex-direction: column;
    gap: var(--flex-space-xs);
    font-size: var(--flex-font-size-s);
  }
  .crm-log li {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: var(--flex-space-s);
    overflow-wrap: anywhere;
  }
  .crm-log .logged {
    font-weight: var(--flex-font-weight-bold);
  }
  .crm-log .failed {
    color: var(--flex-color-danger);
  }
`;
