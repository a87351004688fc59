import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { sendKeys, setViewport } from '@web/test-runner-commands';
import './usage-gauge.js';
import type { GpUsageGauge } from './usage-gauge.component.js';
import { mount, streamReady, until } from '../test/helpers.js';
import { ApiClient } from '../core/api-client.js';

/** The canvas row with the most capacity-coloured (pure green) pixels, and how many it has. */
function capacityLine(el: GpUsageGauge): { row: number; length: number; width: number } {
  const canvas = el.shadowRoot!.querySelector<HTMLCanvasElement>('.chart canvas')!;
  const { width, height } = canvas;
  const pixels = canvas.getContext('2d')!.getImageData(0, 0, width, height).data;
  let best = { row: -1, length: 0, width };
  for (let y = 0; y < height; y++) {
    let n = 0;
    for (let x = 0; x < width; x++) {
      const i = (y * width + x) * 4;
      if (pixels[i]! < 60 && pixels[i + 1]! > 200 && pixels[i + 2]! < 60) n++;
    }
    if (n > best.length) best = { row: y, length: n, width };
  }
  return best;
}

const text = (el: GpUsageGauge) => el.shadowRoot!.textContent!.replace(/\s+/g, ' ');
/** A CPU series of 50 one-minute samples rising 0…49 %, as the usage endpoint answers it. */
const rampData = (): GpUsageGauge['data'] => {
  const times = Array.from({ length: 50 }, (_, i) => 1_800_000_000 + i * 60);
  return {
    metric: 'cpu',
    unit: 'percent',
    capacity: 100,
    resolution: 'raw',
    times,
    values: times.map((_, i) => i),
    stats: { peak: 49, p95: 47, shareAbove90: 0, limitHits: 0, current: 49, capacity: 100 },
  };
};

/**
 * The texts every canvas draws (`fillText`) while `run` runs: what the chart wrote on its axes.
 * `run` gets the list as it fills, to wait on it.
 */
async function canvasTexts(run: (drawn: string[]) => Promise<void>): Promise<void> {
  const drawn: string[] = [];
  const { fillText } = CanvasRenderingContext2D.prototype;
  CanvasRenderingContext2D.prototype.fillText = function (this: CanvasRenderingContext2D, t: string, x: number, y: number) {
    drawn.push(String(t));
    return fillText.call(this, t, x, y);
  };
  try {
    await run(drawn);
  } finally {
    CanvasRenderingContext2D.prototype.fillText = fillText;
  }
}

