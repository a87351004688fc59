// Generated from custom-elements.json by scripts/framework-types.mjs (`npm run manifest`); do not edit.
// The gp- tags in the global JSX namespace, for frameworks that type JSX through it
// (Preact, Solid and others): `import type {} from '@glasspane/elements/jsx'`. Attributes are
// typed from the element classes, properties by their own names, events as
// `ongp-…` handlers with the event's typed detail. React users: `@glasspane/elements/react`.
// Re-exported (not imported) so the declarations keep it: the tags' event maps.
export type {} from '../all.js';
import type { GpAccountBook, GpAccountCalendar, GpActivityLog, GpContactMatrix, GpDrProtection, GpHelpNow, GpInvoiceDetail, GpInvoiceList, GpKnowledgeBase, GpMaintenanceBanner, GpOrderReview, GpOrderStatus, GpPaymentMethods, GpPciChecklist, GpProvider, GpServerList, GpServiceInventory, GpTicketComposer, GpTicketList, GpUpgradeWizard, GpUsageGauge } from '../index.js';

/** What every gp- tag takes besides its own attributes. */
export interface GlasspaneElementAttributes {
  id?: string;
  class?: string;
  className?: string;
  slot?: string;
  /** Hides the element (every gp- element honours it). */
  hidden?: boolean;
  lang?: string;
  dir?: 'ltr' | 'rtl' | 'auto';
  title?: string;
  style?: string | Record<string, string | number>;
  part?: string;
  children?: unknown;
  ref?: unknown;
  key?: string | number;
}

type Handler<K extends keyof GlobalEventHandlersEventMap> = (event: GlobalEventHandlersEventMap[K]) => void;

/** `<gp-account-book>`'s attributes, properties and events. */
export interface GpAccountBookAttributes extends GlasspaneElementAttributes {
  /** Where an account's calendar lives in your portal, with `{tenant}` for the tenant's id (`/accounts/{tenant}/calendar`). Without it, accounts open through `gp-account-open` only. */
  'calendar-href'?: GpAccountBook['calendarHref'];
  /** An account or a hint's evidence was chosen; `detail`: tenant, name, evidence (`{kind, id}` or null). Cancel it to stop a `calendar-href` link from navigating and route yourself. */
  'ongp-account-open'?: Handler<'gp-account-open'>;
}

/** `<gp-account-calendar>`'s attributes, properties and events. */
export interface GpAccountCalendarAttributes extends GlasspaneElementAttributes {
  /** The month shown, `YYYY-MM`; the current month when empty. */
  'month'?: GpAccountCalendar['month'];
  /** IANA time zone the days are counted in; the browser's when empty. */
  'time-zone'?: GpAccountCalendar['timeZone'];
  /** A month to show instead of fetching one (a portal that already has it). */
  data?: GpAccountCalendar['data'];
  /** The user chose an event; `detail`: kind, id (where to go) and the event. */
  'ongp-navigate'?: Handler<'gp-navigate'>;
}

/** `<gp-activity-log>`'s attributes, properties and events. */
export interface GpActivityLogAttributes extends GlasspaneElementAttributes {
  /** Only this kind (`server`, `payment`, `order`, `ticket`, `pci`, …); empty for all. */
  'kind'?: GpActivityLog['kind'];
  /** Only what this user did; empty for everyone. */
  'user'?: GpActivityLog['user'];
  /** First day shown (`YYYY-MM-DD`, the viewer's time zone); empty for no limit. */
  'from'?: GpActivityLog['from'];
  /** Last day shown (included); empty for no limit. */
  'to'?: GpActivityLog['to'];
}

/** `<gp-contact-matrix>`'s attributes, properties and events. */
export interface GpContactMatrixAttributes extends GlasspaneElementAttributes {
  /** The project to show; the first one when empty. */
  'project'?: GpContactMatrix['project'];
  'urgency'?: GpContactMatrix['urgency'];
}

/** `<gp-dr-protection>`'s attributes, properties and events. */
export interface GpDrProtectionAttributes extends GlasspaneElementAttributes {
  /** A tier was chosen for a server; `detail`: type ('addon'), serviceId, serverName, tierId. */
  'ongp-protection-tier-requested'?: Handler<'gp-protection-tier-requested'>;
}

