import { expect, html } from '@open-wc/testing';
import { mount, until } from './helpers.js';
import { cases, loaded } from './every-element.js';
import { lookup, type Messages } from '../core/localize.js';

/**
 * A host that answers one element's routes with a failure while every other route works:
 * each element says in the reader's language what could not be loaded and from which
 * system, offers to try again, and an element beside it on the page keeps working.
 */

type Mode = 'unavailable' | 'server' | 'network' | 'forbidden' | 'origin';

/** What the host (or the network) answers the failing routes with. */
const failures: Record<Exclude<Mode, 'network'>, { status: number; code: string; title: string; detail: string }> = {
  unavailable: { status: 503, code: 'provider_unavailable', title: 'Provider unavailable', detail: 'upstream timed out after 10000 ms' },
  server: { status: 500, code: 'internal_error', title: 'Internal Server Error', detail: 'TypeError: x is undefined' },
  forbidden: { status: 403, code: 'forbidden', title: 'Forbidden', detail: 'role billing required' },
  // The page is on an origin the tenant has not registered (the host lets any origin read this error).
  origin: {
    status: 403,
    code: 'origin_not_allowed',
    title: 'Origin not allowed',
    detail: 'The origin https://shop.example is not registered',
  },
};

type Key = keyof Messages;
interface Case {
  name: string;
  /** Paths under /api/v1 that fail. */
  routes: RegExp;
  /** The message keys of what failed and of the system it comes from. */
  failed: Key;
  system: Key;
  /** Loaded from the start, or only after the user does something (the composer sends a ticket). */
  act?: (el: HTMLElement) => Promise<void>;
  /** An element beside it that must keep working (its routes do not fail). */
  sibling?: 'server-list' | 'knowledge-base';
}

