import { ConflictError, ValidationError } from '../../errors.js';
import type { CatalogItem, CatalogService, ServicePlan } from './catalog.js';
import { addDays, anchorAfter, billingPeriod, dateIn, daysBetween, prorate } from './proration.js';
import { codeLine, typeMismatch, type LineChange, type OrderType } from './revenue.js';
import type { OrderInput, OrderLine, ProviderAction, Quote, ReviewReason } from './order-types.js';
import { errorMessage } from '../../error-messages.js';

/** Prices an order: the lines, proration to the next billing date, revenue codes and why it waits for review. */
export class Quoter {
  constructor(
    private readonly catalog: CatalogService,
    private readonly now: () => Date,
    private readonly opts: { billingTimeZone: string; reviewAbove: number },
  ) {}

  /** The price, proration and coding of an order, without placing it. */
  async quote(tenant: string, input: OrderInput): Promise<Quote> {
    const service = await this.catalog.servicePlan(tenant, input.serviceId);
    const current = await this.catalog.get(service.planId);
    if (!current) throw new ConflictError(errorMessage('plan_unknown', { plan: service.planId }));
    const today = dateIn(this.now(), this.opts.billingTimeZone);
    const period = billingPeriod(today, service.anchorDay);
    const changes: (LineChange & { line: Omit<OrderLine, 'code' | 'mrrDelta' | 'dueNow'> })[] = [];

    const target = await this.#targetPlan(input, current);
    if (target) {
      changes.push({
        kind: 'plan',
        fromMonthly: service.monthlyAmount,
        toMonthly: target.monthlyAmount,
        fromRank: current.rank,
        toRank: target.rank,
        line: {
          kind: 'plan',
          itemId: target.id,
          fromItemId: current.id,
          description: planLine(input.type, current, target),
          fromMonthly: service.monthlyAmount,
          toMonthly: target.monthlyAmount,
        },
      });
    }
    const owned = new Set(service.addons.map((a) => a.id));
    /** The add-on already chosen per group in this order, by name. */
    const groups = new Map<string, string>();
    for (const [i, id] of (input.addonIds ?? []).entries()) {
      const addon = await this.catalog.get(id);
      const pointer = `/data/attributes/addonIds/${i}`;
      if (!addon || !addon.active || addon.kind !== 'addon')
        throw new ValidationError(errorMessage('invalid.not_an_addon', { id }), pointer);
      if (owned.has(id)) throw new ValidationError(errorMessage('invalid.addon_owned', { addon: addon.name }), pointer);
      if (addon.product !== current.product && addon.product !== '*')
        throw new ValidationError(errorMessage('invalid.addon_elsewhere', { addon: addon.name, plan: current.name }), pointer);
      if (addon.currency !== current.currency)
        throw new ValidationError(
          errorMessage('invalid.currency', { item: addon.name, currency: addon.currency, serviceCurrency: current.currency }),
          pointer,
        );
      if (addon.group && groups.has(addon.group))
        throw new ValidationError(errorMessage('invalid.addon_group', { owned: groups.get(addon.group)!, addon: addon.name }), pointer);
      owned.add(id);
      // An add-on of a group the service already has replaces that one: the line is the
      // difference, coded as add-on (more) or contraction (less) like any other change.
      const replaced = addon.group ? await this.#ownedInGroup(service.addons, addon.group) : undefined;
      if (addon.group) groups.set(addon.group, addon.name);
      const fromMonthly = replaced?.monthlyAmount ?? 0;
      const description = replaced ? `${replaced.name} → ${addon.name}` : addon.name;
      changes.push({
        kind: 'addon',
        fromMonthly,
        toMonthly: addon.monthlyAmount,
        line: {
          kind: 'addon',
          itemId: addon.id,
          fromItemId: replaced?.id ?? null,
          description,
          fromMonthly,
          toMonthly: addon.monthlyAmount,
        },
      });
    }
    if (changes.length === 0) throw new ValidationError(errorMessage('invalid.no_addon'), '/data/attributes/addonIds');

    // A renewal changes nothing before the new term; a downgrade waits for the end of the paid
    // period unless the customer asks for now; everything else starts today.
    const renewal = input.type === 'renewal';
    const atPeriodEnd = input.type === 'downgrade' && input.effective !== 'now';
    const lines: OrderLine[] = changes.map((c) => {
      const coded = codeLine(input.type, c);
      const prorated = (renewal && c.kind === 'plan') || atPeriodEnd ? 0 : prorate(c.toMonthly - c.fromMonthly, today, period);
      return { ...c.line, code: coded.code, mrrDelta: coded.mrrDelta, dueNow: prorated };
    });
    const termStart = renewal ? currentTermEnd(service.renewsOn, current.termMonths, today) : null;
    const term =
      renewal && target && termStart
        ? {
            months: target.termMonths,
            monthly: target.monthlyAmount,
            total: target.monthlyAmount * target.termMonths,
            startsOn: termStart,
            endsOn: addDays(anchorAfter(termStart, target.termMonths, Number(termStart.slice(8, 10))), -1),
          }
        : null;
    const dueNow = lines.reduce((s, l) => s + l.dueNow, 0);
    const reasons = new Set<ReviewReason>();
    if (
      typeMismatch(
        input.type,
        changes.find((c) => c.kind === 'plan'),
      )
    )
      reasons.add('type_mismatch');
    if (lines.some((l) => l.code === 'contraction')) reasons.add('contraction');
    if (input.type === 'refresh') reasons.add('hardware');
    if (dueNow > this.opts.reviewAbove) reasons.add('large_amount');
    return {
      type: input.type,
      serviceId: service.serviceId,
      serviceName: service.serviceName,
      currency: current.currency,
      lines,
      dueNow,
      mrrDelta: lines.reduce((s, l) => s + l.mrrDelta, 0),
      period: { ...period, today },
      effectiveOn: term ? term.startsOn : atPeriodEnd ? period.next : today,
      reviewReasons: [...reasons],
      providerAction: target && (input.type === 'upgrade' || input.type === 'downgrade') ? resizeAction(service.serviceId, target) : null,
      term,
    };
  }

