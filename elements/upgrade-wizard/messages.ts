import { registerMessages } from '../core/localize.js';

/** English messages of `gp-upgrade-wizard`; other languages load when a page first needs them. */
export const en = {
  /** A load that failed, and the system it comes from, as the error state names them. */
  orderFailed: 'The order could not be placed',
  askFailed: 'Your question could not be sent',
  servicesFailed: 'Your services could not be loaded',
  plansFailed: 'Plans could not be loaded',
  quoteFailed: 'The price could not be calculated',
  wizardTitle: 'Change your plan',
  steps: { type: 'What', service: 'Service', plan: 'Plan', review: 'Review', done: 'Done' } as Record<string, string>,
  stepOf: (n: number, total: number, name: string) => `Step ${n} of ${total}: ${name}`,
  typeWhen: {
    upgrade: 'Your service runs at its limits: more CPU, memory, disk or bandwidth.',
    downgrade: 'You pay for more than you use: a smaller plan that still fits.',
    renewal: 'Your contract ends soon: keep the plan for another term.',
    refresh: 'Your dedicated hardware is ageing: a new device, the old one comes back to us.',
    addon: 'Something beside the plan: backups, addresses, protection.',
  } as Record<string, string>,
  chooseType: 'What would you like to do?',
  chooseService: 'Which service?',
  noServices: 'No service of yours can take this kind of order. Ask your account manager.',
  renewsOn: (date: string) => `Renews on ${date}`,
  currentPlan: 'Your plan today',
  choosePlan: 'Choose the new plan',
  chooseAddons: 'Choose add-ons',
  noOptions: 'There is no plan to move to from here. Ask your account manager.',
  perMonth: (amount: string) => `${amount} / month`,
  capacityRow: { cpu: 'vCPU', memory: 'Memory', disk: 'Disk', bandwidth: 'Bandwidth' } as Record<string, string>,
  price: 'Price',
  yourPeak: 'Your 30-day peak would use',
  fits: 'Fits your usage',
  tooSmall: 'Too small for your peak',
  recommended: 'Recommended',
  comparison: 'Plans compared with your usage',
  reviewTitle: 'Review your order',
  dueNow: (date: string) => `Due now, prorated to ${date}`,
  creditNow: (date: string) => `Credit until ${date}`,
  monthlyChange: 'Change per month',
  effectiveOn: (date: string) => `Takes effect on ${date}`,
  needsReview: 'Your account manager confirms this order before it takes effect.',
  note: 'Note for us (optional)',
  placeOrder: 'Place order',
  effectiveTitle: 'When the smaller plan starts',
  effectivePeriodEnd: (date: string) =>
    `At the end of the paid period, on ${date}: nothing is credited, you keep the current plan until then.`,
  effectiveNow: (credit: string) => `Now: ${credit} for the unused part is credited on your next invoice.`,
  oneOfGroup: 'One of these at a time: choosing it replaces the other.',
  addonSwapped: (chosen: string, dropped: string) => `${chosen} chosen; ${dropped} unticked (only one of them at a time).`,
  termTotal: (months: number, from: string, to: string) => `${months} months, ${from} – ${to}`,
  cancelPlaced: 'Cancel this order',
  placedCancelled: (n: string) => `Order ${n} was cancelled.`,
  cancelFailed: 'The order could not be cancelled',
  refreshSameModel: (model: string) =>
    `A refresh moves to another model of the line, so your current ${model} is not offered again. The contract moves to the new device when it has been delivered.`,
  rebootTitle: 'The server restarts for this change',
  rebootAccept: 'I agree that the server restarts (a few minutes offline).',
  rebootWhen: 'When',
  rebootNow: 'Now',
  rebootTonight: 'Tonight at 02:00',
  rebootNeeded: 'Agree to the restart to place the order.',
  placing: 'Placing…',
  needsBillingRole: 'Placing orders needs the billing role. Ask your account manager, or a colleague who has it.',
  orderPlaced: (n: string) => `Order ${n} was placed.`,
  next: 'Next',
  previous: 'Back',
  startOver: 'Start another order',
  askManager: 'Ask my account manager',
  askTitle: 'Ask your account manager',
  askNote: 'What would you like to know?',
  askSend: 'Send question',
  askSent: 'Your account manager has your question and everything you chose so far.',
  askWhat: (summary: string) => `Sent with: ${summary}`,
  chooseOne: 'Choose one to continue.',
};

type UpgradeWizardMessages = typeof en;
declare module '../core/localize.js' {
  interface Messages extends UpgradeWizardMessages {}
}

registerMessages(en, { de: () => import('./messages.de.js').then((m) => m.de) });
