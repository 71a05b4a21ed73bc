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
    padding: var(--flex-callback-padding, var(--flex-space-m));
    min-width: 0;
  }
  dl {
    display: grid;
    grid-template-columns: max-content minmax(0, 1fr);
    gap: var(--flex-space-xs) var(--flex-space-m);
    margin: 0;
  }
  dt {
    color: var(--flex-color-text-muted);
  }
  dd {
    margin: 0;
    overflow-wrap: anywhere;
    unicode-bidi: isolate;
  }
  .overdue {
    color: var(--flex-color-danger);
    font-weight: var(--flex-font-weight-bold);
  }
  .transcript {
    margin: 0;
    padding: var(--flex-space-s) var(--flex-space-m);
    border-inline-start: 3px solid var(--flex-color-border);
    background: var(--flex-color-surface-sunken);
    white-space: pre-wrap;
    overflow-wrap: anywhere;
    unicode-bidi: isolate;
  }
  audio {
    width: 100%;
    max-width: 28rem;
  }
  .actions {
    display: flex;
    flex-wrap: wrap;
    gap: var(--flex-space-s);
  }
  .hint {
    margin: 0;
    color: var(--flex-color-text-muted);
  }
  h3 {
    margin: 0;
    font-size: var(--flex-font-size-m);
  }
`;
