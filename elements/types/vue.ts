// Generated from custom-elements.json by scripts/framework-types.mjs (`npm run manifest`); do not edit.
// The gp- tags in Vue's GlobalComponents, so vue-tsc and editors check templates using
// them: `import type {} from '@glasspane/elements/vue'` (Vue 3). Props by their camelCase
// names (templates may write them kebab-cased), events as `@gp-…` listeners with the
// event's typed detail. Tell Vue the tags are custom elements
// (`compilerOptions.isCustomElement: (tag) => tag.startsWith('gp-')`).
import type { DefineComponent } from 'vue';
// Re-exported (not imported) so the declarations keep it: the tags' event maps.
export type {} from '../all.js';
import type { GpAccountBook, GpAccountCalendar, GpActivityLog, GpContactMatrix, GpDrProtection, GpHelpNow, GpInvoiceDetail, GpInvoiceList, GpKnowledgeBase, GpMaintenanceBanner, GpOrderReview, GpOrderStatus, GpPaymentMethods, GpPciChecklist, GpProvider, GpServerList, GpServiceInventory, GpTicketComposer, GpTicketList, GpUpgradeWizard, GpUsageGauge } from '../index.js';

type Listener<K extends keyof GlobalEventHandlersEventMap> = (event: GlobalEventHandlersEventMap[K]) => void;

/** `<gp-account-book>`'s props and event listeners. */
export interface GpAccountBookProps {
  /** Where an account's calendar lives in your portal, with `{tenant}` for the tenant's id (`/accounts/{tenant}/calendar`). Without it, accounts open through `gp-account-open` only. */
  calendarHref?: GpAccountBook['calendarHref'];
  /** An account or a hint's evidence was chosen; `detail`: tenant, name, evidence (`{kind, id}` or null). Cancel it to stop a `calendar-href` link from navigating and route yourself. */
  onGpAccountOpen?: Listener<'gp-account-open'>;
}

/** `<gp-account-calendar>`'s props and event listeners. */
export interface GpAccountCalendarProps {
  /** The month shown, `YYYY-MM`; the current month when empty. */
  month?: GpAccountCalendar['month'];
  /** IANA time zone the days are counted in; the browser's when empty. */
  timeZone?: GpAccountCalendar['timeZone'];
  /** A month to show instead of fetching one (a portal that already has it). */
  data?: GpAccountCalendar['data'];
  /** The user chose an event; `detail`: kind, id (where to go) and the event. */
  onGpNavigate?: Listener<'gp-navigate'>;
}

/** `<gp-activity-log>`'s props and event listeners. */
export interface GpActivityLogProps {
  /** Only this kind (`server`, `payment`, `order`, `ticket`, `pci`, …); empty for all. */
  kind?: GpActivityLog['kind'];
  /** Only what this user did; empty for everyone. */
  user?: GpActivityLog['user'];
  /** First day shown (`YYYY-MM-DD`, the viewer's time zone); empty for no limit. */
  from?: GpActivityLog['from'];
  /** Last day shown (included); empty for no limit. */
  to?: GpActivityLog['to'];
}

/** `<gp-contact-matrix>`'s props and event listeners. */
export interface GpContactMatrixProps {
  /** The project to show; the first one when empty. */
  project?: GpContactMatrix['project'];
  urgency?: GpContactMatrix['urgency'];
}

/** `<gp-dr-protection>`'s props and event listeners. */
export interface GpDrProtectionProps {
  /** A tier was chosen for a server; `detail`: type ('addon'), serviceId, serverName, tierId. */
  onGpProtectionTierRequested?: Listener<'gp-protection-tier-requested'>;
}

/** `<gp-help-now>`'s props and event listeners. */
export interface GpHelpNowProps {
  /** The contact matrix's project; the first one when empty. */
  project?: GpHelpNow['project'];
  urgency?: GpHelpNow['urgency'];
  /** Whether the answer is shown. */
  open?: GpHelpNow['open'];
  /** Always shown, without the button. */
  inline?: GpHelpNow['inline'];
  /** The clock the countdown reads; pages and tests may replace it. */
  now?: GpHelpNow['now'];
}

