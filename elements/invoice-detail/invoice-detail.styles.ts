import { css } from 'lit';

export const styles = css`
  .base {
    container-type: inline-size;
  }
  .header {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 0.5rem 1rem;
  }
  .title {
    margin: 0;
    font-size: 1.1em;
  }
  .subtitle {
    margin: 0 0 0.4rem;
    font-size: 1em;
  }
  .dates {
    display: flex;
    flex-wrap: wrap;
    gap: 0.25rem 1rem;
    margin: 0;
    flex: 1 1 auto;
  }
  dt {
    color: var(--_muted);
    font-size: 0.85em;
  }
  dd {
    margin: 0;
  }
  table {
    width: 100%;
    border-collapse: separate;
    border-spacing: 0;
  }
  th,
  td {
    text-align: start;
    padding: 0.45rem 0.5rem;
    border-bottom: 1px solid var(--_border);
    vertical-align: top;
  }
  th {
    font-size: 0.85em;
    color: var(--_muted);
    font-weight: 600;
  }
  .num {
    text-align: end;
    font-variant-numeric: tabular-nums;
  }
  .period {
    display: block;
    color: var(--_muted);
    font-size: 0.85em;
  }
  .totals {
    display: grid;
    gap: 0.25rem;
    margin: 0 0 0 auto;
    min-width: min(100%, 20rem);
  }
  .totals div {
    display: flex;
    justify-content: space-between;
    gap: 1rem;
  }
  .totals dt {
    font-size: 1em;
    color: var(--_text);
  }
  .totals dd {
    font-variant-numeric: tabular-nums;
  }
  .totals .total {
    font-weight: 700;
    border-top: 1px solid var(--_border);
    padding-top: 0.25rem;
  }
  .payments {
    list-style: none;
    margin: 0;
    padding: 0;
  }
  .payments li {
    display: flex;
    flex-wrap: wrap;
    gap: 0.25rem 1rem;
    padding: 0.4rem 0;
    border-bottom: 1px solid var(--_border);
  }
  .pay {
    display: grid;
    grid-template-columns: repeat(auto-fit, minmax(11rem, 1fr));
    gap: var(--_space);
    align-items: end;
    padding: var(--_space);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    background: var(--_surface);
  }
  .hint {
    color: var(--_muted);
  }
  /* As cards (core cardTable): the description heads its card. */
  @container (max-width: 40rem) {
    td.description {
      grid-column: 1 / -1;
      font-weight: 600;
    }
  }
`;
