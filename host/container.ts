// tsyringe throws "tsyringe requires a reflect polyfill" at import when Reflect.getMetadata is
// missing, though the host uses no decorators. This is the one module that imports tsyringe's
// values, so the polyfill is loaded here, once, before it.
import 'reflect-metadata';
import { container as rootContainer, type DependencyContainer, type InjectionToken } from 'tsyringe';
import type { Db, DialectName } from './db/database.js';
import { EventBusToken, type EventBus } from './ports/event-bus.js';
import { NoticeWriterToken, StatusProviderToken, type NoticeWriter, type StatusProvider } from './ports/status-provider.js';
import { registerPlugin, resolvePluginConfig, type CoreServices, type Env, type PluginDefinition } from './plugin.js';
import { TenantService } from './features/tenants/tenant-service.js';
import { MaintenanceService, type MaintenanceServiceOptions } from './features/status/maintenance-service.js';
import { ComputeProviderToken, type ComputeProvider } from './ports/compute-provider.js';
import { MetricsProviderToken, type MetricsProvider } from './ports/metrics-provider.js';
import { ComputeService, type ComputeServiceOptions } from './features/servers/compute-service.js';
import { UsageService, type UsageServiceOptions } from './features/usage/usage-service.js';
import { BillingProviderToken, type BillingProvider } from './ports/billing-provider.js';
import { HostedPaymentGatewayToken, type HostedPaymentGateway } from './ports/hosted-payment-gateway.js';
import { BillingService, type BillingServiceOptions } from './features/billing/billing-service.js';
import { AuditService } from './features/audit/audit-service.js';
import { AccountEventService } from './features/account-calendar/account-events.js';
import { EventSourceToken, type EventSource } from './ports/event-source.js';
import { ProtectionProviderToken, type ProtectionProvider } from './ports/protection-provider.js';
import { ProtectionService, type ProtectionServiceOptions } from './features/protection/protection-service.js';
import { PciService } from './features/pci/pci-service.js';
import { OrderService, type OrderServiceOptions } from './features/orders/order-service.js';
import { EscalationService } from './features/escalations/escalation-service.js';
import { SupportProviderToken, type SupportProvider } from './ports/support-provider.js';
import { SupportService, type SupportServiceOptions } from './features/support/support-service.js';
import { KnowledgeBase } from './features/support/knowledge-base.js';
import { instrumentPort, PORT_OPERATIONS, type PortOperations } from './provider-operation.js';

/** The host's kysely instance, for plugins that keep their data in the host's SQL. */
export const DatabaseToken: InjectionToken<Db> = Symbol.for('glasspane.Database');
/** The current time; tests and the demo replace it. */
export const ClockToken: InjectionToken<() => Date> = Symbol.for('glasspane.Clock');

/** A plugin with explicit configuration, or `undefined` to read its environment variables. */
export type PluginEntry = PluginDefinition | { plugin: PluginDefinition; config?: unknown };

/** The host's services, built once; each feature's routes get the ones they use. */
export interface HostServices {
  db: Db;
  dialect: DialectName;
  bus: EventBus;
  tenants: TenantService;
  maintenances: MaintenanceService;
  noticeWriters: NoticeWriter[];
  compute: ComputeService;
  usage: UsageService;
  billing: BillingService;
  audit: AuditService;
  support: SupportService;
  kb: KnowledgeBase;
  orders: OrderService;
  escalations: EscalationService;
  events: AccountEventService;
  pci: PciService;
  protection: ProtectionService;
  now: () => Date;
}

/**
 * Registers one plugin as the host does (config validated, `provides` enforced, `needs`
 * supplied) in a container of its own, and returns that container: a plugin's tests resolve
 * its ports from it without a host.
 */
export async function loadPlugin(
  plugin: PluginDefinition,
  config: unknown,
  services: Partial<CoreServices> = {},
): Promise<DependencyContainer> {
  const container = rootContainer.createChildContainer();
  await registerPlugin(plugin, resolvePluginConfig(plugin, config, {}), { container, services: { clock: () => new Date(), ...services } });
  return container;
}

function resolveAllOptional<T>(c: DependencyContainer, token: InjectionToken<T>): T[] {
  return c.isRegistered(token, true) ? c.resolveAll(token) : [];
}

/**
 * A port's providers as the host calls them: each call of a port method runs as its
 * operation (`compute.listServers`), which the provider calls it makes are labelled with in
 * metrics, spans and logs (see provider-operation.ts).
 */
function resolvePort<T extends object>(c: DependencyContainer, token: InjectionToken<T>, operations: PortOperations<T>): T[] {
  return resolveAllOptional(c, token).map((provider) => instrumentPort(provider, operations));
}

/**
 * Builds the host's container: core values first, then each plugin's registrations.
 * The host resolves from the container here only; plugins may resolve the core values
 * (database, clock) while registering.
 */
