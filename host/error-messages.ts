/**
 * The words of the host's own errors, in every language the host answers errors in.
 *
 * An error is made from a key and its parameters (`errorMessage('order_closed', { order, state })`);
 * the key is the error's `code`, or `code.variant` where one code has several texts. The
 * English text is what the error holds (logs, tests); the error handler words it again in
 * the reader's language (`Accept-Language`, `?lang=`). A provider's own words are a
 * parameter and stay as the provider wrote them; only the sentence around them is ours.
 *
 * `de` is typed from `en`, so a key without a German text does not compile.
 */

import { formatMoney } from './features/billing/views.js';
import { readerLanguages } from './language.js';
import { readJson } from './db/json.js';

/** Values an error text names: ids, names, numbers, or a provider's own words. */
export type TextParams = Record<string, string | number>;

interface Entry {
  title: string;
  detail?: string | ((p: never) => string);
}

/** Things `notFound()` may say do not exist, with their German names. */
const NOUNS = {
  server: 'Server',
  order: 'Bestellung',
  route: 'Route',
  maintenance: 'Wartung',
  'checklist item': 'Checklistenpunkt',
  request: 'Anfrage',
  Service: 'Dienst',
  service: 'Dienst',
  tenant: 'Kunde',
  subscription: 'Abonnement',
  'restore request': 'Wiederherstellungsauftrag',
  'payment setup': 'Zahlungseinrichtung',
  'payment method': 'Zahlungsmethode',
  invoice: 'Rechnung',
  payment: 'Zahlung',
  refund: 'Erstattung',
  ticket: 'Ticket',
  message: 'Nachricht',
  attachment: 'Anhang',
  article: 'Artikel',
  'catalog item': 'Katalogeintrag',
  'protection plan': 'Schutzplan',
  restore: 'Testwiederherstellung',
  'contact matrix': 'Kontaktmatrix',
  'embed session': 'Einbettungssitzung',
  'account event': 'Kontoereignis',
  'usage report': 'Verbrauchsbericht',
} as const;

/** A thing `notFound()` may name. */
export type Noun = keyof typeof NOUNS;

const quoteDe = (s: string | number) => `„${s}“`;

/** The title of a payload that fails a rule. */
const INVALID = 'Invalid payload';
const INVALID_DE = 'Ungültige Angaben';
/** The title of why a test restore failed. */
const RESTORE_FAILED = 'Test restore failed';
const RESTORE_FAILED_DE = 'Testwiederherstellung fehlgeschlagen';
/** A span of minutes in whole hours where it is one (`360` → "6 h", `90` → "90 min"). */
const duration = (minutes: number) => (minutes >= 60 && minutes % 60 === 0 ? `${minutes / 60} h` : `${minutes} min`);

/** An order's state in a sentence (`in_review` → "in review", "in Prüfung"). */
const stateEn = (state: string) => state.replaceAll('_', ' ');
const ORDER_STATE_DE: Record<string, string> = {
  submitted: 'eingereicht',
  in_review: 'in Prüfung',
  approved: 'genehmigt',
  provisioning: 'in Bereitstellung',
  awaiting_delivery: 'in Erwartung der Lieferung',
  awaiting_device_return: 'in Erwartung der Geräterückgabe',
  device_received: 'mit erhaltenem Gerät',
  completed: 'abgeschlossen',
  cancelled: 'storniert',
  rejected: 'abgelehnt',
  failed: 'fehlgeschlagen',
};
const stateDe = (state: string) => ORDER_STATE_DE[state] ?? stateEn(state);
const INVOICE_STATUS_DE: Record<string, string> = {
  open: 'offen',
  paid: 'bezahlt',
  overdue: 'überfällig',
  void: 'storniert',
  draft: 'ein Entwurf',
};
const PROVIDER_KIND_DE: Record<string, string> = { support: 'Support', billing: 'Abrechnung', compute: 'Server' };

/** The kinds of provider a tenant's account names, with their German nouns (`provider_missing`). */
const PROVIDER_NOUNS = {
  support: 'Supportanbieter',
  billing: 'Abrechnungsanbieter',
  compute: 'Serveranbieter',
} as const;

/**
 * What a provider is to a customer (the port the host reached it through), as a name in a list
 * and at the start of a sentence (`provider_customer.*`), when the host has no name for it.
 */
const SERVICE_EN: Record<string, readonly [list: string, subject: string]> = {
  compute: ['Server platform', 'The server platform'],
  metrics: ['Monitoring', 'The monitoring service'],
  billing: ['Billing system', 'The billing system'],
  support: ['Support system', 'The support system'],
  status: ['Status page', 'The status page'],
  protection: ['Backup service', 'The backup service'],
  gateway: ['Payment service', 'The payment service'],
  events: ['Account history', 'The account history'],
  other: ['Connected service', 'A connected service'],
};
const SERVICE_DE: Record<string, readonly [list: string, subject: string]> = {
  compute: ['Serverplattform', 'Die Serverplattform'],
  metrics: ['Überwachung', 'Die Überwachung'],
  billing: ['Abrechnungssystem', 'Das Abrechnungssystem'],
  support: ['Supportsystem', 'Das Supportsystem'],
  status: ['Statusseite', 'Die Statusseite'],
  protection: ['Sicherungsdienst', 'Der Sicherungsdienst'],
  gateway: ['Zahlungsdienst', 'Der Zahlungsdienst'],
  events: ['Kontoverlauf', 'Der Kontoverlauf'],
  other: ['Angebundener Dienst', 'Ein angebundener Dienst'],
};
/** Who a `provider_customer` sentence is about: the provider's configured name, else what the service is. */
type ServiceParams = { name: string; service: string; reference: string };
const subject = (table: typeof SERVICE_EN, p: { name: string; service: string }) => p.name || (table[p.service] ?? table.other!)[1];
const referenceEn = (p: ServiceParams) =>
  p.reference ? `Support can look it up by the reference ${p.reference}.` : 'Support can look into it.';
const referenceDe = (p: ServiceParams) =>
  p.reference ? `Der Support findet den Vorgang unter der Kennung ${p.reference}.` : 'Der Support kann dem nachgehen.';

/** A server's state (the host's `ServerStatus`) in a sentence, never the provider's own (`VERIFY_RESIZE`). */
const SERVER_STATUS_EN: Record<string, string> = {
  active: 'running',
  building: 'still being built',
  stopped: 'stopped',
  rebooting: 'restarting',
  paused: 'paused',
  suspended: 'suspended',
  busy: 'busy with another task',
  error: 'in an error state',
  deleted: 'deleted',
  unknown: 'in an unknown state',
};
const SERVER_STATUS_DE: Record<string, string> = {
  active: 'in Betrieb',
  building: 'noch im Aufbau',
  stopped: 'gestoppt',
  rebooting: 'im Neustart',
  paused: 'pausiert',
  suspended: 'angehalten',
  busy: 'mit einer anderen Aufgabe beschäftigt',
  error: 'in einem Fehlerzustand',
  deleted: 'gelöscht',
  unknown: 'in unbekanntem Zustand',
};

/** A kind of provider a tenant's account can name. */
export type ProviderKind = keyof typeof PROVIDER_NOUNS;
const ORDER_TYPE_DE: Record<string, string> = {
  upgrade: 'Upgrade',
  downgrade: 'Downgrade',
  renewal: 'Verlängerung',
  refresh: 'Erneuerung',
  addon: 'Zusatzoption',
};

