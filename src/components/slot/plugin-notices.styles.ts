import { css } from 'lit';

export const pluginNoticeStyles = css`
  .plugin-notices {
    display: flex;
    flex-direction: column;
    gap: var(--flex-space-xs);
    min-width: 0;
  }
  .plugin-notice {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: var(--flex-space-xs) var(--flex-space-s);
    margin: 0;
    padding: var(--flex-space-xs) var(--flex-space-s);
    border: 1px solid var(--flex-color-danger);
    border-radius: var(--flex-radius-s);
    background: var(--flex-color-danger-surface);
    color: var(--flex-color-danger);
    font-size: var(--flex-font-size-s);
    min-width: 0;
  }
  .plugin-notice-text {
    flex: 1 1 12rem;
    min-width: 0;
    overflow-wrap: anywhere;
  }
  .plugin-notice-dismiss {
    font: inherit;
    color: inherit;
    background: none;
    border: 1px solid currentColor;
    border-radius: var(--flex-radius-s);
    padding: 0 var(--flex-space-s);
    cursor: pointer;
  }
`;
