import { expect, html } from '@open-wc/testing';
import { sendKeys, setViewport } from '@web/test-runner-commands';
import './ticket-list.js';
import '../ticket-composer/ticket-composer.js';
import type { GpTicketList } from './ticket-list.component.js';
import type { GpTicketComposer } from '../ticket-composer/ticket-composer.component.js';
import { mount, streamReady, token, until } from '../test/helpers.js';

/** The API as acme's customer: what the assertions read back from the host. */
async function api(method: string, path: string, body?: unknown) {
  const { token: t } = await token('acme', 'customer');
  const headers = { authorization: `Bearer ${t}`, 'content-type': 'application/vnd.api+json' };
  const res = await fetch(`/api/v1${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  return (await res.json()) as any;
}
async function download(path: string): Promise<Uint8Array> {
  const { token: t } = await token('acme', 'customer');
  return new Uint8Array(await (await fetch(path, { headers: { authorization: `Bearer ${t}` } })).arrayBuffer());
}
const openTicket = async (subject: string) =>
  (await api('POST', '/tickets', { data: { type: 'tickets', attributes: { subject, description: 'See the files', urgency: 'minor' } } }))
    .data.id as string;

/** Chooses files in the element's real file input, as a person's file dialog would. */
function choose(el: Element, files: File[]) {
  const input = el.shadowRoot!.querySelector<HTMLInputElement>('input[type=file]')!;
  const transfer = new DataTransfer();
  for (const f of files) transfer.items.add(f);
  input.files = transfer.files;
  input.dispatchEvent(new Event('change'));
}
/** The attach button, the control a person uses (the file input itself is out of sight). */
const picker = (el: Element) => el.shadowRoot!.querySelector<HTMLButtonElement>('button[data-picker]')!;
/** Clicks on the hidden file input, which opens the browser's file dialog (stopped here, so no dialog opens). */
function dialogsOpened(el: Element): Event[] {
  const opened: Event[] = [];
  el.shadowRoot!.querySelector('input[type=file]')!.addEventListener('click', (e) => (opened.push(e), e.preventDefault()));
  return opened;
}
const chosen = (el: Element) => [...el.shadowRoot!.querySelectorAll('ul.chosen li .file-name')].map((n) => n.textContent);
const errors = (el: Element) => [...el.shadowRoot!.querySelectorAll('.attach .field-error')].map((n) => n.textContent);
const BYTES = Uint8Array.from({ length: 300 }, (_, i) => (i * 7) % 256);

describe('ticket attachments in the elements', () => {
  afterEach(() => setViewport({ width: 800, height: 600 }));

  /** The thread of a new ticket, once its stream's first `ready` has reloaded it (and its form). */
  async function thread(subject: string) {
    const id = await openTicket(subject);
    const { el } = await mount<GpTicketList>(html`<gp-ticket-list ticket-id=${id}></gp-ticket-list>`);
    await until(() => el.shadowRoot!.querySelector('[part="message"]'), 'thread');
    await streamReady(el);
    await el.updateComplete;
    await until(() => el.shadowRoot!.querySelector('input[type=file]'), 'the attach control');
    return { id, el };
  }
  function sendReply(el: GpTicketList, text: string) {
    const reply = el.shadowRoot!.querySelector<HTMLTextAreaElement>('#f-reply')!;
    reply.value = text;
    reply.dispatchEvent(new InputEvent('input'));
    el.shadowRoot!.querySelector<HTMLFormElement>('[part="reply-form"]')!.requestSubmit();
  }

  it('the reply form takes files: a labelled button, chosen files with remove buttons, size and type refused before sending', async () => {
    const { el } = await thread('Choosing files');
    const input = el.shadowRoot!.querySelector<HTMLInputElement>('input[type=file]')!;
    expect(input.multiple).to.equal(true);
    expect(picker(el).textContent!.trim()).to.equal('Attach files');

    const gz = new File([BYTES], 'dump.bin.gz', { type: 'application/gzip' });
    choose(el, [gz, new File(['x'], 'page.html', { type: 'text/html' }), new File(['a'], 'notes.txt', { type: 'text/plain' })]);
    await el.updateComplete;
    expect(chosen(el)).to.deep.equal(['dump.bin.gz', 'notes.txt']);
    expect(errors(el)).to.deep.equal(['page.html is not a file type the support desk accepts.']);
    choose(el, [new File([new Uint8Array(10 * 1024 * 1024 + 1)], 'huge.png', { type: 'image/png' })]);
    await el.updateComplete;
    expect(errors(el)).to.deep.equal(['huge.png is larger than 10 MB.']);
    el.shadowRoot!.querySelector<HTMLButtonElement>('button[aria-label="Remove notes.txt"]')!.click();
    await el.updateComplete;
    expect(chosen(el)).to.deep.equal(['dump.bin.gz']);
    await until(() => el.shadowRoot!.activeElement === picker(el), 'focus back on the attach button');
    await expect(el).to.be.accessible();
  });

  it('a reply sends its files: stored at the host byte for byte, listed with the message, downloaded', async () => {
    const { id, el } = await thread('Crash dump');
    choose(el, [new File([BYTES], 'dump.bin.gz', { type: 'application/gzip' })]);
    sendReply(el, 'The dump is attached.');
    await until(() => el.shadowRoot!.querySelector('[part="message"] ul.attachments, .notice.error'), 'the reply sent');
    expect(el.shadowRoot!.querySelector('.notice.error')?.textContent).to.equal(undefined);
    await until(() => el.shadowRoot!.querySelector('[part="message"] ul.attachments'), 'the reply lists its file');

    const stored = (await api('GET', `/tickets/${id}/attachments`)).data;
    expect(stored.map((a: any) => [a.attributes.name, a.attributes.size, a.attributes.contentType])).to.deep.equal([
      ['dump.bin.gz', 300, 'application/gzip'],
    ]);
    const messages = (await api('GET', `/tickets/${id}`)).included.filter((r: any) => r.type === 'ticket-messages');
    expect(stored[0].attributes.messageId).to.equal(messages.at(-1).id);
    expect(await download(stored[0].links.download)).to.deep.equal(BYTES);
    expect(chosen(el)).to.deep.equal([], 'sent files leave the control');

    const link = el.shadowRoot!.querySelector<HTMLButtonElement>('ul.attachments button')!;
    expect(link.textContent!.trim()).to.equal('dump.bin.gz');
    expect(link.getAttribute('aria-label')).to.equal('Download dump.bin.gz (300 byte)');

    // The download hands the host's bytes to the browser.
    const created: Blob[] = [];
    const original = URL.createObjectURL;
    URL.createObjectURL = (blob: Blob | MediaSource) => (created.push(blob as Blob), original.call(URL, blob));
    try {
      link.click();
      await until(() => created.length, 'downloaded');
      expect(new Uint8Array(await created[0]!.arrayBuffer())).to.deep.equal(BYTES);
    } finally {
      URL.createObjectURL = original;
    }
  });

  it('files staff attach arrive live under their message', async () => {
    const { id, el } = await thread('Live files');
    const staff = await token('acme', 'staff');
    const form = new FormData();
    form.append('file', new File(['fixed config'], 'nginx.conf.txt', { type: 'text/plain' }));
    const headers = { authorization: `Bearer ${staff.token}` };
    const res = await fetch(`/api/v1/tickets/${id}/attachments`, { method: 'POST', headers, body: form });
    expect(res.status).to.equal(201);
    const name = () => el.shadowRoot!.querySelector('ul.attachments button')?.textContent?.trim();
    await until(() => name() === 'nginx.conf.txt', 'the file arrives live');
    expect(el.shadowRoot!.querySelector('[part="message"] ul.attachments .file-size')!.textContent).to.equal('12 byte');
  });

  it("shows the host's words when it refuses a file", async () => {
    const { id, el } = await thread('Refused file');
    // A page whose policy is out of date: the element lets HTML through, the host does not.
    const picker = (el as unknown as { picker: { policy: { types: string[] } } }).picker;
    picker.policy = { ...picker.policy, types: [...picker.policy.types, 'text/html'] };
    choose(el, [new File(['<b>x</b>'], 'page.html', { type: 'text/html' })]);
    sendReply(el, 'See the page.');
    await until(() => el.shadowRoot!.querySelector('.notice.error'), 'the refusal');
    const words = /^The files could not be attached: "page\.html" is text\/html; allowed are image\/png/;
    expect(el.shadowRoot!.querySelector('.notice.error')!.textContent).to.match(words);
    expect((await api('GET', `/tickets/${id}/attachments`)).data).to.deep.equal([]);
    expect(el.shadowRoot!.textContent).to.contain('See the page.', 'the reply itself was sent');
  });

  it('the composer sends files with a new ticket; German at 390 px without overflow', async () => {
    localStorage.removeItem('gp-ticket-draft');
    await setViewport({ width: 406, height: 900 });
    const narrow = html`<div style="inline-size:390px"><gp-ticket-composer></gp-ticket-composer></div>`;
    const { el, provider } = await mount<GpTicketComposer>(narrow, { locale: 'de' });
    void el;
    const composer = provider.querySelector('gp-ticket-composer')!;
    await until(() => composer.shadowRoot!.querySelector('input[type=file]'), 'the attach control');
    // The browser's own file button says "Choose Files" / "No file chosen" in the browser's
    // language: it takes no room on the page, and the control is the element's German button.
    expect(picker(composer).textContent!.trim()).to.equal('Dateien anhängen');
    const native = composer.shadowRoot!.querySelector<HTMLInputElement>('input[type=file]')!;
    const nativeBox = native.getBoundingClientRect();
    expect(nativeBox.width * nativeBox.height, 'the native file input is out of sight').to.be.at.most(1);
    expect(native.tabIndex).to.equal(-1);
    expect(native.getAttribute('aria-hidden')).to.equal('true');
    expect(picker(composer).getAttribute('aria-describedby')).to.contain('f-files-hint');
    // Keyboard: Enter and Space on the focused button open the file dialog.
    const opened = dialogsOpened(composer);
    picker(composer).focus();
    await sendKeys({ press: 'Enter' });
    await sendKeys({ press: 'Space' });
    await until(() => opened.length === 2, 'the file dialog opened from the keyboard');
    const long = `${'screenshot-of-the-failing-deployment-'.repeat(4)}.png`;
    choose(composer, [new File([BYTES], long, { type: 'image/png' })]);
    await composer.updateComplete;
    expect(chosen(composer)).to.deep.equal([long]);
    expect(document.documentElement.scrollWidth).to.be.at.most(document.documentElement.clientWidth);
    const box = provider.firstElementChild!.getBoundingClientRect();
    for (const node of composer.shadowRoot!.querySelectorAll('.attach *')) {
      const r = node.getBoundingClientRect();
      if (r.width > 1) expect(r.right, node.outerHTML.slice(0, 80)).to.be.at.most(box.right + 1);
    }
    await expect(composer).to.be.accessible();

    const type = (sel: string, value: string) => {
      const field = composer.shadowRoot!.querySelector<HTMLInputElement>(sel)!;
      field.value = value;
      field.dispatchEvent(new InputEvent('input'));
    };
    const subject = `Screenshot ${Date.now()}`;
    type('#f-subject', subject);
    type('#f-description', 'The deployment fails, see the screenshot.');
    const minor = composer.shadowRoot!.querySelector<HTMLInputElement>('input[name="urgency"][value="minor"]')!;
    minor.checked = true;
    minor.dispatchEvent(new Event('change'));
    composer.shadowRoot!.querySelector('form')!.requestSubmit();
    await until(() => composer.shadowRoot!.querySelector('.notice.success'), 'ticket opened');
    const ticket = (await api('GET', '/tickets?page[size]=100')).data.find((t: any) => t.attributes.subject === subject);
    await until(async () => (await api('GET', `/tickets/${ticket.id}/attachments`)).data.length === 1, 'the file at the host');
    const [file] = (await api('GET', `/tickets/${ticket.id}/attachments`)).data;
    expect([file.attributes.name, file.attributes.messageId]).to.deep.equal([long, null]);
    expect(await download(file.links.download)).to.deep.equal(BYTES);
  });

  it('offers no attach control when the support provider keeps no files', async () => {
    const original = window.fetch;
    window.fetch = async (input, init) => {
      const res = await original(input, init);
      if (!String(input).includes('/ticket-attachment-policy')) return res;
      const doc = await res.json();
      doc.data.attributes.enabled = false;
      return new Response(JSON.stringify(doc), { status: 200, headers: { 'content-type': 'application/vnd.api+json' } });
    };
    try {
      localStorage.removeItem('gp-ticket-draft');
      const { el } = await mount<GpTicketComposer>(html`<gp-ticket-composer></gp-ticket-composer>`);
      await until(() => el.shadowRoot!.querySelector('#f-subject'), 'the form');
      await until(() => (el as unknown as { attachPolicy: { status: number } }).attachPolicy.status === 2, 'the policy read');
      await el.updateComplete;
      expect(el.shadowRoot!.querySelector('input[type=file]')).to.equal(null);
    } finally {
      window.fetch = original;
    }
  });
});