export const en = {
  // Generic --------------------------------------------------------------------
  not_found: { title: 'Not found', detail: (p: { what: Noun; id: string }) => `No ${p.what} with id "${p.id}" exists for this tenant.` },
  'not_found.none': { title: 'Not found', detail: (p: { what: Noun }) => `No such ${p.what}.` },
  'not_found.route': { title: 'Not found', detail: (p: { method: string; path: string }) => `There is no route ${p.method} ${p.path}.` },
  forbidden: {
    title: 'Forbidden',
    detail: (p: { roles: string }) => `This action needs the "${p.roles}" role, which the embed token does not grant.`,
  },
  provider_error: {
    title: (p: { provider: string }) => `The ${p.provider} provider could not answer`,
    detail: (p: { detail: string }) => p.detail,
  },
  provider_missing: {
    title: (p: { kind: ProviderKind; source: string }) => `The ${p.source} ${p.kind} provider is not set up`,
    detail: (p: { kind: ProviderKind; source: string }) => `No ${p.kind} provider "${p.source}" is registered on this host.`,
  },
  provider_failed: {
    title: (p: { provider: string }) => `The ${p.provider} provider could not answer`,
    detail: (p: { provider: string }) => `The ${p.provider} provider failed unexpectedly.`,
  },
  // What the host's provider HTTP helpers say about a provider (`provider` is the plugin id, `name` its display name).
  'provider_unavailable.paused': {
    title: (p: { provider: string }) => `The ${p.provider} provider could not answer`,
    detail: (p: { name: string; seconds: number }) =>
      `${p.name} kept failing, so the portal pauses its requests; it tries again in ${p.seconds} s.`,
  },
  provider_unreachable: {
    title: (p: { provider: string }) => `The ${p.provider} provider could not answer`,
    detail: (p: { name: string }) => `${p.name} could not be reached.`,
  },
  'provider_unreachable.timeout': {
    title: (p: { provider: string }) => `The ${p.provider} provider could not answer`,
    detail: (p: { name: string; seconds: number }) => `${p.name} did not answer within ${p.seconds} s.`,
  },
  'provider_unreachable.tls': {
    title: (p: { provider: string }) => `The ${p.provider} provider could not answer`,
    detail: (p: { name: string; problem: string }) =>
      `${p.name}'s TLS certificate is not trusted (${p.problem}); if it is signed by a private CA, give the plugin that CA's file.`,
  },
  provider_busy: {
    title: (p: { provider: string }) => `The ${p.provider} provider could not answer`,
    detail: (p: { name: string }) => `${p.name} is busy with other requests; try again in a few seconds.`,
  },
  'provider_busy.account': {
    title: (p: { provider: string }) => `The ${p.provider} provider could not answer`,
    detail: (p: { name: string }) => `${p.name} is busy with this account's other requests; try again shortly.`,
  },
  // What a customer reads when a provider fails or refuses (host/provider-words.ts): never the provider's own words.
  // A service's name in a list (title) and as a sentence's subject (detail).
  'provider_customer.service': {
    title: (p: { service: string }) => (SERVICE_EN[p.service] ?? SERVICE_EN.other!)[0],
    detail: (p: { service: string }) => subject(SERVICE_EN, { name: '', service: p.service }),
  },
  'provider_customer.not_found': {
    title: 'Not found',
    detail: (p: ServiceParams) => `${subject(SERVICE_EN, p)} does not have this (any more); reload to see what is there now.`,
  },
  'provider_customer.conflict': {
    title: 'Not possible right now',
    detail: (p: ServiceParams) =>
      `${subject(SERVICE_EN, p)} cannot do this now: it is already under way, or the current state does not allow it. Try again in a moment.`,
  },
  'provider_customer.invalid': {
    title: 'Not accepted',
    detail: (p: ServiceParams) => `${subject(SERVICE_EN, p)} did not accept this request. Check what you entered. ${referenceEn(p)}`,
  },
  'provider_customer.quota': {
    title: 'Quota reached',
    detail: (p: ServiceParams) =>
      `${subject(SERVICE_EN, p)} refused this: your account's quota does not allow it. Ask your account manager to raise it.`,
  },
  'provider_customer.unavailable': {
    title: 'Temporarily unavailable',
    detail: (p: ServiceParams) => `${subject(SERVICE_EN, p)} cannot be reached right now; try again in a few minutes.`,
  },
  'provider_customer.order': {
    title: 'Order not carried out',
    detail: (p: ServiceParams) =>
      `${subject(SERVICE_EN, p)} could not carry out this order, so nothing was charged. Support can look it up by the order number ${p.reference}.`,
  },
  'provider_customer.failed': {
    title: 'Not completed',
    detail: (p: ServiceParams) => `${subject(SERVICE_EN, p)} could not complete this request. ${referenceEn(p)}`,
  },
  internal_error: { title: 'Internal error', detail: 'Something went wrong on our side; the error was logged.' },
  method_not_allowed: {
    title: 'Method not allowed',
    detail: (p: { method: string; allowed: string }) => `${p.method} is not allowed here; use ${p.allowed}.`,
  },
  // Request validation ------------------------------------------------------------
  'invalid.attribute': { title: 'Invalid attribute', detail: (p: { field: string; problem: string }) => `${p.field}: ${p.problem}` },
  'invalid.parameter': { title: 'Invalid parameter', detail: (p: { field: string; problem: string }) => `${p.field}: ${p.problem}` },
  control_characters: {
    title: 'Control characters',
    detail: (p: { where: string }) => `${p.where} contains a control character (such as a NUL byte); remove it and send again.`,
  },
  invalid_encoding: { title: 'Invalid encoding', detail: 'The request path is not valid percent-encoded UTF-8.' },
  'invalid_encoding.body': { title: 'Invalid encoding', detail: 'The request body is not valid UTF-8.' },
  unsupported_media_type: { title: 'Unsupported media type', detail: 'Send the body as application/vnd.api+json.' },
  malformed_json: { title: 'Malformed JSON', detail: (p: { problem: string }) => `The request body is not valid JSON: ${p.problem}` },
  'malformed_json.webhook': { title: 'Malformed JSON', detail: 'The webhook body must be JSON.' },
  too_deep: { title: 'Body nested too deeply', detail: (p: { depth: number }) => `JSON nested deeper than ${p.depth} levels is refused.` },
  forbidden_key: { title: 'Forbidden key', detail: (p: { key: string }) => `The key "${p.key}" is not allowed in a request body.` },
  payload_too_large: { title: 'Body too large', detail: (p: { bytes: number }) => `Request bodies are limited to ${p.bytes} bytes.` },
  // Authentication and limits -------------------------------------------------------
  unauthorized: { title: 'Unauthorized', detail: 'Use "Authorization: Bearer <token>".' },
  'unauthorized.embed': { title: 'Unauthorized', detail: 'An embed token is required: send "Authorization: Bearer <token>".' },
  'unauthorized.admin': { title: 'Unauthorized', detail: 'This route needs the admin key as "Authorization: Bearer <admin key>".' },
  token_invalid: { title: 'Invalid embed token', detail: 'The embed token is malformed or its signature does not match.' },
  'token_invalid.tenant': { title: 'Invalid embed token', detail: 'The token names a tenant that no longer exists.' },
  token_expired: { title: 'Embed token expired', detail: 'The embed token has expired; mint a new one.' },
  origin_not_allowed: {
    title: 'Origin not allowed',
    detail: (p: { origin: string; tenant: string }) => `The origin ${p.origin} is not registered for tenant "${p.tenant}".`,
  },
  too_many_failed_logins: {
    title: 'Too many failed attempts',
    detail: (p: { seconds: number }) => `Too many wrong keys or tokens from this address; try again in ${p.seconds} seconds.`,
  },
  rate_limited: {
    title: 'Too many changes',
    detail: (p: { seconds: number }) => `This session made too many changes in a short time; try again in ${p.seconds} seconds.`,
  },
  too_many_streams: {
    title: 'Too many open streams',
    detail: 'This account has too many open event streams; close some portal tabs and try again.',
  },
  'too_many_streams.session': {
    title: 'Too many open streams',
    detail: 'This session has too many open event streams; close other tabs of this page and try again.',
  },
  'invalid.last_event_id': { title: 'Invalid parameter', detail: 'Last-Event-ID: send the id of the last event received, as it came.' },
  kit_not_built: { title: 'Kit not built', detail: 'The element bundle is missing: run "npm run build".' },
  'not_found.bundle': { title: 'Not found', detail: (p: { path: string }) => `No element bundle ${p.path}.` },
  // Orders --------------------------------------------------------------------------
  plan_unknown: {
    title: 'Plan not in the catalog',
    detail: (p: { plan: string }) => `This service's plan "${p.plan}" is no longer in the catalog; ask your account manager.`,
  },
  'invalid.not_an_addon': { title: INVALID, detail: (p: { id: string }) => `"${p.id}" is not an add-on in the catalog.` },
  'invalid.addon_owned': { title: INVALID, detail: (p: { addon: string }) => `This service already has "${p.addon}".` },
  'invalid.addon_elsewhere': {
    title: INVALID,
    detail: (p: { addon: string; plan: string }) => `"${p.addon}" is not available for ${p.plan}.`,
  },
  'invalid.currency': {
    title: INVALID,
    detail: (p: { item: string; currency: string; serviceCurrency: string }) =>
      `"${p.item}" is priced in ${p.currency}, this service in ${p.serviceCurrency}.`,
  },
  'invalid.addon_group': {
    title: INVALID,
    detail: (p: { owned: string; addon: string }) =>
      `"${p.owned}" and "${p.addon}" exclude each other (one of them per service); choose one.`,
  },
  'invalid.no_addon': { title: INVALID, detail: 'Choose at least one add-on.' },
  'invalid.addon_with_plan': {
    title: INVALID,
    detail: 'An add-on order does not change the plan; choose an upgrade or downgrade for that.',
  },
  'invalid.no_plan': { title: INVALID, detail: 'Choose the plan to move to.' },
  'invalid.not_a_plan': { title: INVALID, detail: (p: { id: string }) => `"${p.id}" is not a plan in the catalog.` },
  'invalid.other_product': {
    title: INVALID,
    detail: (p: { plan: string; current: string }) =>
      `"${p.plan}" belongs to another product than ${p.current}; ask your account manager to move products.`,
  },
  'invalid.same_plan': { title: INVALID, detail: (p: { plan: string }) => `This service is already on ${p.plan}.` },
  'invalid.renewal_keeps_plan': { title: INVALID, detail: 'A renewal keeps the plan; choose an upgrade or downgrade to change it.' },
  'invalid.refresh_hardware': { title: INVALID, detail: 'Only hardware plans can be refreshed.' },
  'invalid.refresh_same': {
    title: INVALID,
    detail: (p: { plan: string }) => `This device already is a ${p.plan}; a refresh moves to another model of the line.`,
  },
  'invalid.refresh_older': {
    title: INVALID,
    detail: (p: { plan: string; current: string }) =>
      `${p.plan} is older than ${p.current}; a refresh moves to the same generation or a newer one.`,
  },
  'invalid.refresh_newest': {
    title: INVALID,
    detail: (p: { current: string }) => `There is no newer model than ${p.current} to refresh to; ask your account manager.`,
  },
  plan_changed: {
    title: 'The plan changed',
    detail: (p: { service: string }) => `${p.service} changed a moment ago (another order); review the new price and order again.`,
  },
  order_already_open: {
    title: 'An order is already open',
    detail: (p: { service: string }) =>
      `Another order for ${p.service} was placed a moment ago; look at your orders before placing this one again.`,
  },
  'order_already_open.other': {
    title: 'An order is already open',
    detail: (p: { order: string; type: string; service: string; addon: number }) =>
      `${p.order} (${p.type} of ${p.service}) is still open; wait for it to finish or cancel it before ordering another ` +
      `${p.addon ? 'add-on' : 'plan change'} for this service.`,
  },
  order_closed: {
    title: 'Nothing left to cancel',
    detail: (p: { order: string; state: string }) => `${p.order} is ${stateEn(p.state)}; there is nothing left to cancel.`,
  },
  order_in_fulfilment: {
    title: 'Already being carried out',
    detail: (p: { order: string; state: string }) =>
      `${p.order} is already being carried out (${stateEn(p.state)}), so it can no longer be cancelled. ` +
      'Ask your account manager to reverse the change once it is done.',
  },
  'invalid_state.attest': { title: 'Nothing to attest', detail: 'Only an order waiting for a device return takes a wipe attestation.' },
  already_attested: { title: 'Already attested', detail: (p: { who: string }) => `${p.who} attested the wipe already.` },
  no_device_return: { title: 'No device return', detail: 'This order returns no device, so it has no shipping label.' },
  'invalid_state.closed': {
    title: 'Order closed',
    detail: (p: { state: string }) => `The order is ${stateEn(p.state)}; open a ticket to continue the conversation.`,
  },
  'invalid_state.ship': {
    title: 'Nothing to ship',
    detail: (p: { order: string; state: string }) =>
      `${p.order} is ${stateEn(p.state)}; only an approved hardware refresh waits for its new device.`,
  },
  not_shipped: {
    title: 'No shipment entered',
    detail: 'Enter the carrier and tracking number of the new device before confirming its delivery.',
  },
  not_attested: {
    title: 'Wipe not attested',
    detail: 'The customer has not attested that the device was wiped; ask them to before accepting it.',
  },
  'invalid_state.recode': {
    title: 'Too late to correct',
    detail: (p: { state: string }) => `The order is ${stateEn(p.state)}; only orders in review can be corrected.`,
  },
  'invalid.same_type': { title: INVALID, detail: (p: { type: string }) => `The order is already coded as ${p.type}.` },
  'invalid.addon_type': { title: INVALID, detail: 'An order that changes the plan cannot be an add-on order.' },
  'invalid.plan_type': { title: INVALID, detail: 'An order without a plan change can only be an add-on order.' },
  'invalid.accept_reboot': {
    title: INVALID,
    detail: (p: { service: string }) =>
      `Moving ${p.service} to the new plan resizes the server, which restarts it. ` +
      'Confirm the restart (acceptReboot: true) and choose when (window: "now" or "tonight").',
  },
  resize_unsupported: {
    title: 'Resize not available',
    detail: (p: { service: string }) =>
      `${p.service} cannot be resized through the portal at this provider; ask your account manager to change the plan.`,
  },
  // Why fulfilment failed an order (stored with it, worded when it is read).
  'resize_unsupported.account': {
    title: 'Resize not available',
    detail: 'The portal cannot resize this account’s servers at the provider; ask your account manager to change the plan.',
  },
  'schedule_unsupported.host': { title: 'Protection not available', detail: 'No protection provider takes schedules on this host.' },
  'server_state_conflict.already': {
    title: 'Already done',
    detail: (p: { server: string; status: string }) => `${p.server} is already ${SERVER_STATUS_EN[p.status] ?? p.status}.`,
  },
  'order_failed.resize_unfinished': {
    title: 'Resize not finished',
    detail: (p: { status: string; flavor: string }) =>
      `The resize did not finish: the server is ${SERVER_STATUS_EN[p.status] ?? p.status} on ${p.flavor}.`,
  },
  'order_failed.server_gone': { title: 'Server gone', detail: 'The server is gone at the provider.' },
  'invalid.past_day': { title: INVALID, detail: (p: { day: string }) => `${p.day} is in the past; choose today or a later day.` },
  'invalid_state.schedule': {
    title: 'Cannot be scheduled',
    detail: (p: { order: string; state: string }) =>
      `${p.order} is ${stateEn(p.state)}; only an order in review or one waiting for its day can be scheduled.`,
  },
  already_delivered: {
    title: 'Already delivered',
    detail: (p: { order: string }) => `${p.order}'s device was confirmed delivered already.`,
  },
  conflict: { title: 'Changed meanwhile', detail: 'Someone changed this order at the same moment; reload it.' },
  invalid_state: {
    title: 'Not possible in this state',
    detail: (p: { from: string; to: string }) => `An order that is ${stateEn(p.from)} cannot become ${stateEn(p.to)}.`,
  },
  // Billing and payments ------------------------------------------------------------
  no_billing_account: { title: 'No billing account', detail: 'Billing is not set up for this customer yet.' },
  no_payment_gateway: { title: 'Payments unavailable', detail: 'No payment gateway is configured on this host.' },
  'not_found.gateway': {
    title: 'Not found',
    detail: (p: { gateway: string }) => `No payment gateway "${p.gateway}" is configured on this host.`,
  },
  idempotency_key_reused: {
    title: 'Idempotency key reused',
    detail: 'This Idempotency-Key was already used for a different request; use a new key for a new payment.',
  },
  'idempotency_key_reused.refund': {
    title: 'Idempotency key reused',
    detail: 'This Idempotency-Key was already used for a different request; use a new key for a new refund.',
  },
  request_in_progress: {
    title: 'Request in progress',
    detail: 'A request with this Idempotency-Key is still being processed; retry shortly.',
  },
  unknown_setup: { title: 'Invalid payment', detail: 'There is no such payment setup for this customer.' },
  setup_declined: {
    title: 'Payment method declined',
    detail: (p: { reason: string }) => `${p.reason} Nothing was saved; try another card or account.`,
  },
  setup_not_finished: {
    title: 'Setup not finished',
    detail: 'The payment method was not confirmed yet; finish the steps in the payment form first.',
  },
  method_in_use: {
    title: 'Payment method in use',
    detail: (p: { method: string }) =>
      `Autopay charges ${p.method}. Removing it turns autopay off: ` +
      'confirm to remove it anyway, or choose another method for autopay first.',
  },
  unknown_payment_method: { title: 'Invalid payment', detail: 'There is no such saved payment method.' },
  no_payment_method: { title: 'Invalid payment', detail: 'Add a card or bank account first.' },
  unknown_invoice: { title: 'Invalid payment', detail: (p: { id: string }) => `There is no invoice "${p.id}" for this account.` },
  invoice_not_payable: {
    title: 'Invoice not payable',
    detail: (p: { invoice: string; status: string }) => `Invoice ${p.invoice} is ${p.status === 'paid' ? 'already paid' : p.status}.`,
  },
  'invoice_not_payable.settled': {
    title: 'Invoice not payable',
    detail: (p: { invoice: string; amount: number; currency: string; on: string }) =>
      `Invoice ${p.invoice} is already paid (${formatMoney(p.amount, p.currency)} on ${p.on}); the billing system does not show it yet.`,
  },
  mixed_currency: { title: 'Invalid payment', detail: 'Invoices in different currencies are paid separately.' },
  invoice_payment_in_progress: {
    title: 'Payment being processed',
    detail: (p: { amount: number; currency: string; invoice: string }) =>
      `A payment of ${formatMoney(p.amount, p.currency)} for invoice ${p.invoice} is being processed; ` +
      'the invoice cannot be paid again until it is settled.',
  },
  payment_refunded: { title: 'Already refunded', detail: (p: { payment: string }) => `Payment ${p.payment} is already refunded in full.` },
  'payment_refunded.covered': {
    title: 'Already refunded',
    detail: (p: { payment: string; amount: number; currency: string }) =>
      `Refunds of payment ${p.payment} already cover its ${formatMoney(p.amount, p.currency)}.`,
  },
  payment_not_refundable: {
    title: 'Payment not refundable',
    detail: 'This payment is not settled yet; it can be refunded once it is recorded.',
  },
  'payment_not_refundable.failed': {
    title: 'Payment not refundable',
    detail: 'This payment failed; no money was taken, so there is nothing to refund.',
  },
  gateway_missing: { title: 'Payment gateway missing', detail: 'No payment gateway is configured on this host.' },
  'gateway_missing.other': {
    title: 'Payment gateway missing',
    detail: (p: { gateway: string }) => `The payment was made through "${p.gateway}", which is not configured on this host.`,
  },
  amount_too_large: {
    title: 'Refund too large',
    detail: (p: { amount: number; currency: string }) =>
      `At most ${formatMoney(p.amount, p.currency)} of this payment can still be refunded.`,
  },
  refund_refused: {
    title: 'Refund refused',
    detail: (p: { amount: number; currency: string; reason: string; notRefundable?: number }) =>
      `The refund of ${formatMoney(p.amount, p.currency)} was ` +
      `${p.notRefundable ? 'not refundable at the gateway' : 'refused by the gateway'}: ${p.reason}`,
  },
  card_data_refused: {
    title: 'Card data refused',
    detail:
      "Card and bank numbers are never sent to this host: enter them in the payment gateway's own fields " +
      "(POST /api/v1/payment-setups) and send the setup's id as gatewayToken.",
  },
  // Support ---------------------------------------------------------------------------
  no_support_account: { title: 'No support account', detail: 'Support is not set up for this customer yet.' },
  unknown_service: { title: 'Unknown service', detail: (p: { service: string }) => `There is no service "${p.service}" in this account.` },
  ticket_open: { title: 'Ticket is open', detail: (p: { ticket: string }) => `Ticket ${p.ticket} is still open; reply to it instead.` },
  reopen_period_over: {
    title: 'Too late to reopen',
    detail: (p: { ticket: string; days: number }) =>
      `Ticket ${p.ticket} was closed more than ${p.days} days ago; open a new ticket and mention ${p.ticket}.`,
  },
  ticket_closed: { title: 'Ticket closed', detail: (p: { ticket: string }) => `Ticket ${p.ticket} is already closed.` },
  'ticket_closed.reply': { title: 'Ticket closed', detail: 'This ticket is closed; open a new one and mention its number.' },
  no_files: { title: 'No files', detail: 'Send at least one file in the `file` field.' },
  too_many_files: {
    title: 'Too many files',
    detail: (p: { max: number; existing: number; sent: number }) =>
      `A message takes at most ${p.max} files; it has ${p.existing} and ${p.sent} were sent.`,
  },
  file_too_large: {
    title: 'File too large',
    detail: (p: { file: string; bytes: number; max: number }) => `"${p.file}" is ${p.bytes} bytes; files are limited to ${p.max} bytes.`,
  },
  file_type_not_allowed: {
    title: 'File type not allowed',
    detail: (p: { file: string; type: string; allowed: string }) =>
      `"${p.file}" is ${p.type || 'of no known type'}; allowed are ${p.allowed}.`,
  },
  empty_file: { title: 'Empty file', detail: (p: { file: string }) => `"${p.file}" is empty.` },
  attachments_unsupported: {
    title: 'Attachments not supported',
    detail: (p: { source: string }) => `The support system (${p.source}) does not keep files; describe the problem in the message instead.`,
  },
  'unsupported_media_type.multipart': {
    title: 'Unsupported media type',
    detail: 'Send the files as multipart/form-data, each in a `file` part.',
  },
  'payload_too_large.upload': {
    title: 'Upload too large',
    detail: (p: { maxFiles: number; maxBytes: number }) => `An upload holds at most ${p.maxFiles} files of ${p.maxBytes} bytes each.`,
  },
  // Protection ------------------------------------------------------------------------
  schedule_unsupported: {
    title: 'Not available',
    detail: (p: { provider: string }) => `${p.provider} does not take snapshot schedules through the portal.`,
  },
  'invalid.tier_is_plan': { title: INVALID, detail: (p: { item: string }) => `"${p.item}" is a plan; a protection tier is an add-on.` },
  'invalid.snapshot_rpo': { title: INVALID, detail: 'Snapshots must be taken at least as often as the recovery point objective.' },
  restore_running: {
    title: 'A test restore is running',
    detail: (p: { server: string }) => `A test restore of ${p.server} is still running; wait for its result.`,
  },
  'invalid.no_such_snapshot': {
    title: INVALID,
    detail: (p: { server: string; snapshot: string }) => `${p.server} has no snapshot "${p.snapshot}".`,
  },
  no_snapshot: { title: 'Nothing to restore', detail: (p: { server: string }) => `${p.server} has no good snapshot yet; take one first.` },
  'invalid.snapshot_unusable': { title: INVALID, detail: 'That snapshot is not usable (failed or not yet confirmed by the storage).' },
  no_protection_provider: {
    title: 'Protection is not available',
    detail: 'No protection provider is configured on this host; ask your provider.',
  },
  // Why a test restore failed, when the host says so (kept with the restore, read in each reader's language).
  'restore_failed.not_started': { title: RESTORE_FAILED, detail: 'The storage did not start the restore.' },
  'restore_failed.no_answer': {
    title: RESTORE_FAILED,
    detail: (p: { target: string }) =>
      `The storage did not answer when asked to start the restore; if it started it after all, its copy appears as ${p.target}.`,
  },
  'restore_failed.claim_lapsed': {
    title: RESTORE_FAILED,
    detail: 'The portal stopped before the storage started this restore; start it again.',
  },
  'restore_failed.unknown': { title: RESTORE_FAILED, detail: 'The provider no longer knows this restore.' },
  'restore_failed.timed_out': {
    title: RESTORE_FAILED,
    detail: (p: { minutes: number }) => `The restore did not finish within ${duration(p.minutes)}.`,
  },
  // PCI checklist ---------------------------------------------------------------------
  'invalid.pci_provider_item': {
    title: INVALID,
    detail: (p: { item: string }) =>
      `${p.item} is your provider's responsibility: the provider attests it, there is nothing for you to set.`,
  },
  'invalid.pci_reason_kept': {
    title: INVALID,
    detail: 'A reason is kept only for an item that does not apply; choose "not applicable" or leave the reason empty.',
  },
  'invalid.pci_reason_missing': { title: INVALID, detail: 'Say why this requirement does not apply to you; an assessor will ask.' },
  'invalid.pci_customer_item': {
    title: INVALID,
    detail: (p: { item: string }) =>
      `${p.item} is the customer's own responsibility; the provider attests only items it is responsible for or shares.`,
  },
  'invalid.pci_note_missing': {
    title: INVALID,
    detail: 'Say what the provider does for this item (for example which control covers it); the customer and their assessor read it.',
  },
  'forbidden.pci_change': {
    title: 'Forbidden',
    detail: 'Changing the checklist needs the "customer" role, which the embed token does not grant.',
  },
  'forbidden.pci_attest': {
    title: 'Forbidden',
    detail: 'Attesting the provider\'s part needs the provider\'s "staff" or "operator" role; customers cannot attest.',
  },
  'forbidden.pci_review': {
    title: 'Forbidden',
    detail: 'Reviewing the checklist needs the "customer" role, which the embed token does not grant.',
  },
  'invalid.pci_content': { title: 'Invalid content', detail: (p: { problem: string }) => p.problem },
  // Tenants, status, activity, calendar, usage, servers -----------------------------------
  unknown_tenant: {
    title: 'Unknown tenant',
    detail: (p: { tenant: string }) => `There is no tenant "${p.tenant}"; create it with PUT /api/v1/tenants/${p.tenant}.`,
  },
  'not_found.tenant': { title: 'Not found', detail: (p: { tenant: string }) => `No tenant "${p.tenant}".` },
  unknown_source: {
    title: (p: { kind: string }) => `Unknown ${p.kind} provider`,
    detail: (p: { kind: string; source: string; have: string }) =>
      `No ${p.kind} provider "${p.source}" is registered (have: ${p.have || 'none'}).`,
  },
  'unknown_source.status': {
    title: 'Unknown status source',
    detail: (p: { source: string; have: string }) => `No status provider "${p.source}" is registered (have: ${p.have || 'none'}).`,
  },
  'unknown_source.account': {
    title: 'Unknown provider',
    detail: (p: { source: string }) => `This tenant has no server account at "${p.source}".`,
  },
  source_required: { title: 'Provider needed', detail: (p: { sources: string }) => `Say which provider to use: ${p.sources}.` },
  no_compute_account: { title: 'No server account', detail: 'This tenant has no server account at a compute provider yet.' },
  'invalid.schedule_order': { title: 'Invalid attribute', detail: 'scheduledUntil must be after scheduledFor.' },
  no_writable_source: { title: 'No writable status source', detail: 'Enable the "local" plugin to post notices through the host.' },
  id_mismatch: { title: 'Id mismatch', detail: 'data.id must equal the id in the URL.' },
  read_only_source: {
    title: 'Read-only notice',
    detail: (p: { source: string }) => `Notices from "${p.source}" are managed in that system, not through the host.`,
  },
  'invalid.kind': {
    title: 'Unknown kind',
    detail: (p: { kind: string; kinds: string }) => `filter[kind]: "${p.kind}" is not one of ${p.kinds}.`,
  },
  'invalid.activity_range': { title: 'Invalid range', detail: 'filter[to] must be after filter[from].' },
  'invalid.time': {
    title: 'Invalid time',
    detail: (p: { parameter: string; value: string }) => `${p.parameter}: "${p.value}" is not an ISO 8601 date or instant.`,
  },
  'invalid.time_zone': {
    title: 'Unknown time zone',
    detail: (p: { zone: string }) => `"${p.zone}" is not an IANA time zone such as Europe/Berlin.`,
  },
  'invalid.calendar_range': { title: 'Invalid range', detail: 'end must be 1 to 62 days after start.' },
  'invalid.usage_range': { title: 'Invalid range', detail: 'end must be after start.' },
  'invalid.addon_flavors': { title: INVALID, detail: 'Only plans map to a provider flavor.' },
  'invalid.not_in_catalog': { title: INVALID, detail: (p: { id: string }) => `"${p.id}" is not in the catalog.` },
  payment_declined: { title: 'Payment declined', detail: (p: { reason: string }) => p.reason },
  // A charge the gateway declined, by its decline code; `method` is the method's label ("Visa •••• 4242").
  'payment_declined.card_declined': {
    title: 'Payment declined',
    detail: (p: { method: string }) => `Your ${p.method} was declined. Try another payment method or contact your bank.`,
  },
  'payment_declined.insufficient_funds': {
    title: 'Payment declined',
    detail: (p: { method: string }) => `Your ${p.method} has insufficient funds. Try another payment method.`,
  },
  'payment_declined.expired_card': {
    title: 'Payment declined',
    detail: (p: { method: string }) => `Your ${p.method} has expired. Add a new card.`,
  },
  'payment_declined.authentication_required': {
    title: 'Payment declined',
    detail: (p: { method: string }) => `Your bank asks you to confirm this payment (${p.method}); pay the invoice yourself to confirm it.`,
  },
  'payment_declined.authentication_failed': {
    title: 'Payment declined',
    detail: (p: { method: string }) =>
      `Your bank did not confirm this payment (${p.method}); nothing was charged. Try again or use another payment method.`,
  },
  // The host ended a payment it could not finish (its request died before the charge; the gateway has no charge for it).
  'payment_declined.not_charged': {
    title: 'Payment declined',
    detail: (p: { method: string }) => `The payment did not go through (${p.method}); nothing was charged. Try again.`,
  },
  /** Another decline code: the gateway's own words (`reason`) as it wrote them. */
  'payment_declined.gateway': { title: 'Payment declined', detail: (p: { reason: string; method: string }) => `${p.reason} (${p.method})` },
  'payment_declined.unknown': {
    title: 'Payment declined',
    detail: (p: { method: string }) => `The payment did not go through (${p.method}).`,
  },
} satisfies Record<string, Entry | { title: (p: never) => string; detail?: Entry['detail'] }>;

