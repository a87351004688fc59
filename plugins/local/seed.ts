import { z } from 'zod';
import type { PluginSeedContext } from '@glasspane/host';
import { localDb } from './tables.js';
import { saveSubscription, subscriptionAttributes } from './routes.js';

/** What the demo (or a test) seeds into the local plugin's tables, per tenant. */
export interface LocalSeedData {
  /** Subscriptions to invoice (the attributes of `PUT …/subscriptions/{id}`); an id that exists is left as it is. */
  subscriptions?: Record<string, ({ id: string } & z.input<typeof subscriptionAttributes>)[]>;
  /** A tenant's past tickets, numbered T-1001 on; written only while the tenant has none. */
  tickets?: Record<string, { subject: string; description: string; status: string; urgency: string; requester: string; at: string }[]>;
}

/** `PluginDefinition.seed` of the local plugin: idempotent, so a restarted demo keeps its state. */
export async function seedLocal(context: PluginSeedContext, data: LocalSeedData): Promise<void> {
  const db = localDb(context.db);
  for (const [tenant, subscriptions] of Object.entries(data.subscriptions ?? {})) {
    for (const { id, ...attributes } of subscriptions) {
      const existing = await db.selectFrom('subscriptions').select('id').where('id', '=', id).executeTakeFirst();
      if (existing) continue; // keep the invoicing state of earlier runs
      await saveSubscription(db, tenant, id, subscriptionAttributes.parse(attributes));
    }
  }
  for (const [tenant, tickets] of Object.entries(data.tickets ?? {})) {
    const count = await db
      .selectFrom('tickets')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('tenant_id', '=', tenant)
      .executeTakeFirstOrThrow();
    if (Number(count.n) > 0) continue;
    for (const [i, t] of tickets.entries()) {
      await db
        .insertInto('tickets')
        .values({
          id: crypto.randomUUID(),
          tenant_id: tenant,
          number: `T-${1001 + i}`,
          subject: t.subject,
          description: t.description,
          status: t.status,
          urgency: t.urgency,
          service_id: null,
          requester: t.requester,
          created_at: t.at,
          updated_at: t.at,
        })
        .execute();
    }
  }
}