describe('gp-usage-gauge', () => {
  it('shows current CPU against capacity, how often it hit the limit, and the chart', async () => {
    const { el } = await mount<GpUsageGauge>(
      html`<gp-usage-gauge server="memcloud:a1" server-name="web-01" metric="cpu" range="7d"></gp-usage-gauge>`,
    );
    await until(() => el.shadowRoot!.querySelector('[role="meter"]'), 'meter');
    const meter = el.shadowRoot!.querySelector('[role="meter"]')!;
    expect(meter.getAttribute('aria-valuemax')).to.equal('100');
    expect(meter.getAttribute('aria-valuetext')).to.match(/% of 100%/);
    expect(text(el)).to.match(/At the CPU limit \d+ times in the last 7 days\./);
    expect(text(el)).to.contain('Peak');
    expect(text(el)).to.contain('100%');
    await until(() => el.shadowRoot!.querySelector('.chart canvas'), 'uPlot drew the chart');
    await expect(el).to.be.accessible();
  });

  it('draws the capacity as a line across the chart, in the colour the theme gives it', async () => {
    const { el } = await mount<GpUsageGauge>(
      html`<gp-usage-gauge style="--gp-usage-gauge-capacity: rgb(0, 255, 0)" server="memcloud:a1" metric="cpu" range="7d"></gp-usage-gauge>`,
    );
    await until(() => el.shadowRoot!.querySelector('.chart canvas'), 'chart drawn');
    await new Promise((r) => requestAnimationFrame(r));
    const { row, length, width } = capacityLine(el);
    expect(row).to.be.greaterThan(0);
    // Dashed 6 on, 4 off across the plot: well over a third of the row.
    expect(length).to.be.greaterThan(width / 3);
    // Without a pointer over the plot, no cursor cross-hair is drawn over the chart.
    for (const line of el.shadowRoot!.querySelectorAll('.u-cursor-x, .u-cursor-y')) expect(getComputedStyle(line).display).to.equal('none');
  });

  it('given data, draws it; an empty series shows words, not a stale chart; new data draws again', async () => {
    const series = (times: number[]) => ({
      metric: 'cpu' as const,
      unit: 'percent',
      capacity: 100,
      resolution: 'raw',
      times,
      values: times.map((_, i) => 40 + i),
      stats: { peak: 50, p95: 49, shareAbove90: 0, limitHits: 0, current: 45, capacity: 100 },
    });
    const { el } = await mount<GpUsageGauge>(html`<gp-usage-gauge server="memcloud:a1" metric="cpu" no-upgrade></gp-usage-gauge>`);
    el.data = series(Array.from({ length: 10 }, (_, i) => 1_800_000_000 + i * 60));
    await until(() => el.shadowRoot!.querySelector('.chart canvas'), 'chart drawn from data');
    // The bar fills 45 % of the meter: 45 of a capacity of 100.
    const [meter, fill] = ['.meter', '.fill'].map((s) => el.shadowRoot!.querySelector(s)!.getBoundingClientRect().width);
    expect(fill! / (meter! - 2)).to.be.closeTo(0.45, 0.01);
    el.data = series([]);
    await until(() => text(el).includes('No usage data for this period yet.'), 'empty state');
    expect(el.shadowRoot!.querySelector('canvas')).to.equal(null);
    el.data = series(Array.from({ length: 5 }, (_, i) => 1_800_000_000 + i * 60));
    await until(() => el.shadowRoot!.querySelector('.chart canvas'), 'drawn again');
  });

  it('scales its axis to the peak or the capacity, whichever is higher, and again on new data', async () => {
    const { el } = await mount<GpUsageGauge>(
      html`<gp-usage-gauge style="--gp-usage-gauge-capacity: rgb(0, 255, 0)" server="memcloud:a1" metric="cpu" no-upgrade></gp-usage-gauge>`,
    );
    const times = Array.from({ length: 100 }, (_, i) => 1_800_000_000 + i * 60);
    const show = async (values: number[], peak: number | null) => {
      const drawn = oneEvent(el, 'gp-usage-chart-drawn');
      el.data = {
        metric: 'cpu',
        unit: 'percent',
        capacity: 100,
        resolution: 'raw',
        times,
        values,
        stats: { peak, p95: null, shareAbove90: 0, limitHits: 0, current: values.at(-1)!, capacity: 100 },
      };
      await drawn;
      return capacityLine(el).row;
    };
    // Below capacity: the capacity line sits near the top. Rows count down from the top.
    const low = await show(
      times.map((_, i) => i / 2),
      49.5,
    );
    // A peak of twice the capacity puts the line about halfway down: the peak is on the chart.
    const high = await show(
      times.map((_, i) => i * 2),
      198,
    );
    expect(high - low).to.be.greaterThan(40);
    // Data without a peak (a portal handing in its own numbers) is scanned for one.
    const scanned = await show(
      times.map((_, i) => i * 4),
      null,
    );
    expect(scanned).to.be.greaterThan(high + 20);
  });

  it('draws a new chart once, and again only when its width changes', async () => {
    const { el } = await mount<GpUsageGauge>(html`<gp-usage-gauge server="memcloud:a1" metric="cpu" no-upgrade></gp-usage-gauge>`);
    let draws = 0;
    el.addEventListener('gp-usage-chart-drawn', () => draws++);
    el.data = rampData();
    await until(() => draws > 0, 'first draw');
    const frames = async (n: number) => {
      for (let i = 0; i < n; i++) await new Promise((r) => requestAnimationFrame(r));
    };
    // The size observer reports once after the first draw, at the same width.
    await frames(3);
    expect(draws).to.equal(1);
    const canvas = () => el.shadowRoot!.querySelector<HTMLCanvasElement>('.chart canvas')!;
    const before = canvas().getBoundingClientRect().width;
    el.style.width = `${Math.round(before / 2)}px`;
    await until(() => draws === 2, 'drawn again at the new width');
    expect(canvas().getBoundingClientRect().width).to.be.lessThan(before);
  });

  it('taken out of the page as it draws, keeps no chart nor idle work; put back, draws it again and adds its extras when idle', async () => {
    // Idle time comes when this test says: the chart's extras (readout, table) wait for it.
    const { requestIdleCallback: ask, cancelIdleCallback: cancel } = window;
    const pending = new Map<number, IdleRequestCallback>();
    let ids = 0;
    window.requestIdleCallback = (f) => (pending.set(++ids, f), ids);
    window.cancelIdleCallback = (id) => void pending.delete(id);
    try {
      // Given its data, without a provider: no stream message or context answer updates it when it is put back.
      const page = await fixture<HTMLDivElement>(html`<div><gp-usage-gauge metric="cpu" no-upgrade></gp-usage-gauge></div>`);
      const el = page.firstElementChild as GpUsageGauge;
      let draws = 0;
      el.addEventListener('gp-usage-chart-drawn', () => draws++);
      // Removed on its first draw, before the update its data's settling asks for has run.
      el.addEventListener('gp-usage-chart-drawn', () => el.remove(), { once: true });
      el.data = rampData();
      await until(() => draws > 0 && !el.isConnected, 'drawn, then removed');
      await el.updateComplete;
      await new Promise((r) => requestAnimationFrame(r));
      // No plot drawn for a gauge nobody sees (nor kept: it would hold the series and a size
      // observer), and no idle callback holding the gauge until the browser is idle.
      expect(draws).to.equal(1);
      expect(el.shadowRoot!.querySelector('.chart canvas')).to.equal(null);
      expect(pending.size).to.equal(0);
      page.append(el);
      await until(() => draws === 2, 'drawn again once back in the page');
      expect(el.shadowRoot!.querySelectorAll('.chart canvas').length).to.be.greaterThan(0);
      expect(pending.size).to.equal(1);
      // Taken out again before idle time came: its extras are called off with the chart.
      el.remove();
      expect(pending.size).to.equal(0);
      page.append(el);
      await until(() => draws === 3 && pending.size === 1, 'drawn again, its extras waiting');
      for (const f of pending.values()) f({ didTimeout: false, timeRemaining: () => 50 });
      await until(() => el.shadowRoot!.querySelector('[part="readout"]'), 'its extras, once the browser is idle');
    } finally {
      window.requestIdleCallback = ask;
      window.cancelIdleCallback = cancel;
    }
  });

  it('asks for no more points than the chart is wide', async () => {
    const requests: string[] = [];
    const original = window.fetch;
    window.fetch = (input, init) => {
      requests.push(String(input));
      return original(input, init);
    };
    try {
      const { el } = await mount<GpUsageGauge>(
        html`<gp-usage-gauge style="display:block;width:300px" server="memcloud:a1" metric="cpu" range="24h"></gp-usage-gauge>`,
      );
      await until(() => el.shadowRoot!.querySelector('.chart'), 'chart');
      const url = new URL(requests.find((r) => r.includes('/usage'))!);
      expect(Number(url.searchParams.get('maxDataPoints'))).to.be.at.most(300);
      expect((el as unknown as { usage: { series: { values: number[] } } }).usage.series.values.length).to.be.at.most(300);
    } finally {
      window.fetch = original;
    }
  });

  it('keeps data handed in when a fetch started before it answers late', async () => {
    const originalFetch = window.fetch;
    const originalGet = ApiClient.prototype.get;
    let sent!: () => void;
    const asked = new Promise<void>((r) => (sent = r));
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    let late: Promise<unknown> | undefined;
    // A slow answer that ignores the abort, as a wrapped or polyfilled fetch may; it answers when the test says so.
    window.fetch = async (input, init) => {
      const usage = String(input).includes('/usage');
      if (usage) sent();
      const res = await originalFetch(input, { ...init, signal: undefined });
      if (usage) await gate;
      return res;
    };
    ApiClient.prototype.get = function (this: ApiClient, ...args: Parameters<ApiClient['get']>) {
      const answer = originalGet.apply(this, args);
      if (args[0].includes('/usage')) late ??= answer.catch(() => undefined);
      return answer;
    } as ApiClient['get'];
    try {
      const { el } = await mount<GpUsageGauge>(html`<gp-usage-gauge server="memcloud:a1" metric="cpu"></gp-usage-gauge>`);
      await asked;
      const times = Array.from({ length: 10 }, (_, i) => 1_800_000_000 + i * 60);
      el.data = {
        metric: 'cpu',
        unit: 'percent',
        capacity: 100,
        resolution: 'raw',
        times,
        values: times.map(() => 12),
        stats: { peak: 12, p95: 12, shareAbove90: 0, limitHits: 0, current: 12, capacity: 100 },
      };
      await el.updateComplete;
      release();
      await late;
      // The stale run ends in microtasks queued behind the answer; a task boundary lets them all run.
      await new Promise<void>((r) => {
        const channel = new MessageChannel();
        channel.port1.onmessage = () => r();
        channel.port2.postMessage(null);
      });
      await el.updateComplete;
      expect(el.shadowRoot!.querySelector('.now')!.textContent).to.equal('12%');
      expect((el as unknown as { usage: { series: { values: number[] } } }).usage.series.values).to.have.length(10);
    } finally {
      window.fetch = originalFetch;
      ApiClient.prototype.get = originalGet;
    }
  });

  it('reads out the point under the keyboard focus in a live region, and summarises the chart in a hidden table', async () => {
    const times = Array.from({ length: 24 }, (_, i) => 1_800_000_000 + i * 3600);
    const values = times.map((_, i) => (i === 23 ? 91 : 10 + i));
    const data = {
      metric: 'cpu' as const,
      unit: 'percent',
      capacity: 100,
      resolution: 'raw',
      times,
      values,
      stats: { peak: 91, p95: 32, shareAbove90: 0.04, limitHits: 0, current: 91, capacity: 100 },
    };
    const { el } = await mount<GpUsageGauge>(
      html`<gp-usage-gauge style="display:block;width:390px" server="memcloud:a1" metric="cpu" .data=${data}></gp-usage-gauge>`,
    );
    const chart = () => el.shadowRoot!.querySelector<HTMLElement>('.chart')!;
    const readout = () => el.shadowRoot!.querySelector<HTMLElement>('[part="readout"]');
    await until(() => readout() && chart().tabIndex === 0, 'the chart is focusable with a readout');
    expect(readout()!.getAttribute('aria-live')).to.equal('polite');
    chart().focus();
    await sendKeys({ press: 'End' });
    const time = (i: number) => new Intl.DateTimeFormat('en', { dateStyle: 'medium', timeStyle: 'short' }).format(times[i]! * 1000);
    await until(() => readout()!.textContent === `${time(23)}: 91%, 91% of capacity`, 'the last point read out');
    await sendKeys({ press: 'ArrowLeft' });
    await until(() => readout()!.textContent === `${time(22)}: 32%, 32% of capacity`, 'one point back');
    await sendKeys({ press: 'Home' });
    await until(() => readout()!.textContent!.startsWith(`${time(0)}: 10%`), 'the first point');

    await until(() => el.shadowRoot!.querySelector('[part="data-table"]'), 'the table alternative');
    const table = el.shadowRoot!.querySelector<HTMLTableElement>('[part="data-table"]')!;
    expect(table.parentElement!.classList.contains('visually-hidden')).to.equal(true);
    expect(table.parentElement!.getBoundingClientRect().width, 'clipped for screen readers only').to.be.at.most(1);
    expect(table.caption!.textContent).to.contain('12 parts');
    expect([...table.tHead!.rows[0]!.cells].map((c) => c.textContent)).to.deep.equal(['From', 'To', 'Lowest', 'Average', 'Highest']);
    expect(table.tBodies[0]!.rows).to.have.length(12);
    expect(table.tBodies[0]!.rows[11]!.cells[4]!.textContent, 'the last part holds the peak').to.equal('91%');
    await expect(el).to.be.accessible();
  });

  it('draws a downsampled year as a low–high band around its mean line, says so in the readout and table; a day has no band', async () => {
    // Green band, blue line: the band's pixels are told apart from the line's on the canvas.
    const style = '--gp-usage-gauge-band: rgb(0, 255, 0); --gp-usage-gauge-line: rgb(0, 0, 255); display: block; width: 600px';
    const { el } = await mount<GpUsageGauge>(
      html`<gp-usage-gauge style=${style} server="memcloud:a1" metric="cpu" range="1y" no-upgrade></gp-usage-gauge>`,
    );
    const green = () => {
      const canvas = el.shadowRoot!.querySelector<HTMLCanvasElement>('.chart canvas')!;
      const pixels = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data;
      let n = 0;
      for (let i = 0; i < pixels.length; i += 4)
        if (pixels[i]! < 60 && pixels[i + 1]! > 60 && pixels[i + 2]! < 60 && pixels[i + 3]! > 0) n++;
      return n;
    };
    const year = Array.from({ length: 365 }, (_, i) => 1_800_000_000 + i * 86400);
    const values = year.map((_, i) => 40 + 10 * Math.sin(i / 20));
    const stats = { peak: 90, p95: 70, shareAbove90: 0, limitHits: 0, current: 40, capacity: 100 };
    const banded = {
      metric: 'cpu' as const,
      unit: 'percent',
      capacity: 100,
      resolution: '1h',
      times: year,
      values,
      low: values.map((v) => v - 30),
      high: values.map((v) => v + 40),
      stats,
    };
    let drawn = oneEvent(el, 'gp-usage-chart-drawn');
    el.data = banded;
    await drawn;
    expect(green(), 'the band is filled').to.be.greaterThan(5000);

    const readout = () => el.shadowRoot!.querySelector<HTMLElement>('[part="readout"]');
    const chart = () => el.shadowRoot!.querySelector<HTMLElement>('.chart')!;
    await until(() => readout() && chart().tabIndex === 0, 'the readout');
    chart().focus();
    await sendKeys({ press: 'Home' });
    await until(
      () => /mean 40%, lowest 10%, highest 80%, mean 40% of capacity$/.test(readout()!.textContent!),
      'the first point read out as mean, lowest, highest',
    );
    await until(() => el.shadowRoot!.querySelector('[part="data-table"]'), 'the table alternative');
    const table = el.shadowRoot!.querySelector<HTMLTableElement>('[part="data-table"]')!;
    const first = [...table.tBodies[0]!.rows[0]!.cells].map((c) => c.textContent);
    // Its first part: lowest of the lows, mean of the means, highest of the highs.
    const part = Math.ceil(365 / 12);
    const pct = (v: number) => `${Math.round(v)}%`;
    expect(first.slice(2)).to.deep.equal([
      pct(Math.min(...banded.low.slice(0, part))),
      pct(values.slice(0, part).reduce((a, b) => a + b, 0) / part),
      pct(Math.max(...banded.high.slice(0, part))),
    ]);

    // A day at full resolution: the line alone, no band.
    const day = Array.from({ length: 288 }, (_, i) => 1_800_000_000 + i * 300);
    drawn = oneEvent(el, 'gp-usage-chart-drawn');
    el.range = '24h';
    el.data = {
      metric: 'cpu',
      unit: 'percent',
      capacity: 100,
      resolution: 'raw',
      times: day,
      values: day.map((_, i) => 40 + (i % 10)),
      stats,
    };
    await drawn;
    expect(green(), 'no band').to.equal(0);
    await expect(el).to.be.accessible();
  });

  it('moves live when a sample arrives over the stream', async () => {
    const { el } = await mount<GpUsageGauge>(html`<gp-usage-gauge server="memcloud:a1" metric="cpu" range="24h"></gp-usage-gauge>`);
    await until(() => el.shadowRoot!.querySelector('[role="meter"]'), 'meter');
    await streamReady(el);
    await fetch('/__test/usage?value=77', { method: 'POST' });
    await until(() => el.shadowRoot!.querySelector('.now')?.textContent === '77%', 'live sample shown');
  });

  it('emits gp-upgrade-requested with the server, metric and the numbers behind it', async () => {
    const { el } = await mount<GpUsageGauge>(html`<gp-usage-gauge server="memcloud:a1" metric="memory"></gp-usage-gauge>`);
    await until(() => el.shadowRoot!.querySelector('[part="upgrade"]'), 'upgrade button');
    let detail: unknown;
    el.addEventListener('gp-upgrade-requested', (e) => (detail = e.detail));
    el.shadowRoot!.querySelector<HTMLButtonElement>('[part="upgrade"]')!.click();
    expect(detail).to.deep.include({ serverId: 'memcloud:a1', metric: 'memory', capacity: 4096 });
  });

  it('switches ranges with buttons that say which is selected', async () => {
    const { el } = await mount<GpUsageGauge>(html`<gp-usage-gauge server="memcloud:a1" metric="cpu"></gp-usage-gauge>`);
    await until(() => el.shadowRoot!.querySelector('[role="meter"]'), 'meter');
    const buttons = [...el.shadowRoot!.querySelectorAll<HTMLButtonElement>('.ranges button')];
    expect(buttons.find((b) => b.getAttribute('aria-pressed') === 'true')!.textContent).to.equal('24 h');
    buttons.find((b) => b.textContent === '30 days')!.click();
    await until(() => text(el).includes('in the last 30 days'), 'range changed');
    expect(el.range).to.equal('30d');
  });

  it('says plainly when there is no data, speaks German, fits 320 px', async () => {
    await setViewport({ width: 320, height: 700 });
    const { el } = await mount<GpUsageGauge>(html`<gp-usage-gauge server="memcloud:a1" metric="bandwidth"></gp-usage-gauge>`, {
      locale: 'de',
    });
    await until(() => text(el).includes('keine Messwerte'), 'empty state in German');
    expect(text(el)).to.contain('Bandbreite');
    expect(el.scrollWidth).to.be.at.most(320);
    await expect(el).to.be.accessible();
    await setViewport({ width: 1024, height: 768 });
  });

  it('writes the time axis in its language: German days as 29.11., not 11/29', async () => {
    // A week of hourly samples from 1 Dec 2026: the axis ticks days.
    const times = Array.from({ length: 7 * 24 }, (_, i) => Date.UTC(2026, 11, 1) / 1000 + i * 3600);
    const data = { ...rampData(), times, values: times.map((_, i) => i % 50) };
    await canvasTexts(async (drawn) => {
      for (const locale of ['de', 'en']) {
        drawn.length = 0;
        const { el } = await mount<GpUsageGauge>(html`<gp-usage-gauge metric="cpu" range="7d" .data=${data}></gp-usage-gauge>`, { locale });
        await until(() => drawn.some((t) => /\d/.test(t) && !t.includes('%')), `the ${locale} time axis drawn`);
        const days = drawn.filter((t) => !t.includes('%'));
        if (locale === 'de') {
          expect(
            days.some((t) => /^\d{1,2}\.\d{1,2}\.$/.test(t)),
            days.join(' | '),
          ).to.equal(true);
          expect(
            days.some((t) => t.includes('/')),
            days.join(' | '),
          ).to.equal(false);
        } else
          expect(
            days.some((t) => /^\d{1,2}\/\d{1,2}$/.test(t)),
            days.join(' | '),
          ).to.equal(true);
        el.remove();
      }
    });
  });

  it('writes every memory tick in the unit of the highest: 0 GB under 7 GB, never "0 byte"', async () => {
    const times = Array.from({ length: 50 }, (_, i) => 1_800_000_000 + i * 60);
    const data = {
      ...rampData(),
      metric: 'memory' as const,
      unit: 'MB',
      capacity: 8192,
      values: times.map((_, i) => 2048 + i * 100),
      stats: { peak: 6948, p95: 6700, shareAbove90: 0, limitHits: 0, current: 6948, capacity: 8192 },
    };
    await canvasTexts(async (drawn) => {
      const { el } = await mount<GpUsageGauge>(html`<gp-usage-gauge metric="memory" range="live" .data=${data}></gp-usage-gauge>`);
      await until(() => drawn.some((t) => /B$/.test(t)), 'the memory axis drawn');
      const ticks = drawn.filter((t) => /\d\s?\S*B$/.test(t));
      expect(ticks.length, drawn.join(' | ')).to.be.greaterThan(2);
      expect(
        ticks.every((t) => /\sGB$/.test(t)),
        ticks.join(' | '),
      ).to.equal(true);
      expect(drawn.join(' ')).not.to.contain('byte');
      el.remove();
    });
  });

  it("another tenant's server is an error in words, not a blank", async () => {
    const { el } = await mount<GpUsageGauge>(html`<gp-usage-gauge server="memcloud:g1" metric="cpu"></gp-usage-gauge>`);
    await until(() => el.shadowRoot!.querySelector('[part~="error"]'), 'error state');
    expect(text(el)).to.contain('No server with id "memcloud:g1"');
  });
});