/** `<gp-help-now>`'s attributes, properties and events. */
export interface GpHelpNowAttributes extends GlasspaneElementAttributes {
  /** The contact matrix's project; the first one when empty. */
  'project'?: GpHelpNow['project'];
  'urgency'?: GpHelpNow['urgency'];
  /** Whether the answer is shown. */
  'open'?: GpHelpNow['open'];
  /** Always shown, without the button. */
  'inline'?: GpHelpNow['inline'];
  /** The clock the countdown reads; pages and tests may replace it. */
  now?: GpHelpNow['now'];
}

/** `<gp-invoice-detail>`'s attributes, properties and events. */
export interface GpInvoiceDetailAttributes extends GlasspaneElementAttributes {
  /** The invoice's id (as `GET /api/v1/invoices` lists it, and `gp-invoice-open` tells). */
  'invoice-id'?: GpInvoiceDetail['invoiceId'];
  /** A payment is about to be made; cancelable: `preventDefault()` stops it (nothing is charged). `detail`: invoiceIds, amount, currency, paymentMethodId (`new` for one being added). */
  'ongp-before-pay'?: Handler<'gp-before-pay'>;
  /** The invoice was paid; `detail`: paymentId, invoiceIds, amount, currency. */
  'ongp-invoices-paid'?: Handler<'gp-invoices-paid'>;
}

/** `<gp-invoice-list>`'s attributes, properties and events. */
export interface GpInvoiceListAttributes extends GlasspaneElementAttributes {
  /** Initial filter: `all`, `open`, `overdue` or `paid`. */
  'filter'?: GpInvoiceList['filter'];
  /** Leave automatic payment to a `gp-payment-methods` elsewhere on the page, which shows the same panel beside the saved methods: without this, the customer would see it twice. */
  'hide-autopay'?: GpInvoiceList['hideAutopay'];
  /** Order: `-issuedOn` (newest first, default), `dueOn` (soonest due first) or `-total` (largest first). */
  'sort'?: GpInvoiceList['sort'];
  /** Invoices to show instead of loading them (a portal that already has them, or a read-only statement). Paying still needs the provider. */
  items?: GpInvoiceList['items'];
  /** A payment is about to be made; cancelable: `preventDefault()` stops it (nothing is charged, the selection stays). `detail`: invoiceIds, amount, currency, paymentMethodId (`new` for one being added). */
  'ongp-before-pay'?: Handler<'gp-before-pay'>;
  /** A payment succeeded; `detail`: paymentId, invoiceIds, amount, currency. */
  'ongp-invoices-paid'?: Handler<'gp-invoices-paid'>;
  /** An invoice's number was chosen; `detail`: invoiceId, number. */
  'ongp-invoice-open'?: Handler<'gp-invoice-open'>;
}

/** `<gp-knowledge-base>`'s attributes, properties and events. */
export interface GpKnowledgeBaseAttributes extends GlasspaneElementAttributes {
  /** Slug of the article to show (the portal may set it from `gp-kb-article-requested`). */
  'article'?: GpKnowledgeBase['article'];
}

/** `<gp-maintenance-banner>`'s attributes, properties and events. */
export interface GpMaintenanceBannerAttributes extends GlasspaneElementAttributes {
  /** Show "All systems operational" when there is nothing to report (otherwise the banner is empty). */
  'show-all-clear'?: GpMaintenanceBanner['showAllClear'];
  /** How many notices to show before collapsing the rest behind a toggle. */
  'max-visible'?: GpMaintenanceBanner['maxVisible'];
  /** Show upcoming maintenance too (default), or only what is active now. */
  'hide-upcoming'?: GpMaintenanceBanner['hideUpcoming'];
  /** Leave what is happening now to another banner on the same page (one with `hide-upcoming` at the top): this one lists upcoming maintenance and, instead of "All systems operational", says how many current notices are shown above. One incident, shown once. */
  'hide-active'?: GpMaintenanceBanner['hideActive'];
  /** A notice was dismissed; `detail.id` is its id. */
  'ongp-maintenance-dismissed'?: Handler<'gp-maintenance-dismissed'>;
}

/** `<gp-order-review>`'s attributes, properties and events. */
export interface GpOrderReviewAttributes extends GlasspaneElementAttributes {
  /** A decision was recorded; `detail`: id, action, state. */
  'ongp-order-reviewed'?: Handler<'gp-order-reviewed'>;
}

/** `<gp-order-status>`'s attributes, properties and events. */
export interface GpOrderStatusAttributes extends GlasspaneElementAttributes {
}

