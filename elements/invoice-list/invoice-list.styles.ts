import { css } from 'lit';

export const styles = css`
  .base {
    container-type: inline-size;
  }
  .toolbar {
    display: flex;
    flex-wrap: wrap;
    gap: 0.5rem;
    align-items: center;
    justify-content: space-between;
  }
  .total {
    font-weight: 700;
  }
  /* Separate, not collapsed: each cell rules only its bottom edge, so the lines are the
     same, and a thousand rows lay out about a fifth faster (bench/invoice-table). */
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
    vertical-align: middle;
  }
  th {
    font-size: 0.85em;
    color: var(--_muted);
    font-weight: 600;
  }
  td.num,
  th.num {
    text-align: end;
    font-variant-numeric: tabular-nums;
  }
  .pdf {
    border: 1px solid var(--_border);
    background: var(--_surface);
    color: var(--_primary);
    border-radius: var(--_radius);
    padding: 0.15em 0.6em;
    min-height: 2rem;
  }
  /* An invoice's number opens it (gp-invoice-open): a link in looks, a button in deed. */
  .link {
    border: 0;
    background: none;
    padding: 0;
    font: inherit;
    color: var(--_primary);
    text-decoration: underline;
    cursor: pointer;
  }
  /* The site or department the invoice is billed to (a sub-account), under its number. */
  .billed-to {
    display: block;
    color: var(--_muted);
    font-size: 0.85em;
  }
  .pay {
    display: grid;
    grid-template-columns: repeat(auto-fit, minmax(11rem, 1fr));
    gap: var(--_space);
    align-items: end;
  }
  .pay-actions {
    display: flex;
    flex-wrap: wrap;
    gap: 0.5rem;
  }
  .pay .wide {
    grid-column: 1 / -1;
  }
  .autopay {
    display: flex;
    flex-wrap: wrap;
    gap: 0.75rem;
    align-items: center;
    justify-content: space-between;
    padding: var(--_space);
    border: 1px dashed var(--_border);
    border-radius: var(--_radius);
  }
  .hint {
    color: var(--_muted);
  }
  /* As cards (core cardTable), one per invoice: a row without a tick box has no empty cell. */
  @container (max-width: 40rem) {
    td:empty {
      display: none;
    }
  }
`;
