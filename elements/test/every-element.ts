import { html } from '@open-wc/testing';
import '../all.js';

/**
 * Every element once, with the roles that show most of it and data from the test host (`inv-acme-first`: acme's oldest invoice,
 * test-host.ts).
 */
export const cases: { name: string; roles: string; template: () => ReturnType<typeof html> }[] = [
  { name: 'maintenance-banner', roles: 'customer', template: () => html`<gp-maintenance-banner show-all-clear></gp-maintenance-banner>` },
  { name: 'server-list', roles: 'customer,technical', template: () => html`<gp-server-list></gp-server-list>` },
  {
    name: 'usage-gauge',
    roles: 'customer',
    template: () => html`<gp-usage-gauge server="memcloud:a1" server-name="web-01" metric="cpu" range="7d"></gp-usage-gauge>`,
  },
  { name: 'invoice-list', roles: 'customer,billing', template: () => html`<gp-invoice-list></gp-invoice-list>` },
  { name: 'ticket-composer', roles: 'customer', template: () => html`<gp-ticket-composer></gp-ticket-composer>` },
  { name: 'ticket-list', roles: 'customer', template: () => html`<gp-ticket-list></gp-ticket-list>` },
  { name: 'knowledge-base', roles: 'customer', template: () => html`<gp-knowledge-base></gp-knowledge-base>` },
  { name: 'contact-matrix', roles: 'customer', template: () => html`<gp-contact-matrix></gp-contact-matrix>` },
  {
    name: 'upgrade-wizard',
    roles: 'customer,billing,technical',
    template: () => html`<gp-upgrade-wizard type="upgrade" service="memcloud:a1"></gp-upgrade-wizard>`,
  },
  { name: 'order-status', roles: 'customer,billing,technical', template: () => html`<gp-order-status></gp-order-status>` },
  { name: 'order-review', roles: 'staff', template: () => html`<gp-order-review></gp-order-review>` },
  { name: 'account-calendar', roles: 'customer', template: () => html`<gp-account-calendar time-zone="UTC"></gp-account-calendar>` },
  { name: 'service-inventory', roles: 'customer,billing', template: () => html`<gp-service-inventory></gp-service-inventory>` },
  { name: 'pci-checklist', roles: 'technical', template: () => html`<gp-pci-checklist></gp-pci-checklist>` },
  { name: 'help-now', roles: 'customer', template: () => html`<gp-help-now open></gp-help-now>` },
  { name: 'payment-methods', roles: 'customer,billing', template: () => html`<gp-payment-methods></gp-payment-methods>` },
  {
    name: 'invoice-detail',
    roles: 'customer,billing',
    template: () => html`<gp-invoice-detail invoice-id="inv-acme-first"></gp-invoice-detail>`,
  },
  { name: 'dr-protection', roles: 'customer,technical', template: () => html`<gp-dr-protection></gp-dr-protection>` },
  { name: 'activity-log', roles: 'customer', template: () => html`<gp-activity-log></gp-activity-log>` },
  {
    name: 'account-book',
    roles: 'staff,operator',
    template: () => html`<gp-account-book calendar-href="/accounts/{tenant}"></gp-account-book>`,
  },
];

/** Rendered, with no skeleton left. */
export const loaded = (el: Element) => {
  const root = el.shadowRoot;
  if (!root || !root.firstElementChild) return false;
  return !root.querySelector('[aria-busy="true"], .skeleton');
};
