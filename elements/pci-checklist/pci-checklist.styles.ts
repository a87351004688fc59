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
  h3 {
    margin: 0;
    font-size: 1em;
  }
  h3 button {
    display: grid;
    grid-template-columns: 1fr auto;
    gap: 0.3rem 1rem;
    width: 100%;
    padding: 0.7rem var(--_space);
    border: 0;
    background: none;
    color: var(--_text);
    text-align: start;
    font-weight: 600;
  }
  h3 button .count {
    font-weight: 400;
    color: var(--_muted);
  }
  h3 button .bar {
    grid-column: 1 / -1;
  }
  .items {
    display: flex;
    flex-direction: column;
    gap: 0.75rem;
    padding: 0 var(--_space) var(--_space);
  }
  article {
    display: flex;
    flex-direction: column;
    gap: 0.5rem;
    padding-top: 0.75rem;
    border-top: 1px solid var(--_border);
  }
  article h4 {
    margin: 0;
    font-size: 0.95em;
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
