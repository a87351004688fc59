import type { en } from './readout-messages.js';

export const de: typeof en = {
  chartReadout: (time, value, share) => (share ? `${time}: ${value}, ${share} der Kapazität` : `${time}: ${value}`),
  chartKeys: 'Pfeiltasten gehen durch die Werte; Pos1 und Ende springen zum ersten und letzten.',
  chartTable: (parts) => `Das Diagramm als Tabelle: der Zeitraum in ${parts} Abschnitten, niedrigster, mittlerer und höchster Wert.`,
  chartFrom: 'Von',
  chartTo: 'Bis',
  chartLowest: 'Niedrigster',
  chartAverage: 'Mittel',
  chartHighest: 'Höchster',
};
