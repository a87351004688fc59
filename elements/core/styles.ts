import { css } from 'lit';

/**
 * The `hidden` attribute hides every element, whatever `display` its own styles or a
 * partner's give it (a `display: block` on `:host` would otherwise win over the browser's
 * `[hidden]` rule). Part of `tokens`, so every element has it.
 */
export const hidden = css`
  :host([hidden]) {
    display: none !important;
  }
`;

/**
 * The core design tokens with their light defaults. Every element reads these through
 * `var(--gp-…, fallback)`, so a theme set on `gp-provider` or `:root` restyles the kit.
 */
export const tokens = css`
  :host {
    --_primary: var(--gp-color-primary, #1d4ed8);
    --_on-primary: var(--gp-color-on-primary, #ffffff);
    --_surface: var(--gp-color-surface, #ffffff);
    --_surface-2: var(--gp-color-surface-raised, color-mix(in srgb, var(--_surface) 94%, var(--_text)));
    --_text: var(--gp-color-text, #0f172a);
    --_muted: var(--gp-color-muted, #475569);
    --_border: var(--gp-color-border, #cbd5e1);
    --_danger: var(--gp-color-danger, #b91c1c);
    --_warning: var(--gp-color-warning, #92400e);
    --_success: var(--gp-color-success, #15803d);
    --_info: var(--gp-color-info, var(--_primary));
    --_font: var(--gp-font-family, system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif);
    --_font-size: var(--gp-font-size, 0.9375rem);
    --_radius: var(--gp-radius, 8px);
    --_space: var(--gp-space, 0.75rem);
    --_focus: var(--gp-color-focus, var(--_primary));
    /* Transparent in light, so the partner's page shows through; the dark theme sets it to
       its surface, so light text never lands on a light page. */
    background-color: var(--gp-color-canvas, transparent);
    font-family: var(--_font);
    font-size: var(--_font-size);
    color: var(--_text);
    line-height: 1.45;
    box-sizing: border-box;
  }
  *,
  *::before,
  *::after {
    box-sizing: inherit;
  }
  :focus-visible {
    outline: 2px solid var(--_focus);
    outline-offset: 2px;
  }
  .visually-hidden {
    position: absolute !important;
    width: 1px;
    height: 1px;
    padding: 0;
    margin: -1px;
    overflow: hidden;
    clip: rect(0 0 0 0);
    white-space: nowrap;
    border: 0;
  }
  button {
    font: inherit;
    cursor: pointer;
  }
  .button {
    display: inline-flex;
    align-items: center;
    gap: 0.35em;
    padding: 0.4em 0.9em;
    border-radius: var(--_radius);
    border: 1px solid var(--_primary);
    background: var(--_primary);
    color: var(--_on-primary);
    min-height: 2.25rem;
  }
  /* Destructive: stop, delete, cancel for good. */
  .button.danger {
    background: var(--_danger);
    border-color: var(--_danger);
    color: var(--gp-color-on-danger, var(--_on-primary));
  }
  .button.secondary {
    background: transparent;
    color: var(--_primary);
  }
  /* Touch: every control is at least 44 px tall (WCAG 2.5.5), wherever it sits: important, so
     no element's own smaller minimum (a toggle's 2rem) wins over the floor. */
  @media (pointer: coarse) {
    button,
    .button,
    select,
    input:not([type='checkbox']):not([type='radio']) {
      min-block-size: 44px !important;
    }
    input[type='checkbox'],
    input[type='radio'] {
      inline-size: 1.5rem;
      block-size: 1.5rem;
    }
  }
  .button:disabled {
    opacity: 0.5;
    cursor: not-allowed;
  }
  .state {
    display: flex;
    flex-direction: column;
    gap: calc(var(--_space) / 2);
    align-items: flex-start;
    padding: var(--_space);
    border: 1px dashed var(--_border);
    border-radius: var(--_radius);
    background: var(--_surface);
    color: var(--_muted);
  }
  .state strong {
    color: var(--_text);
  }
  .state.error {
    border-style: solid;
    border-color: var(--_danger);
  }
  .skeleton {
    height: 1em;
    border-radius: 4px;
    background: linear-gradient(90deg, var(--_surface-2), var(--_surface), var(--_surface-2));
    background-size: 200% 100%;
    animation: gp-shimmer 1.2s infinite linear;
  }
  @keyframes gp-shimmer {
    to {
      background-position: -200% 0;
    }
  }
  @media (prefers-reduced-motion: reduce) {
    .skeleton {
      animation: none;
    }
  }
  ${hidden}
`;

/** The usual element box: a block whose `.base` stacks its parts with the kit's spacing. */
export const stack = css`
  :host {
    display: block;
  }
  .base {
    display: flex;
    flex-direction: column;
    gap: var(--_space);
  }
`;

/** A bordered box on the surface colour: a server row, an order, a plan tile, the gauge. Layout stays the element's. */
export const card = css`
  .card {
    padding: var(--_space);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    background: var(--_surface);
  }
`;

/**
 * A table that becomes one card per row below 40rem of the element's own width (not the
 * window's): two columns of values, each labelled from its cell's `data-label`. The element
 * adds what is its own (which cell spans, which hide when empty).
 */
export const cardTable = css`
  @container (max-width: 40rem) {
    thead {
      display: none;
    }
    tr {
      display: grid;
      grid-template-columns: 1fr 1fr;
      gap: 0.35rem 0.75rem;
      padding: 0.6rem 0;
      border-bottom: 1px solid var(--_border);
    }
    td {
      border: 0;
      padding: 0;
    }
    td.num {
      text-align: start;
    }
    td[data-label]::before {
      content: attr(data-label);
      display: block;
      font-size: 0.8em;
      color: var(--_muted);
      font-weight: 400;
    }
  }
`;

/** Section and group headings of the table-style elements (inventory, DR protection). */
export const headings = css`
  h2,
  h3 {
    margin: 0;
    font-size: 1.05em;
  }
  h3 {
    font-size: 0.95em;
  }
`;
