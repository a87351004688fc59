/**
 * Glasspane elements: every class, the core, and `defineElements()`. Importing this
 * module defines no tags; import `glasspane/elements/all` (or one element's module)
 * for the `gp-` tags, or call `defineElements({ prefix })`.
 * @module glasspane/elements
 */
import { registerKitElement } from './core/define.js';
import { GpProvider } from './provider/provider.component.js';
import { GpMaintenanceBanner } from './maintenance-banner/maintenance-banner.component.js';
import { GpServerList } from './server-list/server-list.component.js';
import { GpUsageGauge } from './usage-gauge/usage-gauge.component.js';
import { GpInvoiceList } from './invoice-list/invoice-list.component.js';
import { GpTicketComposer } from './ticket-composer/ticket-composer.component.js';
import { GpTicketList } from './ticket-list/ticket-list.component.js';
import { GpKnowledgeBase } from './knowledge-base/knowledge-base.component.js';
import { GpContactMatrix } from './contact-matrix/contact-matrix.component.js';

registerKitElement('provider', GpProvider);
registerKitElement('maintenance-banner', GpMaintenanceBanner);
registerKitElement('server-list', GpServerList);
registerKitElement('usage-gauge', GpUsageGauge);
registerKitElement('invoice-list', GpInvoiceList);
registerKitElement('ticket-composer', GpTicketComposer);
registerKitElement('ticket-list', GpTicketList);
registerKitElement('knowledge-base', GpKnowledgeBase);
registerKitElement('contact-matrix', GpContactMatrix);

export { GpProvider, GpMaintenanceBanner, GpServerList, GpUsageGauge, GpInvoiceList, GpTicketComposer, GpTicketList, GpKnowledgeBase, GpContactMatrix };
export type { TicketCreatedDetail, ArticleRequestedDetail } from './ticket-composer/ticket-composer.component.js';
export type { Invoice, InvoiceAttributes, InvoicesPaidDetail } from './invoice-list/invoice-list.component.js';
export type { UsageMetric, UsageRange, UsageSeriesAttributes, UpgradeRequestedDetail } from './usage-gauge/usage-gauge.component.js';
export type { Server, ServerAttributes, ServerAction, ServerActionDetail, ServerCreatedDetail } from './server-list/server-list.component.js';
export type { TokenResult } from './provider/provider.component.js';
export type { Maintenance, MaintenanceAttributes, MaintenanceDismissedDetail } from './maintenance-banner/maintenance-banner.component.js';
export { defineElements, defineElement } from './core/define.js';
export { registerTranslation, type Translation } from './core/localize.js';
export { ApiClient, ApiError, type ApiErrorObject, type Document, type Resource } from './core/api-client.js';
export { StreamHub, type StreamMessage } from './core/stream.js';
export { glasspaneContext, type GlasspaneContext } from './core/context.js';
export { GpElement } from './core/base.js';
export * from './core/format.js';
