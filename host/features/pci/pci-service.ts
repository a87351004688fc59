import { DEFAULT_LANGUAGE } from '../../language.js';
import { csvRow } from '../../csv.js';
import type { AuditService } from '../audit/audit-service.js';
import { randomUUID } from 'node:crypto';
import type { Selectable } from 'kysely';
import type { Db } from '../../db/database.js';
import type { PciItemStatusTable, PciTables } from './tables.js';
import { readJson, writeJson } from '../../db/json.js';
import { ValidationError, notFound } from '../../errors.js';
import type { EventBus } from '../../ports/event-bus.js';
import {
  contentHash,
  loadPciContent,
  parsePciContent,
  type PciContent,
  type PciItem,
  type Responsibility,
  type SaqType,
} from './content.js';
import { errorMessage } from '../../error-messages.js';

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
  /** When the item alone was last marked as reviewed. */
  reviewedAt: string | null;
  /**
   * Changed since this tenant's last review: the provider's text changed since the item was
   * last read, or its status, evidence or the provider's attestation changed after the last
   * review of the checklist (and the item was not marked as reviewed since).
   */
  changedSinceReview: boolean;
  updatedBy: string | null;
  updatedAt: string | null;
  /** The provider's attestation (provider and shared items only); null until attested. */
  attestation: Attestation | null;
}

/** The provider's statement that it fulfils its part of an item. */
export interface Attestation {
  /** The provider's name as the customer knows it (GLASSPANE_PROVIDER_NAME); null without one, then readers say "your provider". */
  provider: string | null;
  /** The provider's staff member who attested. */
  attestedBy: string;
  attestedAt: string;
  note: string;
  evidenceLink: string | null;
  /** The language the note is written in (BCP 47). */
  locale: string;
}

/** A review of the whole checklist by the customer. */
export interface Review {
  reviewedBy: string;
  reviewedAt: string;
  revision: string;
}

export interface AttestationInput {
  note: string;
  evidenceLink?: string | null;
  /** The language the note is written in; default `en`. */
  locale?: string;
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
  /** The tenant's last review of the checklist, null before the first. */
  lastReview: Review | null;
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

  /** Item hashes of older revisions, for comparing with what a review saw. */
  #hashes = new Map<string, Map<string, string>>();

  constructor(
    private readonly db: Db,
    private readonly bus: EventBus,
    private readonly now: () => Date,
    /** Status changes, attestations and reviews are account activity (the activity log); evidence edits stay in the item's history. */
    private readonly audit?: AuditService,
    /** The provider's name in attestations ("Attested by Nimbus Hosting"). */
    private readonly providerName: string | null = null,
  ) {}

