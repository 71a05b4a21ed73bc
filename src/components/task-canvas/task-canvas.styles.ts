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
  .header {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: var(--flex-space-xs) var(--flex-space-m);
    min-width: 0;
  }
  .header h2 {
    margin: 0;
    font-size: var(--flex-font-size-xl);
    overflow: hidden;
    text-overflow: ellipsis;
    white-space: nowrap;
    unicode-bidi: isolate;
    min-width: 0;
    max-width: 100%;
  }
  .channel,
  .status {
    display: inline-flex;
    align-items: center;
    gap: var(--flex-space-xs);
    color: var(--flex-color-text-muted);
    font-size: var(--flex-font-size-s);
  }
  .tablist {
    display: flex;
    gap: var(--flex-space-xs);
    border-bottom: 1px solid var(--flex-color-border);
    overflow-x: auto;
  }
  .tab {
    font: inherit;
    color: var(--flex-color-text-muted);
    padding: var(--flex-space-s) var(--flex-space-m);
    border: none;
    border-bottom: 3px solid transparent;
    background: none;
    cursor: pointer;
    white-space: nowrap;
  }
  .tab[aria-selected='true'] {
    color: var(--flex-color-text);
    font-weight: var(--flex-font-weight-bold);
    border-bottom-color: var(--flex-task-canvas-tab-indicator, var(--flex-color-primary));
  }
  .panel {
    min-width: 0;
  }
  dl {
    display: grid;
    grid-template-columns: minmax(6rem, max-content) minmax(0, 1fr);
    gap: var(--flex-space-xs) var(--flex-space-m);
    margin: 0 0 var(--flex-space-l);
  }
  dt {
    font-weight: var(--flex-font-weight-bold);
    color: var(--flex-color-text-muted);
    overflow-wrap: anywhere;
    unicode-bidi: isolate;
  }
  dd {
    margin: 0;
    overflow-wrap: anywhere;
    white-space: pre-wrap;
    unicode-bidi: isolate;
    min-width: 0;
  }
  .long {
    display: block;
    width: 100%;
    font: inherit;
    font-family: var(--flex-font-family-mono);
    font-size: var(--flex-font-size-s);
    color: inherit;
    padding: var(--flex-space-xs);
    border: 1px solid var(--flex-color-border);
    border-radius: var(--flex-radius-s);
    background: var(--flex-color-surface-raised);
    resize: vertical;
  }
  h3 {
    margin: 0 0 var(--flex-space-s);
    font-size: var(--flex-font-size-l);
  }
  .more {
    margin-inline-start: var(--flex-space-s);
    min-height: 0;
    padding: 0 var(--flex-space-s);
  }
  .empty {
    margin: 0;
    padding: var(--flex-space-xl) var(--flex-space-l);
    color: var(--flex-color-text-muted);
    text-align: center;
  }
  @container (max-width: 24rem) {
    dl {
      grid-template-columns: minmax(0, 1fr);
    }
  }
`;
