// Generated from custom-elements.json by scripts/framework-types.mjs (`npm run manifest`); do not edit.
// React wrappers of every element, made with @lit/react: properties are set as properties
// (objects and arrays too), `onGp…` props listen to the element's `gp-…` events. Works on
// React 18 and 19. Importing this module registers every `gp-` tag.
import * as React from 'react';
import { createComponent, type EventName } from '@lit/react';
import { GpAccountBook as GpAccountBookElement } from './account-book/account-book.js';
import { GpAccountCalendar as GpAccountCalendarElement } from './account-calendar/account-calendar.js';
import { GpActivityLog as GpActivityLogElement } from './activity-log/activity-log.js';
import { GpContactMatrix as GpContactMatrixElement } from './contact-matrix/contact-matrix.js';
import { GpDrProtection as GpDrProtectionElement } from './dr-protection/dr-protection.js';
import { GpHelpNow as GpHelpNowElement } from './help-now/help-now.js';
import { GpInvoiceDetail as GpInvoiceDetailElement } from './invoice-detail/invoice-detail.js';
import { GpInvoiceList as GpInvoiceListElement } from './invoice-list/invoice-list.js';
import { GpKnowledgeBase as GpKnowledgeBaseElement } from './knowledge-base/knowledge-base.js';
import { GpMaintenanceBanner as GpMaintenanceBannerElement } from './maintenance-banner/maintenance-banner.js';
import { GpOrderReview as GpOrderReviewElement } from './order-review/order-review.js';
import { GpOrderStatus as GpOrderStatusElement } from './order-status/order-status.js';
import { GpPaymentMethods as GpPaymentMethodsElement } from './payment-methods/payment-methods.js';
import { GpPciChecklist as GpPciChecklistElement } from './pci-checklist/pci-checklist.js';
import { GpProvider as GpProviderElement } from './provider/provider.js';
import { GpServerList as GpServerListElement } from './server-list/server-list.js';
import { GpServiceInventory as GpServiceInventoryElement } from './service-inventory/service-inventory.js';
import { GpTicketComposer as GpTicketComposerElement } from './ticket-composer/ticket-composer.js';
import { GpTicketList as GpTicketListElement } from './ticket-list/ticket-list.js';
import { GpUpgradeWizard as GpUpgradeWizardElement } from './upgrade-wizard/upgrade-wizard.js';
import { GpUsageGauge as GpUsageGaugeElement } from './usage-gauge/usage-gauge.js';

export type { EventName };

/** `<gp-account-book>`: The account manager's book (operator role: it spans tenants): every account with the hints worth a look before a call (backups stopped, overdue invoices, a ticket surge, certificates expiring, a renewal due, usage at its limit), most urgent first. Each hint explains itself and offers its evidence; each account opens its calendar. */
export const GpAccountBook = createComponent({
  tagName: 'gp-account-book',
  elementClass: GpAccountBookElement,
  react: React,
  displayName: 'GpAccountBook',
  events: {
    /** An account or a hint's evidence was chosen; `detail`: tenant, name, evidence (`{kind, id}` or null). Cancel it to stop a `calendar-href` link from navigating and route yourself. */
    onGpAccountOpen: 'gp-account-open' as EventName<GlobalEventHandlersEventMap['gp-account-open']>,
  },
});

/** `<gp-account-calendar>`: For the provider's staff: a month of everything that happened on a customer's account, one icon per kind of event per day with counts (tickets, monitoring alerts, backups, SSL certificates, domains, maintenance, server birthdays, orders, payments), a legend that filters, a tooltip on hover and on keyboard focus, and above the grid the month's hints where a pattern broke, each explained in words. The grid works like a date picker: arrow keys move by day and week, Home/End to the week's ends, Page Up/Down by month. Enter or a click on a day opens its event (or a list when there are several); choosing one fires `gp-navigate` and the portal routes. */
export const GpAccountCalendar = createComponent({
  tagName: 'gp-account-calendar',
  elementClass: GpAccountCalendarElement,
  react: React,
  displayName: 'GpAccountCalendar',
  events: {
    /** The user chose an event; `detail`: kind, id (where to go) and the event. */
    onGpNavigate: 'gp-navigate' as EventName<GlobalEventHandlersEventMap['gp-navigate']>,
  },
});

