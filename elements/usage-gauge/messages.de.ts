import type { en } from './messages.js';

export const de: typeof en = {
  usageFailed: 'Die Auslastung konnte nicht geladen werden',
  usageSystem: 'Die Nutzungsüberwachung',
  metricName: { cpu: 'CPU', memory: 'Arbeitsspeicher', disk: 'Festplatte', bandwidth: 'Bandbreite' },
  usageOf: (metric, server) => `${metric}-Auslastung von ${server}`,
  ofCapacity: (value, capacity) => `${value} von ${capacity}`,
  noUsage: 'Für diesen Zeitraum gibt es noch keine Messwerte.',
  range: { live: 'Live', '24h': '24 Std.', '7d': '7 Tage', '30d': '30 Tage', '1y': '1 Jahr' },
  rangePhrase: { live: 'in der letzten Stunde', '24h': 'in den letzten 24 Stunden', '7d': 'in den letzten 7 Tagen', '30d': 'in den letzten 30 Tagen', '1y': 'im letzten Jahr' },
  chartRange: 'Zeitraum',
  limitHits: (metric, n, when) => {
    const When = when.charAt(0).toUpperCase() + when.slice(1);
    return n === 0 ? `${When} nie am ${metric}-Limit.` : n === 1 ? `${When} einmal am ${metric}-Limit.` : `${When} ${n}-mal am ${metric}-Limit.`;
  },
  peak: 'Spitze',
  p95: '95. Perzentil',
  timeAbove90: 'Zeit über 90 %',
  upgrade: 'Upgrade',
  upgradeHint: 'Mehr Kapazität',
  chartLabel: (metric, when) => `Diagramm der ${metric}-Auslastung ${when}; die Zahlen stehen daneben.`,
};
