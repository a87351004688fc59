import { DEFAULT_LANGUAGE, readJson, writeJson } from '@glasspane/host';
import type { NoticeInput, NoticeUpdate, NoticeWriter, StatusComponent, StatusNotice, StatusProvider } from '@glasspane/host';
import type { LocalDb, LocalNoticeTable } from './tables.js';

const DONE = new Set(['resolved', 'postmortem', 'completed']);

/**
 * Notices kept in the host's own SQL, for providers without Statuspage: staff post
 * and update them through `POST/PATCH /api/v1/maintenances`. Component ids are free
 * text chosen by the provider and linked to tenants' services like any other source.
 */
export class LocalStatusProvider implements StatusProvider, NoticeWriter {
  readonly source = 'local';

  constructor(
    private readonly db: LocalDb,
    private readonly now: () => Date,
  ) {}

  async listComponents(): Promise<StatusComponent[]> {
    const links = await this.db
      .selectFrom('status_component_links')
      .select('component_id')
      .distinct()
      .where('source', '=', this.source)
      .execute();
    return links.map((l) => ({ id: l.component_id, name: l.component_id, status: 'operational', groupId: null }));
  }

  async listNotices(): Promise<StatusNotice[]> {
    const rows = await this.db
      .selectFrom('local_notices')
      .selectAll()
      .where('resolved_at', 'is', null)
      .orderBy('created_at', 'desc')
      .execute();
    return rows.map(toNotice);
  }

  async createNotice(input: NoticeInput): Promise<StatusNotice> {
    const at = this.now().toISOString();
    const id = crypto.randomUUID();
    const updates: NoticeUpdate[] = input.body ? [{ id: crypto.randomUUID(), status: input.status, body: input.body, at }] : [];
    const row: LocalNoticeTable = {
      id,
      kind: input.kind,
      title: input.title,
      status: input.status,
      impact: input.impact,
      component_ids: writeJson(input.componentIds),
      scheduled_for: input.scheduledFor,
      scheduled_until: input.scheduledUntil,
      updates: writeJson(updates),
      locale: input.locale ?? DEFAULT_LANGUAGE,
      created_at: at,
      updated_at: at,
      resolved_at: DONE.has(input.status) ? at : null,
    };
    await this.db.insertInto('local_notices').values(row).execute();
    return toNotice(row);
  }

  async updateNotice(id: string, patch: Partial<NoticeInput>): Promise<StatusNotice | undefined> {
    return this.db.transaction().execute(async (trx) => {
      const row = await trx.selectFrom('local_notices').selectAll().where('id', '=', id).executeTakeFirst();
      if (!row) return undefined;
      const at = this.now().toISOString();
      const status = patch.status ?? (row.status as NoticeInput['status']);
      const updates = readJson<NoticeUpdate[]>(row.updates, []);
      if (patch.body) updates.unshift({ id: crypto.randomUUID(), status, body: patch.body, at });
      const next: LocalNoticeTable = {
        ...row,
        kind: patch.kind ?? row.kind,
        title: patch.title ?? row.title,
        status,
        impact: patch.impact ?? row.impact,
        component_ids: patch.componentIds ? writeJson(patch.componentIds) : row.component_ids,
        scheduled_for: patch.scheduledFor !== undefined ? patch.scheduledFor : row.scheduled_for,
        scheduled_until: patch.scheduledUntil !== undefined ? patch.scheduledUntil : row.scheduled_until,
        updates: writeJson(updates),
        locale: patch.locale ?? row.locale,
        updated_at: at,
        resolved_at: DONE.has(status) ? (row.resolved_at ?? at) : null,
      };
      await trx.updateTable('local_notices').set(next).where('id', '=', id).execute();
      return toNotice(next);
    });
  }
}

function toNotice(row: LocalNoticeTable): StatusNotice {
  return {
    id: row.id,
    kind: row.kind,
    title: row.title,
    status: row.status as StatusNotice['status'],
    impact: row.impact as StatusNotice['impact'],
    componentIds: readJson<string[]>(row.component_ids, []),
    scheduledFor: row.scheduled_for,
    scheduledUntil: row.scheduled_until,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    resolvedAt: row.resolved_at,
    url: null,
    updates: readJson<NoticeUpdate[]>(row.updates, []),
    locale: row.locale,
  };
}
