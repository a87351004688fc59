// Nimbus Hosting's portal script: picks tenant and language, and hands the kit a token
// provider that asks the portal's own backend (which holds the admin key) for a token.
const params = new URLSearchParams(location.search);
const tenant = params.get('tenant') === 'globex' ? 'globex' : 'acme';
const lang = params.get('lang') === 'de' ? 'de' : 'en';

const TEXT = {
  en: { customer: 'Customer', language: 'Language', overview: 'Overview', servers: 'Servers', billing: 'Billing', support: 'Support', compliance: 'Compliance', welcome: 'Welcome back,', lede: 'Everything about your services with Nimbus, in one place.', status: 'Service status', soon: 'This part of the portal is on its way.', usage: 'Usage', upgradeAsked: 'Upgrade requested for', help: 'Help and contacts' },
  de: { customer: 'Kunde', language: 'Sprache', overview: 'Übersicht', servers: 'Server', billing: 'Rechnungen', support: 'Support', compliance: 'Compliance', welcome: 'Willkommen zurück,', lede: 'Alles zu Ihren Diensten bei Nimbus an einem Ort.', status: 'Dienststatus', soon: 'Dieser Teil des Portals folgt in Kürze.', usage: 'Auslastung', upgradeAsked: 'Upgrade angefragt für', help: 'Hilfe und Kontakte' },
};
document.documentElement.lang = lang;
for (const el of document.querySelectorAll('[data-i18n]')) el.textContent = TEXT[lang][el.dataset.i18n] ?? el.textContent;
document.getElementById('company').textContent = tenant === 'acme' ? 'Acme Corporation' : 'Globex Inc.';

const form = document.getElementById('switches');
for (const name of ['tenant', 'lang']) {
  const select = document.getElementById(name);
  select.value = name === 'tenant' ? tenant : lang;
  select.addEventListener('change', () => form.submit());
}

const provider = document.getElementById('provider');
provider.setAttribute('locale', lang);
provider.tokenProvider = async () => {
  const res = await fetch(`/portal/session?tenant=${tenant}`, { credentials: 'same-origin' });
  if (!res.ok) throw new Error('Could not start a portal session.');
  return res.json(); // { token, expiresAt }
};

// One gauge per running server's CPU and the first server's memory: the portal decides
// what to show, the kit draws it. The server list comes from the same API.
const gauges = document.getElementById('gauges');
provider.addEventListener('gp-upgrade-requested', (e) => {
  alert(`${TEXT[lang].upgradeAsked} ${e.detail.serverId} (${e.detail.metric})`);
});
(async () => {
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
