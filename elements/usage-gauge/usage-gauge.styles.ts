import { css } from 'lit';

/**
 * uPlot's structural rules, written for the shadow root (page CSS never reaches it, and a
 * strict CSP forbids injecting a <style>): the canvas layers, axes and cursor.
 */
export const uplotStyles = css`
  .uplot {
    font-family: var(--_font);
    line-height: 1.5;
    width: min-content;
  }
  .uplot canvas {
    display: block;
    position: relative;
    width: 100%;
    height: 100%;
  }
  .u-wrap {
    position: relative;
    user-select: none;
  }
  .u-over,
  .u-under {
    position: absolute;
  }
  .u-under {
    overflow: hidden;
  }
  .u-axis {
    position: absolute;
  }
  .u-cursor-x,
  .u-cursor-y {
    position: absolute;
    left: 0;
    top: 0;
    pointer-events: none;
    will-change: transform;
  }
  .u-hz .u-cursor-x {
    height: 100%;
    border-right: 1px dashed var(--_muted);
  }
  .u-hz .u-cursor-y {
    width: 100%;
    border-bottom: 1px dashed var(--_muted);
  }
  .u-cursor-pt {
    position: absolute;
    top: 0;
    left: 0;
    border-radius: 50%;
    border: 0 solid;
    pointer-events: none;
    will-change: transform;
    background-clip: padding-box !important;
  }
  .u-select {
    background: color-mix(in srgb, var(--_primary) 12%, transparent);
    position: absolute;
    pointer-events: none;
  }
  .u-legend {
    display: none;
  }
`;

export const styles = css`
  :host {
    display: block;
    --_bar-height: var(--gp-usage-gauge-bar-height, 0.75rem);
  }
  .base {
    display: flex;
    flex-direction: column;
    gap: var(--_space);
    padding: var(--_space);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    background: var(--_surface);
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
  .now {
    font-size: 1.5em;
    font-weight: 700;
  }
  .meter {
    height: var(--_bar-height);
    border-radius: 999px;
    background: var(--_surface-2);
    overflow: hidden;
    border: 1px solid var(--_border);
  }
  .fill {
    height: 100%;
    background: var(--_success);
    transform-origin: left;
  }
  .fill.high {
    background: var(--_warning);
  }
  .fill.limit {
    background: var(--_danger);
  }
  .ranges {
    display: flex;
    flex-wrap: wrap;
    gap: 0.25rem;
  }
  .ranges button {
    border: 1px solid var(--_border);
    background: var(--_surface);
    color: var(--_text);
    border-radius: var(--_radius);
    padding: 0.2em 0.7em;
    min-height: 2rem;
  }
  .ranges button[aria-pressed='true'] {
    background: var(--_primary);
    border-color: var(--_primary);
    color: var(--_on-primary);
  }
  .chart {
    min-height: 180px;
    width: 100%;
    overflow: hidden;
  }
  .summary {
    margin: 0;
  }
  dl {
    display: grid;
    grid-template-columns: repeat(auto-fit, minmax(8rem, 1fr));
    gap: 0.5rem;
    margin: 0;
  }
  dt {
    color: var(--_muted);
    font-size: 0.85em;
  }
  dd {
    margin: 0;
    font-weight: 600;
  }
  footer {
    display: flex;
    justify-content: flex-end;
  }
`;
