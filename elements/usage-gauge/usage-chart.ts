import uPlot from 'uplot';
import { css } from 'lit';
import './readout-messages.js';
import type { LocalizeController } from '../core/localize.js';

import { bodyStyles } from './usage-body.js';

export { formatValue, renderBody } from './usage-body.js';

/**
 * What the chart draws: a time per point and its value; over long ranges (downsampled) each
 * point's `low` and `high` too, and `values` is then each point's mean. `stats.peak`, the
 * highest value, sets the y axis (null: the values are scanned).
 */
export interface ChartSeries {
  times: number[];
  values: number[];
  low?: number[] | null;
  high?: number[] | null;
  capacity: number | null;
  stats: { peak: number | null };
}

/** The plot's height in CSS pixels; the chart area's min-height in usage-gauge.styles.ts matches. */
const HEIGHT = 180;

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
  .readout {
    min-height: 1.5em;
    margin: 0.25rem 0 0;
    color: var(--_muted);
    font-size: 0.88em;
    font-variant-numeric: tabular-nums;
  }
  .chart:focus-visible {
    outline: 2px solid var(--_primary);
    outline-offset: 2px;
  }
  /* uPlot marks the cursor off (pointer outside the plot) with a class, not a style. */
  .u-axis.u-off,
  .u-select.u-off,
  .u-cursor-x.u-off,
  .u-cursor-y.u-off,
  .u-cursor-pt.u-off {
    display: none;
  }