  /** The add-on of `group` the service has today, at the price it pays for it. */
  async #ownedInGroup(
    addons: ServicePlan['addons'],
    group: string,
  ): Promise<{ id: string; name: string; monthlyAmount: number } | undefined> {
    for (const a of addons) {
      const item = await this.catalog.get(a.id);
      if (item?.group === group) return { id: a.id, name: item.name, monthlyAmount: a.monthlyAmount };
    }
    return undefined;
  }

  async #targetPlan(input: OrderInput, current: CatalogItem): Promise<CatalogItem | undefined> {
    if (input.type === 'addon') {
      if (input.planId) throw new ValidationError(errorMessage('invalid.addon_with_plan'), '/data/attributes/planId');
      return undefined;
    }
    const id =
      input.planId ?? (input.type === 'renewal' ? current.id : input.type === 'refresh' ? await this.#newestModel(current) : undefined);
    if (!id) throw new ValidationError(errorMessage('invalid.no_plan'), '/data/attributes/planId');
    const plan = await this.catalog.get(id);
    const pointer = '/data/attributes/planId';
    if (!plan || !plan.active || plan.kind !== 'plan') throw new ValidationError(errorMessage('invalid.not_a_plan', { id }), pointer);
    if (plan.product !== current.product)
      throw new ValidationError(errorMessage('invalid.other_product', { plan: plan.name, current: current.name }), pointer);
    if (plan.currency !== current.currency)
      throw new ValidationError(
        errorMessage('invalid.currency', { item: plan.name, currency: plan.currency, serviceCurrency: current.currency }),
        pointer,
      );
    if ((input.type === 'upgrade' || input.type === 'downgrade') && plan.id === current.id)
      throw new ValidationError(errorMessage('invalid.same_plan', { plan: plan.name }), pointer);
    if (input.type === 'renewal' && plan.id !== current.id) throw new ValidationError(errorMessage('invalid.renewal_keeps_plan'), pointer);
    if (input.type === 'refresh' && !(plan.hardware && current.hardware))
      throw new ValidationError(errorMessage('invalid.refresh_hardware'), pointer);
    if (input.type === 'refresh' && plan.id === current.id)
      throw new ValidationError(errorMessage('invalid.refresh_same', { plan: plan.name }), pointer);
    if (input.type === 'refresh' && plan.rank < current.rank)
      throw new ValidationError(errorMessage('invalid.refresh_older', { plan: plan.name, current: current.name }), pointer);
    return plan;
  }

  /** The newest hardware model of the service's line; a 422 when there is none to move to. */
  async #newestModel(current: CatalogItem): Promise<string> {
    const newer = (await this.catalog.list()).filter(
      (i) => i.kind === 'plan' && i.hardware && i.product === current.product && i.id !== current.id && i.rank >= current.rank,
    );
    const newest = newer.sort((a, b) => b.rank - a.rank)[0];
    if (!newest) throw new ValidationError(errorMessage('invalid.refresh_newest', { current: current.name }), '/data/attributes/planId');
    return newest.id;
  }
}

function planLine(type: OrderType, from: CatalogItem, to: CatalogItem): string {
  if (type === 'renewal') return `Renewal: ${to.name}, ${to.termMonths} months`;
  if (type === 'refresh') return `Hardware refresh: ${from.name} → ${to.name}`;
  return `${from.name} → ${to.name}`;
}

/**
 * The day the next term starts: the renewal date, or, when that passed and the service
 * kept renewing, the first term boundary after today.
 */
function currentTermEnd(renewsOn: string, termMonths: number, today: string): string {
  let next = renewsOn;
  for (let i = 0; daysBetween(today, next) <= 0 && i < 1000; i++) next = anchorAfter(next, termMonths, Number(renewsOn.slice(8, 10)));
  return next;
}

/** A virtual server (`source:id`) whose new plan names a flavor for its source is resized to it. */
function resizeAction(serviceId: string, plan: CatalogItem): ProviderAction | null {
  const at = serviceId.indexOf(':');
  if (at <= 0) return null;
  const source = serviceId.slice(0, at);
  const flavorId = plan.flavors[source];
  return flavorId ? { kind: 'resize', source, serverId: serviceId.slice(at + 1), flavorId, reboot: true } : null;
}
