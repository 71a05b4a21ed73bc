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
    min-width: 0;
    overflow-x: auto;
  }
  h2 {
    margin: 0;
    font-size: var(--flex-font-size-m);
    display: flex;
    gap: var(--flex-space-s);
    align-items: baseline;
  }
  .count,
  .overdue {
    color: var(--flex-color-danger);
  }
  table {
    border-collapse: collapse;
    width: 100%;
  }
  th,
  td {
    text-align: start;
    padding: var(--flex-space-xs) var(--flex-space-s);
    border-bottom: 1px solid var(--flex-color-border);
    overflow-wrap: anywhere;
  }
  thead th {
    color: var(--flex-color-text-muted);
    font-weight: var(--flex-font-weight-bold);
  }
  .empty {
    margin: 0;
    color: var(--flex-color-text-muted);
  }
`;
