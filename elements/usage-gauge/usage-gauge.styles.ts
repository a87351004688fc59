import { css } from 'lit';

/** The gauge's frame: its card and header. The body's rules load with it (usage-body.ts). */
export const styles = css`
  :host {
    display: block;
  }
  .base {
    display: flex;
    flex-direction: column;
    gap: var(--_space);
  }
  header {
    display: flex;
    flex-wrap: wrap;
    justify-content: space-between;
    gap: 0.5rem;
    align-items: baseline;
  }
  h3 {
    margin: 0;
    font-size: 1em;
  }
`;
