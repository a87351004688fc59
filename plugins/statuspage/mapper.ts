import type { ComponentStatus, NoticeImpact, NoticeStatus, StatusComponent, StatusNotice } from '@glasspane/host';
import type { StatuspageComponent, StatuspageIncident } from './client.js';

const COMPONENT_STATUSES = new Set(['operational', 'under_maintenance', 'degraded_performance', 'partial_outage', 'major_outage']);
const NOTICE_STATUSES = new Set([
  'investigating',
  'identified',
  'monitoring',
  'resolved',
  'postmortem',
  'scheduled',
  'in_progress',
  'verifying',
  'completed',
]);
const IMPACTS = new Set(['none', 'maintenance', 'minor', 'major', 'critical']);

export function toComponent(c: StatuspageComponent): StatusComponent {
  return {
    id: c.id,
    name: c.name,
    status: (COMPONENT_STATUSES.has(c.status) ? c.status : 'operational') as ComponentStatus,
    groupId: c.group_id ?? null,
  };
}

/**
 * Statuspage writes timestamps in the page's time zone (`…T08:14:02.000-06:00`): as strings
 * they neither sort nor compare with the host's UTC instants, so each becomes a UTC ISO instant.
 */
export function instant(value: string): string;
export function instant(value: string | null | undefined): string | null;
export function instant(value: string | null | undefined): string | null {
  if (!value) return null;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? value : new Date(ms).toISOString();
}

/** An incident with a `scheduled_for` is scheduled maintenance; any other is an incident. */
export function toNotice(i: StatuspageIncident): StatusNotice {
  const impact = i.impact_override ?? i.impact ?? 'none';
  return {
    id: i.id,
    kind: i.scheduled_for ? 'maintenance' : 'incident',
    title: i.name,
    status: (NOTICE_STATUSES.has(i.status) ? i.status : 'investigating') as NoticeStatus,
    impact: (IMPACTS.has(impact) ? impact : 'none') as NoticeImpact,
    componentIds: i.components.map((c) => c.id),
    scheduledFor: instant(i.scheduled_for),
    scheduledUntil: instant(i.scheduled_until),
    createdAt: instant(i.created_at),
    updatedAt: instant(i.updated_at ?? i.created_at),
    resolvedAt: instant(i.resolved_at),
    url: i.shortlink ?? null,
    updates: i.incident_updates
      .map((u) => ({
        id: u.id,
        status: (NOTICE_STATUSES.has(u.status) ? u.status : 'investigating') as NoticeStatus,
        body: u.body ?? '',
        at: instant(u.display_at ?? u.created_at),
      }))
      .sort((a, b) => Date.parse(b.at) - Date.parse(a.at)),
  };
}
