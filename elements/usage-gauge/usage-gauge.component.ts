import './messages.js';
import { html, nothing, type PropertyValues } from 'lit';
import type { UsageChart } from './usage-chart.js';
import { GpElement } from '../core/base.js';
import { card, tokens } from '../core/styles.js';
import { toggles } from '../core/controls.js';
import { styles } from './usage-gauge.styles.js';
import {
  RANGE_SECONDS,
  UsageGaugeController,
  type UsageMetric,
  type UsageRange,
  type UsageSample,
  type UsageSeriesAttributes,
} from './usage-gauge.controller.js';

export type { UsageMetric, UsageRange, UsageSeriesAttributes };

export interface UpgradeRequestedDetail {
  serverId: string;
  metric: UsageMetric;
  /** The reason in numbers, for the wizard to preselect a plan. */
  peak: number | null;
  capacity: number | null;
}

const RANGES = Object.keys(RANGE_SECONDS) as UsageRange[];

/**
 * The lazy chunk once loaded (uPlot, the body with its numbers and words, the readout): a
 * second `import()` of a loaded module still waits a task, so the gauge renders from this.
 */
let chart: typeof import('./usage-chart.js') | undefined;
let loading: Promise<unknown> | undefined;

/**
 * @tag gp-usage-gauge
 * @summary One metric of one server against its capacity: the current value, a chart of
 * the chosen range with the capacity line, how often it hit the limit, and an upgrade action.
 *
 * The chart (uPlot) and the panel's numbers load only when the element first has data (the
 * load starts with the fetch), so pages that embed the gauge do not pay for them up front.
 * Every number the chart shows is also text. Over long ranges, where each point stands for
 * many samples, the chart draws their mean as the line in a band from lowest to highest.
 *
 * @slot empty - Your own words (and links) for the empty state, shown instead of the element's text when there is nothing to show.
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
 * @cssprop --gp-usage-gauge-band - Colour of the lowest-to-highest band on long ranges (default: the line's colour at a quarter of its
 * opacity).
 */
export class GpUsageGauge extends GpElement {
  static override styles = [tokens, toggles, card, styles];

  // No decorators here: the gauge has a size budget (bench/size) and their modules would be
  // the first bytes over it.
  static override properties = {
    server: { reflect: true },
    serverName: { attribute: 'server-name' },
    metric: { reflect: true },
    range: { reflect: true },
    data: { attribute: false },
    noUpgrade: { type: Boolean, attribute: 'no-upgrade', reflect: true },
  };

  /** Server id as the host names it (`openstack:5b8d…`). */
  server = '';

  /** Shown in headings; defaults to the server id. */
  serverName = '';

  metric: UsageMetric = 'cpu';

  range: UsageRange = '24h';

  /**
   * A series to show instead of fetching one (a portal that already has the numbers);
   * live updates still apply. Leave unset to load from the host. Its `stats.peak`, the
   * highest of `values`, sets the top of the chart's axis (null: the values are scanned).
   */
  data?: UsageSeriesAttributes;

  /** Hide the upgrade button (for portals without self-service upgrades). */
  noUpgrade = false;

  private get chartEl(): HTMLElement | null {
    return this.renderRoot?.querySelector('.chart');
  }

  /** The chart once its chunk has loaded; it owns uPlot and follows the element's size. */
  #chart?: UsageChart;
  /** The series the chart shows: a re-render with the same one draws nothing. */
  #drawn?: UsageSeriesAttributes;
  /** Whether this element waits for the lazy chunk already. */
  #loading = false;
  /** Whether the shadow root has the chunk's rules: a gauge created once the chunk is here adopts them with its own. */
  #styled = Boolean(chart);
  /** Why the lazy chunk did not load (a network error), until the user tries again. */
  #chunkFailed?: unknown;

  /** Loading the series and its live samples. */
  private readonly usage = new UsageGaugeController(
    this,
    () => [this.gp, this.server, this.metric, this.range, this.data] as const,
    () => this.getBoundingClientRect().width,
  );

  constructor() {
    super();
    this.listen<UsageSample>('usage', (m) => {
      if (m.topic === 'reset' || !m.data) return this.usage.load();
      this.usage.apply(m.data, this.server, this.metric, this.range);
    });
  }

  override connectedCallback(): void {
    super.connectedCallback();
    // Back in the page (moved, or put back): the chart let go of on removal is drawn again.
    if (this.hasUpdated && this.usage.series) this.requestUpdate();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#chart?.destroy();
    this.#chart = this.#drawn = undefined;
  }

