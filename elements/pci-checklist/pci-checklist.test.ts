import { expect, html, oneEvent } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import './pci-checklist.js';
import type { GpPciChecklist } from './pci-checklist.component.js';
import { mount, token, until } from '../test/helpers.js';

const root = (el: Element) => el.shadowRoot!;
const item = (el: Element, id: string) => root(el).querySelector<HTMLLIElement>(`[part="item"][data-item="${id}"]`)!;
const summary = (el: Element, id: string) => item(el, id).querySelector<HTMLButtonElement>('button.summary')!;
const shownIds = (el: Element) => [...root(el).querySelectorAll<HTMLElement>('[part="item"]')].map((i) => i.dataset.item);
const chip = (el: Element, status: string) => root(el).querySelector<HTMLButtonElement>(`[part="chips"] button[data-status="${status}"]`)!;
const setValue = (scope: ParentNode, selector: string, value: string) => {
  const field = scope.querySelector<HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement>(selector)!;
  field.value = value;
  field.dispatchEvent(new Event(field.tagName === 'SELECT' ? 'change' : 'input', { bubbles: true, composed: true }));
};
const open = async (el: GpPciChecklist, id: string) => {
  if (summary(el, id).getAttribute('aria-expanded') !== 'true') summary(el, id).click();
  await el.updateComplete;
  return item(el, id);
};
const api = async (method: string, path: string, roles: string, body?: unknown) => {
  const { token: t } = await token('acme', roles);
  const res = await fetch(`/api/v1${path}`, {
    method,
    headers: { authorization: `Bearer ${t}`, 'content-type': 'application/vnd.api+json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
};
const attest = (id: string, note: string) =>
  api('PUT', `/pci/items/${id}/attestation`, 'staff', {
    data: { type: 'pci-attestations', attributes: { note, evidenceLink: 'https://trust.example/aoc.pdf' } },
  });

describe('gp-pci-checklist', function () {
  // 48 items and their forms: axe and the first German load take a while on a loaded machine.
  this.timeout(30_000);
  it('shows every item collapsed under its requirement, filters by status chips, and confirms a save beside its button', async () => {
    const { el } = await mount<GpPciChecklist>(html`<gp-pci-checklist></gp-pci-checklist>`);
    await until(() => root(el).querySelectorAll('[part="requirement"]').length === 12, 'twelve requirements');
    expect(root(el).querySelector('#h-8')!.textContent).to.contain('8. Identify Users and Authenticate Access to System Components');
    const summaries = [...root(el).querySelectorAll('button.summary')];
    expect(summaries.length).to.equal(48);
    expect(
      summaries.every((b) => b.getAttribute('aria-expanded') === 'false'),
      'collapsed',
    ).to.be.true;
    expect(item(el, '8.4.2').querySelector<HTMLElement>('.body')!.hidden).to.be.true;
    expect(chip(el, 'all').textContent).to.equal('All (48)');
    await expect(el).to.be.accessible();

    const mfa = await open(el, '8.4.2');
    expect(summary(el, '8.4.2').getAttribute('aria-expanded')).to.equal('true');
    expect(mfa.textContent).to.contain('Responsible: You').and.contain('How to fix it');
    setValue(mfa, 'select[name="status"]', 'in_place');
    setValue(mfa, 'input[name="owner"]', 'Dana (IT)');
    setValue(mfa, 'textarea[name="evidenceLinks"]', 'https://wiki.acme.example/mfa\nhttps://wiki.acme.example/sso');
    const saved = oneEvent(el, 'gp-pci-item-saved');
    mfa.querySelector<HTMLButtonElement>('button[type="submit"]')!.click();
    expect((await saved).detail).to.deep.equal({ id: '8.4.2', status: 'in_place' });
    await until(() => item(el, '8.4.2').querySelector('.saved')!.textContent === '8.4.2 saved.', 'saved message');
    const actions = item(el, '8.4.2').querySelector('.saved')!.closest('.actions')!;
    expect(actions.querySelector('button[type="submit"]'), 'the message sits beside the Save button').to.exist;
    expect(root(el).querySelectorAll('.saved:not(:empty)').length, 'and nowhere else').to.equal(1);
    await until(() => root(el).querySelector('[data-requirement="8"] .count')!.textContent!.includes('1 of 5'), 'requirement progress');
    expect(root(el).querySelector('[part="progress"]')!.textContent).to.match(/\d+ of 48 in place or not applicable/);
    expect(item(el, '8.4.2').textContent).to.contain('Last changed').and.contain('test@example.com');

    chip(el, 'in_place').click();
    await el.updateComplete;
    expect(chip(el, 'in_place').getAttribute('aria-pressed')).to.equal('true');
    expect(chip(el, 'in_place').textContent).to.match(/^In place \(\d+\)$/);
    expect(shownIds(el)).to.include('8.4.2');
    expect([...root(el).querySelectorAll('[part="item"] .badge:first-child')].every((b) => b.textContent === 'In place')).to.be.true;
    chip(el, 'not_started').click();
    await el.updateComplete;
    expect(shownIds(el)).not.to.include('8.4.2');
    expect(shownIds(el).length).to.equal(Number(/\((\d+)\)/.exec(chip(el, 'not_started').textContent!)![1]));
    await expect(el).to.be.accessible();
  });

  it('asks why an item does not apply only when it does not, and keeps what was typed when refused', async () => {
    const { el } = await mount<GpPciChecklist>(html`<gp-pci-checklist></gp-pci-checklist>`);
    await until(() => item(el, '1.2.5'), 'loaded');
    const ports = await open(el, '1.2.5');
    expect(ports.querySelector('input[name="reason"]'), 'no reason while it applies').to.equal(null);
    setValue(ports, 'select[name="status"]', 'not_applicable');
    await el.updateComplete;
    expect(ports.querySelector('label[for="r-1.2.5"]')!.textContent).to.equal('Why it does not apply');
    setValue(ports, 'textarea[name="evidenceNotes"]', 'Typed, not lost');
    ports.querySelector<HTMLButtonElement>('button[type="submit"]')!.click();
    await until(() => item(el, '1.2.5').querySelector('[role="alert"]'), 'error shown');
    expect(item(el, '1.2.5').querySelector('[role="alert"]')!.textContent).to.contain('Say why this requirement does not apply');
    expect(item(el, '1.2.5').querySelector('input[name="reason"]')!.getAttribute('aria-invalid')).to.equal('true');
    expect(item(el, '1.2.5').querySelector<HTMLTextAreaElement>('textarea[name="evidenceNotes"]')!.value).to.equal('Typed, not lost');
    expect(item(el, '1.2.5').querySelector('.saved')!.textContent).to.equal('');

    setValue(item(el, '1.2.5'), 'input[name="reason"]', 'No cardholder data environment behind our firewall');
    item(el, '1.2.5').querySelector<HTMLButtonElement>('button[type="submit"]')!.click();
    await until(() => item(el, '1.2.5').querySelector('.saved')!.textContent === '1.2.5 saved.', 'saved');
    expect(item(el, '1.2.5').querySelector('[role="alert"]')).to.equal(null);
    expect(item(el, '1.2.5').querySelector<HTMLTextAreaElement>('textarea[name="evidenceNotes"]')!.value).to.equal('Typed, not lost');
    setValue(item(el, '1.2.5'), 'select[name="status"]', 'in_progress');
    await el.updateComplete;
    expect(item(el, '1.2.5').querySelector('input[name="reason"]'), 'gone again').to.equal(null);
  });

  it("shows the provider's attestation read-only to the customer, both parts of a shared item, and lets staff attest", async () => {
    await attest('1.4.1', 'Edge firewalls and VLAN separation of the platform.');
    await attest('1.2.1', 'The platform firewall standard covers the edge.');
    const { el } = await mount<GpPciChecklist>(html`<gp-pci-checklist></gp-pci-checklist>`);
    await until(() => item(el, '1.4.1'), 'loaded');
    expect(summary(el, '1.4.1').textContent).to.contain('In place').and.contain('Responsible: Your provider');
    const platform = await open(el, '1.4.1');
    const attestation = platform.querySelector('[part="attestation"]')!;
    expect(attestation.textContent)
      .to.match(/Attested by your provider on \w+/)
      .and.contain('Signed by test@example.com')
      .and.contain('Edge firewalls and VLAN separation');
    expect(attestation.querySelector<HTMLAnchorElement>('a')!.href).to.equal('https://trust.example/aoc.pdf');
    expect(platform.querySelector('select, input, textarea'), 'nothing to edit').to.equal(null);
    expect(platform.textContent).to.contain('there is nothing for you to set');
    const shared = await open(el, '1.2.1');
    expect(shared.querySelector('[part="attestation"]')!.textContent).to.contain('The platform firewall standard covers the edge.');
    expect(shared.querySelector('[part="attestation"] form'), 'customers cannot attest').to.equal(null);
    expect(shared.querySelector('form select[name="status"]'), 'and their own part').to.exist;
    expect(shared.textContent).to.contain('Your part');
    await expect(el).to.be.accessible();

    const staff = (await mount<GpPciChecklist>(html`<gp-pci-checklist></gp-pci-checklist>`, { roles: 'staff' })).el;
    await until(() => item(staff, '10.7.2'), 'loaded for staff');
    const logs = await open(staff, '10.7.2');
    expect(logs.textContent).to.contain('Your provider has not attested this item yet.');
    setValue(logs, 'textarea[name="note"]', 'Log monitoring failures page the on-call team.');
    logs.querySelector<HTMLButtonElement>('form.attest button[type="submit"]')!.click();
    await until(
      () => item(staff, '10.7.2').querySelector('form.attest .saved')!.textContent === '10.7.2 attested.',
      'attested beside the button',
    );
    await until(
      () => item(staff, '10.7.2').querySelector('.attested')?.textContent?.includes('Attested by your provider'),
      'attestation shown',
    );
    // Written in the staff member's language, which is the reader's here: tagged, not marked.
    const written = item(staff, '10.7.2').querySelector('[part="attestation"] .note')!;
    expect(written.getAttribute('lang')).to.equal('en');
    expect(written.querySelector('[part="language"]')).to.equal(null);
    await expect(staff).to.be.accessible();
  });

  it('records a review; "Only changed since my review" then shows what changed after it', async () => {
    const { el } = await mount<GpPciChecklist>(html`<gp-pci-checklist></gp-pci-checklist>`);
    await until(() => root(el).querySelector('[part="review"] button'), 'loaded');
    const review = root(el).querySelector<HTMLButtonElement>('[part="review"] button')!;
    expect(review.textContent!.trim()).to.equal('Mark as reviewed');
    review.click();
    await until(() => root(el).querySelector('.last-review')!.textContent!.includes('by test@example.com'), 'last review shown');
    expect(root(el).querySelector('.last-review')!.textContent).to.match(/^Last reviewed .+ by test@example\.com$/);
    expect(root(el).querySelector('[part="review"] .saved')!.textContent).to.contain('Your review is recorded');

    const changedBox = root(el).querySelector<HTMLInputElement>('.filters input[type="checkbox"]')!;
    changedBox.click();
    await until(() => root(el).textContent!.includes('No item matches these filters.'), 'nothing changed since the review');
    await api('PATCH', '/pci/items/11.3.1', 'customer', { data: { type: 'pci-items', attributes: { owner: 'Scan team' } } });
    await until(() => shownIds(el).join() === '11.3.1', 'the changed item arrives live, alone');
    expect(summary(el, '11.3.1').textContent).to.contain('Changed since your last review');
    const scans = await open(el, '11.3.1');
    [...scans.querySelectorAll('button')].find((b) => b.textContent!.trim() === 'Mark this item as reviewed')!.click();
    await until(() => root(el).textContent!.includes('No item matches these filters.'), 'reviewed, no longer changed');
  });

  it('filters by responsibility and SAQ type, and flags items whose text the provider changed', async () => {
    const { el } = await mount<GpPciChecklist>(html`<gp-pci-checklist></gp-pci-checklist>`);
    await until(() => item(el, '1.2.1'), 'loaded');
    const select = root(el).querySelector<HTMLSelectElement>('#f-responsibility')!;
    setValue(root(el), '#f-responsibility', 'provider');
    await el.updateComplete;
    expect(shownIds(el)).to.deep.equal(['1.4.1', '9.2.1', '10.7.2']);
    expect(chip(el, 'all').textContent).to.equal('All (3)', 'chip counts follow the other filters');
    select.value = '';
    select.dispatchEvent(new Event('change'));
    setValue(root(el), '#f-saq', 'A');
    await el.updateComplete;
    const forSaqA = shownIds(el);
    expect(forSaqA.length).to.be.within(5, 30);
    setValue(root(el), '#f-saq', '');
    await el.updateComplete;

    root(el).querySelector<HTMLInputElement>('.filters input[type="checkbox"]')!.click();
    await el.updateComplete;
    const before = shownIds(el);
    expect(before).not.to.include('10.2.1');
    await fetch('/__test/pci/revise?item=10.2.1', { method: 'POST' });
    await until(() => shownIds(el).includes('10.2.1'), 'the changed item arrives live');
    expect(summary(el, '10.2.1').textContent).to.contain('Changed since your last review');
  });

  it('reads without the customer role, opens an item from the keyboard, and speaks German', async () => {
    const { el } = await mount<GpPciChecklist>(html`<gp-pci-checklist></gp-pci-checklist>`, { roles: 'technical', locale: 'de' });
    await until(() => item(el, '3.3.1'), 'loaded');
    expect(root(el).querySelector('#h-3')!.textContent).to.contain('Gespeicherte Kontodaten schützen');
    expect(chip(el, 'all').textContent).to.equal('Alle (48)');
    expect(chip(el, 'not_applicable').textContent).to.match(/^Nicht zutreffend \(\d+\)$/);
    expect(root(el).querySelector('[part="review"] button'), 'no review without the customer role').to.equal(null);
    summary(el, '3.3.1').focus();
    await sendKeys({ press: 'Enter' });
    await el.updateComplete;
    expect(summary(el, '3.3.1').getAttribute('aria-expanded')).to.equal('true');
    const stored = item(el, '3.3.1');
    expect(stored.textContent).to.contain('So setzen Sie es um');
    expect(stored.querySelector('button[type="submit"]'), 'no save without the customer role').to.equal(null);
    expect(stored.querySelector<HTMLSelectElement>('select')!.disabled).to.be.true;
    const platform = await open(el, '1.4.1');
    expect(platform.querySelector('[part="attestation"]')!.textContent).to.match(/Bestätigt von Ihrem Provider am/);
    // The provider wrote the note in English: tagged so, and marked for the German reader.
    const note = platform.querySelector('[part="attestation"] .note')!;
    expect(note.getAttribute('lang')).to.equal('en');
    expect(note.querySelector('[part="language"]')!.textContent).to.equal('(auf Englisch verfasst)');
    expect(note.querySelector('[part="language"]')!.getAttribute('lang')).to.equal('de');
    await expect(el).to.be.accessible();
  });
});