/** `<gp-activity-log>`: The account's activity log: who did what, when and from which address (server actions, payments and payment methods, orders, tickets, PCI status changes), newest first, filtered by kind, user and date range, paged, and exported as CSV with the same filters. Customers see their own account; staff see the account their token was minted for. Payments appear only for roles that may read billing. */
export const GpActivityLog = createComponent({
  tagName: 'gp-activity-log',
  elementClass: GpActivityLogElement,
  react: React,
  displayName: 'GpActivityLog',
  events: {},
});

/** `<gp-contact-matrix>`: Per project: the contacts with their ITIL roles, service hours, and "who to contact right now" for the chosen urgency, computed by the host in the provider's time zone (inside service hours the escalation path, outside them the on-call path), with `tel:` and `mailto:` links. */
export const GpContactMatrix = createComponent({
  tagName: 'gp-contact-matrix',
  elementClass: GpContactMatrixElement,
  react: React,
  displayName: 'GpContactMatrix',
  events: {},
});

/** `<gp-dr-protection>`: The disaster-recovery add-on: each server with its protection tier, last good snapshot and copy at the second site, a clear "within / outside your recovery point" with the reason in words, "Snapshot now" and "Test restore" (technical role) with progress until the provider reports the outcome, and the tiers side by side with their price. Choosing a tier emits `gp-protection-tier-requested`; open `gp-upgrade-wizard` with `type="addon"`, `service` and `addon` from it, so the change is ordered, coded and reviewed like any other order (billing role). Updates live from the `protection` stream. */
export const GpDrProtection = createComponent({
  tagName: 'gp-dr-protection',
  elementClass: GpDrProtectionElement,
  react: React,
  displayName: 'GpDrProtection',
  events: {
    /** A tier was chosen for a server; `detail`: type ('addon'), serviceId, serverName, tierId. */
    onGpProtectionTierRequested: 'gp-protection-tier-requested' as EventName<GlobalEventHandlersEventMap['gp-protection-tier-requested']>,
  },
});

/** `<gp-help-now>`: "Help now" for a portal's header: one tap shows whom to call right now for a blocker (or the `urgency` given), with a `tel:` link, the service hours and time zone, and a countdown to the next step of the escalation path (counted from the moment it opened). Read from the tenant's contact matrix (`/contact-matrices/{project}/reach-now`), in the provider's time zone. `inline` shows the answer without the button (the ticket composer uses it after a blocker ticket). */
export const GpHelpNow = createComponent({
  tagName: 'gp-help-now',
  elementClass: GpHelpNowElement,
  react: React,
  displayName: 'GpHelpNow',
  events: {},
});

/** `<gp-invoice-detail>`: One invoice: its lines with service period, quantity, unit price and tax rate; subtotal, tax per rate and total; the payments made for it and the amount due; the PDF; and paying it with a saved or new card or bank account. Amounts are in the invoice's currency and the portal's locale. Paying needs the `billing` role and works as in `gp-invoice-list`: one Idempotency-Key per attempt, reused when the same attempt is retried, and a new card or bank account typed into the payment gateway's own fields only. Show it for the invoice `gp-invoice-list` announces with `gp-invoice-open`. */
export const GpInvoiceDetail = createComponent({
  tagName: 'gp-invoice-detail',
  elementClass: GpInvoiceDetailElement,
  react: React,
  displayName: 'GpInvoiceDetail',
  events: {
    /** A payment is about to be made; cancelable: `preventDefault()` stops it (nothing is charged). `detail`: invoiceIds, amount, currency, paymentMethodId (`new` for one being added). */
    onGpBeforePay: 'gp-before-pay' as EventName<GlobalEventHandlersEventMap['gp-before-pay']>,
    /** The invoice was paid; `detail`: paymentId, invoiceIds, amount, currency. */
    onGpInvoicesPaid: 'gp-invoices-paid' as EventName<GlobalEventHandlersEventMap['gp-invoices-paid']>,
  },
});

