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
    padding: var(--flex-email-padding, var(--flex-space-m));
    min-width: 0;
  }
  h3 {
    margin: 0;
    font-size: var(--flex-font-size-l);
    overflow-wrap: anywhere;
    unicode-bidi: isolate;
  }
  .actions,
  .toolbar {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: var(--flex-space-s);
  }
  .thread {
    list-style: none;
    margin: 0;
    padding: 0;
    display: flex;
    flex-direction: column;
    gap: var(--flex-space-m);
  }
  .message {
    border: 1px solid var(--flex-color-border);
    border-radius: var(--flex-radius-m);
    padding: var(--flex-space-s) var(--flex-space-m);
    background: var(--flex-color-surface);
    min-width: 0;
  }
  .message.agent {
    background: var(--flex-color-surface-sunken);
  }
  .meta {
    display: flex;
    flex-wrap: wrap;
    justify-content: space-between;
    gap: var(--flex-space-s);
    color: var(--flex-color-text-muted);
    font-size: var(--flex-font-size-s);
  }
  .body {
    overflow-wrap: anywhere;
    overflow-x: auto;
    unicode-bidi: isolate;
    max-width: 100%;
  }
  .body img {
    max-width: 100%;
    height: auto;
  }
  .body img[data-blocked] {
    display: inline-block;
    min-width: 1em;
    min-height: 1em;
    border: 1px dashed var(--flex-color-border);
  }
  .body table {
    max-width: 100%;
  }
  .quoted summary {
    cursor: pointer;
    color: var(--flex-color-text-muted);
  }
  .images {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: var(--flex-space-s);
    padding: var(--flex-space-xs) var(--flex-space-s);
    background: var(--flex-color-info-surface);
    border-radius: var(--flex-radius-m);
  }
  .attachments {
    margin: var(--flex-space-s) 0 0;
    padding-inline-start: var(--flex-space-l);
  }
  .composer {
    display: flex;
    flex-direction: column;
    gap: var(--flex-space-s);
    border: 1px solid var(--flex-color-border);
    border-radius: var(--flex-radius-m);
    padding: var(--flex-space-s);
  }
  .title {
    margin: 0;
    font-weight: var(--flex-font-weight-bold);
  }
  .field {
    display: flex;
    flex-direction: column;
    gap: var(--flex-space-xs);
  }
  input,
  .editor {
    font: inherit;
    color: inherit;
    padding: var(--flex-space-s);
    border: 1px solid var(--flex-color-border);
    border-radius: var(--flex-radius-m);
    background: var(--flex-color-surface);
  }
  .editor {
    min-height: 6rem;
    overflow-wrap: anywhere;
  }
  .problem {
    margin: 0;
    color: var(--flex-color-danger);
  }
  .hint {
    margin: 0;
    color: var(--flex-color-text-muted);
  }
`;
