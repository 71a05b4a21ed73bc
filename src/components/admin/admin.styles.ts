import { css } from 'lit';

export const styles = css`
  :host {
    display: block;
    background: var(--flex-admin-background, var(--flex-color-surface));
    color: var(--flex-color-text);
  }
  section {
    margin-block-end: var(--flex-space-xl);
  }
  h2 {
    margin: 0 0 var(--flex-space-s);
    font-size: var(--flex-font-size-xl);
  }
  h3 {
    margin: 0 0 var(--flex-space-s);
    font-size: var(--flex-font-size-l);
  }
  table {
    border-collapse: collapse;
    width: 100%;
  }
  th,
  td {
    overflow-wrap: anywhere;
    text-align: start;
    vertical-align: top;
    padding: var(--flex-space-xs) var(--flex-space-s);
    border-bottom: 1px solid var(--flex-color-border);
  }
  code,
  .mono {
    font-family: var(--flex-font-family-mono);
    font-size: var(--flex-font-size-s);
    word-break: break-all;
  }
  .status,
  .muted {
    color: var(--flex-color-text-muted);
  }
  .badge {
    display: inline-block;
    padding: 0 var(--flex-space-s);
    border: 1px solid currentColor;
    border-radius: var(--flex-radius-round);
    font-size: var(--flex-font-size-s);
    font-weight: var(--flex-font-weight-bold);
  }
  .badge.failed {
    color: var(--flex-color-danger);
  }
  .badge.ready {
    color: var(--flex-color-success);
  }
  .badge.beta,
  .badge.pilot {
    color: var(--flex-color-warning);
  }
  .error-text {
    color: var(--flex-color-danger);
  }
  .row {
    display: flex;
    flex-wrap: wrap;
    gap: var(--flex-space-s);
    align-items: end;
    margin-block: var(--flex-space-s);
  }
  label {
    display: flex;
    flex-direction: column;
    gap: var(--flex-space-xs);
    font-size: var(--flex-font-size-s);
    font-weight: var(--flex-font-weight-bold);
  }
  input,
  select {
    font: inherit;
    padding: var(--flex-space-xs) var(--flex-space-s);
    border: 1px solid var(--flex-color-border);
    border-radius: var(--flex-radius-s);
    background: var(--flex-color-surface);
    color: var(--flex-color-text);
  }
  input[type='number'] {
    width: 5rem;
  }
  .preview {
    padding: var(--flex-space-l);
    border: 1px solid var(--flex-color-border);
    border-radius: var(--flex-radius-l);
    background: var(--flex-color-surface);
    color: var(--flex-color-text);
    font-family: var(--flex-font-family);
  }
  .preview .raised {
    padding: var(--flex-space-m);
    border-radius: var(--flex-radius-m);
    background: var(--flex-color-surface-raised);
    box-shadow: var(--flex-shadow-raised);
  }
  .preview .available {
    color: var(--flex-color-available);
  }
  .preview .unavailable {
    color: var(--flex-color-unavailable);
  }
  .preview .break {
    color: var(--flex-color-break);
  }
  .preview .offline {
    color: var(--flex-color-offline);
  }
  .preview .info {
    padding: var(--flex-space-s);
    background: var(--flex-color-info-surface);
  }
  .preview .warning {
    padding: var(--flex-space-s);
    background: var(--flex-color-warning-surface);
    color: var(--flex-color-warning);
  }
  .action-error {
    margin-bottom: var(--flex-space-m);
  }
  .notes {
    white-space: pre-wrap;
    overflow-wrap: anywhere;
    max-height: 16em;
    overflow: auto;
    font-size: var(--flex-font-size-s, 0.875rem);
  }
  p.warning {
    color: var(--flex-color-warning);
  }
`;
