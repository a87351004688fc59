import { registerMessages } from '../core/localize.js';

/**
 * Messages of the gauge once it has data: its numbers, the chart's readout and table. They
 * load with the chart (a lazy chunk), not with the gauge.
 */
export const en = {
  ofCapacity: (value: string, capacity: string) => `${value} of ${capacity}`,
  noUsage: 'No usage data for this period yet.',
  rangePhrase: {
    live: 'in the last hour',
    '24h': 'in the last 24 hours',
    '7d': 'in the last 7 days',
    '30d': 'in the last 30 days',
    '1y': 'in the last year',
  } as Record<string, string>,
  limitHits: (metric: string, n: number, when: string) =>
    n === 0
      ? `Never at the ${metric} limit ${when}.`
      : n === 1
        ? `At the ${metric} limit once ${when}.`
        : `At the ${metric} limit ${n} times ${when}.`,
  peak: 'Peak',
  p95: '95th percentile',
  timeAbove90: 'Time above 90 %',
  upgrade: 'Upgrade',
  upgradeHint: 'More capacity',
  chartLabel: (metric: string, when: string) => `Chart of ${metric} usage ${when}; the numbers are listed beside it.`,
  /** The point under the cursor or the keyboard focus. */
  chartReadout: (time: string, value: string, share: string) => (share ? `${time}: ${value}, ${share} of capacity` : `${time}: ${value}`),
  /** The same for a point that stands for several samples (a long range): their mean, lowest and highest. */
  chartReadoutRange: (time: string, mean: string, low: string, high: string, share: string) =>
    `${time}: mean ${mean}, lowest ${low}, highest ${high}${share ? `, mean ${share} of capacity` : ''}`,
  chartKeys: 'Arrow keys move through the values; Home and End go to the first and the last.',
  chartTable: (parts: number) => `The chart as a table: the period in ${parts} parts, lowest, average and highest value of each.`,
  chartFrom: 'From',
  chartTo: 'To',
  chartLowest: 'Lowest',
  chartAverage: 'Average',
  chartHighest: 'Highest',
};

type ReadoutMessages = typeof en;
declare module '../core/localize.js' {
  interface Messages extends ReadoutMessages {}
}

registerMessages(en, { de: () => import('./readout-messages.de.js').then((m) => m.de) });
