import { css } from 'lit';


export const styles = css`
  :host {
    display: block;
    --_bar-height: var(--gp-usage-gauge-bar-height, 0.75rem);
  }
  .base {
    display: flex;
    flex-direction: column;
    gap: var(--_space);
  }
  header {
    display: flex;
    flex-wrap: wrap;
    justify-content: space-between;
    gap: 0.5rem;
    align-items: baseline;
  }
  h3 {
    margin: 0;
    font-size: 1em;
  }
  .now {
    font-size: 1.5em;
    font-weight: 700;
  }
  .meter {
    height: var(--_bar-height);
    border-radius: 999px;
    background: var(--_surface-2);
    overflow: hidden;
    border: 1px solid var(--_border);
  }
  .fill {
    height: 100%;
    background: var(--_success);
  }
  .fill.high {
    background: var(--_warning);
  }
  .fill.limit {
    background: var(--_danger);
  }
  .chart {
    min-height: 180px;
    width: 100%;
    overflow: hidden;
  }
  .summary {
    margin: 0;
  }
  dl {
    display: grid;
    grid-template-columns: repeat(auto-fit, minmax(8rem, 1fr));
    gap: 0.5rem;
    margin: 0;
  }
  dt {
    color: var(--_muted);
    font-size: 0.85em;
  }
  dd {
    margin: 0;
    font-weight: 600;
  }
  footer {
    display: flex;
    justify-content: flex-end;
  }
`;