  /**
   * The newest content revision loaded (by any host process sharing the database), or the
   * one shipped with the host. The document is parsed again only when the revision moved.
   */
  async content(): Promise<PciContent> {
    const latest = await this.db
      .selectFrom('pci_content')
      .select(['revision', 'loaded_at'])
      .orderBy('loaded_at', 'desc')
      .limit(1)
      .executeTakeFirst();
    if (!latest) return (this.#current ??= loadPciContent());
    if (this.#current?.revision !== latest.revision) {
      const row = await this.db
        .selectFrom('pci_content')
        .select('document')
        .where('revision', '=', latest.revision)
        .executeTakeFirstOrThrow();
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
    const changed = next.requirements
      .flatMap((r) => r.items)
      .filter((i) => before.get(i.id) !== contentHash(i))
      .map((i) => i.id);
    await this.db
      .insertInto('pci_content')
      .values({ revision: next.revision, version: next.version, document: JSON.stringify(next), loaded_at: this.now().toISOString() })
      .onConflict((oc) => oc.column('revision').doUpdateSet({ document: JSON.stringify(next), loaded_at: this.now().toISOString() }))
      .execute();
    this.#current = next;
    if (changed.length) {
      // Tenants who read an item's old words (an edit, a review of the item) or reviewed the whole checklist.
      const readers = await this.db
        .selectFrom('pci_item_status')
        .select(['tenant_id', 'item_id'])
        .where('item_id', 'in', changed)
        .where('reviewed_hash', 'is not', null)
        .execute();
      const reviewers = await this.db.selectFrom('pci_reviews').select('tenant_id').distinct().execute();
      const byTenant = new Map<string, Set<string>>();
      for (const { tenant_id } of reviewers) byTenant.set(tenant_id, new Set(changed));
      for (const { tenant_id, item_id } of readers) byTenant.set(tenant_id, (byTenant.get(tenant_id) ?? new Set()).add(item_id));
      for (const [tenant, items] of byTenant)
        await this.bus.publish(tenant, PCI_TOPIC, { revision: next.revision, changed: [...items].sort() });
    }
    return { revision: next.revision, changed };
  }

  async checklist(tenant: string, lang: 'en' | 'de'): Promise<Checklist> {
    const content = await this.content();
    const [rows, attestations, lastReview] = await Promise.all([
      this.db.selectFrom('pci_item_status').selectAll().where('tenant_id', '=', tenant).execute(),
      this.db.selectFrom('pci_attestations').selectAll().where('tenant_id', '=', tenant).execute(),
      this.lastReview(tenant),
    ]);
    const byItem = new Map(rows.map((r) => [r.item_id, r]));
    const attested = new Map(attestations.map((a) => [a.item_id, a]));
    const seen = lastReview ? await this.#hashesOf(lastReview.revision) : undefined;
    const requirements = content.requirements.map((r) => {
      const items = r.items.map((item) => this.#view(item, byItem.get(item.id), attested.get(item.id), lastReview, seen, lang));
      return { id: r.id, title: r.title[lang], progress: progress(items), items };
    });
    return {
      version: content.version,
      revision: content.revision,
      published: content.published,
      progress: progress(requirements.flatMap((r) => r.items)),
      requirements,
      lastReview,
    };
  }

  /** The tenant's newest review of the whole checklist. */
  async lastReview(tenant: string): Promise<Review | null> {
    const row = await this.db
      .selectFrom('pci_reviews')
      .selectAll()
      .where('tenant_id', '=', tenant)
      .orderBy('reviewed_at', 'desc')
      .limit(1)
      .executeTakeFirst();
    return row ? { reviewedBy: row.reviewed_by, reviewedAt: row.reviewed_at, revision: row.revision } : null;
  }

  /** Every item's hash in a revision (the shipped one when the database never held it). */
  async #hashesOf(revision: string): Promise<Map<string, string>> {
    let map = this.#hashes.get(revision);
    if (map) return map;
    const row = await this.db.selectFrom('pci_content').select('document').where('revision', '=', revision).executeTakeFirst();
    const shipped = loadPciContent();
    const doc = row ? parsePciContent(JSON.parse(row.document)) : shipped.revision === revision ? shipped : undefined;
    map = new Map((doc?.requirements ?? []).flatMap((r) => r.items).map((i) => [i.id, contentHash(i)]));
    this.#hashes.set(revision, map);
    return map;
  }

  #view(
    item: PciItem,
    row: StatusRow | undefined,
    attestation: AttestationRow | undefined,
    lastReview: Review | null,
    seen: Map<string, string> | undefined,
    lang: 'en' | 'de',
  ): ChecklistItem {
    const hash = contentHash(item);
    // What the tenant last read of the item's words: the item's own hash, unless a review
    // of the whole checklist came later (then the hash in the revision that review saw).
    const readAt = [row?.reviewed_at ?? '', row?.updated_at ?? ''].sort().pop()!;
    const readHash =
      row?.reviewed_hash && !(lastReview && lastReview.reviewedAt > readAt)
        ? row.reviewed_hash
        : (seen?.get(item.id) ?? row?.reviewed_hash ?? null);
    const textChanged = !!readHash && readHash !== hash;
    const lastChange = [row?.updated_at, attestation?.attested_at]
      .filter((x): x is string => !!x)
      .sort()
      .pop();
    // A change in the review's own millisecond counts as after it: better one item too many than one missed.
    const changedAfterReview =
      !!lastReview && !!lastChange && lastChange >= lastReview.reviewedAt && !(row?.reviewed_at && row.reviewed_at > lastChange);
    const view: ChecklistItem = {
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
      changedSinceReview: textChanged || changedAfterReview,
      updatedBy: row?.updated_by ?? null,
      updatedAt: row?.updated_at ?? null,
      attestation:
        attestation && item.responsibility !== 'customer'
          ? {
              provider: this.providerName,
              attestedBy: attestation.attested_by,
              attestedAt: attestation.attested_at,
              note: attestation.note,
              evidenceLink: attestation.evidence_link,
              locale: attestation.locale,
            }
          : null,
    };
    // The provider's own items are in place once the provider attested them; the customer has nothing to set.
    if (item.responsibility === 'provider') view.status = view.attestation ? 'in_place' : 'not_started';
    return view;
  }

  async #item(itemId: string): Promise<PciItem> {
    const content = await this.content();
    const item = content.requirements.flatMap((r) => r.items).find((i) => i.id === itemId);
    if (!item) throw notFound('checklist item', itemId);
    return item;
  }

