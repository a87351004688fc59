import type { en } from './attachment-messages.js';

export const de: typeof en = {
  attachFiles: 'Dateien anhängen',
  attachLimits: (files, size) => `Bis zu ${files} Dateien, je ${size}.`,
  chosenFiles: 'Zu sendende Dateien',
  removeFile: (name) => `${name} entfernen`,
  removeFileShort: 'Entfernen',
  fileTooLarge: (name, size) => `${name} ist größer als ${size}.`,
  fileTypeNotAllowed: (name) => `${name} ist kein Dateityp, den der Support annimmt.`,
  tooManyFiles: (max) => `Mit einer Nachricht können höchstens ${max} Dateien gesendet werden.`,
  attachmentsTitle: 'Anhänge',
  downloadFile: (name, size) => `${name} herunterladen (${size})`,
  attachFailed: 'Die Dateien konnten nicht angehängt werden',
  downloadFailed: 'Die Datei konnte nicht heruntergeladen werden',
};
