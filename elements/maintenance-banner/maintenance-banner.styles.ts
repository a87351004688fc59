import { css } from 'lit';

export const styles = css`
  :host {
    display: block;
    --_gap: var(--gp-maintenance-banner-gap, calc(var(--_space) * 0.66));
  }
  .base {
    display: flex;
    flex-direction: column;
    gap: var(--_gap);
  }
  .notice {
    --_accent: var(--_info);
    display: grid;
    grid-template-columns: auto 1fr auto;
    gap: 0.25rem 0.75rem;
    align-items: start;
    padding: var(--_space);
    border-radius: var(--_radius);
    border: 1px solid color-mix(in srgb, var(--_accent) 45%, var(--_border));
    border-inline-start: 4px solid var(--_accent);
    background: color-mix(in srgb, var(--_accent) 7%, var(--_surface));
  }
  .notice.critical,
  .notice.major {
    --_accent: var(--_danger);
  }
  .notice.minor {
    --_accent: var(--_warning);
  }
  .notice.upcoming {
    --_accent: var(--_muted);
  }
  .icon {
    width: 1.25rem;
    height: 1.25rem;
    color: var(--_accent);
    margin-top: 0.1rem;
  }
  .body {
    min-width: 0;
    display: flex;
    flex-direction: column;
    gap: 0.15rem;
  }
  .kind {
    font-size: 0.8em;
    font-weight: 600;
    letter-spacing: 0.02em;
    text-transform: uppercase;
    color: var(--_accent);
  }
  .title {
    font-weight: 600;
    margin: 0;
    font-size: 1em;
    overflow-wrap: anywhere;
  }
  .meta,
  .update {
    color: var(--_muted);
    font-size: 0.9em;
    overflow-wrap: anywhere;
  }
  .update {
    color: var(--_text);
    white-space: pre-line;
  }
  .status {
    font-weight: 600;
  }
  .language {
    color: var(--_muted);
    font-weight: 400;
    font-size: 0.85em;
  }
  a {
    color: var(--_primary);
  }
  .dismiss {
    border: 0;
    background: transparent;
    color: var(--_muted);
    border-radius: var(--_radius);
    width: 2.25rem;
    height: 2.25rem;
    display: grid;
    place-items: center;
  }
  .dismiss:hover {
    background: color-mix(in srgb, var(--_accent) 15%, transparent);
    color: var(--_text);
  }
  .dismiss svg {
    width: 1rem;
    height: 1rem;
  }
  .all-clear {
    display: flex;
    gap: 0.5rem;
    align-items: center;
    color: var(--_success);
    font-weight: 600;
  }
  .all-clear svg {
    width: 1.25rem;
    height: 1.25rem;
  }
  .toggle {
    align-self: flex-start;
    border: 0;
    background: none;
    color: var(--_primary);
    padding: 0.25rem 0;
    text-decoration: underline;
  }
  .stale {
    color: var(--_muted);
    font-size: 0.85em;
  }
  @media (max-width: 420px) {
    .notice {
      grid-template-columns: 1fr auto;
    }
    .icon {
      display: none;
    }
  }
`;
