import { expect, html, fixture } from '@open-wc/testing';
import { firstValueFrom, take, toArray } from 'rxjs';
import '../provider/provider.js';
import type { GpProvider } from '../provider/provider.component.js';
import { ApiClient, ApiError } from './api-client.js';
import { StreamHub } from './stream.js';
import { LocalizeController, lookup, registerTranslation } from './localize.js';
import { defineElement, defineElements } from './define.js';
import { formatAgo, formatBytes, formatDaysFromToday, formatDuration, formatMoney, formatPercent, formatRelative } from './format.js';
import { GpMaintenanceBanner } from '../maintenance-banner/maintenance-banner.component.js';
import '../index.js';
import '../maintenance-banner/maintenance-banner.js';
import '../server-list/server-list.js';
import { mount, postNotice, resetNotices, streamReady, token, until } from '../test/helpers.js';
import { en as account_calendar } from '../account-calendar/messages.js';
import { en as contact_matrix } from '../contact-matrix/messages.js';
import { en as core } from './messages.js';
import { en as invoice_list } from '../invoice-list/messages.js';
import { en as knowledge_base } from '../knowledge-base/messages.js';
import { en as maintenance_banner } from '../maintenance-banner/messages.js';
import { en as order_review } from '../order-review/messages.js';
import { en as order_status } from '../order-status/messages.js';
import { en as pci_checklist } from '../pci-checklist/messages.js';
import { en as server_list } from '../server-list/messages.js';
import { en as service_inventory } from '../service-inventory/messages.js';
import { en as ticket_composer } from '../ticket-composer/messages.js';
import { en as ticket_list } from '../ticket-list/messages.js';
import { en as upgrade_wizard } from '../upgrade-wizard/messages.js';
import { en as usage_gauge } from '../usage-gauge/messages.js';
import { en as usage_readout } from '../usage-gauge/readout-messages.js';
import { en as core_orders } from './order-messages.js';
import { en as core_shared } from './shared-messages.js';
import { en as core_attachments } from './attachment-messages.js';
import { en as help_now } from '../help-now/messages.js';
import { en as payment_methods } from '../payment-methods/messages.js';
import { en as invoice_detail } from '../invoice-detail/messages.js';
import { en as dr_protection } from '../dr-protection/messages.js';
import { en as activity_log } from '../activity-log/messages.js';
import { en as account_book } from '../account-book/messages.js';

describe('ApiClient', () => {
  it('decodes JSON:API documents and sends the bearer token', async () => {
    const t = await token();
    const api = new ApiClient('/api/v1', async () => t.token);
    const doc = await api.get('/maintenances');
    expect(doc.data).to.be.an('array');
    expect(doc.meta).to.have.property('total');
  });

  it('asks for a fresh token once after a 401, then retries', async () => {
    const good = await token();
    const calls: boolean[] = [];
    const api = new ApiClient('/api/v1', async (refresh) => {
      calls.push(!!refresh);
      return refresh ? good.token : 'expired-or-bogus';
    });
    await api.get('/maintenances');
    expect(calls).to.deep.equal([false, true]);
  });

  it('does not call fetch for a caller that gave up while the token was on its way', async () => {
    const t = await token();
    let release!: () => void;
    const api = new ApiClient('/api/v1', () => new Promise((r) => (release = () => r(t.token))));
    const original = window.fetch;
    const sent: string[] = [];
    window.fetch = (input, init) => (sent.push(String(input)), original(input, init));
    try {
      const controller = new AbortController();
      const request = api.get('/maintenances', { signal: controller.signal });
      controller.abort();
      release();
      const err = await request.catch((e: unknown) => e);
      expect((err as Error).name).to.equal('AbortError');
      expect(sent).to.deep.equal([]);
    } finally {
      window.fetch = original;
    }
  });

  it("throws typed errors with the host's words", async () => {
    const api = new ApiClient('/api/v1', async () => 'bogus');
    try {
      await api.get('/maintenances');
      expect.fail('should throw');
    } catch (err) {
      expect(err).to.be.instanceOf(ApiError);
      expect((err as ApiError).kind).to.equal('unauthorized');
      expect((err as ApiError).code).to.equal('token_invalid');
    }
    const offline = new ApiClient('http://127.0.0.1:9/api/v1', async () => 'x');
    const err = await offline.get('/maintenances').catch((e) => e);
    expect((err as ApiError).kind).to.equal('network');
  });
});

