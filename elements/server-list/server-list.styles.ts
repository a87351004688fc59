import { css } from 'lit';

export const styles = css`
  .list {
    list-style: none;
    margin: 0;
    padding: 0;
    display: flex;
    flex-direction: column;
    gap: calc(var(--_space) / 2);
  }
  .row {
    display: grid;
    grid-template-columns: minmax(8rem, 1.2fr) minmax(7rem, 0.8fr) minmax(9rem, 1.4fr) auto;
    gap: 0.35rem 1rem;
    align-items: center;
  }
  .name {
    font-weight: 600;
    overflow-wrap: anywhere;
  }
  .sub {
    color: var(--_muted);
    font-size: 0.88em;
    overflow-wrap: anywhere;
  }
  .actions {
    display: flex;
    gap: 0.4rem;
    flex-wrap: wrap;
    justify-content: flex-end;
  }
  .actions button,
  .confirm button {
    min-height: 2.25rem;
  }
  .confirm {
    grid-column: 1 / -1;
    display: flex;
    flex-wrap: wrap;
    gap: 0.5rem;
    align-items: center;
    padding: 0.5rem 0.75rem;
    border-radius: var(--_radius);
    background: var(--_surface-2);
  }
  .confirm p {
    margin: 0;
    flex: 1 1 16rem;
  }
  .row .notice {
    grid-column: 1 / -1;
  }
  form {
    display: grid;
    grid-template-columns: repeat(auto-fit, minmax(12rem, 1fr));
    gap: var(--_space);
    align-items: end;
    padding: var(--_space);
    border: 1px dashed var(--_border);
    border-radius: var(--_radius);
  }
  form h3 {
    grid-column: 1 / -1;
    margin: 0;
    font-size: 1em;
  }
  .hint {
    color: var(--_muted);
    font-size: 0.85em;
  }
  @media (max-width: 640px) {
    .row {
      grid-template-columns: 1fr auto;
    }
    .row .addresses {
      grid-column: 1 / -1;
    }
    .actions {
      grid-column: 1 / -1;
      justify-content: flex-start;
    }
  }
`;
