import { css } from 'lit';

export const styles = css`
  ul {
    list-style: none;
    margin: 0;
    padding: 0;
    /* The list's own width decides the narrow layout below, not the window's. */
    container-type: inline-size;
    display: flex;
    flex-direction: column;
    gap: 0.4rem;
  }
  .ticket {
    display: grid;
    grid-template-columns: 1fr auto auto;
    gap: 0.5rem;
    align-items: center;
    width: 100%;
    text-align: start;
    padding: 0.6rem 0.75rem;
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    background: var(--_surface);
    color: var(--_text);
  }
  .ticket .sub {
    display: block;
    color: var(--_muted);
    font-size: 0.85em;
  }
  .messages {
    display: flex;
    flex-direction: column;
    gap: 0.5rem;
  }
  .message {
    padding: 0.6rem 0.75rem;
    border-radius: var(--_radius);
    background: var(--_surface-2);
    max-width: 46rem;
  }
  .message.staff {
    border-inline-start: 3px solid var(--_primary);
  }
  .message .who {
    font-size: 0.85em;
    color: var(--_muted);
  }
  /* Ticket text is shown exactly as written: as text, line breaks kept. */
  .text {
    white-space: pre-wrap;
    overflow-wrap: anywhere;
  }
  textarea {
    min-height: 5rem;
  }
  .row {
    display: flex;
    gap: 0.5rem;
    flex-wrap: wrap;
    align-items: center;
  }
  .hint {
    color: var(--_muted);
    font-size: 0.88em;
  }
  @container (max-width: 30rem) {
    .ticket {
      grid-template-columns: 1fr auto;
    }
    /* The status wraps below the subject: as wide as its words, not the column. */
    .ticket > .badge {
      justify-self: start;
    }
  }
`;
