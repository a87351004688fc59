import type { InjectionToken } from 'tsyringe';

/**
 * Something that happened at a provider that belongs on a customer's account calendar:
 * a backup run (good or failed), or an alarm its monitoring raised.
 */
export interface ProviderEvent {
  /** Unique within the source. */
  id: string;
  type: 'backup' | 'alert';
  /** ISO instant the run started or the alarm fired. */
  at: string;
  title: string;
  /** `critical` for a failed backup or a critical alarm. */
  severity: 'info' | 'warning' | 'critical';
  /** The service it concerns, in the host's ids (`openstack:5b8d…`), when known. */
  serviceId: string | null;
  serviceName: string | null;
}

/**
 * Events of one account at a provider, for the account calendar and its hints. `scope`
 * is the account as the tenant configuration names it: a compute account's scope
 * (OpenStack project), or the tenant id for the `local` provider.
 */
export interface EventSource {
  readonly source: string;
  listEvents(scope: string, range: { since: Date; until: Date }, signal?: AbortSignal): Promise<ProviderEvent[]>;
}

export const EventSourceToken: InjectionToken<EventSource> = Symbol.for('glasspane.EventSource');
