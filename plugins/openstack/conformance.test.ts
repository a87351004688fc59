import { computeProviderConformance } from '@glasspane/host/testing';
import { startOpenStackFake } from './fake.js';
import { OpenStackClient, OpenStackComputeProvider } from './index.js';

// The fake's service user holds the admin role, as portal service accounts usually do: Nova
// would let it read and stop the other project's server by id.
computeProviderConformance('openstack', async () => {
  const fake = await startOpenStackFake({ transitionMs: 30 });
  const theirs = fake.addServer(fake.otherProjectId, { name: 'their-db' });
  const client = new OpenStackClient({
    authUrl: fake.authUrl,
    username: fake.username,
    password: fake.password,
    userDomainName: 'Default',
    projectId: fake.projectId,
  });
  return {
    provider: new OpenStackComputeProvider(client, { pollMs: 20 }),
    scope: fake.projectId,
    foreign: { id: theirs.id, poweredOn: () => theirs.vm_state === 'active' && !theirs.task_state },
    close: fake.close,
  };
});