/** `<gp-invoice-detail>`'s props and event listeners. */
export interface GpInvoiceDetailProps {
  /** The invoice's id (as `GET /api/v1/invoices` lists it, and `gp-invoice-open` tells). */
  invoiceId?: GpInvoiceDetail['invoiceId'];
  /** A payment is about to be made; cancelable: `preventDefault()` stops it (nothing is charged). `detail`: invoiceIds, amount, currency, paymentMethodId (`new` for one being added). */
  onGpBeforePay?: Listener<'gp-before-pay'>;
  /** The invoice was paid; `detail`: paymentId, invoiceIds, amount, currency. */
  onGpInvoicesPaid?: Listener<'gp-invoices-paid'>;
}

/** `<gp-invoice-list>`'s props and event listeners. */
export interface GpInvoiceListProps {
  /** Initial filter: `all`, `open`, `overdue` or `paid`. */
  filter?: GpInvoiceList['filter'];
  /** Leave automatic payment to a `gp-payment-methods` elsewhere on the page, which shows the same panel beside the saved methods: without this, the customer would see it twice. */
  hideAutopay?: GpInvoiceList['hideAutopay'];
  /** Order: `-issuedOn` (newest first, default), `dueOn` (soonest due first) or `-total` (largest first). */
  sort?: GpInvoiceList['sort'];
  /** Invoices to show instead of loading them (a portal that already has them, or a read-only statement). Paying still needs the provider. */
  items?: GpInvoiceList['items'];
  /** A payment is about to be made; cancelable: `preventDefault()` stops it (nothing is charged, the selection stays). `detail`: invoiceIds, amount, currency, paymentMethodId (`new` for one being added). */
  onGpBeforePay?: Listener<'gp-before-pay'>;
  /** A payment succeeded; `detail`: paymentId, invoiceIds, amount, currency. */
  onGpInvoicesPaid?: Listener<'gp-invoices-paid'>;
  /** An invoice's number was chosen; `detail`: invoiceId, number. */
  onGpInvoiceOpen?: Listener<'gp-invoice-open'>;
}

/** `<gp-knowledge-base>`'s props and event listeners. */
export interface GpKnowledgeBaseProps {
  /** Slug of the article to show (the portal may set it from `gp-kb-article-requested`). */
  article?: GpKnowledgeBase['article'];
}

/** `<gp-maintenance-banner>`'s props and event listeners. */
export interface GpMaintenanceBannerProps {
  /** Show "All systems operational" when there is nothing to report (otherwise the banner is empty). */
  showAllClear?: GpMaintenanceBanner['showAllClear'];
  /** How many notices to show before collapsing the rest behind a toggle. */
  maxVisible?: GpMaintenanceBanner['maxVisible'];
  /** Show upcoming maintenance too (default), or only what is active now. */
  hideUpcoming?: GpMaintenanceBanner['hideUpcoming'];
  /** Leave what is happening now to another banner on the same page (one with `hide-upcoming` at the top): this one lists upcoming maintenance and, instead of "All systems operational", says how many current notices are shown above. One incident, shown once. */
  hideActive?: GpMaintenanceBanner['hideActive'];
  /** A notice was dismissed; `detail.id` is its id. */
  onGpMaintenanceDismissed?: Listener<'gp-maintenance-dismissed'>;
}

/** `<gp-order-review>`'s props and event listeners. */
export interface GpOrderReviewProps {
  /** A decision was recorded; `detail`: id, action, state. */
  onGpOrderReviewed?: Listener<'gp-order-reviewed'>;
}

/** `<gp-order-status>`'s props and event listeners. */
export interface GpOrderStatusProps {
}

/** `<gp-payment-methods>`'s props and event listeners. */
export interface GpPaymentMethodsProps {
  /** `all` (default): methods and automatic payment; `autopay`: the automatic payment panel only. */
  view?: GpPaymentMethods['view'];
  /** The name that collects the payments, as the SEPA and ACH mandates name it (the provider's legal name). Default: the tenant's branding display name, else "your provider". */
  creditor?: GpPaymentMethods['creditor'];
  /** A method was saved; `detail`: id, label. */
  onGpPaymentMethodAdded?: Listener<'gp-payment-method-added'>;
  /** A method was removed; `detail`: id, label. */
  onGpPaymentMethodRemoved?: Listener<'gp-payment-method-removed'>;
  /** Automatic payment was turned on, off or to another method; `detail`: enabled, paymentMethodId. */
  onGpAutopayChanged?: Listener<'gp-autopay-changed'>;
}

