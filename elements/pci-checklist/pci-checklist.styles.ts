import { css } from 'lit';

export const styles = css`
  header {
    display: flex;
    flex-wrap: wrap;
    gap: 0.5rem 1rem;
    align-items: center;
  }
  h2 {
    margin: 0;
    font-size: 1.05em;
    flex: 1 1 16rem;
  }
  .bar {
    height: 0.5rem;
    border-radius: 999px;
    background: var(--_surface-2);
    overflow: hidden;
  }
  .bar > div {
    height: 100%;
    background: var(--_success);
    transform-origin: left;
  }
  /* Progress grows from the start of the line in a right-to-left page too. */
  :host(:dir(rtl)) .bar > div {
    transform-origin: right;
  }
  .chips button {
    min-height: 2.75rem;
  }
  .filters {
    display: flex;
    flex-wrap: wrap;
    gap: 0.5rem 1rem;
    align-items: flex-end;
  }
  .filters label.check {
    display: flex;
    gap: 0.4rem;
    align-items: center;
  }
  .filters input[type='checkbox'] {
    min-height: auto;
  }
  section.requirement {
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    background: var(--_surface);
  }
  .requirement-head {
    display: grid;
    /* minmax(0, …): a long German word in the title wraps instead of widening the card. */
    grid-template-columns: minmax(0, 1fr) auto;
    gap: 0.3rem 1rem;
    padding: 0.7rem var(--_space);
    align-items: baseline;
  }
  .requirement-head .bar {
    grid-column: 1 / -1;
  }
  .count {
    color: var(--_muted);
    font-size: 0.9em;
  }
  h3 {
    margin: 0;
    font-size: 1em;
    overflow-wrap: anywhere;
  }
  h4,
  h5 {
    margin: 0;
    font-size: 0.95em;
  }
  ul.items {
    list-style: none;
    margin: 0;
    padding: 0 var(--_space) 0.25rem;
  }
  li[part='item'] {
    border-top: 1px solid var(--_border);
  }
  button.summary {
    display: flex;
    flex-wrap: wrap;
    gap: 0.3rem 0.75rem;
    align-items: center;
    justify-content: space-between;
    width: 100%;
    min-height: 2.75rem;
    padding: 0.5rem 0;
    border: 0;
    background: none;
    color: var(--_text);
    text-align: start;
    font: inherit;
    font-weight: 600;
    cursor: pointer;
  }
  button.summary::before {
    content: '▸';
    color: var(--_muted);
    flex: none;
  }
  button.summary[aria-expanded='true']::before {
    content: '▾';
  }
  button.summary .title {
    flex: 1 1 12rem;
    min-width: 0;
    /* German compounds ("Informationssicherheitsrichtlinie") are wider than a phone's column. */
    overflow-wrap: anywhere;
    hyphens: auto;
  }
  button.summary .meta {
    font-weight: 400;
  }
  .body {
    display: flex;
    flex-direction: column;
    gap: 0.5rem;
    padding: 0 0 0.9rem;
  }
  .body[hidden] {
    display: none;
  }
  .body p {
    margin: 0;
  }
  .attestation {
    display: flex;
    flex-direction: column;
    gap: 0.35rem;
    padding: 0.6rem 0.75rem;
    border-inline-start: 3px solid var(--_primary);
    background: var(--_surface-2);
    border-radius: var(--_radius);
  }
  .attestation .note {
    white-space: pre-line;
  }
  .saved {
    color: var(--_text);
    font-weight: 600;
  }
  .saved::before {
    content: '✓ ';
    color: var(--_success);
  }
  .saved:empty {
    display: none;
  }
  .meta {
    display: flex;
    flex-wrap: wrap;
    gap: 0.35rem;
    align-items: center;
    font-size: 0.88em;
  }
  details p {
    margin: 0.35rem 0 0;
  }
  details summary {
    cursor: pointer;
    font-weight: 600;
    font-size: 0.92em;
  }
  form {
    display: grid;
    grid-template-columns: repeat(auto-fit, minmax(min(100%, 14rem), 1fr));
    gap: 0.5rem 0.75rem;
    align-items: end;
  }
  form .wide {
    grid-column: 1 / -1;
  }
  textarea {
    min-height: 3.2rem;
    resize: vertical;
  }
  .muted {
    color: var(--_muted);
    font-size: 0.88em;
  }
  @media print {
    .filters,
    .chips,
    .review button,
    form.attest,
    .actions,
    header button,
    form button {
      display: none !important;
    }
    section.requirement {
      break-inside: avoid-page;
      border: 0;
    }
  }
`;