const table: Case[] = [
  { name: 'maintenance-banner', routes: /^\/maintenances/, failed: 'noticesFailed', system: 'statusSystem' },
  {
    name: 'server-list',
    routes: /^\/(servers|flavors|images)$/,
    failed: 'serversFailed',
    system: 'computeSystem',
    sibling: 'knowledge-base',
  },
  { name: 'usage-gauge', routes: /^\/servers\/[^/]+\/usage$/, failed: 'usageFailed', system: 'usageSystem' },
  { name: 'invoice-list', routes: /^\/(invoices|payment-methods|autopay)/, failed: 'invoicesFailed', system: 'billingSystem' },
  {
    name: 'ticket-composer',
    routes: /^\/(tickets|services|ticket-classifications|kb\/)/,
    failed: 'ticketFailed',
    system: 'ticketSystem',
    act: sendTicket,
    sibling: 'server-list',
  },
  { name: 'ticket-list', routes: /^\/tickets/, failed: 'ticketsFailed', system: 'supportSystem' },
  { name: 'knowledge-base', routes: /^\/kb\//, failed: 'articlesFailed', system: 'kbSystem', sibling: 'server-list' },
  { name: 'contact-matrix', routes: /^\/contact-matrices/, failed: 'contactsFailed', system: 'contactSystem' },
  { name: 'upgrade-wizard', routes: /^\/service-plans/, failed: 'plansFailed', system: 'orderSystem' },
  { name: 'order-status', routes: /^\/(orders|escalations)/, failed: 'ordersFailed', system: 'orderSystem' },
  { name: 'order-review', routes: /^\/review-queue/, failed: 'queueFailed', system: 'orderSystem' },
  { name: 'account-calendar', routes: /^\/account-events/, failed: 'calendarFailed', system: 'calendarSystem' },
  { name: 'service-inventory', routes: /^\/inventory/, failed: 'inventoryFailed', system: 'inventorySystem' },
  { name: 'pci-checklist', routes: /^\/pci\//, failed: 'pciFailed', system: 'pciSystem' },
  { name: 'dr-protection', routes: /^\/protection\//, failed: 'protectionFailed', system: 'protectionSystem' },
  { name: 'help-now', routes: /^\/contact-matrices/, failed: 'helpNowFailed', system: 'helpNowSystem' },
  { name: 'activity-log', routes: /^\/activity/, failed: 'activityFailed', system: 'activitySystem' },
  { name: 'account-book', routes: /^\/account-book/, failed: 'bookFailed', system: 'bookSystem' },
  { name: 'payment-methods', routes: /^\/(payment-methods|autopay)/, failed: 'methodsFailed', system: 'billingSystem' },
  { name: 'invoice-detail', routes: /^\/invoices/, failed: 'invoiceFailed', system: 'billingSystem' },
];

/** Fills in a ticket and sends it: the composer loads nothing it cannot do without. */
async function sendTicket(el: HTMLElement): Promise<void> {
  const root = el.shadowRoot!;
  const type = (sel: string, value: string) => {
    const input = root.querySelector<HTMLInputElement>(sel)!;
    input.value = value;
    input.dispatchEvent(new InputEvent('input'));
  };
  type('#f-subject', 'Mail is down');
  type('#f-description', 'No mail since this morning');
  const minor = root.querySelector<HTMLInputElement>('input[name="urgency"][value="minor"]')!;
  minor.checked = true;
  minor.dispatchEvent(new Event('change'));
  root.querySelector<HTMLFormElement>('form')!.requestSubmit();
}

/** Replaces fetch so that `routes` fail as `mode` says; returns the restore function. */
function failing(routes: RegExp, mode: Mode): () => void {
  const original = window.fetch;
  window.fetch = async (input, init) => {
    const url = new URL(input instanceof Request ? input.url : String(input), location.href);
    const path = url.pathname.replace(/^\/api\/v1/, '');
    if (url.pathname.startsWith('/api/v1/') && routes.test(path)) {
      if (mode === 'network') throw new TypeError('Failed to fetch');
      const f = failures[mode];
      return new Response(JSON.stringify({ errors: [{ status: String(f.status), code: f.code, title: f.title, detail: f.detail }] }), {
        status: f.status,
        headers: { 'content-type': 'application/vnd.api+json' },
      });
    }
    return original(input, init);
  };
  return () => (window.fetch = original);
}

const term = (locale: string, key: Key, ...args: string[]): string => {
  const m = lookup(locale, key) as unknown;
  return typeof m === 'function' ? (m as (...a: string[]) => string)(...args) : (m as string);
};

/** The sentence the element must show: what failed, and why in the reader's words. */
function expected(c: Case, mode: Mode, locale: string): string {
  const why = {
    unavailable: term(locale, 'unreachable', term(locale, c.system)),
    server: term(locale, 'serverError'),
    network: term(locale, 'networkError'),
    forbidden: term(locale, 'forbidden'),
    origin: term(locale, 'originNotAllowed'),
  }[mode];
  return `${term(locale, c.failed)}: ${why}`;
}

const text = (el: Element) => (el.shadowRoot?.textContent ?? '').replace(/\s+/g, ' ');

/** The innermost element of a shadow tree that shows `sentence`, if it is rendered with a size. */
function shown(root: ShadowRoot, sentence: string): boolean {
  const holders = [...root.querySelectorAll<HTMLElement>('*')].filter((n) => (n.textContent ?? '').replace(/\s+/g, ' ').includes(sentence));
  const inner = holders.find((n) => ![...n.children].some((child) => holders.includes(child as HTMLElement)));
  return !!inner && inner.getBoundingClientRect().height > 0 && getComputedStyle(inner).visibility !== 'hidden';
}

describe('every element says what it could not reach', () => {
  before(() => Promise.all(['/__test/protection/reset', '/__test/servers/reset'].map((p) => fetch(p, { method: 'POST' }))));

  for (const c of table) {
    const base = cases.find((x) => x.name === c.name)!;
    const sibling = c.sibling ?? 'knowledge-base';
    const modes: [Mode, string][] = [
      ['unavailable', 'en'],
      ['unavailable', 'de'],
      ['server', 'en'],
      ['network', 'en'],
      ['forbidden', 'en'],
    ];
    // A page on an unregistered site: said once per language, for one element.
    if (c.name === 'invoice-list') modes.push(['origin', 'en'], ['origin', 'de']);
    for (const [mode, locale] of modes) {
      it(`${c.name}: ${mode}, ${locale}`, async () => {
        const restore = failing(c.routes, mode);
        try {
          const next =
            sibling === 'server-list' ? html`<gp-server-list no-create></gp-server-list>` : html`<gp-knowledge-base></gp-knowledge-base>`;
          const { provider, el } = await mount<HTMLElement>(html`${base.template()}${next}`, { roles: base.roles, locale });
          if (c.act) {
            await until(() => el.shadowRoot?.querySelector('form'), `${c.name} rendered`);
            await c.act(el);
          }
          const sentence = expected(c, mode, locale);
          await until(() => text(el).includes(sentence), `${c.name} says "${sentence}"; it shows: ${text(el).slice(0, 300)}`, 8000);
          expect(shown(el.shadowRoot!, sentence), 'the message is visible').to.be.true;
          // The host's own words (English, internal) never reach the reader for these failures.
          expect(text(el)).not.to.contain(mode === 'network' ? 'Failed to fetch' : failures[mode].detail);
          if (!c.act) {
            const retry = el.shadowRoot!.querySelector<HTMLButtonElement>('[part~="retry"]');
            if (mode === 'forbidden' || mode === 'origin') expect(retry, 'no retry where permission is missing').to.equal(null);
            else expect(retry?.textContent?.trim()).to.equal(term(locale, 'retry'));
          }
          await expect(el).to.be.accessible();

          const other = provider.children[1] as HTMLElement;
          await until(() => loaded(other), `${sibling} beside it loaded`, 8000);
          expect(other.shadowRoot!.querySelector('.state.error'), `${sibling} beside it works`).to.equal(null);
        } finally {
          restore();
        }
      });
    }
  }

  it('reads as one sentence in English and in German', async () => {
    const c = table.find((x) => x.name === 'invoice-list')!;
    const restore = failing(c.routes, 'unavailable');
    try {
      const en = await mount<HTMLElement>(html`<gp-invoice-list></gp-invoice-list>`, { roles: 'customer,billing' });
      await until(() => text(en.el).includes('Invoices could not be loaded: The billing system is not reachable right now.'), 'English');
      const de = await mount<HTMLElement>(html`<gp-invoice-list></gp-invoice-list>`, { roles: 'customer,billing', locale: 'de' });
      await until(
        () => text(de.el).includes('Die Rechnungen konnten nicht geladen werden: Das Abrechnungssystem ist gerade nicht erreichbar.'),
        'German',
      );
      expect(de.el.shadowRoot!.querySelector('[part~="retry"]')!.textContent!.trim()).to.equal('Erneut versuchen');
    } finally {
      restore();
    }
  });

  it("an action that fails in an outage says what did not go through, in the reader's words", async () => {
    await fetch('/__test/servers/reset', { method: 'POST' });
    const restore = failing(/^\/servers\/[^/]+\/actions$/, 'unavailable');
    try {
      const { el } = await mount<HTMLElement>(html`<gp-server-list no-create></gp-server-list>`, { roles: 'technical', locale: 'de' });
      const row = () =>
        [...el.shadowRoot!.querySelectorAll<HTMLElement>('[part="row"]')].find((r) => r.querySelector('.name')!.textContent === 'web-01');
      const stop = () =>
        [...(row()?.querySelectorAll<HTMLButtonElement>('[part="actions"] button') ?? [])].find((b) => b.textContent!.trim() === 'Stoppen');
      await until(stop, 'a Stop button');
      stop()!.click();
      await until(() => row()!.querySelector('[part="confirm"]'), 'confirmation');
      row()!.querySelector<HTMLButtonElement>('[part="confirm"]')!.click();
      await until(() => row()!.querySelector('.notice.error'), 'the failure shown');
      expect(row()!.querySelector('.notice.error')!.textContent).to.equal(
        'Stoppen von web-01 hat nicht geklappt: Die Serverplattform ist gerade nicht erreichbar. Versuchen Sie es gleich noch einmal.',
      );
      // The server's state is not claimed to have changed.
      expect(row()!.querySelector('[part="status"]')!.textContent!.trim()).to.equal('Läuft');
      await expect(el).to.be.accessible();
    } finally {
      restore();
    }
  });

  it("an action's failure without the host's words (no network, a proxy's page) is said in German, not in the kit's English", async () => {
    await fetch('/__test/protection/reset', { method: 'POST' });
    const original = window.fetch;
    let mode: 'network' | 'proxy' = 'network';
    // Only taking a snapshot fails: the list itself loads.
    window.fetch = async (input, init) => {
      const url = new URL(input instanceof Request ? input.url : String(input), location.href);
      if (init?.method === 'POST' && /\/protection\/servers\/[^/]+\/snapshots$/.test(url.pathname)) {
        if (mode === 'network') throw new TypeError('Failed to fetch');
        return new Response('<html><body><h1>413 Request Entity Too Large</h1></body></html>', {
          status: 413,
          statusText: 'Request Entity Too Large',
          headers: { 'content-type': 'text/html' },
        });
      }
      return original(input, init);
    };
    try {
      const { el } = await mount<HTMLElement>(html`<gp-dr-protection></gp-dr-protection>`, { roles: 'customer,technical', locale: 'de' });
      const row = () =>
        [...el.shadowRoot!.querySelectorAll<HTMLElement>('[part="server"]')].find((r) =>
          r.querySelector('th')!.textContent!.includes('web-01'),
        );
      const notice = () => el.shadowRoot!.querySelector('.notice.error')?.textContent?.trim();
      const fails = async (sentence: string) => {
        await until(() => row()?.querySelector<HTMLButtonElement>('[part="snapshot"]:not([disabled])'), 'Snapshot jetzt');
        row()!.querySelector<HTMLButtonElement>('[part="snapshot"]')!.click();
        await until(() => notice() === sentence, `"${sentence}"; it shows: ${notice()}`);
      };
      await fails(term('de', 'networkError'));
      mode = 'proxy';
      await fails(
        'Die Anfrage wurde abgelehnt (HTTP 413). Versuchen Sie es erneut; wenn es wieder passiert, wenden Sie sich an den Support.',
      );
      expect(text(el)).not.to.match(/Request Entity Too Large|Request failed|Failed to fetch|could not be reached/);
    } finally {
      window.fetch = original;
    }
  });

  it("creating a server without a connection says so in German, not in the kit's English", async () => {
    const original = window.fetch;
    window.fetch = async (input, init) => {
      const url = new URL(input instanceof Request ? input.url : String(input), location.href);
      if (init?.method === 'POST' && url.pathname === '/api/v1/servers') throw new TypeError('Failed to fetch');
      return original(input, init);
    };
    try {
      const { el } = await mount<HTMLElement>(html`<gp-server-list></gp-server-list>`, { roles: 'technical', locale: 'de' });
      await until(() => el.shadowRoot!.querySelector('form select option[value="f1"]'), 'form options loaded');
      const form = el.shadowRoot!.querySelector('form')!;
      const name = form.querySelector<HTMLInputElement>('#f-name')!;
      name.value = 'web-09';
      name.dispatchEvent(new InputEvent('input'));
      const [flavor, image] = form.querySelectorAll('select');
      flavor!.value = 'f1';
      flavor!.dispatchEvent(new Event('change'));
      image!.value = 'img-1';
      image!.dispatchEvent(new Event('change'));
      form.requestSubmit();
      const notice = () => el.shadowRoot!.querySelector('.notice.error')?.textContent?.trim();
      await until(() => notice() === term('de', 'networkError'), `the German network error; it shows: ${notice()}`);
    } finally {
      window.fetch = original;
    }
  });

  it('placing an order in an outage keeps the review and says the order system is not reachable', async () => {
    const restore = failing(/^\/orders$/, 'unavailable');
    try {
      const { el } = await mount<HTMLElement>(html`<gp-upgrade-wizard type="upgrade" service="memcloud:a1"></gp-upgrade-wizard>`, {
        roles: 'customer,billing,technical',
      });
      const button = (label: string) =>
        [...el.shadowRoot!.querySelectorAll<HTMLButtonElement>('button')].find((b) => b.textContent!.trim() === label);
      await until(() => el.shadowRoot!.querySelector('input[name="plan"]:checked'), 'a plan that fits is chosen');
      button('Next')!.click();
      await until(() => button('Place order'), 'the review');
      button('Place order')!.click();
      await until(() => el.shadowRoot!.querySelector('.notice.error'), 'the failure shown');
      expect(el.shadowRoot!.querySelector('.notice.error')!.textContent).to.equal(
        'The order could not be placed: The order system is not reachable right now. Try again in a moment.',
      );
      expect(button('Place order'), 'the order can be placed again').to.exist;
      await expect(el).to.be.accessible();
    } finally {
      restore();
    }
  });
});
