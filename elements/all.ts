// Defines every `gp-` element: `@glasspane/elements`, and the entry of the served bundle
// `/elements/index.js`. The type-only re-exports below bring each element module's
// `HTMLElementTagNameMap` and event map entries into a TypeScript consumer's program, so
// `document.createElement('gp-invoice-list')` is typed; they add nothing to the JavaScript.
import { defineElements } from './index.js';

defineElements({ prefix: 'gp' });

export * from './index.js';
export type {} from './provider/provider.js';
export type {} from './maintenance-banner/maintenance-banner.js';
export type {} from './server-list/server-list.js';
export type {} from './usage-gauge/usage-gauge.js';
export type {} from './invoice-list/invoice-list.js';
export type {} from './ticket-composer/ticket-composer.js';
export type {} from './ticket-list/ticket-list.js';
export type {} from './knowledge-base/knowledge-base.js';
export type {} from './contact-matrix/contact-matrix.js';
export type {} from './upgrade-wizard/upgrade-wizard.js';
export type {} from './order-status/order-status.js';
export type {} from './order-review/order-review.js';
export type {} from './account-calendar/account-calendar.js';
export type {} from './service-inventory/service-inventory.js';
export type {} from './pci-checklist/pci-checklist.js';
export type {} from './dr-protection/dr-protection.js';
export type {} from './account-book/account-book.js';
export type {} from './activity-log/activity-log.js';
export type {} from './help-now/help-now.js';
export type {} from './invoice-detail/invoice-detail.js';
export type {} from './payment-methods/payment-methods.js';
