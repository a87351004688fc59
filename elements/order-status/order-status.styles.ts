import { css } from 'lit';

export const styles = css`
  h2,
  h3,
  h4 {
    margin: 0;
    font-size: 1em;
  }
  h2 {
    font-size: 1.05em;
  }
  article {
    display: flex;
    flex-direction: column;
    gap: 0.6rem;
  }
  header {
    display: flex;
    flex-wrap: wrap;
    gap: 0.5rem;
    align-items: baseline;
    justify-content: space-between;
  }
  ol.progress {
    display: flex;
    flex-wrap: wrap;
    gap: 0.25rem 0.4rem;
    list-style: none;
    margin: 0;
    padding: 0;
    font-size: 0.88em;
  }
  ol.progress li {
    padding: 0.15em 0.6em;
    border-radius: 999px;
    border: 1px solid var(--_border);
    color: var(--_muted);
  }
  ol.progress li.done {
    color: var(--_success);
    border-color: currentColor;
  }
  ol.progress li[aria-current='step'] {
    color: var(--_on-primary);
    background: var(--_primary);
    border-color: var(--_primary);
    font-weight: 600;
  }
  .todo {
    display: flex;
    flex-direction: column;
    gap: 0.5rem;
    padding: 0.6rem 0.75rem;
    border-inline-start: 3px solid var(--_warning);
    background: var(--_surface-2);
    border-radius: 0 var(--_radius) var(--_radius) 0;
  }
  .todo label.check {
    display: flex;
    gap: 0.5rem;
    align-items: flex-start;
  }
  .todo label.check input {
    min-height: auto;
    margin-top: 0.25em;
  }
  textarea {
    min-height: 3.5rem;
    resize: vertical;
  }
  blockquote {
    margin: 0;
    padding: 0.4rem 0.75rem;
    border-inline-start: 3px solid var(--_primary);
  }
  .muted {
    color: var(--_muted);
    font-size: 0.9em;
  }
  ul.questions {
    list-style: none;
    margin: 0;
    padding: 0;
    display: flex;
    flex-direction: column;
    gap: 0.5rem;
  }
`;