describe('gp-provider', () => {
  it('refreshes the token before it expires and shares one refresh between callers', async () => {
    let calls = 0;
    const provider = await fixture<GpProvider>(html`<gp-provider></gp-provider>`);
    provider.tokenProvider = async () => {
      calls++;
      return { token: `t${calls}`, expiresAt: new Date(Date.now() + 30_000).toISOString() };
    };
    const [a, b] = await Promise.all([provider.getToken(), provider.getToken()]);
    expect([a, b, calls]).to.deep.equal(['t1', 't1', 1]);
    // 30 s left is inside the 60 s margin: the next call refreshes.
    expect(await provider.getToken()).to.equal('t2');
  });

  it('accepts a token provider set before the element upgraded', async () => {
    const el = document.createElement('div');
    el.innerHTML = '<gp-provider></gp-provider>';
    const raw = el.firstElementChild as GpProvider & { tokenProvider?: unknown };
    customElements.upgrade(raw);
    raw.tokenProvider = async () => 'early';
    document.body.append(el);
    expect(await raw.getToken()).to.equal('early');
    el.remove();
  });
});

describe('theming', () => {
  it('dark theme on the provider restyles the elements inside, and page tokens win', async () => {
    const t = await token();
    const provider = await fixture(
      html`<gp-provider api-base="/api/v1" token=${t.token} theme="dark"><gp-maintenance-banner show-all-clear></gp-maintenance-banner></gp-provider>`,
    );
    const banner = provider.querySelector('gp-maintenance-banner')!;
    await banner.updateComplete;
    expect(getComputedStyle(banner).getPropertyValue('--gp-color-surface').trim()).to.equal('#0f172a');
    expect(getComputedStyle(banner).color).to.equal('rgb(226, 232, 240)');
    (provider as HTMLElement).style.setProperty('--gp-color-text', 'rgb(1, 2, 3)');
    expect(getComputedStyle(banner).color).to.equal('rgb(1, 2, 3)');
  });
});

describe('StreamHub', () => {
  beforeEach(() => resetNotices());

  it('shares one EventSource between subscribers and delivers a topic', async () => {
    const Original = window.EventSource;
    let opened = 0;
    (window as unknown as { EventSource: unknown }).EventSource = class extends Original {
      constructor(url: string | URL, init?: EventSourceInit) {
        super(url, init);
        opened++;
      }
    };
    try {
      const t = await token();
      const hub = new StreamHub({ url: '/api/v1/stream', token: async () => t.token });
      const [o1, o2, o3] = [await hub.topic('maintenances'), await hub.topic('maintenances'), await hub.topic('maintenances')];
      // Subscribed in one tick, so all three see the connection's first message (the reset).
      const connected = firstValueFrom(o1);
      const first = firstValueFrom(o2.pipe(take(2), toArray()));
      const second = firstValueFrom(o3.pipe(take(2), toArray()));
      const seen: string[] = [];
      const stop = hub.subscribe<{ data: { attributes: { title: string } } }>(
        'maintenances',
        (m) => m.data && seen.push(m.data.data.attributes.title),
      );
      // Post only once the stream is connected, not after a guessed delay.
      await connected;
      await postNotice({ title: 'Hub test', impact: 'minor' });
      const [a, b] = await Promise.all([first, second]);
      expect(opened).to.equal(1);
      expect(a.map((m) => m.topic)).to.deep.equal(['reset', 'maintenances']);
      expect((b[1]!.data as { data: { attributes: { title: string } } }).data.attributes.title).to.equal('Hub test');
      await until(() => seen.includes('Hub test'), 'subscribe() delivers too');
      stop();
    } finally {
      window.EventSource = Original;
    }
  });
});

