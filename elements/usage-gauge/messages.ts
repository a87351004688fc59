import { registerMessages } from '../core/localize.js';

/**
 * English messages of `gp-usage-gauge` before it has data (heading, ranges, errors); the
 * words of its numbers and chart load with the chart (readout-messages.ts). Other languages
 * load when a page first needs them.
 */
export const en = {
  /** A load that failed, and the system it comes from, as the error state names them. */
  usageFailed: 'Usage could not be loaded',
  usageSystem: 'The usage monitoring',
  metricName: { cpu: 'CPU', memory: 'Memory', disk: 'Disk', bandwidth: 'Bandwidth' } as Record<string, string>,
  usageOf: (metric: string, server: string) => `${metric} usage of ${server}`,
  range: { live: 'Live', '24h': '24 h', '7d': '7 days', '30d': '30 days', '1y': '1 year' } as Record<string, string>,
  chartRange: 'Time range',
};

type UsageGaugeMessages = typeof en;
declare module '../core/localize.js' {
  interface Messages extends UsageGaugeMessages {}
}

registerMessages(en, { de: () => import('./messages.de.js').then((m) => m.de) });
