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
    padding: var(--flex-worker-directory-padding, var(--flex-space-s));
    border: 1px solid var(--flex-color-border);
    border-radius: var(--flex-radius-m);
    background: var(--flex-color-surface);
  }
  fieldset {
    display: flex;
    flex-wrap: wrap;
    gap: var(--flex-space-m);
    margin: 0;
    padding: 0;
    border: 0;
  }
  .cold-only {
    margin: 0;
  }
  legend {
    padding: 0;
    margin-bottom: var(--flex-space-xs);
    font-weight: var(--flex-font-weight-bold);
  }
  input[type='search'] {
    font: inherit;
    color: inherit;
    width: 100%;
    padding: var(--flex-space-xs) var(--flex-space-s);
    border: 1px solid var(--flex-color-border);
    border-radius: var(--flex-radius-m);
    background: var(--flex-color-surface);
  }
  .results {
    max-height: var(--flex-worker-directory-max-height, 18rem);
    overflow-y: auto;
  }
  h3 {
    margin: var(--flex-space-s) 0 var(--flex-space-xs);
    font-size: var(--flex-font-size-s);
    color: var(--flex-color-text-muted);
    text-transform: uppercase;
  }
  ul {
    margin: 0;
    padding: 0;
    list-style: none;
  }
  .target {
    display: flex;
    width: 100%;
    justify-content: space-between;
    gap: var(--flex-space-s);
    padding: var(--flex-space-xs) var(--flex-space-s);
    border: 0;
    border-radius: var(--flex-radius-s);
    background: transparent;
    color: inherit;
    font: inherit;
    text-align: start;
    cursor: pointer;
  }
  .target:hover,
  .target:focus-visible {
    background: var(--flex-color-surface-raised);
  }
  .name {
    font-weight: var(--flex-font-weight-bold);
    overflow-wrap: anywhere;
    unicode-bidi: isolate;
  }
  .detail {
    color: var(--flex-color-text-muted);
    font-size: var(--flex-font-size-s);
    overflow-wrap: anywhere;
  }
  .empty {
    margin: 0;
    color: var(--flex-color-text-muted);
  }
  .note {
    display: flex;
    flex-direction: column;
    gap: var(--flex-space-xs);
  }
  .note label {
    font-weight: var(--flex-font-weight-bold);
  }
  .note textarea {
    font: inherit;
    color: inherit;
    width: 100%;
    box-sizing: border-box;
    padding: var(--flex-space-s);
    border: 1px solid var(--flex-color-border);
    border-radius: var(--flex-radius-m);
    background: var(--flex-color-surface);
    resize: vertical;
  }
  .note .hint {
    color: var(--flex-color-text-muted);
    font-size: var(--flex-font-size-s);
  }
`;