describe('StreamHub.subscribe', () => {
  it('on an open stream, listens at once: an event right after the call is heard', async () => {
    const Original = window.EventSource;
    const opened: EventSource[] = [];
    window.EventSource = class extends Original {
      constructor(url: string | URL, init?: EventSourceInit) {
        super(url, init);
        opened.push(this);
      }
    };
    try {
      const t = await token();
      const hub = new StreamHub({ url: '/api/v1/stream', token: async () => t.token });
      const first = hub.subscribe('maintenances', () => {});
      await until(() => hub.connected, 'the stream open');
      const heard: unknown[] = [];
      const stop = hub.subscribe('maintenances', (m) => heard.push(m.data));
      // An element joining a page whose stream is open must not miss what arrives before its
      // subscription would have been made on a later task: the event is the very next thing.
      opened[0]!.dispatchEvent(new MessageEvent('maintenances', { data: '{"op":"remove","id":"local:x"}' }));
      expect(heard).to.deep.equal([{ op: 'remove', id: 'local:x' }]);
      stop();
      first();
    } finally {
      window.EventSource = Original;
    }
  });
});

describe("the event stream opens from the elements' reads", () => {
  beforeEach(() => resetNotices());

  /**
   * Mounts a banner and a server list under a provider while counting their reads (per path)
   * and the streams opened; `position` may rewrite the host's `Glasspane-Stream-Position`.
   */
  async function watched(position?: (given: string) => string) {
    const Original = window.EventSource;
    const original = window.fetch;
    const streams: URL[] = [];
    const reads = new Map<string, number>();
    window.EventSource = class extends Original {
      constructor(url: string | URL, init?: EventSourceInit) {
        super(url, init);
        streams.push(new URL(url, location.href));
      }
    };
    window.fetch = async (input, init) => {
      const url = new URL(String(input instanceof Request ? input.url : input), location.href);
      if (url.pathname.startsWith('/api/v1/') && (init?.method ?? 'GET') === 'GET')
        reads.set(url.pathname, (reads.get(url.pathname) ?? 0) + 1);
      const res = await original(input, init);
      const given = res.headers.get('glasspane-stream-position');
      if (!position || !given) return res;
      const headers = new Headers(res.headers);
      headers.set('glasspane-stream-position', position(given));
      return new Response(res.body, { status: res.status, statusText: res.statusText, headers });
    };
    const restore = () => {
      window.EventSource = Original;
      window.fetch = original;
    };
    try {
      const { provider } = await mount(
        html`<gp-maintenance-banner show-all-clear></gp-maintenance-banner><gp-server-list></gp-server-list>`,
      );
      return { provider, streams, reads, restore };
    } catch (err) {
      restore();
      throw err;
    }
  }

  it('opens the stream from the position the reads were given, and no element fetches again on connect', async () => {
    const { provider, streams, reads, restore } = await watched();
    try {
      const banner = provider.querySelector('gp-maintenance-banner')!;
      await streamReady(banner);
      expect(streams).to.have.length(1);
      expect(streams[0]!.searchParams.get('lastEventId') ?? '').to.match(/^[A-Za-z0-9_-]{22}(,[A-Za-z0-9_-]{22})*$/);
      // A refetch on connect would start as the host says `ready`; an event after it marks
      // the point by which it would have been asked for.
      const counted = new Map<string, number>();
      const stop = (banner as unknown as { gp: { stream: StreamHub } }).gp.stream.subscribe('maintenances', (m) => {
        if (m.topic === 'maintenances' && !counted.size) for (const [path, n] of reads) counted.set(path, n);
      });
      await postNotice({ title: 'After connecting', impact: 'minor' });
      await until(() => counted.size > 0, 'the notice came through the stream');
      stop();
      expect(counted.get('/api/v1/maintenances'), 'the banner read once').to.equal(1);
      expect(counted.get('/api/v1/servers'), 'the server list read once').to.equal(1);
      await until(() => banner.shadowRoot!.textContent!.includes('After connecting'), 'the banner shows the new notice');
    } finally {
      restore();
    }
  });

  it("fetches again when the host cannot replay from the reads' position (a reset)", async () => {
    // Well-formed, but no id of this tenant's: the host answers `reset`.
    const { provider, streams, reads, restore } = await watched(() => 'A'.repeat(22));
    try {
      await until(() => reads.get('/api/v1/maintenances') === 2 && reads.get('/api/v1/servers') === 2, 'both elements read again');
      expect(streams[0]!.searchParams.get('lastEventId')).to.equal('A'.repeat(22));
      await until(
        () => provider.querySelector('gp-server-list')!.shadowRoot!.querySelector('[aria-busy="true"]') === null,
        'the list shown',
      );
    } finally {
      restore();
    }
  });
});