/** `<gp-invoice-list>`: Invoices with status, amounts and due dates in the portal's locale and each invoice's currency; filters, total due, PDF download, paying several at once with a saved or new card or bank account, a receipt, and automatic payment. Paying needs the `billing` role; others see the invoices and are told why they cannot pay. Each payment attempt carries its own Idempotency-Key, reused if the same attempt is retried, so a double click or a retry never pays twice. A new card or bank account is typed into the payment gateway's own fields (its script, drawn inside the pay form), never into the element: the host only gets the confirmed setup's id. Automatic payment is `gp-payment-methods`' panel (`view="autopay"`): which method, when and how much, and the customer's consent (with the mandate for bank debits) before it turns on. A page that shows `gp-payment-methods` as well (which has the same panel) sets `hide-autopay`, so the customer sees automatic payment once. An invoice's number opens it: `gp-invoice-open` tells the portal, which shows `<gp-invoice-detail invoice-id=…>`. */
export const GpInvoiceList = createComponent({
  tagName: 'gp-invoice-list',
  elementClass: GpInvoiceListElement,
  react: React,
  displayName: 'GpInvoiceList',
  events: {
    /** A payment is about to be made; cancelable: `preventDefault()` stops it (nothing is charged, the selection stays). `detail`: invoiceIds, amount, currency, paymentMethodId (`new` for one being added). */
    onGpBeforePay: 'gp-before-pay' as EventName<GlobalEventHandlersEventMap['gp-before-pay']>,
    /** A payment succeeded; `detail`: paymentId, invoiceIds, amount, currency. */
    onGpInvoicesPaid: 'gp-invoices-paid' as EventName<GlobalEventHandlersEventMap['gp-invoices-paid']>,
    /** An invoice's number was chosen; `detail`: invoiceId, number. */
    onGpInvoiceOpen: 'gp-invoice-open' as EventName<GlobalEventHandlersEventMap['gp-invoice-open']>,
  },
});

/** `<gp-knowledge-base>`: Searchable knowledge-base articles: a search box (results while typing, words highlighted), topics, and the article itself. Articles are Markdown, rendered with marked and sanitised with DOMPurify (both loaded only when an article is opened) into DOM nodes, never through innerHTML of a string, so a hostile article cannot run script in the portal. */
export const GpKnowledgeBase = createComponent({
  tagName: 'gp-knowledge-base',
  elementClass: GpKnowledgeBaseElement,
  react: React,
  displayName: 'GpKnowledgeBase',
  events: {},
});

/** `<gp-maintenance-banner>`: Scheduled maintenance and incidents that affect this tenant's services, live. Active incidents and maintenance come first, most serious first, then upcoming maintenance with its window in the viewer's time zone. Notices arrive and change over the host's stream; only a notice that arrives live and is serious is announced with `role="alert"`. A dismissed notice stays dismissed until it changes. */
export const GpMaintenanceBanner = createComponent({
  tagName: 'gp-maintenance-banner',
  elementClass: GpMaintenanceBannerElement,
  react: React,
  displayName: 'GpMaintenanceBanner',
  events: {
    /** A notice was dismissed; `detail.id` is its id. */
    onGpMaintenanceDismissed: 'gp-maintenance-dismissed' as EventName<GlobalEventHandlersEventMap['gp-maintenance-dismissed']>,
  },
});

/** `<gp-order-review>`: The account manager's queue for one account (staff role): orders that wait for review or for a returned device, and questions sent from the upgrade wizard, oldest first, each with the customer's context (the service's plan, price and renewal, the customer's note, why it waits, the revenue code of each line, the monthly recurring revenue before and after, what it runs at a provider). Approve now or for a day, decline, answer, correct a mistyped order's type (the coding follows and is audited), cancel an order not yet carried out (after a question that says what happens to the money), and record a returned device. Updates live. */
export const GpOrderReview = createComponent({
  tagName: 'gp-order-review',
  elementClass: GpOrderReviewElement,
  react: React,
  displayName: 'GpOrderReview',
  events: {
    /** A decision was recorded; `detail`: id, action, state. */
    onGpOrderReviewed: 'gp-order-reviewed' as EventName<GlobalEventHandlersEventMap['gp-order-reviewed']>,
  },
});

