import { css } from 'lit';

export const styles = css`
  :host {
    display: block;
    min-width: 0;
  }
  .base {
    display: flex;
    flex-direction: column;
    gap: var(--flex-space-xs);
    margin: 0;
    padding: 0;
    list-style: none;
  }
  .task {
    display: grid;
    grid-template-columns: auto minmax(0, 1fr) auto;
    gap: var(--flex-space-xs) var(--flex-space-s);
    align-items: center;
    padding: var(--flex-space-s) var(--flex-space-m);
    border: 1px solid var(--flex-color-border);
    border-left: 4px solid var(--flex-task-list-accent, var(--flex-color-border));
    border-radius: var(--flex-radius-m);
    background: var(--flex-color-surface);
    cursor: pointer;
    min-width: 0;
  }
  .task:hover {
    background: var(--flex-color-surface-raised);
  }
  .task[aria-selected='true'] {
    border-left-color: var(--flex-color-primary);
    background: var(--flex-color-info-surface);
  }
  .task.wrapping {
    border-left-color: var(--flex-color-warning);
  }
  .channel {
    display: inline-flex;
    align-items: center;
    gap: var(--flex-space-xs);
    color: var(--flex-color-text-muted);
    font-size: var(--flex-font-size-s);
  }
  .name {
    font-weight: var(--flex-font-weight-bold);
    overflow: hidden;
    text-overflow: ellipsis;
    white-space: nowrap;
    unicode-bidi: isolate;
    min-width: 0;
  }
  .meta {
    grid-column: 2 / 4;
    display: flex;
    flex-wrap: wrap;
    gap: var(--flex-space-xs) var(--flex-space-s);
    color: var(--flex-color-text-muted);
    font-size: var(--flex-font-size-s);
    min-width: 0;
  }
  .meta > span {
    overflow: hidden;
    text-overflow: ellipsis;
    white-space: nowrap;
    max-width: 100%;
    unicode-bidi: isolate;
  }
  .age {
    font-variant-numeric: tabular-nums;
  }
  .unread {
    min-width: 1.25rem;
    padding: 0 var(--flex-space-xs);
    border-radius: var(--flex-radius-round);
    background: var(--flex-color-danger);
    color: var(--flex-color-on-danger);
    font-size: var(--flex-font-size-s);
    font-weight: var(--flex-font-weight-bold);
    text-align: center;
  }
  .empty {
    margin: 0;
    padding: var(--flex-space-l);
    color: var(--flex-color-text-muted);
    text-align: center;
  }
`;
