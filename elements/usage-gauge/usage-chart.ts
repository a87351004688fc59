import uPlot from 'uplot';
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

/** What the gauge hands the chart: its colours and formatting come from the element. */
export interface ChartSpec {
  times: number[];
  values: number[];
  capacity: number | null;
  width: number;
  colors: { line: string; limit: string; axis: string };
  format: (value: number) => string;
  onDraw: (points: number) => void;
}

/**
 * The gauge's uPlot chart, in its own chunk so that the gauge's first bytes hold neither
 * uPlot nor its options. Reuses `plot` when it still lives in `target`.
 */
export function drawChart(target: HTMLElement, spec: ChartSpec, plot?: uPlot): uPlot {
  const { capacity, colors } = spec;
  const data: uPlot.AlignedData = [spec.times, spec.values, spec.times.map(() => capacity)];
  if (plot && plot.root.parentElement === target) {
    plot.setData(data);
    return plot;
  }
  plot?.destroy();
  const grid = { stroke: 'rgba(128,128,128,0.15)' };
  return new uPlot(
    {
      width: spec.width,
      height: 180,
      legend: { show: false },
      cursor: { drag: { x: false, y: false } },
      scales: { x: { time: true }, y: { range: (_u, _min, max) => [0, Math.max(max ?? 0, capacity ?? 0) * 1.05 || 1] } },
      axes: [
        { stroke: colors.axis, grid },
        { stroke: colors.axis, grid, size: 64, values: (_u, ticks) => ticks.map(spec.format) },
      ],
      series: [{}, { stroke: colors.line, width: 1.5 }, { stroke: colors.limit, width: 1, dash: [6, 4] }],
      hooks: { draw: [(u) => spec.onDraw(u.data[0].length)] },
    },
    data,
    target,
  );
}