describe('localisation', () => {
  it('loads German on demand, and the first render of a German element is already German', async () => {
    const el = await fixture<HTMLElement>(html`<div lang="de-CH"><gp-maintenance-banner></gp-maintenance-banner></div>`);
    const banner = el.firstElementChild as GpMaintenanceBanner;
    await banner.updateComplete;
    expect(banner.shadowRoot!.textContent, 'the first render is already German').to.include('muss innerhalb von <gp-provider>');
  });

  it('speaks English and German, follows lang, and lets a partner override or add a language', async () => {
    const host = await fixture<HTMLElement>(html`<div lang="de"><span></span></div>`);
    const span = host.querySelector('span')!;
    const fakeHost = Object.assign(span, { addController() {}, requestUpdate() {} });
    const l = new LocalizeController(fakeHost as never);
    registerTranslation({ $code: 'de', allClear: 'Alles läuft' });
    await l.ready();
    expect(l.term('allClear'), 'a partner override set before German loaded wins').to.equal('Alles läuft');
    registerTranslation({ $code: 'de', allClear: 'Alle Systeme in Betrieb' });
    expect(l.term('allClear')).to.equal('Alle Systeme in Betrieb');
    expect(l.term('showAll', 4)).to.equal('Alle 4 Hinweise anzeigen');
    expect(lookup('de-AT', 'dismiss')).to.equal('Ausblenden');
    registerTranslation({ $code: 'de', allClear: 'Alles läuft' });
    expect(l.term('allClear')).to.equal('Alles läuft');
    registerTranslation({ $code: 'fr', $name: 'Français', allClear: 'Tous les systèmes fonctionnent' });
    host.setAttribute('lang', 'fr');
    l.hostUpdate(); // the locale is resolved once per render
    expect(l.term('allClear')).to.equal('Tous les systèmes fonctionnent');
    expect(l.term('dismiss'), 'missing French falls back to English').to.equal('Dismiss');
    registerTranslation({ $code: 'de', allClear: 'Alle Systeme in Betrieb' });
  });
});

