import { css } from 'lit';

export const styles = css`
  :host {
    display: block;
  }
  form {
    display: flex;
    flex-direction: column;
    gap: var(--_space);
  }
  textarea {
    min-height: 8rem;
    resize: vertical;
  }
  fieldset {
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    padding: 0.5rem 0.75rem;
    margin: 0;
    display: flex;
    flex-wrap: wrap;
    gap: 0.5rem 1rem;
  }
  legend {
    font-weight: 600;
    font-size: 0.9em;
    padding: 0 0.25rem;
  }
  fieldset label {
    display: inline-flex;
    gap: 0.35rem;
    align-items: center;
    min-height: 2rem;
  }
  .helper {
    display: flex;
    flex-direction: column;
    gap: 0.5rem;
    padding: var(--_space);
    border-radius: var(--_radius);
    background: var(--_surface-2);
  }
  .suggestions {
    padding: var(--_space);
    border-radius: var(--_radius);
    border: 1px solid var(--_border);
  }
  .suggestions h3 {
    margin: 0 0 0.35rem;
    font-size: 0.95em;
  }
  .suggestions ul {
    margin: 0;
    padding-inline-start: 1.1rem;
  }
  .suggestions button {
    border: 0;
    background: none;
    padding: 0;
    color: var(--_primary);
    text-decoration: underline;
    font-weight: 600;
    text-align: start;
  }
  mark {
    background: color-mix(in srgb, var(--_warning) 25%, transparent);
    color: inherit;
  }
  .snippet {
    display: block;
    color: var(--_muted);
    font-size: 0.88em;
  }
  .hint {
    color: var(--_muted);
    font-size: 0.85em;
  }
  .link {
    border: 0;
    background: none;
    color: var(--_primary);
    text-decoration: underline;
    padding: 0;
    align-self: flex-start;
  }
  .article {
    display: flex;
    flex-direction: column;
    gap: 0.5rem;
    overflow-wrap: anywhere;
  }
  .article h3 {
    margin: 0;
  }
  .after {
    display: flex;
    flex-direction: column;
    gap: 0.5rem;
  }
  .promise {
    margin: 0;
    font-weight: 600;
  }
`;

/** The near-duplicate warning. */
export const duplicateStyles = css`
  .notice.warning {
    border: 1px solid var(--_warning);
    border-radius: var(--_radius);
    padding: 0.5rem 0.75rem;
  }
`;