  async #one(tenant: string, item: PciItem, lang: 'en' | 'de'): Promise<ChecklistItem> {
    const [row, attestation, lastReview] = await Promise.all([
      this.db.selectFrom('pci_item_status').selectAll().where('tenant_id', '=', tenant).where('item_id', '=', item.id).executeTakeFirst(),
      this.db.selectFrom('pci_attestations').selectAll().where('tenant_id', '=', tenant).where('item_id', '=', item.id).executeTakeFirst(),
      this.lastReview(tenant),
    ]);
    return this.#view(item, row, attestation, lastReview, lastReview ? await this.#hashesOf(lastReview.revision) : undefined, lang);
  }

  /**
   * Saves what changed and records it in the item's history and, for a status, in the
   * activity log. An edit counts as having read the item's words; `reviewed` marks the item
   * alone as reviewed. The reason belongs to "not applicable" only: required with it,
   * refused with any other status, and cleared when the status moves on.
   */
  async update(tenant: string, actor: string, itemId: string, update: ItemUpdate, lang: 'en' | 'de'): Promise<ChecklistItem> {
    const item = await this.#item(itemId);
    if (item.responsibility === 'provider' && Object.keys(update).some((k) => k !== 'reviewed')) {
      throw new ValidationError(errorMessage('invalid.pci_provider_item', { item: item.id }), '/data/attributes');
    }
    const row = await this.db
      .selectFrom('pci_item_status')
      .selectAll()
      .where('tenant_id', '=', tenant)
      .where('item_id', '=', itemId)
      .executeTakeFirst();
    const before = await this.#one(tenant, item, lang);
    const status = update.status ?? before.status;
    if (status !== 'not_applicable' && update.reason?.trim())
      throw new ValidationError(errorMessage('invalid.pci_reason_kept'), '/data/attributes/reason');
    const next = {
      status,
      reason: status === 'not_applicable' ? (update.reason ?? before.reason) : '',
      owner: update.owner ?? before.owner,
      evidenceNotes: update.evidenceNotes ?? before.evidenceNotes,
      evidenceLinks: update.evidenceLinks ?? before.evidenceLinks,
    };
    if (next.status === 'not_applicable' && !next.reason.trim())
      throw new ValidationError(errorMessage('invalid.pci_reason_missing'), '/data/attributes/reason');
    const changes: Record<string, { from: unknown; to: unknown }> = {};
    for (const key of Object.keys(next) as (keyof typeof next)[]) {
      if (JSON.stringify(next[key]) !== JSON.stringify(before[key])) changes[key] = { from: before[key], to: next[key] };
    }
    const edited = Object.keys(changes).length > 0;
    if (!edited && !update.reviewed) return before;
    const at = this.now().toISOString();
    const values = {
      status: next.status,
      reason: next.reason,
      owner: next.owner,
      evidence_notes: next.evidenceNotes,
      evidence_links: writeJson(next.evidenceLinks),
      reviewed_at: update.reviewed ? at : (row?.reviewed_at ?? null),
      reviewed_hash: contentHash(item),
      // A review alone changes nothing an assessor reads: the last change stays the last change.
      updated_by: edited || !row ? actor : row.updated_by,
      updated_at: edited || !row ? at : row.updated_at,
    };
    await this.db.transaction().execute(async (trx) => {
      await trx
        .insertInto('pci_item_status')
        .values({ tenant_id: tenant, item_id: itemId, ...values })
        .onConflict((oc) => oc.columns(['tenant_id', 'item_id']).doUpdateSet(values))
        .execute();
      await trx
        .insertInto('pci_item_history')
        .values({
          id: randomUUID(),
          tenant_id: tenant,
          item_id: itemId,
          at,
          actor,
          changes: writeJson({ ...changes, ...(update.reviewed ? { reviewed: { from: before.reviewedAt, to: at } } : {}) }),
        })
        .execute();
      if (changes.status)
        await this.audit?.append(
          tenant,
          actor,
          'pci.status_changed',
          itemId,
          {
            from: changes.status.from,
            to: changes.status.to,
            ...(next.reason && changes.status.to === 'not_applicable' ? { reason: next.reason } : {}),
          },
          { db: trx },
        );
    });
    await this.bus.publish(tenant, PCI_TOPIC, { item: itemId });
    return this.#one(tenant, item, lang);
  }

  /**
   * The provider's staff attest that the provider fulfils its part of a provider or shared
   * item for this tenant; it shows read-only to the customer and in the activity log.
   */
  async attest(tenant: string, actor: string, itemId: string, input: AttestationInput, lang: 'en' | 'de'): Promise<ChecklistItem> {
    const item = await this.#item(itemId);
    if (item.responsibility === 'customer')
      throw new ValidationError(errorMessage('invalid.pci_customer_item', { item: item.id }), '/data/attributes');
    if (!input.note.trim()) throw new ValidationError(errorMessage('invalid.pci_note_missing'), '/data/attributes/note');
    const at = this.now().toISOString();
    const values = {
      attested_by: actor,
      attested_at: at,
      note: input.note.trim(),
      evidence_link: input.evidenceLink || null,
      locale: input.locale || DEFAULT_LANGUAGE,
    };
    await this.db.transaction().execute(async (trx) => {
      await trx
        .insertInto('pci_attestations')
        .values({ tenant_id: tenant, item_id: itemId, ...values })
        .onConflict((oc) => oc.columns(['tenant_id', 'item_id']).doUpdateSet(values))
        .execute();
      await trx
        .insertInto('pci_item_history')
        .values({
          id: randomUUID(),
          tenant_id: tenant,
          item_id: itemId,
          at,
          actor,
          changes: writeJson({ attestation: { from: null, to: { note: values.note, evidenceLink: values.evidence_link } } }),
        })
        .execute();
      await this.audit?.append(
        tenant,
        actor,
        'pci.attested',
        itemId,
        { note: values.note, ...(values.evidence_link ? { evidenceLink: values.evidence_link } : {}) },
        { db: trx },
      );
    });
    await this.bus.publish(tenant, PCI_TOPIC, { item: itemId });
    return this.#one(tenant, item, lang);
  }

  /**
   * The customer reviewed the whole checklist: from now on "changed since my review" shows
   * the items whose text, status, evidence or attestation changed after this moment.
   */
  async review(tenant: string, actor: string): Promise<Review> {
    const content = await this.content();
    const review = { reviewedBy: actor, reviewedAt: this.now().toISOString(), revision: content.revision };
    await this.db.transaction().execute(async (trx) => {
      await trx
        .insertInto('pci_reviews')
        .values({
          id: randomUUID(),
          tenant_id: tenant,
          reviewed_by: review.reviewedBy,
          reviewed_at: review.reviewedAt,
          revision: review.revision,
        })
        .execute();
      await this.audit?.append(tenant, actor, 'pci.reviewed', 'checklist', { revision: review.revision }, { db: trx });
    });
    await this.bus.publish(tenant, PCI_TOPIC, { reviewed: review.reviewedAt });
    return review;
  }

  async history(
    tenant: string,
    itemId: string,
  ): Promise<{ at: string; actor: string; changes: Record<string, { from: unknown; to: unknown }> }[]> {
    const rows = await this.db
      .selectFrom('pci_item_history')
      .selectAll()
      .where('tenant_id', '=', tenant)
      .where('item_id', '=', itemId)
      .orderBy('at', 'desc')
      .limit(200)
      .execute();
    return rows.map((r) => ({ at: r.at, actor: r.actor, changes: readJson(r.changes, {}) }));
  }

  /** The checklist as CSV for an assessor, in the reader's words (RFC 4180, UTF-8 with a byte-order mark for spreadsheets). */
  async csv(tenant: string, lang: 'en' | 'de'): Promise<string> {
    const list = await this.checklist(tenant, lang);
    const w = CSV_WORDS[lang];
    const lines = [csvRow(w.header)];
    for (const r of list.requirements) {
      for (const i of r.items) {
        const a = i.attestation;
        lines.push(
          csvRow([
            r.id,
            i.id,
            i.title,
            w.responsibility[i.responsibility],
            i.saq.join(' '),
            w.status[i.status],
            i.reason,
            i.owner,
            i.evidenceNotes,
            i.evidenceLinks.join(' '),
            a ? w.attested(a.provider ?? w.yourProvider, a.attestedBy, a.attestedAt.slice(0, 10)) : '',
            a?.note ?? '',
            a?.evidenceLink ?? '',
            i.updatedAt ? `${i.updatedAt.slice(0, 10)} ${i.updatedBy ?? ''}`.trim() : '',
            i.changedSinceReview ? w.yes : w.no,
          ]),
        );
      }
    }
    if (list.lastReview) lines.push('', csvRow([w.lastReview, list.lastReview.reviewedAt.slice(0, 10), list.lastReview.reviewedBy]));
    return `\ufeff${lines.join('\r\n')}\r\n`;
  }
}

