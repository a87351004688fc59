import { registerMessages } from '../core/localize.js';

/** Messages of the usage chart's readout; loaded with the chart (a lazy chunk), not with the gauge. */
export const en = {
  /** The point under the cursor or the keyboard focus. */
  chartReadout: (time: string, value: string, share: string) => (share ? `${time}: ${value}, ${share} of capacity` : `${time}: ${value}`),
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
