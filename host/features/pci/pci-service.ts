import { csvRow } from '../../csv.js';
import type { AuditService } from '../audit/audit-service.js';
import { randomUUID } from 'node:crypto';
import type { Db } from '../../db/database.js';
import { readJson, writeJson } from '../../db/json.js';
import { ValidationError, notFound } from '../../errors.js';
import type { EventBus } from '../../ports/event-bus.js';
import { contentHash, loadPciContent, parsePciContent, type PciContent, type PciItem, type Responsibility, type SaqType } from './content.js';

export const PCI_TOPIC = 'pci';
export const ITEM_STATUSES = ['not_started', 'in_progress', 'in_place', 'not_applicable'] as const;
export type ItemStatus = (typeof ITEM_STATUSES)[number];

/** One item as a tenant sees it: the text in one language, its status and evidence. */
export interface ChecklistItem {
  id: string;
  title: string;
  explanation: string;
  fix: string;
  responsibility: Responsibility;
  saq: SaqType[];
  status: ItemStatus;
  reason: string;
  owner: string;
  evidenceNotes: string;
  evidenceLinks: string[];
  reviewedAt: string | null;
  /** The provider changed the item's text since this tenant last reviewed it. */
  changedSinceReview: boolean;
  updatedBy: string | null;
  updatedAt: string | null;
}

export interface Progress {
  done: number;
  total: number;
  /** done ÷ total; items not applicable count as done. */
  share: number;
}

export interface Checklist {
  version: string;
  revision: string;
  published: string;
  progress: Progress;
  requirements: { id: string; title: string; progress: Progress; items: ChecklistItem[] }[];
}

export interface ItemUpdate {
  status?: ItemStatus;
  reason?: string;
  owner?: string;
  evidenceNotes?: string;
  evidenceLinks?: string[];
  /** Confirms the item was read again after the provider changed it. */
  reviewed?: boolean;
}

const progress = (items: ChecklistItem[]): Progress => {
  const done = items.filter((i) => i.status === 'in_place' || i.status === 'not_applicable').length;
  return { done, total: items.length, share: items.length ? done / items.length : 0 };
};

/**
 * Each tenant's PCI DSS checklist: status, owner and evidence per item, progress per
 * requirement and overall, every change in the history, and a flag on items whose text
 * the provider changed since the tenant last reviewed them.
 */
export class PciService {
  #current?: PciContent;

  constructor(
    private readonly db: Db,
    private readonly bus: EventBus,
    private readonly now: () => Date,
    /** Status changes are account activity (the activity log); evidence edits stay in the item's history. */
    private readonly audit?: AuditService,
  ) {}