describe('tenant branding', () => {
  it("applies the tenant's colours from the host to every element inside, and says so", async () => {
    const provider = document.createElement('gp-provider') as GpProvider;
    provider.setAttribute('api-base', '/api/v1');
    provider.setAttribute('tenant-branding', '');
    provider.tokenProvider = () => token('globex');
    provider.innerHTML = '<gp-maintenance-banner show-all-clear></gp-maintenance-banner>';
    const loaded = new Promise<CustomEvent>((r) =>
      provider.addEventListener('gp-branding-loaded', (e) => r(e as CustomEvent), { once: true }),
    );
    document.body.append(provider);
    try {
      const { detail } = await loaded;
      expect(detail.supportName).to.equal('Globex Care');
      expect(getComputedStyle(provider.querySelector('gp-maintenance-banner')!).getPropertyValue('--gp-color-primary').trim()).to.equal(
        '#15803d',
      );
      expect(provider.branding?.displayName).to.equal('Globex Cloud');
    } finally {
      provider.remove();
    }
  });

  it('leaves the portal theme alone without the attribute', async () => {
    const asked: string[] = [];
    const original = window.fetch;
    window.fetch = (input, init) => {
      asked.push(String(input instanceof Request ? input.url : input));
      return original(input, init);
    };
    try {
      const el = await fixture<GpProvider>(
        html`<gp-provider api-base="/api/v1" .tokenProvider=${() => token('globex')}><gp-maintenance-banner show-all-clear></gp-maintenance-banner></gp-provider>`,
      );
      const banner = el.querySelector('gp-maintenance-banner')!;
      // The element inside has talked to the host through this provider: branding would have been asked for by now.
      await until(() => banner.shadowRoot!.textContent!.includes('All systems operational'), 'the element inside loaded');
      await el.updateComplete;
      expect(asked.some((u) => u.includes('/branding'))).to.equal(false);
      expect(el.style.getPropertyValue('--gp-color-primary')).to.equal('');
      expect(el.branding).to.equal(undefined);
    } finally {
      window.fetch = original;
    }
  });
});

describe('message modules', () => {
  it('never define the same key twice (the first one registered would silently win)', () => {
    const modules = {
      pci_checklist,
      account_calendar,
      service_inventory,
      contact_matrix,
      core,
      invoice_list,
      knowledge_base,
      maintenance_banner,
      order_review,
      order_status,
      server_list,
      ticket_composer,
      ticket_list,
      upgrade_wizard,
      usage_gauge,
      usage_readout,
      core_orders,
      core_shared,
      core_attachments,
      dr_protection,
      activity_log,
      account_book,
      help_now,
      payment_methods,
      invoice_detail,
    };
    const owner = new Map<string, string>();
    const clashes: string[] = [];
    for (const [name, messages] of Object.entries(modules)) {
      for (const key of Object.keys(messages)) {
        if (owner.has(key)) clashes.push(`${key}: ${owner.get(key)} and ${name}`);
        owner.set(key, name);
      }
    }
    expect(clashes).to.deep.equal([]);
  });
});

describe('formatting', () => {
  it('formats money from minor units in the currency exponent, bytes, percent and relative time', () => {
    expect(formatMoney(18326, 'EUR', 'de-DE')).to.match(/^183,26\s€$/);
    expect(formatMoney(18326, 'USD', 'en-US')).to.equal('$183.26');
    expect(formatMoney(500, 'JPY', 'en-US')).to.equal('¥500');
    expect(formatBytes(1536, 'en')).to.equal('1.5 kB');
    // On a scale (an axis's top tick): the scale's unit, so 0 is "0 GB", not "0 byte".
    expect(formatBytes(0, 'en', 7.3 * 1024 ** 3)).to.match(/^0\sGB$/);
    expect(formatBytes(512 * 1024 ** 2, 'de', 8 * 1024 ** 3)).to.match(/^0,5\sGB$/);
    expect(formatPercent(0.254, 'en')).to.equal('25%');
    const now = new Date('2026-11-24T12:00:00Z');
    expect(formatRelative('2026-11-26T12:00:00Z', 'en', now)).to.equal('in 2 days');
    expect(formatRelative('2026-11-24T11:55:00Z', 'de', now)).to.equal('vor 5 Minuten');
  });
});

