import { errorMessage } from '../../error-messages.js';
import { ApiError, InvalidInputError } from '../../errors.js';
import type { NewTicketAttachment, SupportAttachments, TicketAttachment } from '../../ports/support-provider.js';

/** What the host accepts as ticket attachments (`GLASSPANE_ATTACHMENT_*`). */
export interface AttachmentLimits {
  /** Largest file in bytes. Default 10 MiB (NetSuite's File Cabinet takes 10 MB per request too). */
  maxBytes: number;
  /** Most files on one message (or on the ticket as it was opened). Default 5. */
  maxFiles: number;
  /** Media types accepted, exact (`image/png`). Default: see `DEFAULT_ATTACHMENT_TYPES`. */
  types: readonly string[];
}

/** Screenshots, documents, logs and archives; no HTML, SVG or scripts. */
export const DEFAULT_ATTACHMENT_TYPES = [
  'image/png',
  'image/jpeg',
  'image/gif',
  'image/webp',
  'application/pdf',
  'text/plain',
  'text/csv',
  'application/json',
  'application/zip',
  'application/gzip',
] as const;

export const DEFAULT_ATTACHMENT_LIMITS: AttachmentLimits = { maxBytes: 10 * 1024 * 1024, maxFiles: 5, types: DEFAULT_ATTACHMENT_TYPES };

/**
 * The media types a download is labelled with as they are; anything else (whatever an
 * operator allowed for upload, HTML and SVG above all) goes out as application/octet-stream.
 * Downloads are `Content-Disposition: attachment` with `nosniff` either way.
 */
const LABELLED_AS_IS = new Set<string>(DEFAULT_ATTACHMENT_TYPES);

export const downloadType = (contentType: string) => (LABELLED_AS_IS.has(contentType) ? contentType : 'application/octet-stream');

/** `attachment` with the name twice (RFC 6266): an ASCII fallback and the exact UTF-8 name. */
export function attachmentDisposition(name: string): string {
  const ascii = name.replace(/[^\x20-\x7e]|["\\%]/g, '_');
  const exact = encodeURIComponent(name).replace(/['()*]/g, (ch) => `%${ch.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${ascii}"; filename*=UTF-8''${exact}`;
}

/** A file's name as the host keeps it: no directories, no control characters, at most 255 characters. */
export function cleanFileName(name: string): string {
  // eslint-disable-next-line no-control-regex -- removing control characters is the point
  const base = (name.split(/[\\/]/).pop() ?? '').replace(/[\u0000-\u001f\u007f]/g, '').trim();
  return [...(base || 'attachment')].slice(0, 255).join('');
}

/** What the elements read: whether this tenant's support provider keeps files, and the limits that apply. */
export interface AttachmentPolicy extends AttachmentLimits {
  enabled: boolean;
}

/** The limits for a provider: the host's, with the provider's own size limit when it is smaller. */
export function policyFor(limits: AttachmentLimits, capability: SupportAttachments | undefined): AttachmentPolicy {
  if (!capability) return { ...limits, enabled: false };
  return { ...limits, maxBytes: Math.min(limits.maxBytes, capability.maxBytes ?? Infinity), enabled: true };
}

/**
 * Checks files against the policy before any reaches the provider: all or none. Too many
 * (with those already on the message) is 422, a file too large 413, a type not allowed 415,
 * an empty file 422. Each error names the file (`meta.file`).
 */
export function checkAttachments(policy: AttachmentPolicy, files: NewTicketAttachment[], existing: number): NewTicketAttachment[] {
  if (!files.length) {
    throw new InvalidInputError(errorMessage('no_files'), { parameter: 'file' });
  }
  if (existing + files.length > policy.maxFiles) {
    throw new ApiError(422, errorMessage('too_many_files', { max: policy.maxFiles, existing, sent: files.length }), {
      source: { parameter: 'file' },
      meta: { maxFiles: policy.maxFiles, existing },
    });
  }
  return files.map((f) => {
    const name = cleanFileName(f.name);
    const contentType = f.contentType.split(';')[0]!.trim().toLowerCase();
    if (f.content.byteLength > policy.maxBytes) {
      throw new ApiError(413, errorMessage('file_too_large', { file: name, bytes: f.content.byteLength, max: policy.maxBytes }), {
        source: { parameter: 'file' },
        meta: { file: name, maxBytes: policy.maxBytes },
      });
    }
    if (!policy.types.includes(contentType)) {
      throw new ApiError(415, errorMessage('file_type_not_allowed', { file: name, type: contentType, allowed: policy.types.join(', ') }), {
        source: { parameter: 'file' },
        meta: { file: name, types: policy.types },
      });
    }
    if (!f.content.byteLength) {
      throw new InvalidInputError(errorMessage('empty_file', { file: name }), { parameter: 'file' }, { meta: { file: name } });
    }
    return { name, contentType, content: f.content };
  });
}

/** How many attachments a message (or, with null, the ticket itself) has. */
export const countOn = (attachments: TicketAttachment[], messageId: string | null) =>
  attachments.filter((a) => a.messageId === messageId).length;