  /**
   * The newest content revision loaded (by any host process sharing the database), or the
   * one shipped with the host. The document is parsed again only when the revision moved.
   */
  async content(): Promise<PciContent> {
    const latest = await this.db.selectFrom('pci_content').select(['revision', 'loaded_at']).orderBy('loaded_at', 'desc').limit(1).executeTakeFirst();
    if (!latest) return (this.#current ??= loadPciContent());
    if (this.#current?.revision !== latest.revision) {
      const row = await this.db.selectFrom('pci_content').select('document').where('revision', '=', latest.revision).executeTakeFirstOrThrow();
      this.#current = parsePciContent(JSON.parse(row.document));
    }
    return this.#current;
  }

  /**
   * Loads a new revision. Items whose words changed are flagged for every tenant that had
   * reviewed them, and those tenants hear about it on the stream.
   */
  async load(json: unknown): Promise<{ revision: string; changed: string[] }> {
    const next = parsePciContent(json);
    const previous = await this.content();
    const before = new Map(previous.requirements.flatMap((r) => r.items).map((i) => [i.id, contentHash(i)]));
    const changed = next.requirements.flatMap((r) => r.items).filter((i) => before.get(i.id) !== contentHash(i)).map((i) => i.id);
    await this.db
      .insertInto('pci_content')
      .values({ revision: next.revision, version: next.version, document: JSON.stringify(next), loaded_at: this.now().toISOString() })
      .onConflict((oc) => oc.column('revision').doUpdateSet({ document: JSON.stringify(next), loaded_at: this.now().toISOString() }))
      .execute();
    this.#current = next;
    if (changed.length) {
      const affected = await this.db.selectFrom('pci_item_status').select('tenant_id').distinct().where('item_id', 'in', changed).where('reviewed_at', 'is not', null).execute();
      for (const { tenant_id } of affected) {
        const mine = await this.db.selectFrom('pci_item_status').select('item_id').where('tenant_id', '=', tenant_id).where('item_id', 'in', changed).where('reviewed_at', 'is not', null).execute();
        await this.bus.publish(tenant_id, PCI_TOPIC, { revision: next.revision, changed: mine.map((m) => m.item_id) });
      }
    }
    return { revision: next.revision, changed };
  }

  async checklist(tenant: string, lang: 'en' | 'de'): Promise<Checklist> {
    const content = await this.content();
    const rows = await this.db.selectFrom('pci_item_status').selectAll().where('tenant_id', '=', tenant).execute();
    const byItem = new Map(rows.map((r) => [r.item_id, r]));
    const requirements = content.requirements.map((r) => {
      const items = r.items.map((item) => this.#view(item, byItem.get(item.id), lang));
      return { id: r.id, title: r.title[lang], progress: progress(items), items };
    });
    return { version: content.version, revision: content.revision, published: content.published, progress: progress(requirements.flatMap((r) => r.items)), requirements };
  }

  #view(item: PciItem, row: Awaited<ReturnType<PciService['rows']>>[number] | undefined, lang: 'en' | 'de'): ChecklistItem {
    return {
      id: item.id,
      title: item.title[lang],
      explanation: item.explanation[lang],
      fix: item.fix[lang],
      responsibility: item.responsibility,
      saq: item.saq,
      status: (row?.status as ItemStatus) ?? 'not_started',
      reason: row?.reason ?? '',
      owner: row?.owner ?? '',
      evidenceNotes: row?.evidence_notes ?? '',
      evidenceLinks: readJson(row?.evidence_links, []),
      reviewedAt: row?.reviewed_at ?? null,
      changedSinceReview: !!row?.reviewed_hash && row.reviewed_hash !== contentHash(item),
      updatedBy: row?.updated_by ?? null,
      updatedAt: row?.updated_at ?? null,
    };
  }

  rows(tenant: string) {
    return this.db.selectFrom('pci_item_status').selectAll().where('tenant_id', '=', tenant).execute();
  }

  /** Saves what changed and records it in the item's history; a status change counts as a review. */
  async update(tenant: string, actor: string, itemId: string, update: ItemUpdate, lang: 'en' | 'de'): Promise<ChecklistItem> {
    const content = await this.content();
    const item = content.requirements.flatMap((r) => r.items).find((i) => i.id === itemId);
    if (!item) throw notFound('checklist item', itemId);
    const row = await this.db.selectFrom('pci_item_status').selectAll().where('tenant_id', '=', tenant).where('item_id', '=', itemId).executeTakeFirst();
    const before = this.#view(item, row, lang);
    const next = {
      status: update.status ?? before.status,
      reason: update.reason ?? before.reason,
      owner: update.owner ?? before.owner,
      evidenceNotes: update.evidenceNotes ?? before.evidenceNotes,
      evidenceLinks: update.evidenceLinks ?? before.evidenceLinks,
    };
    if (next.status === 'not_applicable' && !next.reason.trim()) throw new ValidationError('Say why this requirement does not apply to you; an assessor will ask.', '/data/attributes/reason');
    const changes: Record<string, { from: unknown; to: unknown }> = {};
    for (const key of Object.keys(next) as (keyof typeof next)[]) {
      if (JSON.stringify(next[key]) !== JSON.stringify(before[key])) changes[key] = { from: before[key], to: next[key] };
    }
    const reviewed = update.reviewed || 'status' in changes;
    if (!Object.keys(changes).length && !reviewed) return before;
    const at = this.now().toISOString();
    const values = {
      status: next.status,
      reason: next.reason,
      owner: next.owner,
      evidence_notes: next.evidenceNotes,
      evidence_links: writeJson(next.evidenceLinks),
      reviewed_at: reviewed ? at : (row?.reviewed_at ?? null),
      reviewed_hash: reviewed ? contentHash(item) : (row?.reviewed_hash ?? null),
      updated_by: actor,
      updated_at: at,
    };
    await this.db.transaction().execute(async (trx) => {
      await trx
        .insertInto('pci_item_status')
        .values({ tenant_id: tenant, item_id: itemId, ...values })
        .onConflict((oc) => oc.columns(['tenant_id', 'item_id']).doUpdateSet(values))
        .execute();
      await trx.insertInto('pci_item_history').values({ id: randomUUID(), tenant_id: tenant, item_id: itemId, at, actor, changes: writeJson({ ...changes, ...(reviewed ? { reviewed: { from: before.reviewedAt, to: at } } : {}) }) }).execute();
      if (changes.status) await this.audit?.append(tenant, actor, 'pci.status_changed', itemId, { from: changes.status.from, to: changes.status.to }, { db: trx });
    });
    await this.bus.publish(tenant, PCI_TOPIC, { item: itemId });
    const saved = await this.db.selectFrom('pci_item_status').selectAll().where('tenant_id', '=', tenant).where('item_id', '=', itemId).executeTakeFirst();
    return this.#view(item, saved, lang);
  }

  async history(tenant: string, itemId: string): Promise<{ at: string; actor: string; changes: Record<string, { from: unknown; to: unknown }> }[]> {
    const rows = await this.db.selectFrom('pci_item_history').selectAll().where('tenant_id', '=', tenant).where('item_id', '=', itemId).orderBy('at', 'desc').limit(200).execute();
    return rows.map((r) => ({ at: r.at, actor: r.actor, changes: readJson(r.changes, {}) }));
  }

  /** The checklist as CSV for an assessor (RFC 4180, UTF-8 with a byte-order mark for spreadsheets). */
  async csv(tenant: string, lang: 'en' | 'de'): Promise<string> {
    const list = await this.checklist(tenant, lang);
    const header = ['Requirement', 'Item', 'Title', 'Responsibility', 'SAQ', 'Status', 'Reason', 'Owner', 'Evidence', 'Links', 'Last reviewed', 'Changed since review'];
    const lines = [csvRow(header)];
    for (const r of list.requirements) {
      for (const i of r.items) {
        lines.push(csvRow([r.id, i.id, i.title, i.responsibility, i.saq.join(' '), i.status, i.reason, i.owner, i.evidenceNotes, i.evidenceLinks.join(' '), i.reviewedAt ?? '', i.changedSinceReview ? 'yes' : 'no']));
      }
    }
    return `\ufeff${lines.join('\r\n')}\r\n`;
  }
}
