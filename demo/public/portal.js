// Nimbus Hosting's portal script: picks tenant and language, and hands the kit a token
// provider that asks the portal's own backend (which holds the admin key) for a token.
const params = new URLSearchParams(location.search);
const tenant = params.get('tenant') === 'globex' ? 'globex' : 'acme';
const lang = params.get('lang') === 'de' ? 'de' : 'en';
const view = params.get('view') === 'staff' ? 'staff' : 'customer';
const theme = ['midnight', 'meadow'].includes(params.get('theme')) ? params.get('theme') : 'nimbus';
if (theme !== 'nimbus') document.getElementById('theme').href = `/themes/${theme}.css`;

const TEXT = {
  en: {
    customer: 'Customer',
    language: 'Language',
    overview: 'Overview',
    servers: 'Servers',
    billing: 'Billing',
    support: 'Support',
    compliance: 'Compliance',
    welcome: 'Welcome back,',
    lede: 'Everything about your services with Nimbus, in one place.',
    status: 'Service status',
    soon: 'This part of the portal is on its way.',
    usage: 'Usage',
    help: 'Help and contacts',
    plans: 'Plans and orders',
    view: 'View',
    theme: 'Theme',
    viewCustomer: 'Customer',
    viewStaff: 'Account manager',
    staffTitle: 'Account',
    review: 'Orders and questions to review',
    calendar: 'What happened on this account',
    tickets: 'Tickets',
    inventory: 'Your contract',
    opened: 'Opened',
    protection: 'Backups and disaster recovery',
    activity: 'Activity',
    book: 'Account care',
    menu: 'Menu',
  },
  de: {
    customer: 'Kunde',
    language: 'Sprache',
    overview: 'Übersicht',
    servers: 'Server',
    billing: 'Rechnungen',
    support: 'Support',
    compliance: 'Compliance',
    welcome: 'Willkommen zurück,',
    lede: 'Alles zu Ihren Diensten bei Nimbus an einem Ort.',
    status: 'Dienststatus',
    soon: 'Dieser Teil des Portals folgt in Kürze.',
    usage: 'Auslastung',
    help: 'Hilfe und Kontakte',
    plans: 'Tarife und Bestellungen',
    view: 'Ansicht',
    theme: 'Design',
    viewCustomer: 'Kunde',
    viewStaff: 'Kundenbetreuung',
    staffTitle: 'Konto',
    review: 'Zu prüfende Bestellungen und Fragen',
    calendar: 'Was auf diesem Konto passiert ist',
    tickets: 'Tickets',
    inventory: 'Ihr Vertrag',
    opened: 'Geöffnet',
    protection: 'Backups und Notfallwiederherstellung',
    activity: 'Aktivitäten',
    book: 'Kundenbetreuung',
    menu: 'Menü',
  },
};
document.documentElement.lang = lang;
for (const el of document.querySelectorAll('[data-i18n]')) el.textContent = TEXT[lang][el.dataset.i18n] ?? el.textContent;
for (const el of document.querySelectorAll('.company')) el.textContent = tenant === 'acme' ? 'Acme Corporation' : 'Globex Inc.';
// The same page for both audiences; the portal's backend mints a staff token for the account manager.
// Removed before the kit upgrades them, so the other audience's elements make no requests.
for (const el of document.querySelectorAll('[data-view]')) if (el.dataset.view !== view) el.remove();
for (const el of document.querySelectorAll('[data-view]')) el.hidden = false;
document.body.dataset.view = view;

// Phone layout: the menu button folds the navigation and switches open and shut; choosing a
// place closes it. The navigation follows the scroll: the section in view is the current one.
const toggle = document.getElementById('menu-toggle');
const setOpen = (open) => {
  document.body.classList.toggle('nav-open', open);
  toggle.setAttribute('aria-expanded', String(open));
};
toggle.addEventListener('click', () => setOpen(!document.body.classList.contains('nav-open')));
const nav = document.getElementById('portal-nav');
const topbar = document.querySelector('.topbar');
new ResizeObserver(() => document.documentElement.style.setProperty('--topbar-height', `${topbar.offsetHeight}px`)).observe(topbar);
if (nav) {
  nav.addEventListener('click', (e) => {
    if (e.target.closest('a')) setOpen(false);
  });
  const links = [...nav.querySelectorAll('a')];
  const current = (link) => links.forEach((a) => (a === link ? a.setAttribute('aria-current', 'page') : a.removeAttribute('aria-current')));
  const sections = links.map((a) => [a, a.hash ? document.getElementById(a.hash.slice(1)) : null]).filter(([, el]) => el);
  const seen = new Map();
  const spy = new IntersectionObserver(
    (entries) => {
      for (const e of entries) seen.set(e.target, e.isIntersecting);
      const first = sections.find(([, el]) => seen.get(el));
      current(first ? first[0] : links[0]);
    },
    { rootMargin: '-30% 0px -60% 0px' },
  );
  for (const [, el] of sections) spy.observe(el);
}

