import { css } from 'lit';

export const styles = css`
  .base {
    container-type: inline-size;
  }
  .title {
    margin: 0 0 0.5rem;
    font-size: 1em;
  }
  .methods {
    list-style: none;
    margin: 0 0 var(--_space);
    padding: 0;
  }
  [part='method'] {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 0.5rem 0.75rem;
    padding: 0.6rem 0;
    border-bottom: 1px solid var(--_border);
  }
  .what {
    display: flex;
    flex-direction: column;
    flex: 1 1 12rem;
    min-width: 0;
  }
  .badges,
  .actions {
    display: flex;
    flex-wrap: wrap;
    gap: 0.5rem;
  }
  .confirm,
  .consent,
  .add {
    display: flex;
    flex-direction: column;
    gap: 0.5rem;
    flex-basis: 100%;
    padding: var(--_space);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    background: var(--_surface);
  }
  .confirm p,
  .consent p {
    margin: 0;
  }
  .mandate {
    font-size: 0.9em;
    padding: 0.5rem 0.75rem;
    border-inline-start: 3px solid var(--_primary);
    background: var(--_surface-2);
  }
  .check {
    display: flex;
    gap: 0.5rem;
    align-items: center;
  }
  .check input {
    min-height: auto;
  }
  .autopay {
    display: flex;
    flex-direction: column;
    gap: 0.5rem;
    padding: var(--_space);
    border: 1px dashed var(--_border);
    border-radius: var(--_radius);
  }
  .autopay p {
    margin: 0;
  }
  .autopay-controls {
    display: flex;
    flex-wrap: wrap;
    gap: 0.75rem;
    align-items: end;
  }
  .hint,
  .muted {
    color: var(--_muted);
  }
`;