/** `<gp-payment-methods>`'s attributes, properties and events. */
export interface GpPaymentMethodsAttributes extends GlasspaneElementAttributes {
  /** `all` (default): methods and automatic payment; `autopay`: the automatic payment panel only. */
  'view'?: GpPaymentMethods['view'];
  /** The name that collects the payments, as the SEPA and ACH mandates name it (the provider's legal name). Default: the tenant's branding display name, else "your provider". */
  'creditor'?: GpPaymentMethods['creditor'];
  /** A method was saved; `detail`: id, label. */
  'ongp-payment-method-added'?: Handler<'gp-payment-method-added'>;
  /** A method was removed; `detail`: id, label. */
  'ongp-payment-method-removed'?: Handler<'gp-payment-method-removed'>;
  /** Automatic payment was turned on, off or to another method; `detail`: enabled, paymentMethodId. */
  'ongp-autopay-changed'?: Handler<'gp-autopay-changed'>;
}

/** `<gp-pci-checklist>`'s attributes, properties and events. */
export interface GpPciChecklistAttributes extends GlasspaneElementAttributes {
  /** An item was saved; `detail`: id, status. */
  'ongp-pci-item-saved'?: Handler<'gp-pci-item-saved'>;
  /** The customer recorded a review of the checklist; `detail`: reviewedBy, reviewedAt. */
  'ongp-pci-reviewed'?: Handler<'gp-pci-reviewed'>;
}

/** `<gp-provider>`'s attributes, properties and events. */
export interface GpProviderAttributes extends GlasspaneElementAttributes {
  /** Base URL of the host's API, e.g. `https://glasspane.example/api/v1`. */
  'api-base'?: GpProvider['apiBase'];
  /** A fixed embed token. Prefer `tokenProvider`, which keeps it fresh. */
  'token'?: GpProvider['token'];
  /** Locale for every element inside (`en`, `de`, …); empty follows the page. */
  'locale'?: GpProvider['locale'];
  /** `auto` (the default) follows the system's light or dark setting; `light` or `dark` forces one. */
  'theme'?: GpProvider['theme'];
  /** Applies the tenant's branding served by the host: its colours on this element (so on every element inside), and `branding` plus `gp-branding-loaded` for the portal's logo and support contact. Without it, or when the host has none, your own theme stays. */
  'tenant-branding'?: GpProvider['tenantBranding'];
  /** The tenant's branding, once loaded (with `tenant-branding`). */
  branding?: GpProvider['branding'];
  /** Returns a fresh embed token; called before the current one expires and once after a 401. Typically your portal's backend route that mints one. */
  tokenProvider?: GpProvider['tokenProvider'];
  /** The tenant's branding arrived (with `tenant-branding`); `detail`: displayName, logoUrl, colors, supportName, supportEmail, supportPhone. */
  'ongp-branding-loaded'?: Handler<'gp-branding-loaded'>;
}

/** `<gp-server-list>`'s attributes, properties and events. */
export interface GpServerListAttributes extends GlasspaneElementAttributes {
  /** Hide the create form. */
  'no-create'?: GpServerList['noCreate'];
  /** A confirmed action is about to be sent to the host; cancelable: `preventDefault()` stops it (the server stays as it is). `detail`: serverId, name, action. */
  'ongp-before-server-action'?: Handler<'gp-before-server-action'>;
  /** An action was accepted by the host; `detail`: serverId, action. */
  'ongp-server-action-requested'?: Handler<'gp-server-action-requested'>;
  /** A server is being created; `detail`: serverId, name. */
  'ongp-server-created'?: Handler<'gp-server-created'>;
}

/** `<gp-service-inventory>`'s attributes, properties and events. */
export interface GpServiceInventoryAttributes extends GlasspaneElementAttributes {
  /** The customer chose Renew; `detail`: serviceId, kind, name. Open `gp-upgrade-wizard` with `type="renewal"` and this `service`. */
  'ongp-renewal-requested'?: Handler<'gp-renewal-requested'>;
}

/** `<gp-ticket-composer>`'s attributes, properties and events. */
export interface GpTicketComposerAttributes extends GlasspaneElementAttributes {
  /** The clock the answer-time countdown reads; pages and tests may replace it. */
  now?: GpTicketComposer['now'];
  /** The ticket is about to be sent; cancelable: `preventDefault()` stops it (nothing is sent, the draft stays). `detail`: subject, urgency, serviceId. */
  'ongp-before-send-ticket'?: Handler<'gp-before-send-ticket'>;
  /** A ticket was opened; `detail`: id, number, urgency. */
  'ongp-ticket-created'?: Handler<'gp-ticket-created'>;
  /** The customer opened a suggested article (shown in place); `detail.slug`. */
  'ongp-kb-article-requested'?: Handler<'gp-kb-article-requested'>;
}

