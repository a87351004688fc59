import { registerMessages } from '../core/localize.js';

/** English messages of `gp-usage-gauge`; other languages load when a page first needs them. */
export const en = {
  /** A load that failed, and the system it comes from, as the error state names them. */
  usageFailed: 'Usage could not be loaded',
  usageSystem: 'The usage monitoring',
  metricName: { cpu: 'CPU', memory: 'Memory', disk: 'Disk', bandwidth: 'Bandwidth' } as Record<string, string>,
  usageOf: (metric: string, server: string) => `${metric} usage of ${server}`,
  ofCapacity: (value: string, capacity: string) => `${value} of ${capacity}`,
  noUsage: 'No usage data for this period yet.',
  range: { live: 'Live', '24h': '24 h', '7d': '7 days', '30d': '30 days', '1y': '1 year' } as Record<string, string>,
  rangePhrase: { live: 'in the last hour', '24h': 'in the last 24 hours', '7d': 'in the last 7 days', '30d': 'in the last 30 days', '1y': 'in the last year' } as Record<string, string>,
  chartRange: 'Time range',
  limitHits: (metric: string, n: number, when: string) => (n === 0 ? `Never at the ${metric} limit ${when}.` : n === 1 ? `At the ${metric} limit once ${when}.` : `At the ${metric} limit ${n} times ${when}.`),
  peak: 'Peak',
  p95: '95th percentile',
  timeAbove90: 'Time above 90 %',
  upgrade: 'Upgrade',
  upgradeHint: 'More capacity',
  chartLabel: (metric: string, when: string) => `Chart of ${metric} usage ${when}; the numbers are listed beside it.`,
};

type UsageGaugeMessages = typeof en;
declare module '../core/localize.js' {
  interface Messages extends UsageGaugeMessages {}
}

registerMessages(en, { de: () => import('./messages.de.js').then((m) => m.de) });
