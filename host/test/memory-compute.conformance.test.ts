import { computeProviderConformance } from '../testing.js';
import { MemoryCompute } from './fake-compute-provider.js';

// The host tests' in-memory double keeps the port's contract too, or host tests prove nothing.
computeProviderConformance('MemoryCompute (host test double)', async () => {
  const compute = new MemoryCompute();
  const theirs = compute.addServer('someone-else', { id: 'their-db' });
  return { provider: compute, scope: 'mine', foreign: { id: theirs.id, poweredOn: () => theirs.status === 'active' }, advance: () => compute.settle() };
});
