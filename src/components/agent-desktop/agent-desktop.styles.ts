import { css } from 'lit';

export const styles = css`
  :host {
    display: block;
    container-type: inline-size;
    min-width: 0;
    height: 100%;
    background: var(--flex-agent-desktop-background, var(--flex-color-surface-raised));
  }
  .base {
    display: grid;
    grid-template-columns: minmax(0, 1fr);
    grid-template-rows: auto auto minmax(0, 1fr);
    grid-template-areas:
      'header'
      'sidebar'
      'canvas';
    height: 100%;
    min-width: 0;
  }
  .new-message {
    flex-basis: 100%;
    padding: var(--flex-space-s);
    border: 1px solid var(--flex-color-border);
    border-radius: var(--flex-radius-m);
    background: var(--flex-color-surface);
  }
  .header {
    grid-area: header;
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    justify-content: space-between;
    gap: var(--flex-space-s);
    padding: var(--flex-space-s) var(--flex-space-m);
    background: var(--flex-color-surface);
    border-bottom: 1px solid var(--flex-color-border);
  }
  .header h2 {
    margin: 0;
    font-size: var(--flex-font-size-l);
  }
  .sidebar {
    grid-area: sidebar;
    display: flex;
    flex-direction: column;
    gap: var(--flex-space-m);
    padding: var(--flex-space-m);
    min-width: 0;
  }
  .sidebar h3,
  .canvas h3.section {
    margin: 0;
    font-size: var(--flex-font-size-s);
    text-transform: uppercase;
    letter-spacing: 0.04em;
    color: var(--flex-color-text-muted);
  }
  .canvas {
    grid-area: canvas;
    padding: var(--flex-space-m);
    background: var(--flex-color-surface);
    border-top: 1px solid var(--flex-color-border);
    min-width: 0;
    overflow: auto;
  }
  .notices {
    display: flex;
    flex-direction: column;
    gap: var(--flex-space-xs);
    margin: 0;
    padding: 0;
    list-style: none;
  }
  .notice {
    display: flex;
    align-items: center;
    justify-content: space-between;
    gap: var(--flex-space-s);
    padding: var(--flex-space-xs) var(--flex-space-s);
    border-radius: var(--flex-radius-s);
    background: var(--flex-color-info-surface);
    overflow-wrap: anywhere;
  }
  .notice > span {
    flex: 1 1 auto;
    min-width: 0;
  }
  .notice > .button {
    /* The parent's overflow-wrap would let the label break letter by letter. */
    flex: none;
    overflow-wrap: normal;
    white-space: nowrap;
  }
  .notice.error {
    background: var(--flex-color-danger-surface);
    color: var(--flex-color-danger);
  }
  @container (min-width: 44rem) {
    .base {
      grid-template-columns: minmax(16rem, 22rem) minmax(0, 1fr);
      grid-template-rows: auto minmax(0, 1fr);
      grid-template-areas:
        'header header'
        'sidebar canvas';
    }
    .sidebar {
      overflow: auto;
    }
    .canvas {
      border-top: none;
      border-left: 1px solid var(--flex-color-border);
    }
  }
`;
