import type { ComponentStatus, NoticeImpact, NoticeStatus, StatusComponent, StatusNotice } from '@glasspane/host';
import type { StatuspageComponent, StatuspageIncident } from './client.js';

const COMPONENT_STATUSES = new Set(['operational', 'under_maintenance', 'degraded_performance', 'partial_outage', 'major_outage']);
const NOTICE_STATUSES = new Set(['investigating', 'identified', 'monitoring', 'resolved', 'postmortem', 'scheduled', 'in_progress', 'verifying', 'completed']);
const IMPACTS = new Set(['none', 'maintenance', 'minor', 'major', 'critical']);

export function toComponent(c: StatuspageComponent): StatusComponent {
  return {
    id: c.id,
    name: c.name,
    status: (COMPONENT_STATUSES.has(c.status) ? c.status : 'operational') as ComponentStatus,
    groupId: c.group_id ?? null,
  };
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
    scheduledFor: i.scheduled_for ?? null,
    scheduledUntil: i.scheduled_until ?? null,
    createdAt: i.created_at,
    updatedAt: i.updated_at ?? i.created_at,
    resolvedAt: i.resolved_at ?? null,
    url: i.shortlink ?? null,
    updates: [...i.incident_updates]
      .sort((a, b) => (b.display_at ?? b.created_at).localeCompare(a.display_at ?? a.created_at))
      .map((u) => ({ id: u.id, status: (NOTICE_STATUSES.has(u.status) ? u.status : 'investigating') as NoticeStatus, body: u.body ?? '', at: u.display_at ?? u.created_at })),
  };
}