type StatusRow = Selectable<PciItemStatusTable>;
type AttestationRow = Selectable<PciTables['pci_attestations']>;

/** The export's words: an assessor reads them in a spreadsheet, so no `in_place`. */
const CSV_WORDS = {
  en: {
    header: [
      'Requirement',
      'Item',
      'Title',
      'Responsibility',
      'SAQ',
      'Status',
      'Why it does not apply',
      'Owner',
      'Evidence',
      'Links',
      'Provider attestation',
      'Attestation note',
      'Attestation evidence',
      'Last changed',
      'Changed since last review',
    ],
    status: { not_started: 'Not started', in_progress: 'In progress', in_place: 'In place', not_applicable: 'Not applicable' },
    responsibility: { provider: 'Provider', customer: 'Customer', shared: 'Shared' },
    attested: (provider: string, by: string, on: string) => `Attested by ${provider} (${by}) on ${on}`,
    yourProvider: 'your provider',
    yes: 'Yes',
    no: 'No',
    lastReview: 'Last review',
  },
  de: {
    header: [
      'Anforderung',
      'Punkt',
      'Titel',
      'Verantwortung',
      'SAQ',
      'Status',
      'Warum es nicht zutrifft',
      'Verantwortliche Person',
      'Nachweise',
      'Links',
      'Bestätigung des Providers',
      'Notiz zur Bestätigung',
      'Nachweis der Bestätigung',
      'Zuletzt geändert',
      'Seit der letzten Prüfung geändert',
    ],
    status: { not_started: 'Nicht begonnen', in_progress: 'In Arbeit', in_place: 'Umgesetzt', not_applicable: 'Nicht zutreffend' },
    responsibility: { provider: 'Provider', customer: 'Kunde', shared: 'Gemeinsam' },
    attested: (provider: string, by: string, on: string) => `Bestätigt von ${provider} (${by}) am ${on}`,
    yourProvider: 'Ihrem Provider',
    yes: 'Ja',
    no: 'Nein',
    lastReview: 'Letzte Prüfung',
  },
} satisfies Record<
  'en' | 'de',
  { status: Record<ItemStatus, string>; responsibility: Record<Responsibility, string> } & Record<string, unknown>
>;
