import { css } from 'lit';

export const styles = css`
  :host {
    display: block;
    height: var(--flex-app-height, 100vh);
    /* A narrow app (a side panel) stacks its navigation above its view. */
    container-type: inline-size;
    background: var(--flex-color-surface);
    color: var(--flex-color-text);
  }
  .shell {
    display: grid;
    grid-template-columns: var(--flex-app-nav-width, 13rem) minmax(0, 1fr);
    grid-template-rows: auto 1fr;
    grid-template-areas: 'brand header' 'nav main';
    height: 100%;
    min-height: 0;
  }
  .brand {
    grid-area: brand;
    display: flex;
    align-items: center;
    padding: var(--flex-space-m) var(--flex-space-l);
    background: var(--flex-color-surface-sunken);
    font-size: var(--flex-font-size-l);
    font-weight: var(--flex-font-weight-bold);
    margin: 0;
  }
  header {
    grid-area: header;
    min-width: 0;
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    justify-content: flex-end;
    gap: var(--flex-space-m);
    padding: var(--flex-space-s) var(--flex-space-l);
    border-bottom: 1px solid var(--flex-color-border);
    background: var(--flex-color-surface-raised);
  }
  header > * {
    min-width: 0;
    max-width: 100%;
  }
  .dialpad {
    position: relative;
  }
  .dialpad summary {
    list-style: none;
  }
  .dialpad-panel {
    position: absolute;
    inset-inline-end: 0;
    top: calc(100% + var(--flex-space-xs));
    z-index: 10;
    padding: var(--flex-space-m);
    border: 1px solid var(--flex-color-border);
    border-radius: var(--flex-radius-l);
    background: var(--flex-color-surface);
    box-shadow: var(--flex-shadow-raised);
    max-width: calc(100cqw - 2 * var(--flex-space-s));
  }
  nav {
    grid-area: nav;
    padding: var(--flex-space-s);
    background: var(--flex-color-surface-sunken);
    border-right: 1px solid var(--flex-color-border);
    overflow: auto;
  }
  nav ul {
    list-style: none;
    margin: 0;
    padding: 0;
    display: flex;
    flex-direction: column;
    gap: var(--flex-space-xs);
  }
  .nav-item {
    width: 100%;
    text-align: start;
    padding: var(--flex-space-s) var(--flex-space-m);
    border: 1px solid transparent;
    border-radius: var(--flex-radius-m);
    background: transparent;
    color: var(--flex-color-text);
    font: inherit;
    cursor: pointer;
  }
  .nav-item:hover {
    background: var(--flex-color-surface-raised);
  }
  .nav-item[aria-current='page'] {
    background: var(--flex-color-primary);
    color: var(--flex-color-on-primary);
    font-weight: var(--flex-font-weight-bold);
  }
  main {
    grid-area: main;
    min-width: 0;
    min-height: 0;
    overflow: auto;
    padding: var(--flex-space-l);
  }
  main > h2 {
    margin: 0 0 var(--flex-space-m);
    font-size: var(--flex-font-size-xl);
  }
  .status {
    color: var(--flex-color-text-muted);
  }
  .action-error {
    margin-bottom: var(--flex-space-m);
  }
  table {
    border-collapse: collapse;
    min-width: min(20rem, 100%);
  }
  @container (max-width: 40rem) {
    .shell {
      grid-template-columns: minmax(0, 1fr);
      grid-template-rows: auto auto auto 1fr;
      grid-template-areas: 'brand' 'header' 'nav' 'main';
    }
    nav {
      border-right: none;
      border-bottom: 1px solid var(--flex-color-border);
    }
    nav ul {
      flex-direction: row;
      flex-wrap: wrap;
    }
    .nav-item {
      width: auto;
    }
  }
  th,
  td {
    text-align: start;
    padding: var(--flex-space-xs) var(--flex-space-m);
    border-bottom: 1px solid var(--flex-color-border);
  }
  td.number,
  th.number {
    text-align: end;
    font-variant-numeric: tabular-nums;
  }
`;