/** A key of the catalogue: the error's code, or `code.variant`. */
export type ErrorMessageKey = keyof typeof en;

type ParamsOfField<F> = F extends (p: infer P) => string ? P : unknown;
/** The parameters a key's texts take (`{}` when none). */
export type ParamsOf<K extends ErrorMessageKey> = ParamsOfField<(typeof en)[K]['title']> &
  ParamsOfField<(typeof en)[K] extends { detail: infer D } ? D : undefined>;

type Localised<E> = { [F in keyof E]: E[F] extends (p: infer P) => string ? (p: P) => string : string };

const de: { [K in ErrorMessageKey]: Localised<(typeof en)[K]> } = {
  not_found: { title: 'Nicht gefunden', detail: (p) => `${NOUNS[p.what]} ${quoteDe(p.id)} gibt es für diesen Kunden nicht.` },
  'not_found.none': { title: 'Nicht gefunden', detail: (p) => `${NOUNS[p.what]} gibt es nicht.` },
  'not_found.route': { title: 'Nicht gefunden', detail: (p) => `Die Route ${p.method} ${p.path} gibt es nicht.` },
  forbidden: {
    title: 'Nicht erlaubt',
    detail: (p) => `Dafür ist die Rolle ${quoteDe(p.roles)} nötig, die das Einbettungstoken nicht gewährt.`,
  },
  provider_error: { title: (p) => `Der Anbieter ${p.provider} konnte nicht antworten`, detail: (p) => p.detail },
  provider_missing: {
    title: (p) => `Der ${PROVIDER_NOUNS[p.kind]} ${p.source} ist nicht eingerichtet`,
    detail: (p) => `Auf diesem Host ist kein ${PROVIDER_NOUNS[p.kind]} ${quoteDe(p.source)} registriert.`,
  },
  provider_failed: {
    title: (p) => `Der Anbieter ${p.provider} konnte nicht antworten`,
    detail: (p) => `Beim Anbieter ${p.provider} ist ein unerwarteter Fehler aufgetreten.`,
  },
  'provider_unavailable.paused': {
    title: (p) => `Der Anbieter ${p.provider} konnte nicht antworten`,
    detail: (p) =>
      `${p.name} ist wiederholt ausgefallen, deshalb pausiert das Portal seine Anfragen; es versucht es in ${p.seconds} s erneut.`,
  },
  provider_unreachable: {
    title: (p) => `Der Anbieter ${p.provider} konnte nicht antworten`,
    detail: (p) => `${p.name} ist nicht erreichbar.`,
  },
  'provider_unreachable.timeout': {
    title: (p) => `Der Anbieter ${p.provider} konnte nicht antworten`,
    detail: (p) => `${p.name} hat nicht innerhalb von ${p.seconds} s geantwortet.`,
  },
  'provider_unreachable.tls': {
    title: (p) => `Der Anbieter ${p.provider} konnte nicht antworten`,
    detail: (p) =>
      `Dem TLS-Zertifikat von ${p.name} wird nicht vertraut (${p.problem}); ist es von einer privaten CA signiert, geben Sie dem Plugin die Datei dieser CA.`,
  },
  provider_busy: {
    title: (p) => `Der Anbieter ${p.provider} konnte nicht antworten`,
    detail: (p) => `${p.name} ist mit anderen Anfragen beschäftigt; versuchen Sie es in ein paar Sekunden erneut.`,
  },
  'provider_busy.account': {
    title: (p) => `Der Anbieter ${p.provider} konnte nicht antworten`,
    detail: (p) => `${p.name} ist mit anderen Anfragen dieses Kontos beschäftigt; versuchen Sie es gleich noch einmal.`,
  },
  'provider_customer.service': {
    title: (p) => (SERVICE_DE[p.service] ?? SERVICE_DE.other!)[0],
    detail: (p) => subject(SERVICE_DE, { name: '', service: p.service }),
  },
  'provider_customer.not_found': {
    title: 'Nicht gefunden',
    detail: (p) => `${subject(SERVICE_DE, p)} kennt das nicht (mehr); laden Sie neu, um den aktuellen Stand zu sehen.`,
  },
  'provider_customer.conflict': {
    title: 'Gerade nicht möglich',
    detail: (p) =>
      `${subject(SERVICE_DE, p)} kann das gerade nicht ausführen: Der Vorgang läuft schon, oder der Zustand erlaubt ihn nicht. Versuchen Sie es gleich noch einmal.`,
  },
  'provider_customer.invalid': {
    title: 'Nicht angenommen',
    detail: (p) => `${subject(SERVICE_DE, p)} hat die Anfrage nicht angenommen. Prüfen Sie Ihre Eingaben. ${referenceDe(p)}`,
  },
  'provider_customer.quota': {
    title: 'Kontingent erreicht',
    detail: (p) =>
      `${subject(SERVICE_DE, p)} hat abgelehnt: das Kontingent Ihres Kontos erlaubt es nicht. Bitten Sie Ihren Account Manager, es zu erhöhen.`,
  },
  'provider_customer.unavailable': {
    title: 'Vorübergehend nicht verfügbar',
    detail: (p) => `${subject(SERVICE_DE, p)} ist gerade nicht erreichbar; versuchen Sie es in ein paar Minuten erneut.`,
  },
  'provider_customer.order': {
    title: 'Bestellung nicht ausgeführt',
    detail: (p) =>
      `${subject(SERVICE_DE, p)} konnte diese Bestellung nicht ausführen, deshalb wurde nichts berechnet. Der Support findet sie unter der Bestellnummer ${p.reference}.`,
  },
  'provider_customer.failed': {
    title: 'Nicht ausgeführt',
    detail: (p) => `${subject(SERVICE_DE, p)} konnte die Anfrage nicht ausführen. ${referenceDe(p)}`,
  },
  internal_error: { title: 'Interner Fehler', detail: 'Bei uns ist etwas schiefgegangen; der Fehler wurde protokolliert.' },
  method_not_allowed: { title: 'Methode nicht erlaubt', detail: (p) => `${p.method} ist hier nicht erlaubt; verwenden Sie ${p.allowed}.` },
  'invalid.attribute': { title: 'Ungültiges Attribut', detail: (p) => `${p.field}: ${p.problem}` },
  'invalid.parameter': { title: 'Ungültiger Parameter', detail: (p) => `${p.field}: ${p.problem}` },
  control_characters: {
    title: 'Steuerzeichen',
    detail: (p) => `${p.where} enthält ein Steuerzeichen (etwa ein NUL-Byte); entfernen Sie es und senden Sie erneut.`,
  },
  invalid_encoding: { title: 'Ungültige Kodierung', detail: 'Der Anfragepfad ist kein gültiges prozentkodiertes UTF-8.' },
  'invalid_encoding.body': { title: 'Ungültige Kodierung', detail: 'Der Anfragetext ist kein gültiges UTF-8.' },
  unsupported_media_type: { title: 'Nicht unterstützter Medientyp', detail: 'Senden Sie den Anfragetext als application/vnd.api+json.' },
  malformed_json: { title: 'Fehlerhaftes JSON', detail: (p) => `Der Anfragetext ist kein gültiges JSON: ${p.problem}` },
  'malformed_json.webhook': { title: 'Fehlerhaftes JSON', detail: 'Der Webhook-Inhalt muss JSON sein.' },
  too_deep: { title: 'Zu tief verschachtelt', detail: (p) => `JSON, das tiefer als ${p.depth} Ebenen verschachtelt ist, wird abgelehnt.` },
  forbidden_key: {
    title: 'Unzulässiger Schlüssel',
    detail: (p) => `Der Schlüssel ${quoteDe(p.key)} ist in einem Anfragetext nicht erlaubt.`,
  },
  payload_too_large: { title: 'Anfragetext zu groß', detail: (p) => `Anfragetexte dürfen höchstens ${p.bytes} Bytes groß sein.` },
  unauthorized: { title: 'Nicht angemeldet', detail: 'Senden Sie „Authorization: Bearer <Token>“.' },
  'unauthorized.embed': {
    title: 'Nicht angemeldet',
    detail: 'Ein Einbettungstoken ist nötig: senden Sie „Authorization: Bearer <Token>“.',
  },
  'unauthorized.admin': {
    title: 'Nicht angemeldet',
    detail: 'Diese Route braucht den Admin-Schlüssel als „Authorization: Bearer <Admin-Schlüssel>“.',
  },
  token_invalid: { title: 'Ungültiges Einbettungstoken', detail: 'Das Einbettungstoken ist fehlerhaft oder seine Signatur stimmt nicht.' },
  'token_invalid.tenant': { title: 'Ungültiges Einbettungstoken', detail: 'Das Token nennt einen Kunden, den es nicht mehr gibt.' },
  token_expired: { title: 'Einbettungstoken abgelaufen', detail: 'Das Einbettungstoken ist abgelaufen; erzeugen Sie ein neues.' },
  origin_not_allowed: {
    title: 'Herkunft nicht erlaubt',
    detail: (p) => `Die Herkunft ${p.origin} ist für den Kunden ${quoteDe(p.tenant)} nicht registriert.`,
  },
  too_many_failed_logins: {
    title: 'Zu viele Fehlversuche',
    detail: (p) => `Zu viele falsche Schlüssel oder Tokens von dieser Adresse; versuchen Sie es in ${p.seconds} Sekunden erneut.`,
  },
  rate_limited: {
    title: 'Zu viele Änderungen',
    detail: (p) => `Diese Sitzung hat in kurzer Zeit zu viele Änderungen vorgenommen; versuchen Sie es in ${p.seconds} Sekunden erneut.`,
  },
  too_many_streams: {
    title: 'Zu viele offene Datenströme',
    detail: 'Dieses Konto hat zu viele offene Ereignisströme; schließen Sie einige Portal-Tabs und versuchen Sie es erneut.',
  },
  'too_many_streams.session': {
    title: 'Zu viele offene Datenströme',
    detail: 'Diese Sitzung hat zu viele offene Ereignisströme; schließen Sie andere Tabs dieser Seite und versuchen Sie es erneut.',
  },
  'invalid.last_event_id': {
    title: 'Ungültiger Parameter',
    detail: 'Last-Event-ID: senden Sie die ID des zuletzt empfangenen Ereignisses unverändert.',
  },
  kit_not_built: { title: 'Kit nicht gebaut', detail: 'Das Element-Bundle fehlt: führen Sie „npm run build“ aus.' },
  'not_found.bundle': { title: 'Nicht gefunden', detail: (p) => `Das Element-Bundle ${p.path} gibt es nicht.` },
  plan_unknown: {
    title: 'Tarif nicht im Katalog',
    detail: (p) => `Der Tarif ${quoteDe(p.plan)} dieses Dienstes ist nicht mehr im Katalog; fragen Sie Ihre Kundenbetreuung.`,
  },
  'invalid.not_an_addon': { title: INVALID_DE, detail: (p) => `${quoteDe(p.id)} ist keine Zusatzoption im Katalog.` },
  'invalid.addon_owned': { title: INVALID_DE, detail: (p) => `Dieser Dienst hat ${quoteDe(p.addon)} bereits.` },
  'invalid.addon_elsewhere': { title: INVALID_DE, detail: (p) => `${quoteDe(p.addon)} ist für ${p.plan} nicht erhältlich.` },
  'invalid.currency': {
    title: INVALID_DE,
    detail: (p) => `${quoteDe(p.item)} kostet in ${p.currency}, dieser Dienst in ${p.serviceCurrency}.`,
  },
  'invalid.addon_group': {
    title: INVALID_DE,
    detail: (p) => `${quoteDe(p.owned)} und ${quoteDe(p.addon)} schließen einander aus (eines davon je Dienst); wählen Sie eines.`,
  },
  'invalid.no_addon': { title: INVALID_DE, detail: 'Wählen Sie mindestens eine Zusatzoption.' },
  'invalid.addon_with_plan': {
    title: INVALID_DE,
    detail: 'Eine Bestellung von Zusatzoptionen ändert den Tarif nicht; wählen Sie dafür ein Upgrade oder Downgrade.',
  },
  'invalid.no_plan': { title: INVALID_DE, detail: 'Wählen Sie den neuen Tarif.' },
  'invalid.not_a_plan': { title: INVALID_DE, detail: (p) => `${quoteDe(p.id)} ist kein Tarif im Katalog.` },
  'invalid.other_product': {
    title: INVALID_DE,
    detail: (p) =>
      `${quoteDe(p.plan)} gehört zu einem anderen Produkt als ${p.current}; fragen Sie Ihre Kundenbetreuung nach einem Produktwechsel.`,
  },
  'invalid.same_plan': { title: INVALID_DE, detail: (p) => `Dieser Dienst hat bereits ${p.plan}.` },
  'invalid.renewal_keeps_plan': {
    title: INVALID_DE,
    detail: 'Eine Verlängerung behält den Tarif; wählen Sie ein Upgrade oder Downgrade, um ihn zu ändern.',
  },
  'invalid.refresh_hardware': { title: INVALID_DE, detail: 'Nur Hardware-Tarife können erneuert werden.' },
  'invalid.refresh_same': {
    title: INVALID_DE,
    detail: (p) => `Dieses Gerät ist bereits ein ${p.plan}; eine Erneuerung wechselt zu einem anderen Modell der Reihe.`,
  },
  'invalid.refresh_older': {
    title: INVALID_DE,
    detail: (p) => `${p.plan} ist älter als ${p.current}; eine Erneuerung wechselt zur selben oder einer neueren Generation.`,
  },
  'invalid.refresh_newest': {
    title: INVALID_DE,
    detail: (p) => `Es gibt kein neueres Modell als ${p.current}; fragen Sie Ihre Kundenbetreuung.`,
  },
  plan_changed: {
    title: 'Der Tarif hat sich geändert',
    detail: (p) => `${p.service} wurde gerade geändert (eine andere Bestellung); prüfen Sie den neuen Preis und bestellen Sie erneut.`,
  },
  order_already_open: {
    title: 'Eine Bestellung ist bereits offen',
    detail: (p) =>
      `Gerade wurde eine andere Bestellung für ${p.service} aufgegeben; sehen Sie in Ihre Bestellungen, bevor Sie erneut bestellen.`,
  },
  'order_already_open.other': {
    title: 'Eine Bestellung ist bereits offen',
    detail: (p) =>
      `${p.order} (${ORDER_TYPE_DE[p.type] ?? p.type} von ${p.service}) ist noch offen; ` +
      'warten Sie, bis sie abgeschlossen ist, oder stornieren Sie sie, ' +
      `bevor Sie ${p.addon ? 'eine weitere Zusatzoption' : 'eine weitere Tarifänderung'} für diesen Dienst bestellen.`,
  },
  order_closed: {
    title: 'Nichts mehr zu stornieren',
    detail: (p) => `${p.order} ist ${stateDe(p.state)}; es gibt nichts mehr zu stornieren.`,
  },
  order_in_fulfilment: {
    title: 'Wird bereits ausgeführt',
    detail: (p) =>
      `${p.order} wird bereits ausgeführt (${stateDe(p.state)}) und kann nicht mehr storniert werden. ` +
      'Bitten Sie Ihre Kundenbetreuung, die Änderung danach rückgängig zu machen.',
  },
  'invalid_state.attest': {
    title: 'Nichts zu bestätigen',
    detail: 'Nur eine Bestellung, die auf eine Geräterückgabe wartet, nimmt eine Löschbestätigung an.',
  },
  already_attested: { title: 'Bereits bestätigt', detail: (p) => `${p.who} hat die Löschung bereits bestätigt.` },
  no_device_return: {
    title: 'Keine Geräterückgabe',
    detail: 'Bei dieser Bestellung wird kein Gerät zurückgegeben, daher gibt es kein Versandetikett.',
  },
  'invalid_state.closed': {
    title: 'Bestellung abgeschlossen',
    detail: (p) => `Die Bestellung ist ${stateDe(p.state)}; eröffnen Sie ein Ticket, um das Gespräch fortzusetzen.`,
  },
  'invalid_state.ship': {
    title: 'Nichts zu versenden',
    detail: (p) => `${p.order} ist ${stateDe(p.state)}; nur eine genehmigte Hardware-Erneuerung wartet auf ihr neues Gerät.`,
  },
  not_shipped: {
    title: 'Kein Versand eingetragen',
    detail: 'Tragen Sie Versanddienst und Sendungsnummer des neuen Geräts ein, bevor Sie die Lieferung bestätigen.',
  },
  not_attested: {
    title: 'Löschung nicht bestätigt',
    detail: 'Der Kunde hat die Löschung des Geräts nicht bestätigt; bitten Sie ihn darum, bevor Sie es annehmen.',
  },
  'invalid_state.recode': {
    title: 'Zu spät für eine Korrektur',
    detail: (p) => `Die Bestellung ist ${stateDe(p.state)}; nur Bestellungen in Prüfung können korrigiert werden.`,
  },
  'invalid.same_type': {
    title: INVALID_DE,
    detail: (p) => `Die Bestellung ist bereits als ${ORDER_TYPE_DE[p.type] ?? p.type} eingeordnet.`,
  },
  'invalid.addon_type': { title: INVALID_DE, detail: 'Eine Bestellung, die den Tarif ändert, kann keine Zusatzoptionsbestellung sein.' },
  'invalid.plan_type': { title: INVALID_DE, detail: 'Eine Bestellung ohne Tarifänderung kann nur eine Zusatzoptionsbestellung sein.' },
  'invalid.accept_reboot': {
    title: INVALID_DE,
    detail: (p) =>
      `Der Wechsel von ${p.service} auf den neuen Tarif ändert die Servergröße, wodurch der Server neu startet. ` +
      'Bestätigen Sie den Neustart (acceptReboot: true) und wählen Sie den Zeitpunkt (window: "now" oder "tonight").',
  },
  resize_unsupported: {
    title: 'Größenänderung nicht möglich',
    detail: (p) =>
      `${p.service} kann bei diesem Anbieter nicht über das Portal vergrößert werden; ` +
      'bitten Sie Ihre Kundenbetreuung, den Tarif zu ändern.',
  },
  'resize_unsupported.account': {
    title: 'Größenänderung nicht möglich',
    detail: 'Das Portal kann die Server dieses Kontos beim Anbieter nicht ändern; bitten Sie Ihre Kundenbetreuung, den Tarif zu ändern.',
  },
  'schedule_unsupported.host': {
    title: 'Schutz nicht möglich',
    detail: 'Auf diesem Host nimmt kein Schutzanbieter Zeitpläne für Snapshots an.',
  },
  'server_state_conflict.already': {
    title: 'Bereits erledigt',
    detail: (p) => `${p.server} ist bereits ${SERVER_STATUS_DE[p.status] ?? p.status}.`,
  },
  'order_failed.resize_unfinished': {
    title: 'Größenänderung nicht abgeschlossen',
    detail: (p) =>
      `Die Größenänderung wurde nicht abgeschlossen: Der Server ist ${SERVER_STATUS_DE[p.status] ?? p.status} mit ${p.flavor}.`,
  },
  'order_failed.server_gone': { title: 'Server nicht mehr vorhanden', detail: 'Der Server ist beim Anbieter nicht mehr vorhanden.' },
  'invalid.past_day': {
    title: INVALID_DE,
    detail: (p) => `${p.day} liegt in der Vergangenheit; wählen Sie heute oder einen späteren Tag.`,
  },
  'invalid_state.schedule': {
    title: 'Kann nicht eingeplant werden',
    detail: (p) =>
      `${p.order} ist ${stateDe(p.state)}; nur eine Bestellung in Prüfung oder eine, die auf ihren Tag wartet, kann eingeplant werden.`,
  },
  already_delivered: { title: 'Bereits geliefert', detail: (p) => `Die Lieferung des Geräts von ${p.order} wurde bereits bestätigt.` },
  conflict: { title: 'Zwischenzeitlich geändert', detail: 'Jemand hat diese Bestellung im selben Moment geändert; laden Sie sie neu.' },
  invalid_state: {
    title: 'In diesem Zustand nicht möglich',
    detail: (p) => `Eine Bestellung, die ${stateDe(p.from)} ist, kann nicht ${stateDe(p.to)} werden.`,
  },
  no_billing_account: { title: 'Kein Abrechnungskonto', detail: 'Die Abrechnung ist für diesen Kunden noch nicht eingerichtet.' },
  no_payment_gateway: { title: 'Zahlungen nicht verfügbar', detail: 'Auf diesem Host ist kein Zahlungsanbieter eingerichtet.' },
  'not_found.gateway': {
    title: 'Nicht gefunden',
    detail: (p) => `Der Zahlungsanbieter ${quoteDe(p.gateway)} ist auf diesem Host nicht eingerichtet.`,
  },
  idempotency_key_reused: {
    title: 'Idempotency-Key wiederverwendet',
    detail: 'Dieser Idempotency-Key wurde bereits für eine andere Anfrage verwendet; nehmen Sie für eine neue Zahlung einen neuen.',
  },
  'idempotency_key_reused.refund': {
    title: 'Idempotency-Key wiederverwendet',
    detail: 'Dieser Idempotency-Key wurde bereits für eine andere Anfrage verwendet; nehmen Sie für eine neue Erstattung einen neuen.',
  },
  request_in_progress: {
    title: 'Anfrage in Bearbeitung',
    detail: 'Eine Anfrage mit diesem Idempotency-Key wird noch bearbeitet; versuchen Sie es gleich noch einmal.',
  },
  unknown_setup: { title: 'Ungültige Zahlung', detail: 'Diese Zahlungseinrichtung gibt es für diesen Kunden nicht.' },
  setup_declined: {
    title: 'Zahlungsmethode abgelehnt',
    detail: (p) => `${p.reason} Es wurde nichts gespeichert; versuchen Sie eine andere Karte oder ein anderes Konto.`,
  },
  setup_not_finished: {
    title: 'Einrichtung nicht abgeschlossen',
    detail: 'Die Zahlungsmethode ist noch nicht bestätigt; schließen Sie zuerst die Schritte im Zahlungsformular ab.',
  },
  method_in_use: {
    title: 'Zahlungsmethode in Verwendung',
    detail: (p) =>
      `Die automatische Zahlung belastet ${p.method}. Wenn Sie sie entfernen, wird die automatische Zahlung abgeschaltet: ` +
      'bestätigen Sie das Entfernen, oder wählen Sie zuerst eine andere Methode für die automatische Zahlung.',
  },
  unknown_payment_method: { title: 'Ungültige Zahlung', detail: 'Diese gespeicherte Zahlungsmethode gibt es nicht.' },
  no_payment_method: { title: 'Ungültige Zahlung', detail: 'Fügen Sie zuerst eine Karte oder ein Bankkonto hinzu.' },
  unknown_invoice: { title: 'Ungültige Zahlung', detail: (p) => `Die Rechnung ${quoteDe(p.id)} gibt es für dieses Konto nicht.` },
  invoice_not_payable: {
    title: 'Rechnung nicht zahlbar',
    detail: (p) => `Die Rechnung ${p.invoice} ist ${p.status === 'paid' ? 'bereits bezahlt' : (INVOICE_STATUS_DE[p.status] ?? p.status)}.`,
  },
  'invoice_not_payable.settled': {
    title: 'Rechnung nicht zahlbar',
    detail: (p) =>
      `Die Rechnung ${p.invoice} ist bereits bezahlt (${formatMoney(p.amount, p.currency, 'de')} am ${p.on}); ` +
      'das Abrechnungssystem zeigt es noch nicht an.',
  },
  mixed_currency: { title: 'Ungültige Zahlung', detail: 'Rechnungen in verschiedenen Währungen werden getrennt bezahlt.' },
  invoice_payment_in_progress: {
    title: 'Zahlung in Bearbeitung',
    detail: (p) =>
      `Eine Zahlung über ${formatMoney(p.amount, p.currency, 'de')} für die Rechnung ${p.invoice} wird bearbeitet; ` +
      'die Rechnung kann erst wieder bezahlt werden, wenn sie abgeschlossen ist.',
  },
  payment_refunded: { title: 'Bereits erstattet', detail: (p) => `Die Zahlung ${p.payment} ist bereits vollständig erstattet.` },
  'payment_refunded.covered': {
    title: 'Bereits erstattet',
    detail: (p) => `Erstattungen der Zahlung ${p.payment} decken bereits ihre ${formatMoney(p.amount, p.currency, 'de')}.`,
  },
  payment_not_refundable: {
    title: 'Zahlung nicht erstattbar',
    detail: 'Diese Zahlung ist noch nicht abgeschlossen; sie kann erstattet werden, sobald sie verbucht ist.',
  },
  'payment_not_refundable.failed': {
    title: 'Zahlung nicht erstattbar',
    detail: 'Diese Zahlung ist fehlgeschlagen; es wurde kein Geld eingezogen, also gibt es nichts zu erstatten.',
  },
  gateway_missing: { title: 'Zahlungsanbieter fehlt', detail: 'Auf diesem Host ist kein Zahlungsanbieter eingerichtet.' },
  'gateway_missing.other': {
    title: 'Zahlungsanbieter fehlt',
    detail: (p) => `Die Zahlung lief über ${quoteDe(p.gateway)}, der auf diesem Host nicht eingerichtet ist.`,
  },
  amount_too_large: {
    title: 'Erstattung zu hoch',
    detail: (p) => `Von dieser Zahlung können höchstens noch ${formatMoney(p.amount, p.currency, 'de')} erstattet werden.`,
  },
  refund_refused: {
    title: 'Erstattung abgelehnt',
    detail: (p) =>
      `Die Erstattung über ${formatMoney(p.amount, p.currency, 'de')} wurde ` +
      `${p.notRefundable ? 'vom Zahlungsanbieter als nicht erstattbar abgewiesen' : 'vom Zahlungsanbieter abgelehnt'}: ${p.reason}`,
  },
  card_data_refused: {
    title: 'Kartendaten abgelehnt',
    detail:
      'Karten- und Kontonummern werden nie an diesen Host gesendet: geben Sie sie in den Feldern des Zahlungsanbieters ein ' +
      '(POST /api/v1/payment-setups) und senden Sie die ID der Einrichtung als gatewayToken.',
  },
  no_support_account: { title: 'Kein Supportkonto', detail: 'Der Support ist für diesen Kunden noch nicht eingerichtet.' },
  unknown_service: { title: 'Unbekannter Dienst', detail: (p) => `Den Dienst ${quoteDe(p.service)} gibt es in diesem Konto nicht.` },
  ticket_open: { title: 'Ticket ist offen', detail: (p) => `Das Ticket ${p.ticket} ist noch offen; antworten Sie stattdessen darauf.` },
  reopen_period_over: {
    title: 'Zu spät zum Wiedereröffnen',
    detail: (p) =>
      `Das Ticket ${p.ticket} wurde vor mehr als ${p.days} Tagen geschlossen; eröffnen Sie ein neues Ticket und nennen Sie ${p.ticket}.`,
  },
  ticket_closed: { title: 'Ticket geschlossen', detail: (p) => `Das Ticket ${p.ticket} ist bereits geschlossen.` },
  'ticket_closed.reply': {
    title: 'Ticket geschlossen',
    detail: 'Dieses Ticket ist geschlossen; eröffnen Sie ein neues und nennen Sie seine Nummer.',
  },
  no_files: { title: 'Keine Dateien', detail: 'Senden Sie mindestens eine Datei im Feld `file`.' },
  too_many_files: {
    title: 'Zu viele Dateien',
    detail: (p) => `Eine Nachricht nimmt höchstens ${p.max} Dateien auf; sie hat ${p.existing}, gesendet wurden ${p.sent}.`,
  },
  file_too_large: {
    title: 'Datei zu groß',
    detail: (p) => `„${p.file}“ ist ${p.bytes} Bytes groß; Dateien dürfen höchstens ${p.max} Bytes groß sein.`,
  },
  file_type_not_allowed: {
    title: 'Dateityp nicht erlaubt',
    detail: (p) => `„${p.file}“ ist ${p.type || 'von unbekanntem Typ'}; erlaubt sind ${p.allowed}.`,
  },
  empty_file: { title: 'Leere Datei', detail: (p) => `„${p.file}“ ist leer.` },
  attachments_unsupported: {
    title: 'Anhänge nicht unterstützt',
    detail: (p) => `Das Supportsystem (${p.source}) speichert keine Dateien; beschreiben Sie das Problem stattdessen in der Nachricht.`,
  },
  'unsupported_media_type.multipart': {
    title: 'Nicht unterstützter Medientyp',
    detail: 'Senden Sie die Dateien als multipart/form-data, jede in einem Teil `file`.',
  },
  'payload_too_large.upload': {
    title: 'Upload zu groß',
    detail: (p) => `Ein Upload umfasst höchstens ${p.maxFiles} Dateien zu je ${p.maxBytes} Bytes.`,
  },
  schedule_unsupported: { title: 'Nicht verfügbar', detail: (p) => `${p.provider} nimmt keine Snapshot-Zeitpläne über das Portal an.` },
  'invalid.tier_is_plan': { title: INVALID_DE, detail: (p) => `${quoteDe(p.item)} ist ein Tarif; eine Schutzstufe ist eine Zusatzoption.` },
  'invalid.snapshot_rpo': {
    title: INVALID_DE,
    detail: 'Snapshots müssen mindestens so oft entstehen, wie das Wiederherstellungsziel (RPO) verlangt.',
  },
  restore_running: {
    title: 'Eine Testwiederherstellung läuft',
    detail: (p) => `Eine Testwiederherstellung von ${p.server} läuft noch; warten Sie ihr Ergebnis ab.`,
  },
  'invalid.no_such_snapshot': { title: INVALID_DE, detail: (p) => `${p.server} hat keinen Snapshot ${quoteDe(p.snapshot)}.` },
  no_snapshot: {
    title: 'Nichts wiederherzustellen',
    detail: (p) => `${p.server} hat noch keinen guten Snapshot; erstellen Sie zuerst einen.`,
  },
  'invalid.snapshot_unusable': {
    title: INVALID_DE,
    detail: 'Dieser Snapshot ist nicht verwendbar (fehlgeschlagen oder vom Speicher noch nicht bestätigt).',
  },
  no_protection_provider: {
    title: 'Datensicherung nicht verfügbar',
    detail: 'Auf diesem Host ist kein Anbieter für Datensicherung eingerichtet; fragen Sie Ihren Anbieter.',
  },
  'restore_failed.not_started': { title: RESTORE_FAILED_DE, detail: 'Der Speicher hat die Wiederherstellung nicht gestartet.' },
  'restore_failed.no_answer': {
    title: RESTORE_FAILED_DE,
    detail: (p) =>
      `Der Speicher hat auf den Start der Wiederherstellung nicht geantwortet; falls er sie doch gestartet hat, erscheint die Kopie als ${p.target}.`,
  },
  'restore_failed.claim_lapsed': {
    title: RESTORE_FAILED_DE,
    detail: 'Das Portal wurde beendet, bevor der Speicher diese Wiederherstellung gestartet hat; starten Sie sie erneut.',
  },
  'restore_failed.unknown': { title: RESTORE_FAILED_DE, detail: 'Der Anbieter kennt diese Wiederherstellung nicht mehr.' },
  'restore_failed.timed_out': {
    title: RESTORE_FAILED_DE,
    detail: (p) => `Die Wiederherstellung wurde nicht innerhalb von ${duration(p.minutes)} abgeschlossen.`,
  },
  'invalid.pci_provider_item': {
    title: INVALID_DE,
    detail: (p) => `${p.item} liegt in der Verantwortung Ihres Anbieters: er bestätigt den Punkt, Sie müssen nichts festlegen.`,
  },
  'invalid.pci_reason_kept': {
    title: INVALID_DE,
    detail:
      'Eine Begründung wird nur für einen nicht zutreffenden Punkt gespeichert; ' +
      'wählen Sie „nicht zutreffend“ oder lassen Sie sie leer.',
  },
  'invalid.pci_reason_missing': {
    title: INVALID_DE,
    detail: 'Begründen Sie, warum diese Anforderung für Sie nicht zutrifft; ein Prüfer wird danach fragen.',
  },
  'invalid.pci_customer_item': {
    title: INVALID_DE,
    detail: (p) =>
      `${p.item} liegt in der Verantwortung des Kunden; der Anbieter bestätigt nur Punkte, die er verantwortet oder mitverantwortet.`,
  },
  'invalid.pci_note_missing': {
    title: INVALID_DE,
    detail: 'Beschreiben Sie, was der Anbieter für diesen Punkt tut (etwa welche Maßnahme ihn abdeckt); Kunde und Prüfer lesen es.',
  },
  'forbidden.pci_change': {
    title: 'Nicht erlaubt',
    detail: 'Die Checkliste zu ändern erfordert die Rolle „customer“, die das Einbettungstoken nicht gewährt.',
  },
  'forbidden.pci_attest': {
    title: 'Nicht erlaubt',
    detail: 'Den Teil des Anbieters bestätigen nur dessen Rollen „staff“ oder „operator“; Kunden können nicht bestätigen.',
  },
  'forbidden.pci_review': {
    title: 'Nicht erlaubt',
    detail: 'Die Checkliste zu prüfen erfordert die Rolle „customer“, die das Einbettungstoken nicht gewährt.',
  },
  'invalid.pci_content': { title: 'Ungültiger Inhalt', detail: (p) => p.problem },
  unknown_tenant: {
    title: 'Unbekannter Kunde',
    detail: (p) => `Den Kunden ${quoteDe(p.tenant)} gibt es nicht; legen Sie ihn mit PUT /api/v1/tenants/${p.tenant} an.`,
  },
  'not_found.tenant': { title: 'Nicht gefunden', detail: (p) => `Den Kunden ${quoteDe(p.tenant)} gibt es nicht.` },
  unknown_source: {
    title: (p) => `Unbekannter Anbieter (${PROVIDER_KIND_DE[p.kind] ?? p.kind})`,
    detail: (p) =>
      `Kein Anbieter ${quoteDe(p.source)} für ${PROVIDER_KIND_DE[p.kind] ?? p.kind} ist registriert (vorhanden: ${p.have || 'keiner'}).`,
  },
  'unknown_source.status': {
    title: 'Unbekannte Statusquelle',
    detail: (p) => `Kein Statusanbieter ${quoteDe(p.source)} ist registriert (vorhanden: ${p.have || 'keiner'}).`,
  },
  'unknown_source.account': { title: 'Unbekannter Anbieter', detail: (p) => `Dieser Kunde hat kein Serverkonto bei ${quoteDe(p.source)}.` },
  source_required: {
    title: 'Anbieter nötig',
    detail: (p) => `Geben Sie an, welcher Anbieter gemeint ist: ${p.sources.replaceAll(' or ', ' oder ')}.`,
  },
  no_compute_account: { title: 'Kein Serverkonto', detail: 'Dieser Kunde hat noch kein Serverkonto bei einem Serveranbieter.' },
  'invalid.schedule_order': { title: 'Ungültiges Attribut', detail: 'scheduledUntil muss nach scheduledFor liegen.' },
  no_writable_source: {
    title: 'Keine beschreibbare Statusquelle',
    detail: 'Aktivieren Sie das Plugin „local“, um Hinweise über den Host zu veröffentlichen.',
  },
  id_mismatch: { title: 'ID stimmt nicht überein', detail: 'data.id muss der ID in der URL entsprechen.' },
  read_only_source: {
    title: 'Schreibgeschützter Hinweis',
    detail: (p) => `Hinweise aus ${quoteDe(p.source)} werden in jenem System gepflegt, nicht über den Host.`,
  },
  'invalid.kind': { title: 'Unbekannte Art', detail: (p) => `filter[kind]: ${quoteDe(p.kind)} ist keiner von ${p.kinds}.` },
  'invalid.activity_range': { title: 'Ungültiger Zeitraum', detail: 'filter[to] muss nach filter[from] liegen.' },
  'invalid.time': {
    title: 'Ungültige Zeit',
    detail: (p) => `${p.parameter}: ${quoteDe(p.value)} ist kein Datum und kein Zeitpunkt nach ISO 8601.`,
  },
  'invalid.time_zone': { title: 'Unbekannte Zeitzone', detail: (p) => `${quoteDe(p.zone)} ist keine IANA-Zeitzone wie Europe/Berlin.` },
  'invalid.calendar_range': { title: 'Ungültiger Zeitraum', detail: 'end muss 1 bis 62 Tage nach start liegen.' },
  'invalid.usage_range': { title: 'Ungültiger Zeitraum', detail: 'end muss nach start liegen.' },
  'invalid.addon_flavors': { title: INVALID_DE, detail: 'Nur Tarife werden einer Servergröße des Anbieters zugeordnet.' },
  'invalid.not_in_catalog': { title: INVALID_DE, detail: (p) => `${quoteDe(p.id)} ist nicht im Katalog.` },
  payment_declined: { title: 'Zahlung abgelehnt', detail: (p) => p.reason },
  'payment_declined.card_declined': {
    title: 'Zahlung abgelehnt',
    detail: (p) => `Ihre ${p.method} wurde abgelehnt. Versuchen Sie eine andere Zahlungsart oder wenden Sie sich an Ihre Bank.`,
  },
  'payment_declined.insufficient_funds': {
    title: 'Zahlung abgelehnt',
    detail: (p) => `Ihre ${p.method} ist nicht ausreichend gedeckt. Versuchen Sie eine andere Zahlungsart.`,
  },
  'payment_declined.expired_card': {
    title: 'Zahlung abgelehnt',
    detail: (p) => `Ihre ${p.method} ist abgelaufen. Fügen Sie eine neue Karte hinzu.`,
  },
  'payment_declined.authentication_required': {
    title: 'Zahlung abgelehnt',
    detail: (p) => `Ihre Bank möchte diese Zahlung (${p.method}) bestätigen; bezahlen Sie die Rechnung selbst, um sie zu bestätigen.`,
  },
  'payment_declined.authentication_failed': {
    title: 'Zahlung abgelehnt',
    detail: (p) =>
      `Ihre Bank hat diese Zahlung (${p.method}) nicht bestätigt; es wurde nichts abgebucht. Versuchen Sie es erneut oder verwenden Sie eine andere Zahlungsart.`,
  },
  'payment_declined.not_charged': {
    title: 'Zahlung abgelehnt',
    detail: (p) => `Die Zahlung ist nicht durchgegangen (${p.method}); es wurde nichts abgebucht. Versuchen Sie es erneut.`,
  },
  'payment_declined.gateway': { title: 'Zahlung abgelehnt', detail: (p) => `${p.reason} (${p.method})` },
  'payment_declined.unknown': { title: 'Zahlung abgelehnt', detail: (p) => `Die Zahlung ist nicht durchgegangen (${p.method}).` },
};

