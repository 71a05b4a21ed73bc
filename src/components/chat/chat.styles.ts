import { css } from 'lit';

export const styles = css`
  :host {
    display: block;
    min-width: 0;
    max-width: 100%;
  }
  .base {
    display: flex;
    flex-direction: column;
    gap: var(--flex-space-s);
    min-width: 0;
    max-width: 100%;
    height: 100%;
    padding: var(--flex-chat-padding, var(--flex-space-s));
    background: var(--flex-chat-background, var(--flex-color-surface));
  }
  .status {
    margin: 0;
    padding: var(--flex-space-m);
    color: var(--flex-color-text-muted);
  }
  .log-wrap {
    position: relative;
    flex: 1 1 auto;
    min-height: 0;
    display: flex;
    flex-direction: column;
  }
  .log {
    flex: 1 1 auto;
    min-height: var(--flex-chat-log-min-height, 8rem);
    max-height: var(--flex-chat-log-max-height, 32rem);
    overflow-y: auto;
    overflow-x: hidden;
    margin: 0;
    padding: var(--flex-space-xs);
    display: flex;
    flex-direction: column;
    gap: var(--flex-space-s);
    border: 1px solid var(--flex-color-border);
    border-radius: var(--flex-radius-m);
  }
  .messages {
    margin: 0;
    padding: 0;
    list-style: none;
    display: flex;
    flex-direction: column;
    gap: var(--flex-space-s);
    min-width: 0;
  }
  .older {
    align-self: center;
    flex: none;
  }
  .message {
    max-width: min(85%, 40rem);
    min-width: 0;
    padding: var(--flex-space-xs) var(--flex-space-s);
    border-radius: var(--flex-radius-m);
    background: var(--flex-chat-customer-background, var(--flex-color-surface-raised));
    align-self: flex-start;
    unicode-bidi: isolate;
    overflow-wrap: anywhere;
  }
  .message.long {
    /* A fixed width spares the browser measuring a huge text's intrinsic size. */
    width: min(85%, 40rem);
  }
  .message.agent {
    align-self: flex-end;
    background: var(--flex-chat-agent-background, var(--flex-color-info-surface));
  }
  .message.supervisor {
    align-self: flex-end;
    background: var(--flex-chat-supervisor-background, var(--flex-color-warning-surface));
  }
  .message.system {
    align-self: center;
    max-width: 100%;
    background: transparent;
    color: var(--flex-color-text-muted);
    font-size: var(--flex-font-size-s);
    font-style: italic;
    text-align: center;
  }
  .message.system .meta {
    justify-content: center;
  }
  .meta {
    display: flex;
    flex-wrap: wrap;
    gap: var(--flex-space-xs) var(--flex-space-s);
    font-size: var(--flex-font-size-s);
    color: var(--flex-color-text-muted);
  }
  .author {
    font-weight: var(--flex-font-weight-bold);
    unicode-bidi: isolate;
    overflow-wrap: anywhere;
    min-width: 0;
  }
  .body {
    margin: 0;
    white-space: pre-wrap;
    overflow-wrap: anywhere;
    unicode-bidi: isolate;
  }
  .chunk {
    display: block;
    /* Blocks off screen skip layout until scrolled to. */
    content-visibility: auto;
    contain-intrinsic-size: auto 10em;
  }
  .body a {
    color: var(--flex-color-primary);
  }
  .attachments {
    margin: var(--flex-space-xs) 0 0;
    padding: 0;
    list-style: none;
    font-size: var(--flex-font-size-s);
  }
  .attachment {
    overflow-wrap: anywhere;
    unicode-bidi: isolate;
  }
  .receipt {
    text-align: end;
    font-size: var(--flex-font-size-s);
    color: var(--flex-color-text-muted);
  }
  .failed {
    color: var(--flex-color-danger);
  }
  .more {
    min-height: auto;
    padding: 0;
    color: var(--flex-color-primary);
  }
  .new-messages {
    position: absolute;
    bottom: var(--flex-space-s);
    left: 50%;
    transform: translateX(-50%);
    box-shadow: var(--flex-shadow-raised);
  }
  .typing {
    min-height: 1.4em;
    margin: 0;
    font-size: var(--flex-font-size-s);
    color: var(--flex-color-text-muted);
    overflow-wrap: anywhere;
  }
  .composer {
    display: flex;
    gap: var(--flex-space-s);
    align-items: flex-end;
    min-width: 0;
  }
  .field {
    display: flex;
    flex-direction: column;
    flex: 1 1 auto;
    min-width: 0;
  }
  label {
    font-size: var(--flex-font-size-s);
    color: var(--flex-color-text-muted);
  }
  textarea {
    font: inherit;
    color: inherit;
    min-height: 2.5rem;
    max-height: 10rem;
    resize: vertical;
    width: 100%;
    padding: var(--flex-space-xs) var(--flex-space-s);
    border: 1px solid var(--flex-color-border);
    border-radius: var(--flex-radius-m);
    background: var(--flex-color-surface);
  }
  .attach {
    flex: none;
    display: inline-flex;
    align-items: center;
    justify-content: center;
  }
  .files {
    list-style: none;
    margin: 0;
    padding: 0;
    display: flex;
    flex-wrap: wrap;
    gap: var(--flex-space-xs);
    min-width: 0;
  }
  .chip {
    display: inline-flex;
    align-items: center;
    gap: var(--flex-space-xs);
    max-width: 100%;
    min-width: 0;
    padding: 0 0 0 var(--flex-space-s);
    border: 1px solid var(--flex-color-border);
    border-radius: var(--flex-radius-m);
    background: var(--flex-color-surface-raised);
    font-size: var(--flex-font-size-s);
  }
  .chip-name {
    min-width: 0;
    overflow: hidden;
    text-overflow: ellipsis;
    white-space: nowrap;
  }
  .chip .remove {
    flex: none;
  }
  .toolbar {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    justify-content: space-between;
    gap: var(--flex-space-s);
  }
  .window {
    margin: 0;
    color: var(--flex-color-text-muted);
  }
  .window.closed {
    color: var(--flex-color-danger);
    font-weight: var(--flex-font-weight-bold);
  }
`;
