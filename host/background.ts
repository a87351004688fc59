import type { HostServices } from './container.js';
import { Jobs } from './jobs.js';
import type { Observability } from './observability/index.js';

/** How often each background job runs (ms); 0 disables one. The defaults are `HostOptions`'. */
export interface BackgroundIntervals {
  pollMs?: number;
  collectMs?: number;
  autopayMs?: number;
  reconcileMs?: number;
  eventsMs?: number;
  protectionMs?: number;
  ordersMs?: number;
  ticketAutoCloseMs?: number;
}

/**
 * Starts the host's background work: status polling, usage collection, autopay, payment
 * reconciliation, account events, protection checks, order fulfilment and ticket auto-close. Each runs once per
 * interval across every process sharing the database (see `Jobs`). `stop` clears the timers
 * and waits for runs under way, so the database can be closed after it.
 */
export function startBackgroundWork(
  services: HostServices,
  observability: Observability,
  intervals: BackgroundIntervals,
): { stop(): Promise<void> } {
  const jobs = new Jobs(services.db, services.now, (name, error, at) => observability.jobFinished(name, error, at));
  const every = (name: string, ms: number, work: () => Promise<unknown>) => {
    if (ms <= 0) return undefined;
    const timer = setInterval(() => void jobs.run(name, ms, work).catch((err) => observability.jobFailed(name, err)), ms);
    timer.unref();
    return timer;
  };
  const reconcileMs = intervals.reconcileMs ?? 60_000;
  // Each process refreshes once at start: its baseline for diffs, so the first poll streams only real changes.
  void services.maintenances.refresh().catch(() => undefined);
  // Payments a crash or a failing billing system left unsettled: once at start, then every interval.
  if (reconcileMs > 0) void jobs.run('payment-reconcile', reconcileMs, () => services.billing.reconcile()).catch(() => undefined);
  const timers = [
    every('status-poll', intervals.pollMs ?? 60_000, () => services.maintenances.refresh()),
    every('usage-collect', intervals.collectMs ?? 60_000, () => services.usage.collect()),
    every('autopay', intervals.autopayMs ?? 3600_000, () => services.billing.runAutopay()),
    every('payment-reconcile', reconcileMs, () => services.billing.reconcile()),
    // Notices and tickets can vanish at their source; gathering them regularly keeps the calendar whole.
    every('account-events', intervals.eventsMs ?? 15 * 60_000, () => services.events.syncAll()),
    every('protection-check', intervals.protectionMs ?? 5 * 60_000, () => services.protection.checkAll()),
    // Resizes chosen for tonight and downgrades at the end of the paid period.
    every('order-fulfilment', intervals.ordersMs ?? 60_000, () => services.orders.runDue()),
    // Tickets that waited on the customer too long close themselves.
    every('ticket-auto-close', intervals.ticketAutoCloseMs ?? 3600_000, () => services.support.closeStale()),
  ];
  return {
    async stop() {
      for (const timer of timers) if (timer) clearInterval(timer);
      await jobs.stop();
    },
  };
}
