import { registerMessages } from './localize.js';

/** Words of the attach control and attachment lists (`gp-ticket-composer`, `gp-ticket-list`). */
export const en = {
  attachFiles: 'Attach files',
  attachLimits: (files: number, size: string) => `Up to ${files} files, ${size} each.`,
  chosenFiles: 'Files to send',
  removeFile: (name: string) => `Remove ${name}`,
  removeFileShort: 'Remove',
  fileTooLarge: (name: string, size: string) => `${name} is larger than ${size}.`,
  fileTypeNotAllowed: (name: string) => `${name} is not a file type the support desk accepts.`,
  tooManyFiles: (max: number) => `At most ${max} files can be sent with one message.`,
  attachmentsTitle: 'Attachments',
  downloadFile: (name: string, size: string) => `Download ${name} (${size})`,
  attachFailed: 'The files could not be attached',
  downloadFailed: 'The file could not be downloaded',
};

type AttachmentMessages = typeof en;
declare module './localize.js' {
  interface Messages extends AttachmentMessages {}
}

registerMessages(en, { de: () => import('./attachment-messages.de.js').then((m) => m.de) });