  protected override updated(changed: PropertyValues<this>): void {
    super.updated(changed);
    // Through the CSSOM, never a style attribute: a strict CSP (style-src 'self') blocks those,
    // and Lit's styleMap writes the attribute on first render. A width, not a scaleX
    // transform: a transform gives the bar a paint layer of its own, about 2 % of the first
    // render (bench/chart-render).
    const fill = this.renderRoot.querySelector<HTMLElement>('.fill');
    if (fill) fill.style.setProperty('width', `${Number(fill.dataset.ratio ?? 0) * 100}%`);
    // Not out of the page: an update that runs after the gauge was removed (its data settling
    // a microtask after the first draw) would draw a plot nobody sees and keep it, with its
    // series and size observer, until the gauge is put back.
    if (this.usage.series && this.isConnected) this.#draw(this.usage.series);
  }

  #draw(series: UsageSeriesAttributes) {
    const target = this.chartEl;
    if (!target || !chart) {
      // No chart in the view (no samples, an error): let go of the one drawn before.
      this.#chart?.destroy();
      this.#chart = this.#drawn = undefined;
      return;
    }
    if (series === this.#drawn && this.#chart?.shows(target)) return;
    this.#drawn = series;
    const { UsageChart, formatValue } = chart;
    this.#chart ??= new UsageChart(
      this,
      (v, scale) => formatValue(this.metric, v, this.locale, scale),
      (points) => this.emit('gp-usage-chart-drawn', { points }),
    );
    this.#chart.draw(target, series);
  }

  /** Loads the lazy chunk (once per page), then renders again; a failed load is an error with a retry. */
  #load() {
    if (this.#loading) return;
    this.#loading = true;
    loading ??= import('./usage-chart.js').then(
      (m) => {
        chart = m;
        // Gauges created from now on adopt the chunk's rules with their own, in the one
        // assignment Lit makes when it creates their shadow root: adding them at the first
        // render took a second one (about 0.1 ms in a profile: as much as cloning and filling
        // the whole card by hand, bench/pages/chart.html).
        GpUsageGauge.elementStyles.push(...m.chunkStyles);
      },
      (error: unknown) => {
        loading = undefined;
        throw error;
      },
    );
    loading.then(
      () => this.requestUpdate(),
      (error: unknown) => {
        this.#loading = false;
        this.#chunkFailed = error;
        this.requestUpdate();
      },
    );
  }

  /** A range button was pressed: its group's one listener; the buttons are RANGES in order. */
  #pick(e: Event) {
    const button = (e.target as Element).closest('button');
    if (button) this.range = RANGES[[...button.parentElement!.children].indexOf(button)]!;
  }

  #upgrade() {
    const s = this.usage.series?.stats;
    this.emit<UpgradeRequestedDetail>('gp-upgrade-requested', {
      serverId: this.server,
      metric: this.metric,
      peak: s?.peak ?? null,
      capacity: s?.capacity ?? null,
    });
  }

  protected override render() {
    if (!this.gp && !this.data) return this.renderNoProvider();
    const t = this.localize;
    const metricName = t.term('metricName')[this.metric] ?? this.metric;
    const name = this.serverName || this.server;
    const series = this.usage.series;
    const heading = t.term('usageOf', metricName, name);
    // The five buttons written out in the one template, not five templates of their own: each
    // is a clone, a walk and an insertion of its own in the first render (bench/chart-render).
    const range = t.term('range');
    const on = (r: UsageRange) => String(this.range === r);
    return html`<section class="base card" part="base" aria-label=${heading}>
      <header>
        <h3>${heading}</h3>
        <div class="ranges toggles" role="group" aria-label=${t.term('chartRange')} @click=${this.#pick}>
          <button aria-pressed=${on('live')}>${range.live}</button><button aria-pressed=${on('24h')}>${range['24h']}</button
          ><button aria-pressed=${on('7d')}>${range['7d']}</button><button aria-pressed=${on('30d')}>${range['30d']}</button
          ><button aria-pressed=${on('1y')}>${range['1y']}</button>
        </div>
      </header>
      ${
        this.usage.error
          ? this.renderError(this.usage.error, () => this.usage.load(), t.term('usageFailed'), t.term('usageSystem'))
          : series || this.usage.loading
            ? this.#renderBody(series, metricName)
            : nothing
      }
    </section>`;
  }

  /** The body from the lazy chunk; until it is here (it loads while the series does), the loading state. */
  #renderBody(s: UsageSeriesAttributes | undefined, metricName: string) {
    const t = this.localize;
    if (this.#chunkFailed)
      return this.renderError(
        this.#chunkFailed,
        () => ((this.#chunkFailed = undefined), this.requestUpdate()),
        t.term('usageFailed'),
        t.term('usageSystem'),
      );
    if (!chart) this.#load();
    if (!s || !chart) return this.renderLoading(3);
    // Only a gauge created before the chunk loaded lacks its rules: asking every one reads the
    // root's sheets, twice per cold render before (bench/chart-render).
    if (!this.#styled) chart.adoptStyles(this.renderRoot as ShadowRoot);
    this.#styled = true;
    const c = {
      t,
      locale: this.locale,
      metric: this.metric,
      metricName,
      range: this.range,
      noUpgrade: this.noUpgrade,
      upgrade: this.#upgrade,
    };
    return chart.renderBody(s, c);
  }
}