const form = document.getElementById('switches');
for (const name of ['tenant', 'lang', 'view', 'theme']) {
  const select = document.getElementById(name === 'theme' ? 'theme-select' : name);
  select.value = { tenant, lang, view, theme }[name];
  select.addEventListener('change', () => form.submit());
}

const provider = document.getElementById('provider');
provider.setAttribute('locale', lang);
provider.tokenProvider = async () => {
  const res = await fetch(`/portal/session?tenant=${tenant}&view=${view}`, { credentials: 'same-origin' });
  if (!res.ok) throw new Error('Could not start a portal session.');
  return res.json(); // { token, expiresAt }
};

// One gauge per running server's CPU and the first server's memory: the portal decides
// what to show, the kit draws it. The server list comes from the same API.
const gauges = document.getElementById('gauges');
// "Upgrade" on a gauge opens the wizard at the plan step, with a plan that fits that metric.
provider.addEventListener('gp-upgrade-requested', (e) => {
  const wizard = document.getElementById('wizard');
  wizard.setAttribute('type', 'upgrade');
  wizard.setAttribute('metric', e.detail.metric);
  wizard.setAttribute('service', e.detail.serverId);
  wizard.scrollIntoView({ behavior: 'smooth', block: 'start' });
});
(async () => {
  if (view !== 'customer') return;
  const { token } = await provider.tokenProvider();
  const res = await fetch('/api/v1/servers', { headers: { authorization: `Bearer ${token}`, accept: 'application/vnd.api+json' } });
  if (!res.ok) return;
  const { data } = await res.json();
  const running = data.filter((s) => s.attributes.status === 'active').slice(0, 2);
  for (const [i, s] of running.entries()) {
    for (const metric of i === 0 ? ['cpu', 'memory'] : ['cpu']) {
      const gauge = document.createElement('gp-usage-gauge');
      gauge.setAttribute('server', s.id);
      gauge.setAttribute('server-name', s.attributes.name);
      gauge.setAttribute('metric', metric);
      gauge.setAttribute('range', '7d');
      gauges.append(gauge);
    }
  }
})();

// A suggested article opens in the portal's knowledge base.
provider.addEventListener('gp-kb-article-requested', (e) => {
  const kb = document.querySelector('gp-knowledge-base');
  kb.article = e.detail.slug;
  kb.scrollIntoView({ behavior: 'smooth', block: 'start' });
});

// An invoice's number in the list opens its detail below the list.
provider.addEventListener('gp-invoice-open', (e) => {
  const detail = document.getElementById('invoice-detail');
  detail.invoiceId = e.detail.invoiceId;
  detail.hidden = false;
  detail.scrollIntoView({ behavior: 'smooth', block: 'start' });
});

// Renew in the inventory opens the wizard's renewal path for that service.
provider.addEventListener('gp-renewal-requested', (e) => {
  const wizard = document.getElementById('wizard');
  wizard.setAttribute('type', 'renewal');
  wizard.removeAttribute('metric');
  wizard.setAttribute('service', e.detail.serviceId);
  wizard.scrollIntoView({ behavior: 'smooth', block: 'start' });
});

// A better protection tier is an add-on order: the wizard opens at the plan step with it chosen.
provider.addEventListener('gp-protection-tier-requested', (e) => {
  const wizard = document.getElementById('wizard');
  wizard.removeAttribute('metric');
  wizard.setAttribute('type', 'addon');
  wizard.setAttribute('service', e.detail.serviceId);
  wizard.setAttribute('addon', e.detail.tierId);
  wizard.scrollIntoView({ behavior: 'smooth', block: 'start' });
});

// The calendar says where a click should go; the portal decides how to get there.
provider.addEventListener('gp-navigate', (e) => {
  const { kind, id, event } = e.detail;
  if (kind === 'ticket') {
    const list = document.getElementById('staff-ticket-list');
    list.ticketId = id;
    list.scrollIntoView({ behavior: 'smooth', block: 'start' });
  } else if (kind === 'order') {
    document.getElementById('review').scrollIntoView({ behavior: 'smooth', block: 'start' });
  }
  document.getElementById('navigated').textContent = `${TEXT[lang].opened}: ${event.title}`;
});

// A partner's tenant carries its own brand (colours applied by gp-provider; the name is ours to show).
provider.addEventListener('gp-branding-loaded', (e) => {
  if (e.detail.displayName) document.getElementById('brand-name').textContent = e.detail.displayName;
});
