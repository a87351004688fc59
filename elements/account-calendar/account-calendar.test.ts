import { expect, fixture, html, nextFrame, oneEvent } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import './account-calendar.js';
import type { AccountMonthData, GpAccountCalendar } from './account-calendar.component.js';
import { mount, token, until } from '../test/helpers.js';

const root = (el: Element) => el.shadowRoot!;
const today = new Date().toISOString().slice(0, 10);
const cell = (el: Element, day: string) => root(el).querySelector<HTMLElement>(`[data-day="${day}"]`)!;
const shift = (day: string, days: number) => new Date(Date.parse(`${day}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

describe('gp-account-calendar', () => {
  before(async () => {
    await fetch('/__test/orders/reset', { method: 'POST' });
    // A ticket today, so the month has one to click through to.
    const { token: t } = await token('acme', 'customer');
    const created = await fetch('/api/v1/tickets', {
      method: 'POST',
      headers: { authorization: `Bearer ${t}`, 'content-type': 'application/vnd.api+json' },
      body: JSON.stringify({
        data: { type: 'tickets', attributes: { subject: 'Shop checkout fails', description: 'Since the deploy', urgency: 'major' } },
      }),
    });
    expect(created.status).to.equal(201);
  });

  it('shows the month with icons per day, and the hint that weekly backups stopped', async () => {
    const { el } = await mount<GpAccountCalendar>(html`<gp-account-calendar time-zone="UTC"></gp-account-calendar>`, { roles: 'staff' });
    await until(() => root(el).querySelector('[role="grid"]'), 'grid');
    expect(root(el).querySelector('[part="hints"]')!.textContent).to.contain(
      'Backups of db-01 stopped: the last good run was 14 days ago, though they usually run every 7 days.',
    );
    expect(root(el).querySelector('[part="hints"]')!.textContent).to.contain('The certificate shop.acme.example expires in 10 days.');
    // Other test files may have opened tickets today too: the day counts every one of them.
    const { token: t } = await token('acme', 'customer');
    const tickets = (await (await fetch('/api/v1/tickets?page[size]=100', { headers: { authorization: `Bearer ${t}` } })).json()).data as {
      attributes: { createdAt: string };
    }[];
    const n = tickets.filter((x) => x.attributes.createdAt.slice(0, 10) === today).length;
    expect(n).to.be.greaterThan(0);
    expect(cell(el, today).getAttribute('aria-label')).to.match(new RegExp(`: (.*, )?${n} tickets?(,|$)`));
    expect(cell(el, today).querySelector('.type-ticket svg')).to.exist;
    expect(cell(el, today).getAttribute('tabindex')).to.equal('0', 'today holds the focus');
    await expect(el).to.be.accessible();
  });

  it('moves like a date picker, shows a tooltip on focus, and navigates with Enter', async () => {
    const { el } = await mount<GpAccountCalendar>(html`<gp-account-calendar time-zone="UTC"></gp-account-calendar>`, { roles: 'staff' });
    await until(() => cell(el, today), 'grid');
    cell(el, today).focus();
    await el.updateComplete;
    const tip = root(el).querySelector('[role="tooltip"]')!;
    expect(tip.textContent).to.contain('Shop checkout fails');
    expect(cell(el, today).getAttribute('aria-describedby')).to.equal('tip');

    const seen: CustomEvent[] = [];
    el.addEventListener('gp-navigate', (e) => seen.push(e));
    await sendKeys({ press: 'Enter' });
    await el.updateComplete;
    // Other tests may have left orders or payments today: then Enter lists the day first.
    const item = [...(root(el).querySelector('.day')?.querySelectorAll('button') ?? [])].find((b) =>
      b.textContent!.includes('Shop checkout fails'),
    );
    item?.click();
    await until(() => seen.length === 1, 'navigated');
    expect(seen[0]!.detail.kind).to.equal('ticket');
    expect(seen[0]!.detail.event.title).to.contain('Shop checkout fails');
    cell(el, today).focus();

    await sendKeys({ press: 'ArrowDown' });
    await el.updateComplete;
    const week = shift(today, 7);
    await until(() => root(el).activeElement?.getAttribute('data-day') === week, 'a week later, possibly in the next month');
    await sendKeys({ press: 'ArrowUp' });
    await until(() => root(el).activeElement?.getAttribute('data-day') === today, 'back');
    const title = root(el).querySelector('h2')!.textContent;
    await sendKeys({ press: 'PageDown' });
    await until(() => root(el).querySelector('h2')!.textContent !== title, 'next month');
    await sendKeys({ press: 'PageUp' });
    await until(() => root(el).querySelector('h2')!.textContent === title, 'and back');
  });

  it('filters types from the legend, and lists a busy day before navigating', async () => {
    const day = '2026-03-10';
    const data: AccountMonthData = {
      events: [
        {
          id: 'a',
          type: 'ticket',
          at: `${day}T09:00:00Z`,
          title: 'T-1001: Mail bounces',
          severity: 'warning',
          link: { kind: 'ticket', id: 't1' },
        },
        {
          id: 'b',
          type: 'alert',
          at: `${day}T10:00:00Z`,
          title: 'CPU at its limit on web-01',
          severity: 'warning',
          link: { kind: 'server', id: 's1' },
        },
        {
          id: 'c',
          type: 'backup',
          at: `${day}T02:00:00Z`,
          title: 'Backup of db-01 failed',
          severity: 'critical',
          link: { kind: 'service', id: 'db-01' },
        },
      ],
      days: { [day]: { ticket: 1, alert: 1, backup: 1 } },
      hints: [],
    };
    const el = await fixture<GpAccountCalendar>(
      html`<gp-account-calendar month="2026-03" time-zone="UTC" .data=${data}></gp-account-calendar>`,
    );
    await until(() => cell(el, day), 'grid from data');
    expect(cell(el, day).querySelector('.type-backup.failed'), 'a failed backup is red').to.exist;
    const backups = [...root(el).querySelectorAll<HTMLButtonElement>('[part="legend"] button')].find((b) =>
      b.textContent!.includes('Backups'),
    )!;
    backups.click();
    await el.updateComplete;
    expect(backups.getAttribute('aria-pressed')).to.equal('false');
    expect(cell(el, day).querySelector('.type-backup')).to.equal(null);
    expect(cell(el, day).getAttribute('aria-label')).to.equal('Tuesday, March 10: 1 ticket, 1 alert');

    cell(el, day).click();
    await el.updateComplete;
    const list = root(el).querySelector('.day')!;
    expect(list.querySelectorAll('button').length).to.equal(2);
    const navigated = oneEvent(el, 'gp-navigate');
    list.querySelectorAll('button')[1]!.click();
    expect((await navigated).detail).to.include({ kind: 'server', id: 's1' });
    await expect(el).to.be.accessible();
  });

  it('draws data handed in with one render', async () => {
    class Counting extends (customElements.get('gp-account-calendar') as typeof GpAccountCalendar) {
      renders = 0;
      protected override update(changed: Map<PropertyKey, unknown>) {
        this.renders++;
        super.update(changed);
      }
    }
    customElements.define('counting-account-calendar', Counting);
    const data: AccountMonthData = { events: [], days: {}, hints: [] };
    const el = await fixture<Counting>(
      html`<counting-account-calendar month="2026-03" time-zone="UTC" .data=${data}></counting-account-calendar>`,
    );
    await el.updateComplete;
    await nextFrame();
    expect(el.isUpdatePending, 'no second render queued').to.equal(false);
    expect(root(el).querySelector('[role="grid"]')).to.exist;
    expect(el.renders).to.equal(1);
  });

  it("in the viewer's own zone, opening a busy day builds no date formatter per event", async () => {
    const day = '2026-03-10';
    const at = (i: number) => `${day}T${String(i % 24).padStart(2, '0')}:00:00Z`;
    const events = [
      ...Array.from({ length: 2000 }, (_, i) => ({
        id: String(i),
        type: 'ticket' as const,
        at: at(i),
        title: `T-${i}`,
        severity: 'info' as const,
        link: { kind: 'ticket', id: String(i) },
      })),
      ...Array.from({ length: 3 }, (_, i) => ({
        id: `a${i}`,
        type: 'alert' as const,
        at: at(i),
        title: `Alert ${i}`,
        severity: 'warning' as const,
        link: { kind: 'server', id: 's1' },
      })),
    ];
    const data: AccountMonthData = { events, days: { [day]: { ticket: 2000, alert: 3 } }, hints: [] };
    const el = await fixture<GpAccountCalendar>(html`<gp-account-calendar month="2026-03" .data=${data}></gp-account-calendar>`);
    await until(() => cell(el, day), 'grid from data');
    // The count beside the icon is shown, not spoken: the cell's name says it in words.
    expect(cell(el, day).getAttribute('aria-label')).to.contain('2000 tickets, 3 alerts');
    await expect(el).to.be.accessible();
    const Original = Intl.DateTimeFormat;
    let built = 0;
    Intl.DateTimeFormat = new Proxy(Original, {
      construct: (target, args) => (built++, Reflect.construct(target, args)),
      apply: (target, self, args) => (built++, Reflect.apply(target, self, args)),
    });
    try {
      cell(el, day).click();
      await el.updateComplete;
    } finally {
      Intl.DateTimeFormat = Original;
    }
    // The browser's zone in this runner is its own; the day's events are listed either way.
    expect(root(el).querySelectorAll('.day button').length).to.be.greaterThan(0);
    expect(built, 'formatters built while opening the day').to.be.lessThan(10);
  });

  it("words the host's events in the reader's language, from the message key and data", async () => {
    // The test host's certificate for shop.acme.example was bought on 2025-12-01.
    const { el } = await mount<GpAccountCalendar>(html`<gp-account-calendar month="2025-12" time-zone="UTC"></gp-account-calendar>`, {
      roles: 'staff',
      locale: 'de',
    });
    await until(() => cell(el, '2025-12-01')?.querySelector('.type-ssl'), 'the certificate event');
    cell(el, '2025-12-01').focus();
    await until(() => root(el).querySelector('[role="tooltip"] li'), 'the day in a tooltip');
    const titles = [...root(el).querySelectorAll('[role="tooltip"] li')].map((b) => b.textContent!.replace(/\s+/g, ' ').trim());
    expect(
      titles.some((t) => t.includes('Zertifikat shop.acme.example gekauft')),
      titles.join(' | '),
    ).to.equal(true);
    expect(titles.join(' '), 'no English title in a German calendar').not.to.contain('bought');

    const data: AccountMonthData = {
      events: [
        {
          id: 'o',
          type: 'order',
          at: '2026-03-10T09:00:00Z',
          title: 'ORD-1001: upgrade of web-02',
          severity: 'info',
          link: { kind: 'order', id: 'o1' },
          message: { key: 'order', params: { number: 'ORD-1001', orderType: 'upgrade', service: 'web-02' } },
        },
        {
          id: 'p',
          type: 'payment',
          at: '2026-03-10T10:00:00Z',
          title: 'Payment failed',
          severity: 'warning',
          link: { kind: 'payment', id: 'p1' },
          message: { key: 'payment_failed', params: {} },
        },
        {
          id: 'x',
          type: 'backup',
          at: '2026-03-10T11:00:00Z',
          title: 'Backup of db-01 failed',
          severity: 'critical',
          link: { kind: 'service', id: 'db-01' },
        },
      ],
      days: { '2026-03-10': { order: 1, payment: 1, backup: 1 } },
      hints: [],
    };
    const { el: given } = await mount<GpAccountCalendar>(
      html`<gp-account-calendar month="2026-03" time-zone="UTC" .data=${data}></gp-account-calendar>`,
      { locale: 'de' },
    );
    await until(() => cell(given, '2026-03-10'), 'grid');
    cell(given, '2026-03-10').click();
    await given.updateComplete;
    const words = root(given).querySelector('.day')!.textContent!;
    expect(words).to.contain('ORD-1001: Upgrade von web-02').and.contain('Zahlung fehlgeschlagen');
    expect(words, 'an event without a message keeps its own words').to.contain('Backup of db-01 failed');
  });

  it('is for staff, and speaks German with Monday first', async () => {
    const { el } = await mount<GpAccountCalendar>(html`<gp-account-calendar></gp-account-calendar>`, { roles: 'customer' });
    await until(
      () => root(el).textContent!.includes('could not be loaded: Your account does not have permission to see this.'),
      'forbidden',
    );
    const { el: de } = await mount<GpAccountCalendar>(
      html`<gp-account-calendar month="2026-03" time-zone="Europe/Berlin"></gp-account-calendar>`,
      { roles: 'staff', locale: 'de' },
    );
    await until(() => root(de).querySelector('[role="columnheader"]'), 'grid');
    expect(root(de).querySelector('h2')!.textContent).to.equal('Kontokalender, März 2026');
    expect(root(de).querySelector('[role="columnheader"]')!.textContent).to.match(/^Mo/);
    expect(root(de).textContent).to.contain('Nichts Ungewöhnliches in diesem Monat.');
  });
});