/** `<gp-order-status>`: What happens after an order: each order's steps, what the customer must do next, and the account manager's messages. A hardware refresh shows the return label, the tracking number and the wipe confirmation the device cannot come back without. Updates live; orders not yet carried out can be cancelled (billing role), after a question that names the order and what happens to the money. */
export const GpOrderStatus = createComponent({
  tagName: 'gp-order-status',
  elementClass: GpOrderStatusElement,
  react: React,
  displayName: 'GpOrderStatus',
  events: {},
});

/** `<gp-payment-methods>`: Saved cards and bank accounts (brand, last four, expiry, default), adding one in the payment gateway's own fields, making one the default, removing one, and automatic payment with the customer's explicit consent (the mandate text for SEPA and ACH debits). Changing anything needs the `billing` role; others see the methods and are told why. A new card or bank account is typed into the gateway's own fields (its script, drawn inside the element), never into the element; the host saves it only when the gateway says the setup succeeded, so a declined card is never saved nor made the default. Removing the method automatic payment charges asks first and then turns automatic payment off. Turning automatic payment on, or switching its method, shows which method is charged, when and how much, and the mandate the networks require for bank debits, and waits for the customer to confirm. `gp-invoice-list` shows this element's automatic payment panel (`view="autopay"`); on a page with both, set `hide-autopay` on the list, so the customer sees the panel once, here. */
export const GpPaymentMethods = createComponent({
  tagName: 'gp-payment-methods',
  elementClass: GpPaymentMethodsElement,
  react: React,
  displayName: 'GpPaymentMethods',
  events: {
    /** A method was saved; `detail`: id, label. */
    onGpPaymentMethodAdded: 'gp-payment-method-added' as EventName<GlobalEventHandlersEventMap['gp-payment-method-added']>,
    /** A method was removed; `detail`: id, label. */
    onGpPaymentMethodRemoved: 'gp-payment-method-removed' as EventName<GlobalEventHandlersEventMap['gp-payment-method-removed']>,
    /** Automatic payment was turned on, off or to another method; `detail`: enabled, paymentMethodId. */
    onGpAutopayChanged: 'gp-autopay-changed' as EventName<GlobalEventHandlersEventMap['gp-autopay-changed']>,
  },
});

/** `<gp-pci-checklist>`: The PCI DSS v4.0.1 requirements as a workflow the customer works through: items grouped by requirement with progress per group, each collapsed to one line (status, who is responsible, changed since the last review) and opening to what it means, how to fix it and its form. Status chips with counts filter the list, as do responsibility, SAQ type and "Only changed since my review". A reason is asked for only when an item does not apply. Items the provider is responsible for show the provider's attestation instead of a form; shared items show both. "Mark as reviewed" records the customer's review (who, when). Print, and export CSV for an assessor. Editing and reviewing need the customer role; attesting needs the provider's staff or operator role; others read. */
export const GpPciChecklist = createComponent({
  tagName: 'gp-pci-checklist',
  elementClass: GpPciChecklistElement,
  react: React,
  displayName: 'GpPciChecklist',
  events: {
    /** An item was saved; `detail`: id, status. */
    onGpPciItemSaved: 'gp-pci-item-saved' as EventName<GlobalEventHandlersEventMap['gp-pci-item-saved']>,
    /** The customer recorded a review of the checklist; `detail`: reviewedBy, reviewedAt. */
    onGpPciReviewed: 'gp-pci-reviewed' as EventName<GlobalEventHandlersEventMap['gp-pci-reviewed']>,
  },
});

/** `<gp-provider>`: Connects the elements inside it to a Glasspane host: API base URL, embed token (or an async token provider, refreshed before expiry), locale and theme, and with `tenant-branding` the tenant's own colours from the host. */
export const GpProvider = createComponent({
  tagName: 'gp-provider',
  elementClass: GpProviderElement,
  react: React,
  displayName: 'GpProvider',
  events: {
    /** The tenant's branding arrived (with `tenant-branding`); `detail`: displayName, logoUrl, colors, supportName, supportEmail, supportPhone. */
    onGpBrandingLoaded: 'gp-branding-loaded' as EventName<GlobalEventHandlersEventMap['gp-branding-loaded']>,
  },
});

