import { css } from 'lit';

export const styles = css`
  h2,
  h3 {
    margin: 0;
    font-size: 1.05em;
  }
  h3:focus {
    outline: none;
  }
  ol.steps {
    display: flex;
    flex-wrap: wrap;
    gap: 0.25rem 1rem;
    list-style: none;
    margin: 0;
    padding: 0;
    color: var(--_muted);
    font-size: 0.9em;
  }
  ol.steps [aria-current='step'] {
    color: var(--_text);
    font-weight: 600;
  }
  .tiles {
    display: grid;
    grid-template-columns: repeat(auto-fit, minmax(10.5rem, 1fr));
    gap: calc(var(--_space) / 1.5);
    border: 0;
    padding: 0;
    margin: 0;
  }
  .tile {
    position: relative;
    display: flex;
    flex-direction: column;
    gap: 0.3rem;
    cursor: pointer;
  }
  .tile input {
    position: absolute;
    opacity: 0;
    inset: 0;
    margin: 0;
    cursor: pointer;
  }
  .tile:has(input:checked) {
    border-color: var(--_primary);
    box-shadow: inset 0 0 0 1px var(--_primary);
  }
  .tile:has(input:focus-visible) {
    outline: 2px solid var(--_focus);
    outline-offset: 2px;
  }
  .tile strong {
    font-size: 1em;
  }
  .tile span {
    color: var(--_muted);
    font-size: 0.88em;
  }
  table {
    border-collapse: collapse;
    width: 100%;
  }
  th,
  td {
    text-align: start;
    padding: 0.45rem 0.5rem;
    border-bottom: 1px solid var(--_border);
    vertical-align: top;
  }
  thead th {
    font-size: 0.9em;
  }
  td.num {
    font-variant-numeric: tabular-nums;
  }
  .current {
    background: var(--_surface-2);
  }
  .lines {
    list-style: none;
    margin: 0;
    padding: 0;
  }
  .lines li,
  .total {
    display: flex;
    justify-content: space-between;
    gap: 1rem;
    padding: 0.35rem 0;
    border-bottom: 1px solid var(--_border);
  }
  .total {
    font-weight: 600;
    border-bottom: 0;
  }
  .actions .spacer {
    flex: 1;
  }
  .ask {
    display: flex;
    flex-direction: column;
    gap: 0.5rem;
    padding: var(--_space);
    border: 1px dashed var(--_border);
    border-radius: var(--_radius);
  }
  textarea {
    min-height: 4.5rem;
    resize: vertical;
  }
  .muted {
    color: var(--_muted);
  }
`;
