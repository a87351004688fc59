import { expect, html, oneEvent } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import './pci-checklist.js';
import type { GpPciChecklist } from './pci-checklist.component.js';
import { mount, token, until } from '../test/helpers.js';

const root = (el: Element) => el.shadowRoot!;
const requirement = (el: Element, id: string) => root(el).querySelector<HTMLButtonElement>(`#r-${id}`)!;
const item = (el: Element, id: string) => [...root(el).querySelectorAll('[part="item"]')].find((a) => a.querySelector('h4')!.textContent!.startsWith(`${id} `))!;
const setValue = (scope: ParentNode, selector: string, value: string) => {
  const field = scope.querySelector<HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement>(selector)!;
  field.value = value;
};

describe('gp-pci-checklist', () => {
  it('lists the twelve requirements, saves status and evidence, and shows progress', async () => {
    const { el } = await mount<GpPciChecklist>(html`<gp-pci-checklist></gp-pci-checklist>`);
    await until(() => root(el).querySelectorAll('[part="requirement"]').length === 12, 'twelve requirements');
    expect(requirement(el, '8').textContent).to.contain('8. Identify Users and Authenticate Access to System Components');
    expect(requirement(el, '8').getAttribute('aria-expanded')).to.equal('false');
    await expect(el).to.be.accessible();

    requirement(el, '8').click();
    await el.updateComplete;
    expect(requirement(el, '8').getAttribute('aria-expanded')).to.equal('true');
    const mfa = item(el, '8.4.2');
    expect(mfa.textContent).to.contain('Responsible: You').and.contain('How to fix it');
    setValue(mfa, 'select[name="status"]', 'in_place');
    setValue(mfa, 'input[name="owner"]', 'Dana (IT)');
    setValue(mfa, 'textarea[name="evidenceLinks"]', 'https://wiki.acme.example/mfa\nhttps://wiki.acme.example/sso');
    const saved = oneEvent(el, 'gp-pci-item-saved');
    mfa.querySelector<HTMLButtonElement>('button[type="submit"]')!.click();
    expect((await saved).detail).to.deep.equal({ id: '8.4.2', status: 'in_place' });
    await until(() => requirement(el, '8').textContent!.includes('1 of 5'), 'requirement progress');
    expect(root(el).querySelector('[part="progress"]')!.textContent).to.match(/\d+ of 48 in place or not applicable/);
    expect(item(el, '8.4.2').textContent).to.contain('Last reviewed');
    await expect(el).to.be.accessible();
  });

  it('says why the host refused a save, beside the item, and keeps what was typed', async () => {
    const { el } = await mount<GpPciChecklist>(html`<gp-pci-checklist></gp-pci-checklist>`);
    await until(() => requirement(el, '1'), 'loaded');
    requirement(el, '1').click();
    await el.updateComplete;
    const first = item(el, '1.2.1');
    setValue(first, 'select[name="status"]', 'not_applicable');
    setValue(first, 'textarea[name="evidenceNotes"]', 'Typed, not lost');
    first.querySelector<HTMLButtonElement>('button[type="submit"]')!.click();
    await until(() => item(el, '1.2.1').querySelector('[role="alert"]'), 'error shown');
    expect(item(el, '1.2.1').querySelector('[role="alert"]')!.textContent).to.contain('Say why this requirement does not apply');
    expect(item(el, '1.2.1').querySelector('input[name="reason"]')!.getAttribute('aria-invalid')).to.equal('true');
    expect(item(el, '1.2.1').querySelector<HTMLTextAreaElement>('textarea[name="evidenceNotes"]')!.value).to.equal('Typed, not lost');
  });

  it('filters by responsibility and SAQ type, and flags items the provider changed', async () => {
    const { token: t } = await token('acme', 'customer');
    await fetch('/api/v1/pci/items/10.2.1', { method: 'PATCH', headers: { authorization: `Bearer ${t}`, 'content-type': 'application/vnd.api+json' }, body: JSON.stringify({ data: { type: 'pci-items', attributes: { status: 'in_progress' } } }) });
    const { el } = await mount<GpPciChecklist>(html`<gp-pci-checklist></gp-pci-checklist>`);
    await until(() => requirement(el, '1'), 'loaded');
    const select = root(el).querySelector<HTMLSelectElement>('#f-responsibility')!;
    select.value = 'provider';
    select.dispatchEvent(new Event('change'));
    await el.updateComplete;
    const shown = [...root(el).querySelectorAll('[part="item"]')];
    expect(shown.length).to.be.greaterThan(1);
    expect(shown.every((a) => a.textContent!.includes('Responsible: Your provider'))).to.be.true;

    select.value = '';
    select.dispatchEvent(new Event('change'));
    const saq = root(el).querySelector<HTMLSelectElement>('#f-saq')!;
    saq.value = 'A';
    saq.dispatchEvent(new Event('change'));
    await el.updateComplete;
    const forSaqA = [...root(el).querySelectorAll('[part="item"] .meta .saq')].map((m) => m.textContent!.replace('SAQ: ', '').split(', '));
    expect(forSaqA.length, JSON.stringify(forSaqA)).to.be.within(5, 30);
    expect(forSaqA.every((types) => types.includes('A'))).to.be.true;
    saq.value = '';
    saq.dispatchEvent(new Event('change'));

    const changedBox = root(el).querySelector<HTMLInputElement>('.filters input[type="checkbox"]')!;
    changedBox.click();
    await el.updateComplete;
    expect(root(el).textContent).to.contain('No item matches these filters.');
    await fetch('/__test/pci/revise?item=10.2.1', { method: 'POST' });
    await until(() => root(el).querySelector('[part="item"] h4')?.textContent === '10.2.1 Audit logs are enabled', 'the changed item arrives live');
    expect(item(el, '10.2.1').textContent).to.contain('Changed since your last review');
    [...item(el, '10.2.1').querySelectorAll('button')].find((b) => b.textContent === 'Mark as reviewed')!.click();
    await until(() => root(el).textContent!.includes('No item matches these filters.'), 'reviewed, no longer changed');
  });

  it('reads without the customer role, keyboard opens a requirement, and it speaks German', async () => {
    const { el } = await mount<GpPciChecklist>(html`<gp-pci-checklist></gp-pci-checklist>`, { roles: 'technical', locale: 'de' });
    await until(() => requirement(el, '3'), 'loaded');
    expect(requirement(el, '3').textContent).to.contain('Gespeicherte Kontodaten schützen');
    requirement(el, '3').focus();
    await sendKeys({ press: 'Enter' });
    await el.updateComplete;
    expect(requirement(el, '3').getAttribute('aria-expanded')).to.equal('true');
    const stored = item(el, '3.3.1');
    expect(stored.textContent).to.contain('So setzen Sie es um');
    expect(stored.querySelector('button[type="submit"]'), 'no save without the customer role').to.equal(null);
    expect(stored.querySelector<HTMLSelectElement>('select')!.disabled).to.be.true;
    await expect(el).to.be.accessible();
  });
});
