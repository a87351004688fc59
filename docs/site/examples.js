// Live examples: every element against the demo host this site is served from. The demo's
// portal backend (/portal/session) mints the tokens, as a real portal's backend would.
const session = (view) => async () => {
  const res = await fetch(`/portal/session?tenant=acme&view=${view}`, { credentials: 'same-origin' });
  if (!res.ok) throw new Error('Start the demo (npm start) to see live examples.');
  return res.json();
};
for (const provider of document.querySelectorAll('gp-provider[data-view]')) provider.tokenProvider = session(provider.dataset.view);
for (const gauge of document.querySelectorAll('gp-usage-gauge[data-first-server]')) {
  // The gauge needs a server id; the demo's first running server is asked for.
  const { token } = await session('customer')();
  const res = await fetch('/api/v1/servers', { headers: { authorization: `Bearer ${token}`, accept: 'application/vnd.api+json' } });
  const running = res.ok ? (await res.json()).data.find((s) => s.attributes.status === 'active') : undefined;
  if (running) {
    gauge.setAttribute('server', running.id);
    gauge.setAttribute('server-name', running.attributes.name);
  }
}