/** The languages the host words its errors in, the default (`en`) first. */
export const ERROR_LANGUAGES = ['en', 'de'] as const;
export type ErrorLanguage = (typeof ERROR_LANGUAGES)[number];

const CATALOGUES: Record<ErrorLanguage, Record<string, Entry | { title: (p: never) => string; detail?: Entry['detail'] }>> = { en, de };

/** The catalogue for testing: every language's keys. */
export const errorCatalogues = CATALOGUES as Readonly<Record<ErrorLanguage, Readonly<Record<string, unknown>>>>;

/** One of the host's error texts: a catalogue key, its parameters and the code the client sees. */
export interface ErrorMessage {
  readonly key: ErrorMessageKey;
  readonly params: TextParams;
  readonly code: string;
}

/**
 * An error text from the catalogue. The code is the key up to its first dot unless given
 * (a provider's own code under the host's `provider_error` words).
 */
export function errorMessage<K extends ErrorMessageKey>(
  key: K,
  ...[params, code]: Record<string, never> extends ParamsOf<K>
    ? [params?: ParamsOf<K>, code?: string]
    : [params: ParamsOf<K>, code?: string]
): ErrorMessage {
  return { key, params: (params ?? {}) as TextParams, code: code ?? key.split('.')[0]! };
}

const word = (text: string | ((p: never) => string) | undefined, params: TextParams): string | undefined =>
  typeof text === 'function' ? (text as (p: TextParams) => string)(params) : text;

