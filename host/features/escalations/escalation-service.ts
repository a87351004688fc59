import { randomUUID } from 'node:crypto';
import type { Db } from '../../db/database.js';
import { readJson, writeJson } from '../../db/json.js';
import { notFound } from '../../errors.js';
import type { EventBus } from '../../ports/event-bus.js';
import type { OrderInput } from '../orders/order-types.js';

/** The order wizard listens on the orders topic, so requests and their answers are published there. */
const TOPIC = 'orders';

export interface Escalation {
  id: string;
  step: string;
  selection: Partial<OrderInput>;
  note: string;
  state: 'open' | 'answered';
  answer: string | null;
  answeredBy: string | null;
  answeredAt: string | null;
  createdBy: string;
  createdAt: string;
}

/** "Ask my account manager" from any step of the order wizard, and the staff's answers. */
export class EscalationService {
  constructor(
    private readonly db: Db,
    private readonly bus: EventBus,
    private readonly now: () => Date,
  ) {}

  /** A request with what was chosen so far. */
  async escalate(
    tenant: string,
    actor: string,
    input: { step: string; selection: Partial<OrderInput>; note: string },
  ): Promise<Escalation> {
    const id = randomUUID();
    await this.db
      .insertInto('escalations')
      .values({
        id,
        tenant_id: tenant,
        step: input.step,
        selection: writeJson(input.selection),
        note: input.note,
        state: 'open',
        answer: null,
        answered_by: null,
        answered_at: null,
        created_by: actor,
        created_at: this.now().toISOString(),
      })
      .execute();
    await this.bus.publish(tenant, TOPIC, { escalation: id, state: 'open' });
    return this.get(tenant, id);
  }

  async list(tenant: string, options: { open?: boolean } = {}): Promise<Escalation[]> {
    let q = this.db.selectFrom('escalations').selectAll().where('tenant_id', '=', tenant);
    if (options.open) q = q.where('state', '=', 'open');
    return (await q.orderBy('created_at', 'desc').limit(200).execute()).map(toEscalation);
  }

  async get(tenant: string, id: string): Promise<Escalation> {
    const row = await this.db.selectFrom('escalations').selectAll().where('tenant_id', '=', tenant).where('id', '=', id).executeTakeFirst();
    if (!row) throw notFound('request', id);
    return toEscalation(row);
  }

  async answer(tenant: string, actor: string, id: string, answer: string): Promise<Escalation> {
    await this.get(tenant, id);
    await this.db
      .updateTable('escalations')
      .set({ state: 'answered', answer, answered_by: actor, answered_at: this.now().toISOString() })
      .where('tenant_id', '=', tenant)
      .where('id', '=', id)
      .execute();
    await this.bus.publish(tenant, TOPIC, { escalation: id, state: 'answered' });
    return this.get(tenant, id);
  }
}

function toEscalation(r: {
  id: string;
  step: string;
  selection: string;
  note: string;
  state: string;
  answer: string | null;
  answered_by: string | null;
  answered_at: string | null;
  created_by: string;
  created_at: string;
}): Escalation {
  return {
    id: r.id,
    step: r.step,
    selection: readJson(r.selection, {}),
    note: r.note,
    state: r.state === 'answered' ? 'answered' : 'open',
    answer: r.answer,
    answeredBy: r.answered_by,
    answeredAt: r.answered_at,
    createdBy: r.created_by,
    createdAt: r.created_at,
  };
}