describe('registration', () => {
  it('never throws on double definition, and a partner prefix works beside gp-', async () => {
    defineElement('gp-maintenance-banner', GpMaintenanceBanner);
    defineElement('gp-maintenance-banner', GpMaintenanceBanner);
    const tags = defineElements({ prefix: 'acme' });
    expect(tags).to.include('acme-maintenance-banner');
    expect(tags).to.include('acme-provider');
    expect(() => defineElements({ prefix: 'acme' })).not.to.throw();
    expect(() => defineElements({ prefix: 'Bad Prefix' })).to.throw(/lower-case/);
    await postNotice({ title: 'Seen through a partner prefix', impact: 'minor' });
    const t = await token();
    const el = await fixture(
      html`<acme-provider api-base="/api/v1" token=${t.token}><acme-maintenance-banner></acme-maintenance-banner></acme-provider>`,
    );
    const banner = el.querySelector('acme-maintenance-banner')!;
    expect(banner).to.be.instanceOf(GpMaintenanceBanner);
    await until(() => banner.shadowRoot?.textContent?.includes('Seen through a partner prefix'), 'partner banner renders');
  });

  it('runs the whole kit under a partner prefix beside gp- on one page', async () => {
    const kit = [
      'provider',
      'maintenance-banner',
      'server-list',
      'usage-gauge',
      'invoice-list',
      'ticket-composer',
      'ticket-list',
      'knowledge-base',
      'contact-matrix',
      'upgrade-wizard',
      'order-status',
      'order-review',
      'account-calendar',
      'service-inventory',
      'pci-checklist',
      'dr-protection',
      'activity-log',
      'account-book',
      'help-now',
      'payment-methods',
      'invoice-detail',
    ];
    defineElements();
    const tags = defineElements({ prefix: 'acme' });
    expect(tags.sort()).to.deep.equal(kit.map((n) => `acme-${n}`).sort(), 'every kit element is registered under the prefix');
    const t = await token('acme', 'customer,technical,billing,staff');
    const page = await fixture<HTMLElement>(html`<div></div>`);
    for (const prefix of ['gp', 'acme']) {
      const provider = document.createElement(`${prefix}-provider`);
      provider.setAttribute('api-base', '/api/v1');
      provider.setAttribute('token', t.token);
      for (const name of kit.slice(1)) {
        const el = document.createElement(`${prefix}-${name}`);
        if (name === 'usage-gauge') el.setAttribute('service', 'memcloud:g1');
        provider.append(el);
      }
      page.append(provider);
    }
    for (const name of kit.slice(1)) {
      const gp = page.querySelector(`gp-${name}`) as HTMLElement & { updateComplete: Promise<unknown> };
      const acme = page.querySelector(`acme-${name}`) as HTMLElement & { updateComplete: Promise<unknown> };
      expect(acme, `acme-${name} is the same element as gp-${name}`).to.be.instanceOf(customElements.get(`gp-${name}`)!);
      await Promise.all([gp.updateComplete, acme.updateComplete]);
      // Both reach the host through their own provider and render something a person can read.
      await until(() => (acme.shadowRoot?.textContent ?? '').trim().length > 0, `acme-${name} renders`);
      await until(() => (gp.shadowRoot?.textContent ?? '').trim().length > 0, `gp-${name} renders`);
      expect(acme.shadowRoot!.textContent, `acme-${name} finds its provider`).not.to.include('<gp-provider>');
    }
  });
});

describe('times in words, with the grammar of the language', () => {
  it('says how long ago through Intl.RelativeTimeFormat: never "vor 0 Min." nor "vor 3 Tage"', () => {
    expect(formatAgo(0, 'de')).to.equal('jetzt');
    expect(formatAgo(0.5, 'en')).to.equal('now');
    expect(formatAgo(1, 'de')).to.equal('vor 1 Minute');
    expect(formatAgo(30 * 60, 'de')).to.equal('vor 30 Stunden');
    expect(formatAgo(3 * 1440, 'de')).to.equal('vor 3 Tagen');
    expect(formatAgo(3 * 1440, 'en')).to.equal('3 days ago');
  });
  it('spells spans and days from today with Intl plurals', () => {
    expect(formatDuration(1440 * 3, 'de')).to.equal('3 Tage');
    expect(formatDuration(60, 'en', 'short')).to.equal('60 min');
    expect(formatDuration(120, 'en')).to.equal('2 hours');
    expect(formatDaysFromToday(-2, 'en')).to.equal('2 days ago');
    expect(formatDaysFromToday(1, 'de')).to.equal('morgen');
    expect(formatDaysFromToday(0, 'de')).to.equal('heute');
  });
});
