import './messages.js';
import { html, nothing, type PropertyValues } from 'lit';
import { property, query, state } from 'lit/decorators.js';
import { Task } from '@lit/task';
import type uPlot from 'uplot';
import { GpElement } from '../core/base.js';
import { tokens } from '../core/styles.js';
import { formatBytes, formatNumber, formatPercent } from '../core/format.js';
import type { Resource } from '../core/api-client.js';
import { styles } from './usage-gauge.styles.js';

export type UsageMetric = 'cpu' | 'memory' | 'disk' | 'bandwidth';
export type UsageRange = 'live' | '24h' | '7d' | '30d' | '1y';

export interface UsageSeriesAttributes {
  metric: UsageMetric;
  unit: string;
  capacity: number | null;
  resolution: string;
  times: number[];
  values: number[];
  stats: { peak: number | null; p95: number | null; shareAbove90: number; limitHits: number; current: number | null; capacity: number | null };
}

export interface UpgradeRequestedDetail {
  serverId: string;
  metric: UsageMetric;
  /** The reason in numbers, for the wizard to preselect a plan. */
  peak: number | null;
  capacity: number | null;
}

const RANGE_SECONDS: Record<UsageRange, number> = { live: 3600, '24h': 86400, '7d': 7 * 86400, '30d': 30 * 86400, '1y': 365 * 86400 };
const RANGES = Object.keys(RANGE_SECONDS) as UsageRange[];

/** The chart chunk once loaded: a second `import()` of a loaded module still waits a task. */
let chart: typeof import('./usage-chart.js') | undefined;

/**
 * @tag gp-usage-gauge
 * @summary One metric of one server against its capacity: the current value, a chart of
 * the chosen range with the capacity line, how often it hit the limit, and an upgrade action.
 *
 * The chart (uPlot) loads only when the element first draws one, so pages that embed the
 * gauge do not pay for it up front. Every number the chart shows is also text.
 *
 * @fires gp-upgrade-requested - The user asked for more capacity; `detail`: serverId, metric, peak, capacity.
 * @fires gp-usage-chart-drawn - The chart finished drawing (first draw and each new data set); `detail`: points.
 *
 * @csspart base - The card.
 * @csspart meter - The current-value bar.
 * @csspart chart - The chart area.
 * @csspart stats - The statistics list.
 * @csspart upgrade - The upgrade button.
 * @csspart state - Loading, error and permission panels.
 *
 * @cssprop --gp-usage-gauge-bar-height - Height of the current-value bar.
 * @cssprop --gp-usage-gauge-line - Colour of the usage line (default: primary).
 * @cssprop --gp-usage-gauge-capacity - Colour of the capacity line (default: danger).
 */
export class GpUsageGauge extends GpElement {
  static override styles = [tokens, styles];

  /** Server id as the host names it (`openstack:5b8d…`). */
  @property({ reflect: true }) server = '';

  /** Shown in headings; defaults to the server id. */
  @property({ attribute: 'server-name' }) serverName = '';

  @property({ reflect: true }) metric: UsageMetric = 'cpu';

  @property({ reflect: true }) range: UsageRange = '24h';

  /**
   * A series to show instead of fetching one (a portal that already has the numbers);
   * live updates still apply. Leave unset to load from the host.
   */
  @property({ attribute: false }) data?: UsageSeriesAttributes;

  /** Hide the upgrade button (for portals without self-service upgrades). */
  @property({ type: Boolean, attribute: 'no-upgrade', reflect: true }) noUpgrade = false;

  @query('.chart') private chartEl?: HTMLElement;
  @state() private series?: UsageSeriesAttributes;

  #plot?: uPlot;
  /** The series the chart shows (or is loading to show): a re-render with the same one draws nothing. */
  #drawn?: UsageSeriesAttributes;
  #resize?: ResizeObserver;