`;

/** The rules this chunk brings, the body's and uPlot's: the gauge's shadow root adopts them after its own. */
export const chunkStyles = [bodyStyles, uplotStyles];

/**
 * Adds the body's and uPlot's rules to the gauge's shadow root (once) if it does not have
 * them yet: they load with this chunk, so the gauge's first bytes carry neither. Gauges
 * created once the chunk is here adopt them with their own (usage-gauge.component.ts).
 */
export function adoptStyles(root: ShadowRoot): void {
  const sheets = chunkStyles.map((s) => s.styleSheet!);
  if (!root.adoptedStyleSheets.includes(sheets[0]!)) root.adoptedStyleSheets = [...root.adoptedStyleSheets, ...sheets];
}

/**
 * The gauge's uPlot chart and everything that drives it (styles, colours, resizing), in
 * the gauge's lazy chunk: a page pays for none of it until a chart is drawn.
 */
export class UsageChart {
  #plot?: uPlot;
  /** Read by the capacity line on every redraw: new data may bring a new capacity. */
  #capacity: number | null = null;
  /** The top of the y axis: a little above the higher of the peak and the capacity. */
  #top = 1;
  /** Redraws at the gauge's new width; made and watching from the first draw on. */
  #resize?: ResizeObserver;
  /** Cancels the extras waiting for idle time (a chart let go of needs none). */
  #idle?: () => void;

  /**
   * @param host - The gauge (its body, rendered first, gave its shadow root uPlot's rules): its size and colours drive the chart.
   * @param format - How an axis value reads (the gauge's own unit formatting).
   * @param drawn - Called after each draw with the number of points.
   */
  /** The series drawn, for the readout. */
  #series?: ChartSeries;
  /** Whether the plot draws a low–high band (its series differ, so a change builds a new plot). */
  #banded = false;
  /** The point the keyboard is on. */
  #index = -1;
  #readout?: HTMLElement;
  /** The visually hidden box around the table (a table will not shrink to a 1 px clip itself). */
  #table?: HTMLElement;
  #tableFor?: unknown;

  /** The gauge's language (its `locale`, resolved as every element resolves it). */
  private locale(): string {
    return (this.host as unknown as { locale?: string }).locale || 'en';
  }

  /** The gauge's messages, through its own controller (no second copy of the lookup in this chunk). */
  private get t(): LocalizeController {
    return (this.host as unknown as { localize: LocalizeController }).localize;
  }

  constructor(
    private readonly host: HTMLElement,
    private readonly format: (value: number, scale?: number) => string,
    private readonly drawn: (points: number) => void,
  ) {}

  /** Whether the chart currently lives in `target` (a re-render may have replaced it). */
  shows(target: HTMLElement): boolean {
    return this.#plot?.root.parentElement === target;
  }

  /**
   * Draws the series into `target`, reusing the plot while it still lives there.
   *
   * The series' `stats.peak` is its highest value, which the host reports: the y axis is set
   * from it, so uPlot need not scan every value for its own (on 55,000 points that scan is a
   * tenth of the chart's cost). Without one, the values are scanned here. The arrays go to
   * uPlot as they are, uncopied.
   */
  draw(target: HTMLElement, series: ChartSeries): void {
    this.#capacity = series.capacity;
    this.#series = series;
    this.#index = Math.min(this.#index, series.times.length - 1);
    const { low, high } = series;
    const banded = Boolean(low && high);
    this.#top = Math.max(series.stats.peak ?? highest(high ?? series.values), series.capacity ?? 0) * 1.05 || 1;
    // The band's edges first, then the mean: uPlot fills between series 2 and 1, and the
    // mean's line is stroked over the fill.
    const data: uPlot.AlignedData = banded ? [series.times, low!, high!, series.values] : [series.times, series.values];
    if (this.shows(target) && banded === this.#banded) {
      // y is not an auto scale, so new data keeps the old axis unless it is set too.
      const plot = this.#plot!;
      return plot.batch(() => {
        plot.setData(data);
        plot.setScale('y', { min: 0, max: this.#top });
      });
    }
    this.#plot?.destroy();
    this.#banded = banded;
    // The width first: its layout computes the styles the colours are read from.
    const width = target.clientWidth || 600;
    const css = getComputedStyle(this.host);
    const color = (fallback: string, ...names: string[]) => names.map((n) => css.getPropertyValue(n).trim()).find(Boolean) ?? fallback;
    const axis = color('#475569', '--gp-color-muted');
    const limit = color('#b91c1c', '--gp-usage-gauge-capacity', '--gp-color-danger');
    const line = color('#1d4ed8', '--gp-usage-gauge-line', '--gp-color-primary');
    const grid = { stroke: 'rgba(128,128,128,0.15)' };
    const usage: uPlot.Series = { stroke: line, width: 1.5 };
    this.#plot = new uPlot(
      {
        width,
        height: HEIGHT,
        legend: { show: false },
        cursor: { drag: { x: false, y: false } },
        // Dates on the time axis in the gauge's language.
        fmtDate: axisDate(this.locale()),
        scales: { x: { time: true }, y: { auto: false, range: () => [0, this.#top] } },
        axes: [
          { stroke: axis, grid },
          // Every tick in the unit of the highest ("0 GB" under "7.3 GB").
          { stroke: axis, grid, size: 64, values: (_u, ticks) => ticks.map((v) => this.format(v, ticks[ticks.length - 1])) },
        ],
        // The band's edges are not stroked (width 0): only the fill between them shows.
        series: banded ? [{}, { width: 0 }, { width: 0 }, usage] : [{}, usage],
        bands: banded ? [{ series: [2, 1], fill: color(translucent(line), '--gp-usage-gauge-band') }] : [],
        hooks: {
          setCursor: [(u) => this.#show(u.cursor.idx)],
          draw: [
            (u) => {
              this.#limit(u, limit);
              this.drawn(u.data[0].length);
              // Unless a listener of that event took the gauge out of the page, which let go of
              // this plot: no size observer or idle work for a chart that is gone.
              if (this.#plot === u) this.#afterDraw(target);
            },
          ],
        },
      },
      data,
      target,
    );
  }

  /**
   * The capacity as a dashed line across the plot. It is one value, so it is drawn, not
   * given to uPlot as a series of as many points as the usage (which would double the
   * work of every draw).
   */
  #limit(u: uPlot, stroke: string): void {
    if (this.#capacity == null) return;
    const { ctx, bbox } = u;
    const px = uPlot.pxRatio;
    // On a pixel row, not between two: an odd line width is centred half a pixel down.
    const y = Math.round(u.valToPos(this.#capacity, 'y', true)) + (px % 2) / 2;
    ctx.save();
    ctx.strokeStyle = stroke;
    ctx.lineWidth = px;
    ctx.setLineDash([6 * px, 4 * px]);
    ctx.beginPath();
    ctx.moveTo(bbox.left, y);
    ctx.lineTo(bbox.left + bbox.width, y);
    ctx.stroke();
    ctx.restore();
  }

  /**
   * After a draw, nothing of which the first paint needs: the size observer (from the first
   * draw on; its first report is of the width just drawn) and, once the browser is idle, the
   * extras below.
   */
  #afterDraw(target: HTMLElement): void {
    if (!this.#resize) {
      this.#resize = new ResizeObserver(() => {
        const target = this.#plot?.root.parentElement;
        // Its first report comes a frame after the chart was drawn at this very width: uPlot
        // would draw it all again for nothing.
        if (target && target.clientWidth !== this.#plot!.width) this.#plot!.setSize({ width: target.clientWidth, height: HEIGHT });
      });
      this.#resize.observe(this.host);
    }
    this.#idle?.();
    this.#idle = idle(() => {
      this.#idle = undefined;
      if (this.#plot && target.isConnected && this.shows(target)) void this.#extras(target);
    });
  }

  /**
   * What makes the chart readable without seeing it: keyboard focus with arrow keys through
   * the points, a live readout of the point (time, value, share of capacity; over long
   * ranges the mean, lowest and highest) that the pointer fills too, and a visually hidden
   * table summarising the period. All of it lives in this lazy chunk, so the gauge's first
   * bytes do not grow.
   */
  async #extras(target: HTMLElement): Promise<void> {
    await this.t.ready();
    const t = (key: 'chartKeys' | 'chartFrom' | 'chartTo' | 'chartLowest' | 'chartAverage' | 'chartHighest') => this.t.term(key);
    if (!target.hasAttribute('tabindex')) {
      target.tabIndex = 0;
      target.addEventListener('keydown', (e) => this.#key(e));
      target.addEventListener('blur', () => this.#plot?.setCursor({ left: -10, top: -10 }));
    }
    target.setAttribute('aria-description', t('chartKeys'));
    if (!this.#readout?.isConnected || this.#readout.previousElementSibling !== target) {
      this.#readout = document.createElement('p');
      this.#readout.className = 'readout';
      this.#readout.setAttribute('part', 'readout');
      this.#readout.setAttribute('aria-live', 'polite');
      target.after(this.#readout);
      this.#table = undefined;
    }
    const series = this.#series;
    if (!series || this.#tableFor === series) return;
    this.#tableFor = series;
    const table = this.#summary(series, t);
    if (this.#table?.isConnected) this.#table.replaceWith(table);
    else this.#readout.after(table);
    this.#table = table;
  }

  /**
   * Up to twelve parts of the period with their lowest, average and highest value (of the
   * points' lows, means and highs where each point stands for several samples).
   */
  #summary(s: ChartSeries, t: (key: 'chartFrom' | 'chartTo' | 'chartLowest' | 'chartAverage' | 'chartHighest') => string): HTMLElement {
    const lows = s.low ?? s.values;
    const highs = s.high ?? s.values;
    const locale = this.locale();
    const parts = Math.min(12, s.times.length);
    const size = Math.ceil(s.times.length / parts) || 1;
    const when = new Intl.DateTimeFormat(locale, { dateStyle: 'short', timeStyle: 'short' });
    const box = document.createElement('div');
    box.className = 'visually-hidden';
    const table = box.appendChild(document.createElement('table'));
    table.setAttribute('part', 'data-table');
    const caption = table.createCaption();
    caption.textContent = this.t.term('chartTable', Math.ceil(s.times.length / size));
    const head = table.createTHead().insertRow();
    for (const key of ['chartFrom', 'chartTo', 'chartLowest', 'chartAverage', 'chartHighest'] as const) {
      const th = document.createElement('th');
      th.scope = 'col';
      th.textContent = t(key);
      head.append(th);
    }
    const body = table.createTBody();
    for (let start = 0; start < s.times.length; start += size) {
      const end = Math.min(s.times.length, start + size);
      let low = Infinity;
      let high = -Infinity;
      let sum = 0;
      for (let i = start; i < end; i++) {
        if (lows[i]! < low) low = lows[i]!;
        if (highs[i]! > high) high = highs[i]!;
        sum += s.values[i]!;
      }
      const row = body.insertRow();
      for (const text of [
        when.format(s.times[start]! * 1000),
        when.format(s.times[end - 1]! * 1000),
        this.format(low),
        this.format(sum / (end - start)),
        this.format(high),
      ])
        row.insertCell().textContent = text;
    }
    return box;
  }

  #key(e: KeyboardEvent): void {
    const n = this.#series?.times.length ?? 0;
    if (!n || !this.#plot) return;
    const page = Math.max(1, Math.round(n / 10));
    const step: Record<string, number> = { ArrowRight: 1, ArrowUp: 1, ArrowLeft: -1, ArrowDown: -1, PageUp: page, PageDown: -page };
    let next: number;
    if (e.key === 'Home') next = 0;
    else if (e.key === 'End') next = n - 1;
    else if (e.key in step) next = this.#index < 0 ? n - 1 : this.#index + step[e.key]!;
    else return;
    e.preventDefault();
    this.#index = Math.max(0, Math.min(n - 1, next));
    const u = this.#plot;
    u.setCursor({ left: u.valToPos(this.#series!.times[this.#index]!, 'x'), top: u.valToPos(this.#series!.values[this.#index]!, 'y') });
    this.#show(this.#index);
  }

  /** Writes the point's time, value and share of capacity into the live readout. */
  #show(index: number | null | undefined): void {
    const s = this.#series;
    if (!this.#readout || !s || index == null || index < 0 || index >= s.times.length) return;
    const locale = this.locale();
    const value = s.values[index]!;
    const time = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' }).format(s.times[index]! * 1000);
    const share = s.capacity
      ? new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 0 }).format(value / s.capacity)
      : '';
    const text =
      s.low && s.high
        ? this.t.term('chartReadoutRange', time, this.format(value), this.format(s.low[index]!), this.format(s.high[index]!), share)
        : this.t.term('chartReadout', time, this.format(value), share);
    if (this.#readout.textContent !== text) this.#readout.textContent = text;
  }

  destroy(): void {
    // A gauge taken out of the page is let go of now, not when its extras' idle time comes.
    this.#idle?.();
    this.#idle = undefined;
    this.#readout?.remove();
    this.#table?.remove();
    this.#resize?.disconnect();
    this.#resize = undefined;
    this.#plot?.destroy();
    this.#plot = undefined;
  }
}

/**
 * Calls `f` when the browser is idle, and within a quarter second on a busy page (soon after,
 * where it cannot say). Returns what cancels it.
 */
function idle(f: () => void): () => void {
  if (typeof requestIdleCallback === 'function') {
    const id = requestIdleCallback(f, { timeout: 250 });
    return () => cancelIdleCallback(id);
  }
  const id = setTimeout(f, 0);
  return () => clearTimeout(id);
}

/** A CSS colour at a quarter of its opacity, for the band behind the line (any colour syntax the canvas reads). */
function translucent(color: string): string {
  const ctx = document.createElement('canvas').getContext('2d')!;
  ctx.fillStyle = color;
  const c = String(ctx.fillStyle);
  if (c.startsWith('#')) {
    const n = parseInt(c.slice(1), 16);
    return `rgba(${n >> 16}, ${(n >> 8) & 255}, ${n & 255}, 0.25)`;
  }
  return c.replace(/([\d.]+)\)$/, (_, a: string) => `${Number(a) * 0.25})`);
}

/** The highest value, for series that come without a peak. */
function highest(values: number[]): number {
  let top = 0;
  for (const v of values) if (v > top) top = v;
  return top;
}

/** Time-axis formatters by language and template, made once each. */
const axisDates = new Map<string, (date: Date) => string>();

/**
 * uPlot's time-axis templates (`{M}/{D}`, `{h}:{mm}{aa}`, `\n{YYYY}`: its `fmtDate` option) as
 * the reader's language writes those parts, through Intl: "29.11." and "14:00" in German where
 * uPlot alone says "11/29" and "2:00pm". Each line of a template becomes one formatter of the
 * fields it names.
 */
export function axisDate(locale: string): (template: string) => (date: Date) => string {
  return (template) => {
    const key = `${locale}\n${template}`;
    let format = axisDates.get(key);
    if (!format) {
      const lines = template.split('\n').map((line) => {
        const has = (field: string) => line.includes(`{${field}}`);
        const parts: Intl.DateTimeFormatOptions = {
          year: has('YYYY') ? 'numeric' : has('YY') ? '2-digit' : undefined,
          month: has('MMM') ? 'short' : has('M') ? 'numeric' : undefined,
          day: has('D') ? 'numeric' : undefined,
          hour: has('h') ? 'numeric' : undefined,
          minute: has('mm') ? '2-digit' : undefined,
          second: has('ss') ? '2-digit' : undefined,
        };
        const intl = Object.values(parts).some(Boolean) ? new Intl.DateTimeFormat(locale, parts) : undefined;
        return (date: Date) => intl?.format(date) ?? '';
      });
      format = (date) => lines.map((line) => line(date)).join('\n');
      axisDates.set(key, format);
    }
    return format;
  };
}
