import { css } from 'lit';

export const styles = css`
  :host {
    display: block;
    --gp-account-calendar-cell-height: 5.25rem;
  }
  .base {
    display: flex;
    flex-direction: column;
    gap: var(--_space);
  }
  header {
    display: flex;
    align-items: center;
    gap: 0.5rem;
  }
  h2 {
    margin: 0;
    font-size: 1.05em;
    flex: 1;
  }
  .nav {
    display: inline-flex;
    align-items: center;
    justify-content: center;
    min-width: 2.25rem;
    min-height: 2.25rem;
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    background: var(--_surface);
    color: var(--_text);
  }
  .hints {
    display: flex;
    flex-direction: column;
    gap: 0.4rem;
    margin: 0;
    padding: 0;
    list-style: none;
  }
  .hints li {
    padding: 0.5rem 0.75rem;
    border-inline-start: 3px solid var(--_warning);
    background: var(--_surface-2);
    border-radius: 0 var(--_radius) var(--_radius) 0;
  }
  .hints li.critical {
    border-inline-start-color: var(--_danger);
  }
  .legend {
    display: flex;
    flex-wrap: wrap;
    gap: 0.35rem;
    border: 0;
    margin: 0;
    padding: 0;
  }
  .legend legend {
    float: inline-start;
    margin-inline-end: 0.5rem;
    font-weight: 600;
    font-size: 0.9em;
    align-self: center;
  }
  .legend button {
    display: inline-flex;
    align-items: center;
    gap: 0.3em;
    padding: 0.2em 0.6em;
    border-radius: 999px;
    border: 1px solid var(--_border);
    background: var(--_surface);
    color: var(--_muted);
    font-size: 0.88em;
  }
  .legend button[aria-pressed='true'] {
    color: var(--_text);
    border-color: var(--_primary);
  }
  [role='grid'] {
    display: grid;
    grid-template-columns: repeat(7, minmax(0, 1fr));
    border-top: 1px solid var(--_border);
    border-inline-start: 1px solid var(--_border);
  }
  [role='row'] {
    display: contents;
  }
  [role='columnheader'] {
    padding: 0.3rem;
    font-size: 0.8em;
    font-weight: 600;
    color: var(--_muted);
    border-inline-end: 1px solid var(--_border);
    border-bottom: 1px solid var(--_border);
    text-align: center;
  }
  [role='gridcell'] {
    position: relative;
    min-height: var(--gp-account-calendar-cell-height);
    padding: 0.25rem;
    border-inline-end: 1px solid var(--_border);
    border-bottom: 1px solid var(--_border);
    background: var(--_surface);
    cursor: default;
    outline-offset: -2px;
  }
  [role='gridcell'].outside {
    background: var(--_surface-2);
    color: var(--_muted);
  }
  [role='gridcell'].today .num {
    background: var(--_primary);
    color: var(--_on-primary);
  }
  [role='gridcell'][aria-selected='true'] {
    box-shadow: inset 0 0 0 2px var(--_primary);
  }
  .num {
    display: inline-block;
    min-width: 1.6em;
    padding: 0 0.25em;
    border-radius: 999px;
    font-size: 0.85em;
    text-align: center;
  }
  .icons {
    display: flex;
    flex-wrap: wrap;
    gap: 0.15rem 0.35rem;
    margin-top: 0.2rem;
    font-size: 0.85em;
  }
  .icons > span {
    display: inline-flex;
    align-items: center;
    gap: 0.1em;
  }
  .icons > span[data-n]::after {
    content: attr(data-n);
  }
  .type-alert {
    color: var(--_danger);
  }
  .type-backup.failed {
    color: var(--_danger);
  }
  [role='tooltip'] {
    position: absolute;
    z-index: 2;
    top: calc(100% - 0.25rem);
    inset-inline-start: 0.25rem;
    min-width: 14rem;
    max-width: 20rem;
    padding: 0.5rem 0.6rem;
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    background: var(--_surface);
    color: var(--_text);
    box-shadow: 0 6px 18px rgb(0 0 0 / 0.15);
    font-size: 0.85em;
    pointer-events: none;
  }
  [role='tooltip'] ul,
  .day ul {
    margin: 0;
    padding: 0;
    list-style: none;
  }
  [role='tooltip'] li {
    display: flex;
    gap: 0.35rem;
    align-items: baseline;
  }
  .time {
    color: var(--_muted);
    font-variant-numeric: tabular-nums;
  }
  .day {
    padding: var(--_space);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
  }
  .day h3 {
    margin: 0 0 0.4rem;
    font-size: 1em;
  }
  .day button {
    display: flex;
    gap: 0.4rem;
    align-items: center;
    width: 100%;
    padding: 0.35rem 0.25rem;
    border: 0;
    border-bottom: 1px solid var(--_border);
    background: none;
    color: var(--_text);
    text-align: start;
  }
  @media (max-width: 480px) {
    :host {
      --gp-account-calendar-cell-height: 3.5rem;
    }
    .icons > span::after {
      display: none;
    }
  }
`;
