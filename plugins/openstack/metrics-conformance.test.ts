import { metricsProviderConformance } from '@glasspane/host/testing';
import { startOpenStackFake } from './fake.js';
import { OpenStackClient, OpenStackComputeProvider, OpenStackMetricsProvider } from './index.js';

// Half past a minute, fixed: Gnocchi's measures at the fake and the provider's window agree.
// The service user is admin, so Gnocchi would let it read the other project's instance.
metricsProviderConformance('openstack', async () => {
  const now = new Date(Math.floor(Date.now() / 60_000) * 60_000 + 30_000);
  const fake = await startOpenStackFake({ transitionMs: 10, now: () => now.getTime() });
  const mine = fake.addServer(fake.projectId, { name: 'web-01' });
  const theirs = fake.addServer(fake.otherProjectId, { name: 'their-db' });
  const client = new OpenStackClient({
    authUrl: fake.authUrl,
    username: fake.username,
    password: fake.password,
    userDomainName: 'Default',
    projectId: fake.projectId,
  });
  return {
    provider: new OpenStackMetricsProvider(client, new OpenStackComputeProvider(client), { now: () => now }),
    scope: fake.projectId,
    serverId: mine.id,
    other: { scope: fake.otherProjectId, serverId: theirs.id },
    now,
    close: fake.close,
  };
});
