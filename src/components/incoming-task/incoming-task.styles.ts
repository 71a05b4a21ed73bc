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
  .card {
    display: flex;
    flex-direction: column;
    gap: var(--flex-space-s);
    padding: var(--flex-space-m);
    border: 2px solid var(--flex-incoming-task-border-color, var(--flex-color-primary));
    border-radius: var(--flex-radius-l);
    background: var(--flex-incoming-task-background, var(--flex-color-info-surface));
    box-shadow: var(--flex-shadow-raised);
    min-width: 0;
  }
  .title {
    display: flex;
    align-items: center;
    gap: var(--flex-space-s);
    margin: 0;
    font-size: var(--flex-font-size-l);
    min-width: 0;
  }
  .name {
    overflow: hidden;
    text-overflow: ellipsis;
    white-space: nowrap;
    unicode-bidi: isolate;
    min-width: 0;
  }
  .channel {
    display: inline-flex;
    align-items: center;
    gap: var(--flex-space-xs);
    color: var(--flex-color-text-muted);
    font-size: var(--flex-font-size-s);
  }
  .facts {
    display: flex;
    flex-wrap: wrap;
    gap: var(--flex-space-xs) var(--flex-space-m);
    margin: 0;
    color: var(--flex-color-text-muted);
    font-size: var(--flex-font-size-s);
    min-width: 0;
  }
  .facts > span {
    max-width: 100%;
    overflow: hidden;
    text-overflow: ellipsis;
    white-space: nowrap;
    unicode-bidi: isolate;
  }
  .countdown {
    font-variant-numeric: tabular-nums;
    font-weight: var(--flex-font-weight-bold);
    color: var(--flex-color-text);
  }
  .actions {
    display: flex;
    flex-wrap: wrap;
    gap: var(--flex-space-s);
  }
  .actions .button {
    flex: 1 1 6rem;
  }
`;