/** `<gp-ticket-list>`'s attributes, properties and events. */
export interface GpTicketListAttributes extends GlasspaneElementAttributes {
  /** The id of the ticket to show; empty shows the list. */
  'ticket-id'?: GpTicketList['ticketId'];
  /** The clock the reopen period is read against; pages and tests may replace it. */
  now?: GpTicketList['now'];
  /** A reply was sent; `detail`: ticketId. */
  'ongp-ticket-replied'?: Handler<'gp-ticket-replied'>;
  /** The ticket was closed or reopened here; `detail`: ticketId, status. */
  'ongp-ticket-state-changed'?: Handler<'gp-ticket-state-changed'>;
}

/** `<gp-upgrade-wizard>`'s attributes, properties and events. */
export interface GpUpgradeWizardAttributes extends GlasspaneElementAttributes {
  /** Preselected kind of change. */
  'type'?: GpUpgradeWizard['type'];
  /** Preselected service id (the server id the usage gauge names). */
  'service'?: GpUpgradeWizard['service'];
  /** The metric that hit its limit: the recommended plan leaves room for it. */
  'metric'?: GpUpgradeWizard['metric'];
  /** Preselected add-on (catalog id) for `type="addon"`, such as the protection tier `gp-dr-protection` asked for. */
  'addon'?: GpUpgradeWizard['addon'];
  /** The order is about to be placed; cancelable: `preventDefault()` stops it (nothing is ordered, the draft stays). `detail`: type, serviceId, planId, addonIds, window. */
  'ongp-before-place-order'?: Handler<'gp-before-place-order'>;
  /** An order was placed; `detail`: id, number, state. */
  'ongp-order-placed'?: Handler<'gp-order-placed'>;
  /** A question went to the account manager; `detail`: id, step. */
  'ongp-escalation-sent'?: Handler<'gp-escalation-sent'>;
}

/** `<gp-usage-gauge>`'s attributes, properties and events. */
export interface GpUsageGaugeAttributes extends GlasspaneElementAttributes {
  /** Server id as the host names it (`openstack:5b8d…`). */
  'server'?: GpUsageGauge['server'];
  /** Shown in headings; defaults to the server id. */
  'server-name'?: GpUsageGauge['serverName'];
  'metric'?: GpUsageGauge['metric'];
  'range'?: GpUsageGauge['range'];
  /** Hide the upgrade button (for portals without self-service upgrades). */
  'no-upgrade'?: GpUsageGauge['noUpgrade'];
  /** A series to show instead of fetching one (a portal that already has the numbers); live updates still apply. Leave unset to load from the host. Its `stats.peak`, the highest of `values`, sets the top of the chart's axis (null: the values are scanned). */
  data?: GpUsageGauge['data'];
  /** The user asked for more capacity; `detail`: serverId, metric, peak, capacity. */
  'ongp-upgrade-requested'?: Handler<'gp-upgrade-requested'>;
  /** The chart finished drawing (first draw and each new data set); `detail`: points. */
  'ongp-usage-chart-drawn'?: Handler<'gp-usage-chart-drawn'>;
}

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace JSX {
    interface IntrinsicElements {
      'gp-account-book': GpAccountBookAttributes;
      'gp-account-calendar': GpAccountCalendarAttributes;
      'gp-activity-log': GpActivityLogAttributes;
      'gp-contact-matrix': GpContactMatrixAttributes;
      'gp-dr-protection': GpDrProtectionAttributes;
      'gp-help-now': GpHelpNowAttributes;
      'gp-invoice-detail': GpInvoiceDetailAttributes;
      'gp-invoice-list': GpInvoiceListAttributes;
      'gp-knowledge-base': GpKnowledgeBaseAttributes;
      'gp-maintenance-banner': GpMaintenanceBannerAttributes;
      'gp-order-review': GpOrderReviewAttributes;
      'gp-order-status': GpOrderStatusAttributes;
      'gp-payment-methods': GpPaymentMethodsAttributes;
      'gp-pci-checklist': GpPciChecklistAttributes;
      'gp-provider': GpProviderAttributes;
      'gp-server-list': GpServerListAttributes;
      'gp-service-inventory': GpServiceInventoryAttributes;
      'gp-ticket-composer': GpTicketComposerAttributes;
      'gp-ticket-list': GpTicketListAttributes;
      'gp-upgrade-wizard': GpUpgradeWizardAttributes;
      'gp-usage-gauge': GpUsageGaugeAttributes;
    }
  }
}