/** `<gp-server-list>`: The tenant's virtual servers: status, addresses, size and region; start, stop and reboot with a confirmation and a pending state until the provider settles; create a server. Actions need the `technical` role; without it they are not offered and the element says why. The create form appears only where the provider offers sizes to create from. A provider's refusal ("already stopped") is shown in its words next to the server. */
export const GpServerList = createComponent({
  tagName: 'gp-server-list',
  elementClass: GpServerListElement,
  react: React,
  displayName: 'GpServerList',
  events: {
    /** A confirmed action is about to be sent to the host; cancelable: `preventDefault()` stops it (the server stays as it is). `detail`: serverId, name, action. */
    onGpBeforeServerAction: 'gp-before-server-action' as EventName<GlobalEventHandlersEventMap['gp-before-server-action']>,
    /** An action was accepted by the host; `detail`: serverId, action. */
    onGpServerActionRequested: 'gp-server-action-requested' as EventName<GlobalEventHandlersEventMap['gp-server-action-requested']>,
    /** A server is being created; `detail`: serverId, name. */
    onGpServerCreated: 'gp-server-created' as EventName<GlobalEventHandlersEventMap['gp-server-created']>,
  },
});

/** `<gp-service-inventory>`: What the customer's contract includes: servers (with flavor and region), dedicated hardware, SSL certificates, domains and add-ons, with start and renewal dates, an "expires soon" warning 30 days ahead, and a renew action. Servers' details come from the compute provider; when it is down the contract is still shown, without them. */
export const GpServiceInventory = createComponent({
  tagName: 'gp-service-inventory',
  elementClass: GpServiceInventoryElement,
  react: React,
  displayName: 'GpServiceInventory',
  events: {
    /** The customer chose Renew; `detail`: serviceId, kind, name. Open `gp-upgrade-wizard` with `type="renewal"` and this `service`. */
    onGpRenewalRequested: 'gp-renewal-requested' as EventName<GlobalEventHandlersEventMap['gp-renewal-requested']>,
  },
});

/** `<gp-ticket-composer>`: Opens a support ticket: subject, description, the affected service, and an urgency the customer chooses, helped by three questions that propose a level with its reason and the contract's response time. Knowledge-base articles that may already answer the question appear while the customer types. The draft survives a reload (kept in this browser until sent). A suggested article opens in place (Markdown rendered and sanitised) with a way back to the draft; opening one and leaving without sending counts as a deflection for the provider's statistics. A ticket with the subject and affected service of one still open is flagged before it is sent. "Affected service" lists the tenant's servers as the servers route has them now, and its configured services. After a blocker or critical ticket it shows whom to call now (`gp-help-now`) and the contract's answer time counting down. Text is sent exactly as typed. When the tenant's support provider keeps files, an attach control takes screenshots and logs within its limits (size, count, type: checked before sending) and sends them with the ticket; chosen files are not part of the kept draft. */
export const GpTicketComposer = createComponent({
  tagName: 'gp-ticket-composer',
  elementClass: GpTicketComposerElement,
  react: React,
  displayName: 'GpTicketComposer',
  events: {
    /** The ticket is about to be sent; cancelable: `preventDefault()` stops it (nothing is sent, the draft stays). `detail`: subject, urgency, serviceId. */
    onGpBeforeSendTicket: 'gp-before-send-ticket' as EventName<GlobalEventHandlersEventMap['gp-before-send-ticket']>,
    /** A ticket was opened; `detail`: id, number, urgency. */
    onGpTicketCreated: 'gp-ticket-created' as EventName<GlobalEventHandlersEventMap['gp-ticket-created']>,
    /** The customer opened a suggested article (shown in place); `detail.slug`. */
    onGpKbArticleRequested: 'gp-kb-article-requested' as EventName<GlobalEventHandlersEventMap['gp-kb-article-requested']>,
  },
});

