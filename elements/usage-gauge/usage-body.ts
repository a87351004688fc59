import { css, html, nothing, type TemplateResult } from 'lit';
import './readout-messages.js';
import type { LocalizeController } from '../core/localize.js';
import { formatBytes, formatNumber, formatPercent } from '../core/format.js';
import type { UsageMetric, UsageRange, UsageSeriesAttributes } from './usage-gauge.controller.js';

/** A metric's value as the gauge writes it: CPU in percent, memory in MiB, disk in GiB, bandwidth in Mbit/s. */
export function formatValue(metric: UsageMetric, value: number | null, locale: string, scale = value ?? 0): string {
  if (value == null) return '—';
  switch (metric) {
    case 'cpu':
      return formatPercent(value / 100, locale);
    case 'memory':
      return formatBytes(value * 1024 ** 2, locale, scale * 1024 ** 2);
    case 'disk':
      return formatBytes(value * 1024 ** 3, locale, scale * 1024 ** 3);
    default:
      return `${formatNumber(value, locale)} Mbit/s`;
  }
}

/** The body's rules, adopted into the gauge's shadow root with the chart's (usage-chart.ts). */
export const bodyStyles = css`
  :host {
    --_bar-height: var(--gp-usage-gauge-bar-height, 0.75rem);
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
  }
  .fill.high {
    background: var(--_warning);
  }
  .fill.limit {
    background: var(--_danger);
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

/** What the panel's body needs from the gauge. */
export interface BodyContext {
  t: LocalizeController;
  locale: string;
  metric: UsageMetric;
  metricName: string;
  range: UsageRange;
  noUpgrade: boolean;
  /** The upgrade button's handler (called with the gauge as `this`, as Lit binds listeners). */
  upgrade: () => void;
}

/**
 * The gauge's body once it has a series: the current value and its bar, the chart area,
 * how often the metric hit its limit, the statistics and the upgrade button. It lives in the
 * lazy chunk with the chart: none of it shows before data arrives, so a page loads none of it
 * (nor the formatting and its words) up front.
 */
export function renderBody(s: UsageSeriesAttributes, c: BodyContext): TemplateResult {
  const { t, metricName } = c;
  const format = (v: number | null) => formatValue(c.metric, v, c.locale);
  const current = s.stats.current;
  const ratio = current != null && s.capacity ? Math.min(1, current / s.capacity) : 0;
  const when = t.term('rangePhrase')[c.range] ?? '';
  const level = ratio >= 0.98 ? 'limit' : ratio >= 0.9 ? 'high' : '';
  // The capacity's span is there without a capacity too (empty): a template of its own would
  // be one more clone and insertion in the first render (bench/chart-render).
  return html`
    ${
      current != null
        ? html`<div>
          <span class="now">${format(current)}</span>
          <span>${s.capacity ? ` / ${format(s.capacity)}` : ''}</span>
        </div>`
        : nothing
    }
    <div
      class="meter"
      part="meter"
      role="meter"
      aria-label=${metricName}
      aria-valuemin="0"
      aria-valuemax=${String(s.capacity ?? 100)}
      aria-valuenow=${String(current ?? 0)}
      aria-valuetext=${current != null && s.capacity ? t.term('ofCapacity', format(current), format(s.capacity)) : t.term('noUsage')}
    >
      <div class="fill ${level}" data-ratio=${ratio}></div>
    </div>
    ${
      s.times.length === 0
        ? html`<div class="state" part="state"><slot name="empty">${t.term('noUsage')}</slot></div>`
        : html`<div class="chart" part="chart" role="img" aria-label=${t.term('chartLabel', metricName, when)}></div>`
    }
    <p class="summary">${t.term('limitHits', metricName, s.stats.limitHits, when)}</p>
    <dl part="stats">
      <div><dt>${t.term('peak')}</dt><dd>${format(s.stats.peak)}</dd></div>
      <div><dt>${t.term('p95')}</dt><dd>${format(s.stats.p95)}</dd></div>
      <div><dt>${t.term('timeAbove90')}</dt><dd>${formatPercent(s.stats.shareAbove90, c.locale)}</dd></div>
    </dl>
    ${
      c.noUpgrade
        ? nothing
        : html`<footer><button class="button" part="upgrade" @click=${c.upgrade}
          >${t.term('upgrade')}<span class="visually-hidden">: ${t.term('upgradeHint')} (${metricName})</span></button
        ></footer>`
    }
  `;
}
