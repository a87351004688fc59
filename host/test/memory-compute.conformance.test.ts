import { computeProviderConformance, metricsProviderConformance } from '../testing.js';
import { MemoryCompute } from './fake-compute-provider.js';
import { testNow } from './test-clock.js';

// The host tests' in-memory double keeps the port's contract too, or host tests prove nothing.
computeProviderConformance('MemoryCompute (host test double)', async () => {
  const compute = new MemoryCompute();
  const theirs = compute.addServer('someone-else', { id: 'their-db' });
  return {
    provider: compute,
    scope: 'mine',
    foreign: { id: theirs.id, poweredOn: () => theirs.status === 'active' },
    advance: () => compute.settle(),
  };
});

metricsProviderConformance('MemoryCompute (host test double)', async () => {
  const compute = new MemoryCompute();
  compute.addServer('mine', { id: 'web-01' });
  compute.addServer('someone-else', { id: 'their-db' });
  // Five-minute samples up to the range's end, none after now, as a monitoring system has them.
  const now = testNow();
  compute.now = () => now;
  compute.historyFn = (_metric, range) => {
    const out = [];
    for (let t = Math.ceil(range.start.getTime() / 300_000) * 300_000; t <= Math.min(range.end.getTime(), now.getTime()); t += 300_000)
      out.push({ at: new Date(t).toISOString(), value: 20 });
    return out;
  };
  return { provider: compute, scope: 'mine', serverId: 'web-01', other: { scope: 'someone-else', serverId: 'their-db' }, now };
});