/** `<gp-ticket-list>`: The tenant's support tickets and, for one of them, the thread: every message with its author and time and its attachments (downloads with name and size), replies with files when the support provider keeps them (an attach control with the provider's limits, checked before sending), closing by the customer and reopening within the provider's reopen period; staff answers arrive live. States are worded for the reader (the customer reads "Waiting for you", staff "Waiting on customer"). With the `staff` role it also changes a ticket's status. Everything people wrote is shown as text, never as HTML. */
export const GpTicketList = createComponent({
  tagName: 'gp-ticket-list',
  elementClass: GpTicketListElement,
  react: React,
  displayName: 'GpTicketList',
  events: {
    /** A reply was sent; `detail`: ticketId. */
    onGpTicketReplied: 'gp-ticket-replied' as EventName<GlobalEventHandlersEventMap['gp-ticket-replied']>,
    /** The ticket was closed or reopened here; `detail`: ticketId, status. */
    onGpTicketStateChanged: 'gp-ticket-state-changed' as EventName<GlobalEventHandlersEventMap['gp-ticket-state-changed']>,
  },
});

/** `<gp-upgrade-wizard>`: Self-serve plan changes the way a shop checks out: first a tile per kind of change (upgrade, downgrade, renewal, hardware refresh, add-on) with when it applies, then the service, the new plan compared side by side with the last 30 days of usage, the price with proration to the next billing date, and placing the order (once, even if the button is pressed twice). A downgrade offers "now" (credited) or "at the end of the paid period" with the amount of each; a renewal shows its term price; add-ons of one group behave like a radio; a hardware refresh never offers the current model; only services an order type applies to are listed. A placed order that is not carried out yet can be cancelled after a question. "Ask my account manager" is on every step and sends everything chosen so far with a note. Open it from `gp-usage-gauge`'s `gp-upgrade-requested` by setting `service` and `metric` (and `type="upgrade"`): it starts at the plan step with a plan that fits. Placing orders needs the billing role; everyone can ask. */
export const GpUpgradeWizard = createComponent({
  tagName: 'gp-upgrade-wizard',
  elementClass: GpUpgradeWizardElement,
  react: React,
  displayName: 'GpUpgradeWizard',
  events: {
    /** The order is about to be placed; cancelable: `preventDefault()` stops it (nothing is ordered, the draft stays). `detail`: type, serviceId, planId, addonIds, window. */
    onGpBeforePlaceOrder: 'gp-before-place-order' as EventName<GlobalEventHandlersEventMap['gp-before-place-order']>,
    /** An order was placed; `detail`: id, number, state. */
    onGpOrderPlaced: 'gp-order-placed' as EventName<GlobalEventHandlersEventMap['gp-order-placed']>,
    /** A question went to the account manager; `detail`: id, step. */
    onGpEscalationSent: 'gp-escalation-sent' as EventName<GlobalEventHandlersEventMap['gp-escalation-sent']>,
  },
});

/** `<gp-usage-gauge>`: One metric of one server against its capacity: the current value, a chart of the chosen range with the capacity line, how often it hit the limit, and an upgrade action. The chart (uPlot) and the panel's numbers load only when the element first has data (the load starts with the fetch), so pages that embed the gauge do not pay for them up front. Every number the chart shows is also text. Over long ranges, where each point stands for many samples, the chart draws their mean as the line in a band from lowest to highest. */
export const GpUsageGauge = createComponent({
  tagName: 'gp-usage-gauge',
  elementClass: GpUsageGaugeElement,
  react: React,
  displayName: 'GpUsageGauge',
  events: {
    /** The user asked for more capacity; `detail`: serverId, metric, peak, capacity. */
    onGpUpgradeRequested: 'gp-upgrade-requested' as EventName<GlobalEventHandlersEventMap['gp-upgrade-requested']>,
    /** The chart finished drawing (first draw and each new data set); `detail`: points. */
    onGpUsageChartDrawn: 'gp-usage-chart-drawn' as EventName<GlobalEventHandlersEventMap['gp-usage-chart-drawn']>,
  },
});
