import { css, html, svg, type TemplateResult } from 'lit';

/** Small inline SVG icons that inherit `currentColor` (and so the theme). */
export const icon = (body: ReturnType<typeof svg>): TemplateResult =>
  html`<svg class="icon" viewBox="0 0 24 24" fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round" stroke-linejoin="round" aria-hidden="true">${body}</svg>`;

/**
 * Data tables: ruled rows, muted column heads and notes. A `table.stack` turns into one card
 * per row when its wrapper is narrower than 40rem (a container query, so it follows the
 * column the element sits in, not the window); each cell then shows its `data-label`.
 */
export const tables = css`
  .table-wrap {
    overflow-x: auto;
    container-type: inline-size;
    /* The containing block of the hidden column heads below, so the wrapper clips them. */
    position: relative;
  }
  @container (max-width: 40rem) {
    table.stack,
    table.stack > tbody,
    table.stack > tbody > tr,
    table.stack > tbody > tr > th,
    table.stack > tbody > tr > td {
      display: block;
      inline-size: 100%;
    }
    table.stack > thead {
      display: block;
      position: absolute;
      inline-size: 1px;
      block-size: 1px;
      overflow: hidden;
      clip: rect(0 0 0 0);
    }
    table.stack > tbody > tr {
      border: 1px solid var(--_border);
      border-radius: var(--_radius);
      padding: 0.5rem 0.75rem;
      margin-block-end: 0.5rem;
    }
    table.stack > tbody > tr > th,
    table.stack > tbody > tr > td {
      border: 0;
      padding: 0.2rem 0;
      text-align: start;
    }
    table.stack td[data-label]::before {
      content: attr(data-label);
      display: block;
      font-size: 0.85em;
      color: var(--_muted);
    }
  }
  /* Rows are ruled by each cell's bottom border alone, so the separate model draws the
     same lines as collapse, and a long table lays out about a fifth faster without the
     collapsed-border resolution (bench/invoice-table). */
  table {
    border-collapse: separate;
    border-spacing: 0;
    width: 100%;
  }
  th,
  td {
    text-align: start;
    padding: 0.45rem 0.5rem;
    border-bottom: 1px solid var(--_border);
    vertical-align: top;
  }
  th[scope='col'] {
    font-size: 0.88em;
    color: var(--_muted);
  }
  .muted {
    color: var(--_muted);
    font-size: 0.9em;
  }
`;

/** Shared styles for badges, buttons and form fields. */
/**
 * A group of buttons that are on or off (`aria-pressed`): invoice filters, usage ranges,
 * knowledge-base topics. `<div class="toggles" role="group">`.
 */
export const toggles = css`
  .toggles {
    display: flex;
    flex-wrap: wrap;
    gap: 0.25rem;
  }
  .toggles button {
    border: 1px solid var(--_border);
    background: var(--_surface);
    color: var(--_text);
    border-radius: var(--_radius);
    padding: 0.2em 0.7em;
    min-height: 2rem;
  }
  .toggles button[aria-pressed='true'] {
    background: var(--_primary);
    border-color: var(--_primary);
    color: var(--_on-primary);
  }
`;

export const controls = css`
  /* A row of buttons under a form or card. */
  .actions {
    display: flex;
    flex-wrap: wrap;
    gap: 0.5rem;
    align-items: center;
  }
  /* A button that reads as a link (back, show more). */
  .link {
    border: 0;
    background: none;
    color: var(--_primary);
    text-decoration: underline;
    padding: 0;
    align-self: flex-start;
  }
  .icon {
    width: 1.1em;
    height: 1.1em;
    flex: none;
  }
  .badge {
    display: inline-flex;
    align-items: center;
    gap: 0.3em;
    padding: 0.05em 0.55em;
    border-radius: 999px;
    font-size: 0.85em;
    font-weight: 600;
    border: 1px solid currentColor;
    /* One line where it fits; on a phone a long badge ("Braucht Aufmerksamkeit · 4 Hinweise")
       wraps inside its column instead of widening the page. */
    max-inline-size: 100%;
    overflow-wrap: break-word;
  }
  .badge.success {
    color: var(--_success);
  }
  .badge.danger {
    color: var(--_danger);
  }
  .badge.warning {
    color: var(--_warning);
  }
  .badge.muted {
    color: var(--_muted);
  }
  .field {
    display: flex;
    flex-direction: column;
    gap: 0.25rem;
    min-width: 0;
  }
  .field label {
    font-weight: 600;
    font-size: 0.9em;
  }
  input,
  select,
  textarea {
    font: inherit;
    color: var(--_text);
    background: var(--_surface);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    padding: 0.45em 0.6em;
    min-height: 2.25rem;
    max-width: 100%;
  }
  [aria-invalid='true'] {
    border-color: var(--_danger);
  }
  /* Why an action next to it is disabled. */
  .why {
    color: var(--_muted);
    font-size: 0.9em;
  }
  .field-error {
    color: var(--_danger);
    font-size: 0.85em;
  }
  .notice {
    padding: 0.5rem 0.75rem;
    border-radius: var(--_radius);
    border: 1px solid var(--_border);
    background: var(--_surface-2);
  }
  .notice.error {
    border-color: var(--_danger);
    color: var(--_danger);
  }
  .notice.success {
    border-color: var(--_success);
  }
  .spinner {
    width: 0.9em;
    height: 0.9em;
    border: 2px solid currentColor;
    border-right-color: transparent;
    border-radius: 50%;
    animation: gp-spin 0.8s linear infinite;
    display: inline-block;
  }
  @keyframes gp-spin {
    to {
      transform: rotate(360deg);
    }
  }
  @media (prefers-reduced-motion: reduce) {
    .spinner {
      animation: none;
    }
  }
`;
