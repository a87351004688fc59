/**
 * Glasspane elements: every class, the core, and `defineElements()`
 * (`@glasspane/elements/classes`). Importing this module defines no tags; import
 * `@glasspane/elements` (or one element's module, `@glasspane/elements/<name>`) for the
 * `gp-` tags, or call `defineElements({ prefix })`.
 * @module @glasspane/elements/classes
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
import { GpUpgradeWizard } from './upgrade-wizard/upgrade-wizard.component.js';
import { GpOrderStatus } from './order-status/order-status.component.js';
import { GpOrderReview } from './order-review/order-review.component.js';
import { GpAccountCalendar } from './account-calendar/account-calendar.component.js';
import { GpServiceInventory } from './service-inventory/service-inventory.component.js';
import { GpPciChecklist } from './pci-checklist/pci-checklist.component.js';
import { GpDrProtection } from './dr-protection/dr-protection.component.js';
import { GpHelpNow } from './help-now/help-now.component.js';
import { GpPaymentMethods } from './payment-methods/payment-methods.component.js';
import { GpInvoiceDetail } from './invoice-detail/invoice-detail.component.js';

import { GpActivityLog } from './activity-log/activity-log.component.js';
import { GpAccountBook } from './account-book/account-book.component.js';

registerKitElement('provider', GpProvider);
registerKitElement('maintenance-banner', GpMaintenanceBanner);
registerKitElement('server-list', GpServerList);
registerKitElement('usage-gauge', GpUsageGauge);
registerKitElement('invoice-list', GpInvoiceList);
registerKitElement('ticket-composer', GpTicketComposer);
registerKitElement('ticket-list', GpTicketList);
registerKitElement('knowledge-base', GpKnowledgeBase);
registerKitElement('contact-matrix', GpContactMatrix);
registerKitElement('upgrade-wizard', GpUpgradeWizard);
registerKitElement('order-status', GpOrderStatus);
registerKitElement('order-review', GpOrderReview);
registerKitElement('account-calendar', GpAccountCalendar);
registerKitElement('service-inventory', GpServiceInventory);
registerKitElement('pci-checklist', GpPciChecklist);
registerKitElement('dr-protection', GpDrProtection);
registerKitElement('help-now', GpHelpNow);
registerKitElement('activity-log', GpActivityLog);
registerKitElement('account-book', GpAccountBook);
registerKitElement('payment-methods', GpPaymentMethods);
registerKitElement('invoice-detail', GpInvoiceDetail);

export {
  GpProvider,
  GpMaintenanceBanner,
  GpServerList,
  GpUsageGauge,
  GpInvoiceList,
  GpTicketComposer,
  GpTicketList,
  GpKnowledgeBase,
  GpContactMatrix,
  GpUpgradeWizard,
  GpOrderStatus,
  GpOrderReview,
  GpAccountCalendar,
  GpServiceInventory,
  GpPciChecklist,
  GpDrProtection,
  GpHelpNow,
  GpActivityLog,
  GpAccountBook,
  GpPaymentMethods,
  GpInvoiceDetail,
};
export type { TicketCreatedDetail, ArticleRequestedDetail, BeforeSendTicketDetail } from './ticket-composer/ticket-composer.component.js';
export type {
  Invoice,
  InvoiceAttributes,
  InvoicesPaidDetail,
  InvoiceOpenDetail,
  BeforePayDetail,
} from './invoice-list/invoice-list.component.js';
export type { PaymentMethod, PaymentMethodDetail, AutopayChangedDetail } from './payment-methods/payment-methods.component.js';
export type { InvoiceLine, Payment } from './invoice-detail/invoice-detail.component.js';
export type { UsageMetric, UsageRange, UsageSeriesAttributes, UpgradeRequestedDetail } from './usage-gauge/usage-gauge.component.js';
export type {
  Server,
  ServerAttributes,
  ServerAction,
  ServerActionDetail,
  ServerCreatedDetail,
  BeforeServerActionDetail,
} from './server-list/server-list.component.js';
export type {
  OrderType,
  OrderPlacedDetail,
  EscalationSentDetail,
  BeforePlaceOrderDetail,
} from './upgrade-wizard/upgrade-wizard.component.js';
export type { Order, OrderAttributes, OrderState } from './order-status/order-status.component.js';
export type { OrderReviewedDetail } from './order-review/order-review.component.js';
export type {
  AccountEvent,
  AccountEventType,
  AccountHint,
  AccountMonthData,
  NavigateDetail,
} from './account-calendar/account-calendar.component.js';
export type { InventoryItemAttributes, RenewalRequestedDetail, ServiceKind } from './service-inventory/service-inventory.component.js';
export type { PciChecklistItem, PciItemStatus, PciItemSavedDetail, PciReviewedDetail } from './pci-checklist/pci-checklist.component.js';
export type {
  ProtectionTierAttributes,
  ProtectionTierRequestedDetail,
  RecoveryStatus,
  ServerProtectionAttributes,
} from './dr-protection/dr-protection.component.js';
export type { HelpNowUrgency } from './help-now/help-now.component.js';

export type { ActivityAttributes } from './activity-log/activity-log.component.js';
export type { AccountBookEntryAttributes, AccountOpenDetail } from './account-book/account-book.component.js';
export type { TokenResult, TenantBranding } from './provider/provider.component.js';
export type { Maintenance, MaintenanceAttributes, MaintenanceDismissedDetail } from './maintenance-banner/maintenance-banner.component.js';
export { defineElements, defineElement } from './core/define.js';
export { registerTranslation, registerMessages, loadLanguage, type Translation, type Messages } from './core/localize.js';
export { ApiClient, ApiError, type ApiErrorObject, type Document, type Resource } from './core/api-client.js';
export { StreamHub, type StreamMessage } from './core/stream.js';
export { glasspaneContext, type GlasspaneContext } from './core/context.js';
export { GpElement } from './core/base.js';
export * from './core/format.js';