  private readonly task = new Task(this, {
    task: async ([gp, server, metric, range, data], { signal }) => {
      if (data) return (this.series = data);
      if (!gp || !server) return undefined;
      const end = new Date();
      const start = new Date(end.getTime() - RANGE_SECONDS[range] * 1000);
      const width = Math.max(100, Math.round(this.getBoundingClientRect().width || 600));
      const doc = await gp.api.get<Resource<UsageSeriesAttributes>>(`/servers/${encodeURIComponent(server)}/usage`, {
        signal,
        query: { metric, start: start.toISOString(), end: end.toISOString(), maxDataPoints: width },
      });
      this.series = doc.data.attributes;
      return doc.data.attributes;
    },
    args: () => [this.gp, this.server, this.metric, this.range, this.data] as const,
  });

  constructor() {
    super();
    this.listen<{ serverId: string; metric: string; at: number; value: number }>('usage', (m) => {
      if (m.topic === 'reset' || !m.data) return void this.task.run();
      const { serverId, metric, at, value } = m.data;
      if (serverId !== this.server || metric !== this.metric || !this.series || (this.range !== 'live' && this.range !== '24h')) return;
      const cutoff = at - RANGE_SECONDS[this.range];
      const keep = this.series.times.findIndex((t) => t >= cutoff);
      const times = [...this.series.times.slice(Math.max(0, keep)), at];
      const values = [...this.series.values.slice(Math.max(0, keep)), value];
      this.series = { ...this.series, times, values, stats: { ...this.series.stats, current: value, peak: Math.max(this.series.stats.peak ?? value, value) } };
    });
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.#resize = new ResizeObserver(() => this.#plot && this.chartEl && this.#plot.setSize({ width: this.chartEl.clientWidth, height: 180 }));
    this.#resize.observe(this);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#resize?.disconnect();
    this.#plot?.destroy();
    this.#plot = this.#drawn = undefined;
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('data') && this.data) this.series = this.data;
  }

  protected override updated(changed: PropertyValues<this>): void {
    super.updated(changed);
    // Through the CSSOM, never a style attribute: a strict CSP (style-src 'self') blocks those,
    // and Lit's styleMap writes the attribute on first render.
    const fill = this.renderRoot.querySelector<HTMLElement>('.fill');
    if (fill) fill.style.setProperty('transform', `scaleX(${fill.dataset.ratio ?? 0})`);
    if (this.series && this.chartEl) void this.#draw(this.series);
  }

  async #draw(series: UsageSeriesAttributes) {
    if (!this.chartEl) return;
    if (series.times.length === 0) {
      this.#plot?.destroy();
      this.#plot = this.#drawn = undefined;
      return;
    }
    if (series === this.#drawn && (!this.#plot || this.#plot.root.parentElement === this.chartEl)) return;
    this.#drawn = series;
    const { drawChart, uplotStyles } = (chart ??= await import('./usage-chart.js'));
    if (!this.chartEl || series !== this.#drawn) return;
    const root = this.renderRoot as ShadowRoot;
    if (!root.adoptedStyleSheets.includes(uplotStyles.styleSheet!)) root.adoptedStyleSheets = [...root.adoptedStyleSheets, uplotStyles.styleSheet!];
    const css = getComputedStyle(this);
    const color = (...names: string[]) => names.map((n) => css.getPropertyValue(n).trim()).find(Boolean);
    this.#plot = drawChart(
      this.chartEl,
      {
        times: series.times,
        values: series.values,
        capacity: series.capacity,
        width: this.chartEl.clientWidth || 600,
        colors: {
          line: color('--gp-usage-gauge-line', '--gp-color-primary') ?? '#1d4ed8',
          limit: color('--gp-usage-gauge-capacity', '--gp-color-danger') ?? '#b91c1c',
          axis: color('--gp-color-muted') ?? '#475569',
        },
        format: (v) => this.#format(v),
        onDraw: (points) => this.emit('gp-usage-chart-drawn', { points }),
      },
      this.#plot,
    );
  }

  #format(value: number | null): string {
    if (value == null) return '—';
    const locale = this.locale;
    switch (this.metric) {
      case 'cpu':
        return formatPercent(value / 100, locale);
      case 'memory':
        return formatBytes(value * 1024 ** 2, locale);
      case 'disk':
        return formatBytes(value * 1024 ** 3, locale);
      default:
        return `${formatNumber(value, locale)} Mbit/s`;
    }
  }

  #upgrade() {
    const s = this.series?.stats;
    this.emit<UpgradeRequestedDetail>('gp-upgrade-requested', { serverId: this.server, metric: this.metric, peak: s?.peak ?? null, capacity: s?.capacity ?? null });
  }

  protected override render() {
    if (!this.gp && !this.data) return this.renderNoProvider();
    const metricName = this.localize.term('metricName')[this.metric] ?? this.metric;
    const name = this.serverName || this.server;
    return html`<section class="base" part="base" aria-label=${this.localize.term('usageOf', metricName, name)}>
      <header>
        <h3>${this.localize.term('usageOf', metricName, name)}</h3>
        <div class="ranges" role="group" aria-label=${this.localize.term('chartRange')}>
          ${RANGES.map((r) => html`<button aria-pressed=${String(this.range === r)} @click=${() => (this.range = r)}>${this.localize.term('range')[r]}</button>`)}
        </div>
      </header>
      ${this.task.render({
        pending: () => (this.series ? this.#renderBody(this.series, metricName) : this.renderLoading(3)),
        // this.series, not the task's value: live samples extend it after the fetch.
        complete: () => (this.series ? this.#renderBody(this.series, metricName) : nothing),
        error: (error) => this.renderError(error, () => void this.task.run()),
      })}
    </section>`;
  }

  #renderBody(s: UsageSeriesAttributes, metricName: string) {
    const current = s.stats.current;
    const ratio = current != null && s.capacity ? Math.min(1, current / s.capacity) : 0;
    const when = this.localize.term('rangePhrase')[this.range] ?? '';
    const level = ratio >= 0.98 ? 'limit' : ratio >= 0.9 ? 'high' : '';
    return html`
      ${current != null
        ? html`<div>
            <span class="now">${this.#format(current)}</span>
            ${s.capacity ? html`<span> / ${this.#format(s.capacity)}</span>` : nothing}
          </div>`
        : nothing}
      <div
        class="meter"
        part="meter"
        role="meter"
        aria-label=${metricName}
        aria-valuemin="0"
        aria-valuemax=${String(s.capacity ?? 100)}
        aria-valuenow=${String(current ?? 0)}
        aria-valuetext=${current != null && s.capacity ? this.localize.term('ofCapacity', this.#format(current), this.#format(s.capacity)) : this.localize.term('noUsage')}
      >
        <div class="fill ${level}" data-ratio=${ratio}></div>
      </div>
      ${s.times.length === 0
        ? html`<div class="state" part="state">${this.localize.term('noUsage')}</div>`
        : html`<div class="chart" part="chart" role="img" aria-label=${this.localize.term('chartLabel', metricName, when)}></div>`}
      <p class="summary">${this.localize.term('limitHits', metricName, s.stats.limitHits, when)}</p>
      <dl part="stats">
        <div><dt>${this.localize.term('peak')}</dt><dd>${this.#format(s.stats.peak)}</dd></div>
        <div><dt>${this.localize.term('p95')}</dt><dd>${this.#format(s.stats.p95)}</dd></div>
        <div><dt>${this.localize.term('timeAbove90')}</dt><dd>${formatPercent(s.stats.shareAbove90, this.locale)}</dd></div>
      </dl>
      ${this.noUpgrade
        ? nothing
        : html`<footer><button class="button" part="upgrade" @click=${this.#upgrade}>${this.localize.term('upgrade')}<span class="visually-hidden">: ${this.localize.term('upgradeHint')} (${metricName})</span></button></footer>`}
    `;
  }
}