/** `<gp-pci-checklist>`'s props and event listeners. */
export interface GpPciChecklistProps {
  /** An item was saved; `detail`: id, status. */
  onGpPciItemSaved?: Listener<'gp-pci-item-saved'>;
  /** The customer recorded a review of the checklist; `detail`: reviewedBy, reviewedAt. */
  onGpPciReviewed?: Listener<'gp-pci-reviewed'>;
}

/** `<gp-provider>`'s props and event listeners. */
export interface GpProviderProps {
  /** Base URL of the host's API, e.g. `https://glasspane.example/api/v1`. */
  apiBase?: GpProvider['apiBase'];
  /** A fixed embed token. Prefer `tokenProvider`, which keeps it fresh. */
  token?: GpProvider['token'];
  /** Locale for every element inside (`en`, `de`, …); empty follows the page. */
  locale?: GpProvider['locale'];
  /** `auto` (the default) follows the system's light or dark setting; `light` or `dark` forces one. */
  theme?: GpProvider['theme'];
  /** Applies the tenant's branding served by the host: its colours on this element (so on every element inside), and `branding` plus `gp-branding-loaded` for the portal's logo and support contact. Without it, or when the host has none, your own theme stays. */
  tenantBranding?: GpProvider['tenantBranding'];
  /** The tenant's branding, once loaded (with `tenant-branding`). */
  branding?: GpProvider['branding'];
  /** Returns a fresh embed token; called before the current one expires and once after a 401. Typically your portal's backend route that mints one. */
  tokenProvider?: GpProvider['tokenProvider'];
  /** The tenant's branding arrived (with `tenant-branding`); `detail`: displayName, logoUrl, colors, supportName, supportEmail, supportPhone. */
  onGpBrandingLoaded?: Listener<'gp-branding-loaded'>;
}

/** `<gp-server-list>`'s props and event listeners. */
export interface GpServerListProps {
  /** Hide the create form. */
  noCreate?: GpServerList['noCreate'];
  /** A confirmed action is about to be sent to the host; cancelable: `preventDefault()` stops it (the server stays as it is). `detail`: serverId, name, action. */
  onGpBeforeServerAction?: Listener<'gp-before-server-action'>;
  /** An action was accepted by the host; `detail`: serverId, action. */
  onGpServerActionRequested?: Listener<'gp-server-action-requested'>;
  /** A server is being created; `detail`: serverId, name. */
  onGpServerCreated?: Listener<'gp-server-created'>;
}

/** `<gp-service-inventory>`'s props and event listeners. */
export interface GpServiceInventoryProps {
  /** The customer chose Renew; `detail`: serviceId, kind, name. Open `gp-upgrade-wizard` with `type="renewal"` and this `service`. */
  onGpRenewalRequested?: Listener<'gp-renewal-requested'>;
}

/** `<gp-ticket-composer>`'s props and event listeners. */
export interface GpTicketComposerProps {
  /** The clock the answer-time countdown reads; pages and tests may replace it. */
  now?: GpTicketComposer['now'];
  /** The ticket is about to be sent; cancelable: `preventDefault()` stops it (nothing is sent, the draft stays). `detail`: subject, urgency, serviceId. */
  onGpBeforeSendTicket?: Listener<'gp-before-send-ticket'>;
  /** A ticket was opened; `detail`: id, number, urgency. */
  onGpTicketCreated?: Listener<'gp-ticket-created'>;
  /** The customer opened a suggested article (shown in place); `detail.slug`. */
  onGpKbArticleRequested?: Listener<'gp-kb-article-requested'>;
}

/** `<gp-ticket-list>`'s props and event listeners. */
export interface GpTicketListProps {
  /** The id of the ticket to show; empty shows the list. */
  ticketId?: GpTicketList['ticketId'];
  /** The clock the reopen period is read against; pages and tests may replace it. */
  now?: GpTicketList['now'];
  /** A reply was sent; `detail`: ticketId. */
  onGpTicketReplied?: Listener<'gp-ticket-replied'>;
  /** The ticket was closed or reopened here; `detail`: ticketId, status. */
  onGpTicketStateChanged?: Listener<'gp-ticket-state-changed'>;
}