export async function buildContainer(options: {
  db: Db;
  dialect: DialectName;
  bus: EventBus;
  now: () => Date;
  plugins: readonly PluginEntry[];
  env: Env;
  maintenance?: MaintenanceServiceOptions;
  compute?: ComputeServiceOptions;
  usage?: UsageServiceOptions;
  orders?: OrderServiceOptions;
  protection?: ProtectionServiceOptions;
  billing?: BillingServiceOptions;
  support?: SupportServiceOptions;
}): Promise<{ container: DependencyContainer; services: HostServices; plugins: PluginDefinition[] }> {
  const container = rootContainer.createChildContainer();
  container.register(DatabaseToken, { useValue: options.db });
  container.register(EventBusToken, { useValue: options.bus });
  container.register(ClockToken, { useValue: options.now });

  const registered: PluginDefinition[] = [];
  /** Providers of plugins marked `fallback`: used only when no other plugin provides the port. */
  const fallbackProviders = new Set<unknown>();
  const seen = new Set<string>();
  for (const entry of options.plugins) {
    const plugin = 'plugin' in entry ? entry.plugin : entry;
    if (seen.has(plugin.id)) throw new Error(`Plugin "${plugin.id}" is listed twice; register each plugin once.`);
    seen.add(plugin.id);
    const config = resolvePluginConfig(plugin, 'plugin' in entry ? entry.config : undefined, options.env);
    const protectionBefore = resolveAllOptional(container, ProtectionProviderToken).length;
    await registerPlugin(plugin, config, { container, services: { database: options.db, clock: options.now, eventBus: options.bus } });
    if (plugin.fallback)
      for (const p of resolveAllOptional(container, ProtectionProviderToken).slice(protectionBefore)) fallbackProviders.add(p);
    registered.push(plugin);
  }

  const statusProviders: StatusProvider[] = resolvePort(container, StatusProviderToken, PORT_OPERATIONS.status);
  const tenants = new TenantService(options.db, options.now);
  const computeProviders: ComputeProvider[] = resolvePort(container, ComputeProviderToken, PORT_OPERATIONS.compute);
  const metricsProviders: MetricsProvider[] = resolvePort(container, MetricsProviderToken, PORT_OPERATIONS.metrics);
  const compute = new ComputeService(options.db, computeProviders, options.bus, options.compute);
  const usage = new UsageService(options.db, metricsProviders, compute, tenants, options.bus, { now: options.now, ...options.usage });
  // Every feature writes its activity through this one service.
  const audit = new AuditService(options.db, options.now);
  const orders = new OrderService(options.db, tenants, usage, options.bus, options.now, audit, options.orders);
  const maintenances = new MaintenanceService(statusProviders, tenants, options.bus, { now: options.now, ...options.maintenance });
  // The gateway whose own fields take the card (Stripe, or the test gateway); the last one registered wins.
  const gateways = resolvePort<HostedPaymentGateway>(container, HostedPaymentGatewayToken, PORT_OPERATIONS.gateway);
  const billing = new BillingService(
    options.db,
    resolvePort<BillingProvider>(container, BillingProviderToken, PORT_OPERATIONS.billing),
    gateways[gateways.length - 1],
    options.bus,
    options.now,
    audit,
    options.billing,
  );
  // Orders resize servers and bill their proration through the providers.
  orders.fulfilment.providers = { compute, computeProviders, billing };
  const support = new SupportService(
    options.db,
    resolvePort<SupportProvider>(container, SupportProviderToken, PORT_OPERATIONS.support),
    options.bus,
    options.now,
    options.support,
  );
  // A ticket may name one of the tenant's servers as its affected service.
  support.servers = compute;
  // A storage system's plugin (Tintri) protects the servers when one is enabled; a fallback
  // plugin's provider (the built-in one, snapshots the provider's tooling reports) otherwise.
  const protectionProviders = resolveAllOptional<ProtectionProvider>(container, ProtectionProviderToken);
  const chosen = protectionProviders.find((p) => !fallbackProviders.has(p)) ?? protectionProviders[0];
  const protectionProvider = chosen && instrumentPort(chosen, PORT_OPERATIONS.protection);
  const protection = new ProtectionService(
    options.db,
    protectionProvider,
    { compute, catalog: orders.catalog },
    options.bus,
    options.now,
    options.protection,
  );
  orders.fulfilment.protection = protection;
  const services: HostServices = {
    db: options.db,
    dialect: options.dialect,
    bus: options.bus,
    tenants,
    maintenances,
    noticeWriters: resolvePort(container, NoticeWriterToken, PORT_OPERATIONS.notices),
    compute,
    billing,
    audit,
    support,
    kb: new KnowledgeBase(options.db, options.dialect, options.now),
    usage,
    orders,
    escalations: new EscalationService(options.db, options.bus, options.now),
    events: new AccountEventService(
      options.db,
      {
        compute,
        usage,
        support,
        billing,
        maintenances,
        catalog: orders.catalog,
        eventSources: resolvePort<EventSource>(container, EventSourceToken, PORT_OPERATIONS.events),
        bus: options.bus,
        protection,
      },
      options.now,
    ),
    pci: new PciService(options.db, options.bus, options.now, audit, options.orders?.providerName ?? null),
    protection,
    now: options.now,
  };
  protection.events = services.events;
  return { container, services, plugins: registered };
}