/** The title and detail of `message` in `language` (English for a language the host has no texts in). */
export function errorText(message: ErrorMessage, language: string): { title: string; detail?: string } {
  const entry = (CATALOGUES[language as ErrorLanguage] ?? en)[message.key] ?? en[message.key];
  const detail = word(entry.detail, message.params);
  return { title: word(entry.title, message.params)!, ...(detail ? { detail } : {}) };
}

/** Of the reader's languages (most wanted first), the first the host words errors in. */
export function errorLanguage(languages: readonly string[]): ErrorLanguage {
  return (languages.find((l) => (ERROR_LANGUAGES as readonly string[]).includes(l)) as ErrorLanguage | undefined) ?? 'en';
}

/** The title and detail of `message` in the language of the request being answered (for error bodies a route builds itself). */
export const readerErrorText = (message: ErrorMessage) => errorText(message, errorLanguage(readerLanguages()));

/**
 * A catalogue message the host kept (`{ key, params, code }`, say in a JSON column) in the
 * reader's language; `undefined` for anything else, e.g. a key this version no longer has.
 */
export function catalogueWords(message: unknown): string | undefined {
  const m = message as Partial<ErrorMessage> | null | undefined;
  if (!m || typeof m.key !== 'string' || !Object.hasOwn(errorCatalogues.en, m.key)) return undefined;
  const text = readerErrorText({ key: m.key, params: m.params ?? {}, code: m.code ?? '' });
  return text.detail ?? text.title;
}

/**
 * `catalogueWords` of a catalogue message kept as JSON text in a column (an order's
 * `failure_message`, a restore's `host_message`); `undefined` when there is none.
 */
export const storedCatalogueWords = (stored: string | null | undefined): string | undefined =>
  catalogueWords(readJson<unknown>(stored, null));
