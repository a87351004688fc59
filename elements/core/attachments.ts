import './attachment-messages.js';
import { css, html, nothing, type ReactiveController, type ReactiveControllerHost } from 'lit';
import type { ApiClient, Schemas } from './api-client.js';
import { formatBytes } from './format.js';
import type { LocalizeController } from './localize.js';

export type Attachment = Schemas['TicketAttachment'];
export type AttachmentPolicy = Schemas['TicketAttachmentPolicy'];

/**
 * The attach control of a form: a button in the page's language that opens the browser's
 * file dialog (a real `<input type="file" multiple>`, kept out of sight because the browser
 * words its own button and "no file chosen" in the browser's language, not the page's), the
 * chosen files with remove buttons, and the size, type and count errors shown before
 * anything is sent (the host checks again). Offered only when the policy is enabled.
 */
export class AttachmentPicker implements ReactiveController {
  /** The files chosen so far, in the order chosen. */
  files: File[] = [];
  /** Why files were not taken, in the reader's words. */
  errors: string[] = [];
  /** What the tenant's support provider takes; null (unknown or none) offers no control. */
  policy: AttachmentPolicy | null = null;

  constructor(
    private readonly host: ReactiveControllerHost & HTMLElement,
    private readonly localize: LocalizeController,
  ) {
    host.addController(this);
  }

  hostConnected(): void {}

  get enabled(): boolean {
    return !!this.policy?.enabled;
  }

  clear(): void {
    this.files = [];
    this.errors = [];
    this.host.requestUpdate();
  }

  #pick(e: Event) {
    const input = e.target as HTMLInputElement;
    const policy = this.policy!;
    const t = this.localize;
    const errors: string[] = [];
    const files = [...this.files];
    for (const file of input.files ?? []) {
      if (file.size > policy.maxBytes) errors.push(t.term('fileTooLarge', file.name, formatBytes(policy.maxBytes, t.locale)));
      else if (!policy.types.includes(file.type)) errors.push(t.term('fileTypeNotAllowed', file.name));
      else if (files.length >= policy.maxFiles) errors.push(t.term('tooManyFiles', policy.maxFiles));
      else files.push(file);
    }
    this.files = files;
    this.errors = [...new Set(errors)];
    // The same file can be chosen again after it was removed.
    input.value = '';
    this.host.requestUpdate();
  }

  #remove(index: number) {
    this.files = this.files.filter((_, i) => i !== index);
    this.errors = [];
    this.host.requestUpdate();
    // Focus goes back to the control, not to the page's start.
    void this.host.updateComplete.then(() => this.host.shadowRoot?.querySelector<HTMLButtonElement>('button[data-picker]')?.focus());
  }

  /** Opens the browser's file dialog through the hidden input beside `button`. */
  #open(button: HTMLButtonElement) {
    button.parentElement?.querySelector<HTMLInputElement>('input[type=file]')?.click();
  }

  /** The control; `id` must be unique within the element. */
  render(id: string) {
    const policy = this.policy;
    if (!policy?.enabled) return nothing;
    const t = this.localize;
    const locale = t.locale;
    const described = [`${id}-hint`, ...(this.errors.length ? [`${id}-errors`] : [])].join(' ');
    // The button is the control for everyone (keyboard, screen reader, pointer); the input only
    // holds the browser's dialog, so it is out of sight, out of the tab order and of the
    // accessibility tree.
    return html`<div class="field attach" part="attach">
      <input
        class="visually-hidden"
        type="file"
        multiple
        tabindex="-1"
        aria-hidden="true"
        accept=${policy.types.join(',')}
        @change=${(e: Event) => this.#pick(e)}
      />
      <button
        type="button"
        id=${id}
        class="button secondary"
        data-picker
        aria-describedby=${described}
        @click=${(e: Event) => this.#open(e.currentTarget as HTMLButtonElement)}
      >
        ${t.term('attachFiles')}
      </button>
      <span class="hint" id=${`${id}-hint`}>${t.term('attachLimits', policy.maxFiles, formatBytes(policy.maxBytes, locale))}</span>
      ${
        this.errors.length
          ? html`<div id=${`${id}-errors`} role="alert">${this.errors.map((e) => html`<div class="field-error">${e}</div>`)}</div>`
          : nothing
      }
      ${
        this.files.length
          ? html`<ul class="chosen" aria-label=${t.term('chosenFiles')}>
            ${this.files.map(
              (f, i) => html`<li>
                <span class="file-name">${f.name}</span>
                <span class="file-size">${formatBytes(f.size, locale)}</span>
                <button type="button" class="link" aria-label=${t.term('removeFile', f.name)} @click=${() => this.#remove(i)}>
                  ${t.term('removeFileShort')}
                </button>
              </li>`,
            )}
          </ul>`
          : nothing
      }
    </div>`;
  }
}

/** Sends files to a ticket (with a message, or with the ticket itself when `messageId` is null). */
export async function uploadAttachments(
  api: ApiClient,
  ticketId: string,
  messageId: string | null,
  files: readonly File[],
): Promise<Attachment[]> {
  const form = new FormData();
  for (const f of files) form.append('file', f, f.name);
  if (messageId) form.append('messageId', messageId);
  return (await api.upload<Attachment[]>(`/tickets/${encodeURIComponent(ticketId)}/attachments`, form)).data;
}

/** Fetches an attachment with the element's token and hands it to the browser as a download. */
export async function downloadAttachment(api: ApiClient, attachment: Attachment): Promise<void> {
  const blob = await api.blob(attachment.links.download.replace(/^\/api\/v1/, ''));
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = attachment.attributes.name;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** A message's attachments as download buttons with name and size. */
export function renderAttachments(attachments: readonly Attachment[], localize: LocalizeController, download: (a: Attachment) => void) {
  if (!attachments.length) return nothing;
  const locale = localize.locale;
  return html`<ul class="attachments" aria-label=${localize.term('attachmentsTitle')}>
    ${attachments.map((a) => {
      const size = formatBytes(a.attributes.size, locale);
      return html`<li>
        <button type="button" class="link file-name" aria-label=${localize.term('downloadFile', a.attributes.name, size)} @click=${() => download(a)}>
          ${a.attributes.name}
        </button>
        <span class="file-size">${size}</span>
      </li>`;
    })}
  </ul>`;
}

/** Styles of the attach control and the attachment lists. */
export const attachmentStyles = css`
  .attach > button[data-picker] {
    align-self: flex-start;
  }
  /* Out of sight: no control's minimum height (touch targets included) gives it a box. */
  .attach > input[type='file'].visually-hidden {
    min-block-size: 0;
  }
  .attach .hint {
    color: var(--_muted);
    font-size: 0.85em;
  }
  ul.chosen,
  ul.attachments {
    list-style: none;
    margin: 0.25rem 0 0;
    padding: 0;
    display: flex;
    flex-direction: column;
    gap: 0.2rem;
  }
  ul.chosen li,
  ul.attachments li {
    display: flex;
    flex-wrap: wrap;
    gap: 0.25rem 0.5rem;
    align-items: baseline;
    min-inline-size: 0;
  }
  .file-name {
    overflow-wrap: anywhere;
    min-inline-size: 0;
    text-align: start;
  }
  .file-size {
    color: var(--_muted);
    font-size: 0.85em;
    white-space: nowrap;
  }
`;
