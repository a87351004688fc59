import type { en } from './messages.js';

export const de: typeof en = {
  servers: 'Server',
  noServers: 'Noch keine Server.',
  flavorSummary: (vcpus, ram, disk) => `${vcpus} vCPU · ${ram} RAM · ${disk} Speicher`,
  serverState: { active: 'Läuft', building: 'Wird erstellt', stopped: 'Gestoppt', rebooting: 'Startet neu', paused: 'Angehalten', suspended: 'Pausiert', busy: 'Beschäftigt', error: 'Fehler', deleted: 'Gelöscht', unknown: 'Unbekannt' },
  task: { 'powering-off': 'Wird gestoppt…', 'powering-on': 'Wird gestartet…', rebooting: 'Startet neu…', reboot_pending: 'Startet neu…', spawning: 'Wird erstellt…', scheduling: 'Wird erstellt…', networking: 'Wird erstellt…', block_device_mapping: 'Wird erstellt…', deleting: 'Wird gelöscht…' },
  working: 'Wird ausgeführt…',
  action: { start: 'Starten', stop: 'Stoppen', reboot: 'Neu starten' },
  actionOn: (action, name) => `${name}: ${action}`,
  confirmAction: { start: (n) => `${n} starten?`, stop: (n) => `${n} stoppen? Laufende Programme enden, und der Server ist bis zum Start nicht erreichbar.`, reboot: (n) => `${n} neu starten? Er ist ein bis zwei Minuten nicht erreichbar.` },
  cancel: 'Abbrechen',
  needsTechnical: 'Zum Starten, Stoppen und Erstellen von Servern ist die technische Rolle nötig.',
  createServer: 'Server erstellen',
  flavor: 'Größe',
  image: 'Image',
  chooseFlavor: 'Größe wählen',
  chooseImage: 'Image wählen',
  create: 'Erstellen',
  nameRule: 'Buchstaben, Ziffern, Punkte und Bindestriche; Beginn mit Buchstabe oder Ziffer; höchstens 63 Zeichen.',
  created: (name) => `${name} wird erstellt.`,
};
