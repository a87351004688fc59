import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { setImmediate as tick } from 'node:timers/promises';
import {
  currentProviderOperation,
  instrumentPort,
  PORT_OPERATIONS,
  providerOperation,
  withProviderOperation,
} from '../provider-operation.js';
import { ProviderError } from '../errors.js';
import type { SupportProvider, TicketAttachment } from '../ports/support-provider.js';
import type { HostedPaymentGateway } from '../ports/hosted-payment-gateway.js';
import { MemoryCompute } from '../test/fake-compute-provider.js';

/** A compute provider with private state, a getter and a helper the host never calls. */
class PrivateCompute extends MemoryCompute {
  readonly #seen: (string | undefined)[] = [];
  get seen() {
    return this.#seen;
  }
  override async listServers(scope: string) {
    await tick(); // the operation survives an await
    this.#seen.push(currentProviderOperation());
    return super.listServers(scope);
  }
  override async getServer(scope: string, id: string) {
    this.#seen.push(currentProviderOperation());
    return super.getServer(scope, id);
  }
  helper() {
    return this.#seen.length;
  }
  override toString() {
    return String(currentProviderOperation());
  }
}

describe('port calls name their operation', () => {
  it('runs each port method as <port>.<method>, with the provider itself as `this`, and keeps concurrent calls apart', async () => {
    const raw = new PrivateCompute();
    raw.addServer('p', { id: 's1' });
    const compute = instrumentPort(raw, PORT_OPERATIONS.compute);
    assert.notEqual(compute, raw);
    assert.equal(instrumentPort(raw, PORT_OPERATIONS.compute), compute, 'one wrapper per provider');
    assert.ok(compute instanceof PrivateCompute);
    assert.equal(compute.source, raw.source);
    assert.equal(compute.listServers, compute.listServers, 'a method is wrapped once, not per read');

    await Promise.all([compute.listServers('p'), compute.getServer('p', 's1'), compute.listServers('p')]);
    assert.deepEqual([...compute.seen].sort(), ['compute.getServer', 'compute.listServers', 'compute.listServers']);
    assert.equal(compute.helper(), 3, 'a method that is no port method still reaches the private fields');
    assert.equal(
      withProviderOperation('job.x', () => compute.toString()),
      'job.x',
      "a method named like one of Object.prototype's is no port method",
    );
    assert.equal(currentProviderOperation(), undefined, 'nothing leaks out of the call');
    assert.equal(providerOperation(), 'other');
  });

  it("names a nested object's methods (a SupportProvider's attachments) and a synchronous method", async () => {
    const ops: (string | undefined)[] = [];
    const support = {
      source: 'desk',
      attachments: {
        maxBytes: 1024,
        async listAttachments(): Promise<TicketAttachment[]> {
          ops.push(currentProviderOperation());
          return [];
        },
      },
      async listTickets() {
        ops.push(currentProviderOperation());
        return [];
      },
    } as unknown as SupportProvider;
    const wrapped = instrumentPort<SupportProvider>(support, PORT_OPERATIONS.support);
    await wrapped.listTickets('acme');
    await wrapped.attachments!.listAttachments('acme', 't1');
    assert.equal(wrapped.attachments!.maxBytes, 1024);
    assert.equal(wrapped.attachments, wrapped.attachments);
    assert.deepEqual(ops, ['support.listTickets', 'support.listAttachments']);

    const gateway = { id: 'gw', parseWebhook: () => currentProviderOperation() } as unknown as HostedPaymentGateway;
    const parsed: unknown = instrumentPort<HostedPaymentGateway>(gateway, PORT_OPERATIONS.gateway).parseWebhook('{}', null);
    assert.equal(parsed, 'gateway.parseWebhook');
  });

  it('gives a ProviderError made during a port call or job that operation, unless it names its own', () => {
    assert.equal(new ProviderError('x', 'down').operation, undefined);
    assert.equal(withProviderOperation('compute.getServer', () => new ProviderError('x', 'down')).operation, 'compute.getServer');
    assert.equal(
      withProviderOperation('job.status-poll', () => new ProviderError('x', 'down', { operation: 'vmStats' })).operation,
      'vmStats',
    );
  });

  it("takes a plugin's own name only when it is a plain name, never an id or a URL", () => {
    assert.equal(providerOperation('identity.login'), 'identity.login');
    assert.equal(
      withProviderOperation('compute.listServers', () => providerOperation('https://cloud.example/servers/1')),
      'compute.listServers',
    );
    assert.equal(providerOperation('server-4711'), 'other');
    assert.equal(providerOperation(''), 'other');
  });
});
