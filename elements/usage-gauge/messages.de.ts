import type { en } from './messages.js';

export const de: typeof en = {
  usageFailed: 'Die Auslastung konnte nicht geladen werden',
  usageSystem: 'Die Nutzungsüberwachung',
  metricName: { cpu: 'CPU', memory: 'Arbeitsspeicher', disk: 'Festplatte', bandwidth: 'Bandbreite' },
  usageOf: (metric, server) => `${metric}-Auslastung von ${server}`,
  range: { live: 'Live', '24h': '24 Std.', '7d': '7 Tage', '30d': '30 Tage', '1y': '1 Jahr' },
  chartRange: 'Zeitraum',
};
