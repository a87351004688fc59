import type { en } from './readout-messages.js';

export const de: typeof en = {
  ofCapacity: (value, capacity) => `${value} von ${capacity}`,
  noUsage: 'Für diesen Zeitraum gibt es noch keine Messwerte.',
  rangePhrase: {
    live: 'in der letzten Stunde',
    '24h': 'in den letzten 24 Stunden',
    '7d': 'in den letzten 7 Tagen',
    '30d': 'in den letzten 30 Tagen',
    '1y': 'im letzten Jahr',
  },
  limitHits: (metric, n, when) => {
    const When = when.charAt(0).toUpperCase() + when.slice(1);
    return n === 0
      ? `${When} nie am ${metric}-Limit.`
      : n === 1
        ? `${When} einmal am ${metric}-Limit.`
        : `${When} ${n}-mal am ${metric}-Limit.`;
  },
  peak: 'Spitze',
  p95: '95. Perzentil',
  timeAbove90: 'Zeit über 90 %',
  upgrade: 'Upgrade',
  upgradeHint: 'Mehr Kapazität',
  chartLabel: (metric, when) => `Diagramm der ${metric}-Auslastung ${when}; die Zahlen stehen daneben.`,
  chartReadout: (time, value, share) => (share ? `${time}: ${value}, ${share} der Kapazität` : `${time}: ${value}`),
  chartReadoutRange: (time, mean, low, high, share) =>
    `${time}: Mittel ${mean}, niedrigster ${low}, höchster ${high}${share ? `, im Mittel ${share} der Kapazität` : ''}`,
  chartKeys: 'Pfeiltasten gehen durch die Werte; Pos1 und Ende springen zum ersten und letzten.',
  chartTable: (parts) => `Das Diagramm als Tabelle: der Zeitraum in ${parts} Abschnitten, niedrigster, mittlerer und höchster Wert.`,
  chartFrom: 'Von',
  chartTo: 'Bis',
  chartLowest: 'Niedrigster',
  chartAverage: 'Mittel',
  chartHighest: 'Höchster',
};