/** `<gp-upgrade-wizard>`'s props and event listeners. */
export interface GpUpgradeWizardProps {
  /** Preselected kind of change. */
  type?: GpUpgradeWizard['type'];
  /** Preselected service id (the server id the usage gauge names). */
  service?: GpUpgradeWizard['service'];
  /** The metric that hit its limit: the recommended plan leaves room for it. */
  metric?: GpUpgradeWizard['metric'];
  /** Preselected add-on (catalog id) for `type="addon"`, such as the protection tier `gp-dr-protection` asked for. */
  addon?: GpUpgradeWizard['addon'];
  /** The order is about to be placed; cancelable: `preventDefault()` stops it (nothing is ordered, the draft stays). `detail`: type, serviceId, planId, addonIds, window. */
  onGpBeforePlaceOrder?: Listener<'gp-before-place-order'>;
  /** An order was placed; `detail`: id, number, state. */
  onGpOrderPlaced?: Listener<'gp-order-placed'>;
  /** A question went to the account manager; `detail`: id, step. */
  onGpEscalationSent?: Listener<'gp-escalation-sent'>;
}

/** `<gp-usage-gauge>`'s props and event listeners. */
export interface GpUsageGaugeProps {
  /** Server id as the host names it (`openstack:5b8d…`). */
  server?: GpUsageGauge['server'];
  /** Shown in headings; defaults to the server id. */
  serverName?: GpUsageGauge['serverName'];
  metric?: GpUsageGauge['metric'];
  range?: GpUsageGauge['range'];
  /** Hide the upgrade button (for portals without self-service upgrades). */
  noUpgrade?: GpUsageGauge['noUpgrade'];
  /** A series to show instead of fetching one (a portal that already has the numbers); live updates still apply. Leave unset to load from the host. Its `stats.peak`, the highest of `values`, sets the top of the chart's axis (null: the values are scanned). */
  data?: GpUsageGauge['data'];
  /** The user asked for more capacity; `detail`: serverId, metric, peak, capacity. */
  onGpUpgradeRequested?: Listener<'gp-upgrade-requested'>;
  /** The chart finished drawing (first draw and each new data set); `detail`: points. */
  onGpUsageChartDrawn?: Listener<'gp-usage-chart-drawn'>;
}

declare module 'vue' {
  interface GlobalComponents {
    'gp-account-book': DefineComponent<GpAccountBookProps>;
    'gp-account-calendar': DefineComponent<GpAccountCalendarProps>;
    'gp-activity-log': DefineComponent<GpActivityLogProps>;
    'gp-contact-matrix': DefineComponent<GpContactMatrixProps>;
    'gp-dr-protection': DefineComponent<GpDrProtectionProps>;
    'gp-help-now': DefineComponent<GpHelpNowProps>;
    'gp-invoice-detail': DefineComponent<GpInvoiceDetailProps>;
    'gp-invoice-list': DefineComponent<GpInvoiceListProps>;
    'gp-knowledge-base': DefineComponent<GpKnowledgeBaseProps>;
    'gp-maintenance-banner': DefineComponent<GpMaintenanceBannerProps>;
    'gp-order-review': DefineComponent<GpOrderReviewProps>;
    'gp-order-status': DefineComponent<GpOrderStatusProps>;
    'gp-payment-methods': DefineComponent<GpPaymentMethodsProps>;
    'gp-pci-checklist': DefineComponent<GpPciChecklistProps>;
    'gp-provider': DefineComponent<GpProviderProps>;
    'gp-server-list': DefineComponent<GpServerListProps>;
    'gp-service-inventory': DefineComponent<GpServiceInventoryProps>;
    'gp-ticket-composer': DefineComponent<GpTicketComposerProps>;
    'gp-ticket-list': DefineComponent<GpTicketListProps>;
    'gp-upgrade-wizard': DefineComponent<GpUpgradeWizardProps>;
    'gp-usage-gauge': DefineComponent<GpUsageGaugeProps>;
  }
}
