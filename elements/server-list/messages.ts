import { registerMessages } from '../core/localize.js';

/** English messages of `gp-server-list`; other languages load when a page first needs them. */
export const en = {
  /** A load that failed, and the system it comes from, as the error state names them. */
  /** An action the host could not carry out: its words follow, or the outage's. */
  actionFailed: (action: string, name: string) => `${action} ${name} did not go through`,
  serversFailed: 'Servers could not be loaded',
  computeSystem: 'The server platform',
  servers: 'Servers',
  noServers: 'No servers yet.',
  flavorSummary: (vcpus: number, ram: string, disk: string) => `${vcpus} vCPU · ${ram} RAM · ${disk} disk`,
  serverState: {
    active: 'Running',
    building: 'Building',
    stopped: 'Stopped',
    rebooting: 'Rebooting',
    paused: 'Paused',
    suspended: 'Suspended',
    busy: 'Busy',
    error: 'Error',
    deleted: 'Deleted',
    unknown: 'Unknown',
  } as Record<string, string>,
  task: {
    'powering-off': 'Stopping…',
    'powering-on': 'Starting…',
    rebooting: 'Rebooting…',
    reboot_pending: 'Rebooting…',
    spawning: 'Creating…',
    scheduling: 'Creating…',
    networking: 'Creating…',
    block_device_mapping: 'Creating…',
    deleting: 'Deleting…',
  } as Record<string, string>,
  working: 'Working…',
  action: { start: 'Start', stop: 'Stop', reboot: 'Reboot' } as Record<string, string>,
  actionOn: (action: string, name: string) => `${action} ${name}`,
  confirmAction: {
    start: (n: string) => `Start ${n}?`,
    stop: (n: string) => `Stop ${n}? Programs on it end and it cannot be reached until started again.`,
    reboot: (n: string) => `Reboot ${n}? It is unreachable for a minute or two.`,
  } as Record<string, (name: string) => string>,
  cancel: 'Cancel',
  serverFault: 'The platform reports a fault on this server; if it persists, contact support.',
  needsTechnical: 'Starting, stopping and creating servers needs the technical role.',
  createServer: 'Create server',
  flavor: 'Size',
  image: 'Image',
  chooseFlavor: 'Choose a size',
  chooseImage: 'Choose an image',
  create: 'Create',
  nameRule: 'Letters, digits, dots and dashes; start with a letter or digit; at most 63 characters.',
  created: (name: string) => `${name} is being created.`,
};

type ServerListMessages = typeof en;
declare module '../core/localize.js' {
  interface Messages extends ServerListMessages {}
}

registerMessages(en, { de: () => import('./messages.de.js').then((m) => m.de) });
