import './messages.js';
import { css, html, nothing } from 'lit';
import { Task } from '@lit/task';
import { GpElement } from '../core/base.js';
import { headings, stack, tokens } from '../core/styles.js';
import { controls, tables } from '../core/controls.js';
import type { Schemas } from '../core/api-client.js';
import { formatDaysFromToday, formatMoney, formatPlainDate } from '../core/format.js';

type InventoryItem = Schemas['InventoryItem'];
export type InventoryItemAttributes = InventoryItem['attributes'];
export type ServiceKind = InventoryItemAttributes['kind'];
export interface RenewalRequestedDetail {
  serviceId: string;
  kind: ServiceKind;
  name: string;
}

const KINDS: ServiceKind[] = ['server', 'dedicated', 'certificate', 'domain', 'other'];

/**
 * @tag gp-service-inventory
 * @summary What the customer's contract includes: servers (with flavor and region),
 * dedicated hardware, SSL certificates, domains and add-ons, with start and renewal dates,
 * an "expires soon" warning 30 days ahead, and a renew action. Servers' details come from
 * the compute provider; when it is down the contract is still shown, without them.
 *
 * @slot empty - Your own words (and links) for the empty state, shown instead of the element's text when there is nothing to show.
 * @fires gp-renewal-requested - The customer chose Renew; `detail`: serviceId, kind, name. Open `gp-upgrade-wizard` with `type="renewal"`
 * and this `service`.
 *
 * @csspart group - One kind of service (a table).
 * @csspart renew - A renew button.
 */
export class GpServiceInventory extends GpElement {
  static override styles = [
    tokens,
    controls,
    tables,
    stack,
    headings,
    css`
      tr.soon td,
      tr.soon th {
        background: color-mix(in srgb, var(--_warning) 8%, var(--_surface));
      }
    `,
  ];

  private readonly inventory = new Task(this, {
    task: async ([gp], { signal }) => {
      if (!gp) return undefined;
      const doc = await gp.api.get('/inventory', { signal });
      return { items: doc.data, unavailable: doc.meta?.unavailable ?? [] };
    },
    args: () => [this.gp] as const,
  });

  constructor() {
    super();
    this.listen('orders', () => void this.inventory.run());
  }

  protected override render() {
    if (!this.gp) return this.renderNoProvider();
    const t = this.localize;
    return html`<section class="base" aria-labelledby="inv-title">
      <h2 id="inv-title">${t.term('inventoryTitle')}</h2>
      ${this.inventory.render({
        pending: () => (this.inventory.value ? this.#renderItems(this.inventory.value) : this.renderLoading(3)),
        complete: (v) => (v ? this.#renderItems(v) : nothing),
        error: (e) =>
          this.renderError(
            e,
            () => void this.inventory.run(),
            this.localize.term('inventoryFailed'),
            this.localize.term('inventorySystem'),
          ),
      })}
    </section>`;
  }

  #renderItems(v: { items: InventoryItem[]; unavailable: string[] }) {
    const t = this.localize;
    if (!v.items.length) return html`<p class="state" part="state"><slot name="empty">${t.term('emptyInventory')}</slot></p>`;
    return html`${v.unavailable.length ? html`<p class="notice" role="status">${t.term('detailsUnavailable', v.unavailable.join(', '))}</p>` : nothing}
    ${KINDS.map((kind) => {
      const items = v.items.filter((i) => i.attributes.kind === kind);
      if (!items.length) return nothing;
      const expiring = kind === 'certificate' || kind === 'domain';
      const id = `k-${kind}`;
      return html`<section aria-labelledby=${id}>
        <h3 id=${id}>${t.term('kindTitle')[kind]}</h3>
        <div class="table-wrap">
          <table class="stack" part="group" aria-labelledby=${id}>
            <thead>
              <tr>
                <th scope="col">${t.term('columnName')}</th>
                <th scope="col">${t.term('columnPlan')}</th>
                <th scope="col">${t.term('columnDetails')}</th>
                <th scope="col">${t.term('columnSince')}</th>
                <th scope="col">${expiring ? t.term('columnExpires') : t.term('columnRenews')}</th>
                <th scope="col"><span class="visually-hidden">${t.term('renew')}</span></th>
              </tr>
            </thead>
            <tbody>
              ${items.map((i) => this.#renderRow(i, expiring))}
            </tbody>
          </table>
        </div>
      </section>`;
    })}`;
  }

  #renderRow(item: InventoryItem, expiring: boolean) {
    const t = this.localize;
    const a = item.attributes;
    const details = [a.flavor, a.region && t.term('regionLabel', a.region), a.device].filter(Boolean).join(' · ');
    return html`<tr class=${a.expiresSoon ? 'soon' : ''}>
      <th scope="row">${a.name}</th>
      <td data-label=${t.term('columnPlan')}>${a.plan ? html`${a.plan.name}<div class="muted">${t.term('monthlyPrice', formatMoney(a.plan.monthlyAmount, a.plan.currency, this.locale))}</div>` : '—'}</td>
      <td data-label=${t.term('columnDetails')}>
        ${details || nothing}
        ${a.addons.length ? html`<div class="muted">${t.term('addonsLabel', a.addons.map((x) => x.name).join(', '))}</div>` : nothing}
      </td>
      <td data-label=${t.term('columnSince')}>${formatPlainDate(a.startedOn, this.locale)}</td>
      <td data-label=${expiring ? t.term('columnExpires') : t.term('columnRenews')}>
        ${formatPlainDate(a.renewsOn, this.locale)}
        ${a.expiresSoon ? html`<div><span class="badge ${a.daysLeft < 0 ? 'danger' : 'warning'}">${a.daysLeft < 0 ? t.term('expired') : t.term('expiresSoon')}</span> <span class="muted">${formatDaysFromToday(a.daysLeft, this.locale)}</span></div>` : nothing}
      </td>
      <td>
        <button class="button ${a.expiresSoon ? '' : 'secondary'}" part="renew" aria-label=${t.term('renewItem', a.name)}
          @click=${() => this.emit<RenewalRequestedDetail>('gp-renewal-requested', { serviceId: item.id, kind: a.kind, name: a.name })}>${t.term('renew')}</button>
      </td>
    </tr>`;
  }
}
