import { registerMessages } from '../core/localize.js';

/** English messages of `gp-order-review`; other languages load when a page first needs them. */
export const en = {
  /** A load that failed, and the system it comes from, as the error state names them. */
  queueFailed: 'The review queue could not be loaded',
  queueTitle: (customer: string) => `To review for ${customer}`,
  nothingToReview: 'Nothing waits for you on this account.',
  requestedAs: (type: string) => `Ordered as: ${type}`,
  codedAs: (type: string) => `Coded as: ${type}`,
  customerNote: 'Customer’s note',
  servicePlan: (plan: string, price: string, renews: string) => `Today: ${plan}, ${price} per month, renews ${renews}`,
  line: 'Line',
  code: 'Revenue code',
  /** Revenue codes in words; finance's code stays in the badge's title. */
  revenueCodes: {
    expansion: 'Expansion',
    contraction: 'Contraction',
    renewal: 'Renewal',
    refresh: 'Refresh',
    'add-on': 'Add-on',
  } as Record<string, string>,
  /** The change a line makes to the monthly recurring revenue. */
  mrr: 'Monthly change',
  dueNowCol: 'Due now',
  why: 'Why it waits',
  reasonForStaff: {
    type_mismatch: 'The change does not match the kind of order the customer chose.',
    contraction: 'It lowers the monthly revenue.',
    hardware: 'It ships hardware and takes a device back.',
    large_amount: 'The amount is above the self-serve limit.',
  } as Record<string, string>,
  messageLabel: 'Message to the customer',
  cancelOrderStaff: 'Cancel order',
  deliveryTitle: (model: string) => `New device: ${model}`,
  carrier: 'Carrier',
  trackingNumber: 'Tracking number',
  saveShipment: 'Save shipment',
  markDelivered: 'Delivered: move the contract',
  deliverNeedsShipment: 'Enter the carrier and tracking number first.',
  needShipment: 'Enter both the carrier and the tracking number.',
  mrrChange: (before: string, after: string, delta: string) => `Monthly revenue: ${before} → ${after} (${delta})`,
  runsResize: (flavor: string, source: string) => `Runs at ${source}: resize to flavor ${flavor} (the server restarts).`,
  runsProtect: (tier: string, source: string) => `Runs at ${source}: snapshot schedule of tier ${tier}.`,
  scheduledFor: (when: string) => `Takes effect ${when}`,
  scheduleLabel: 'Effective on',
  schedule: 'Schedule',
  needDay: 'Choose the day first.',
  approve: 'Approve',
  reject: 'Decline',
  answer: 'Send answer',
  recodeLabel: 'Correct the type',
  recode: 'Correct',
  deviceReceived: 'Device received',
  notAttested: 'The customer has not confirmed the erasure yet.',
  complete: 'Complete',
  needMessage: 'Write the message first.',
  questionFrom: (who: string, step: string) => `Question from ${who} at the ${step} step`,
  chosen: (summary: string) => `Chosen so far: ${summary}`,
  done: (number: string, state: string) => `${number}: ${state}.`,
  answeredQuestion: 'Answer sent.',
  waitingReturn: (carrier: string, number: string) => `Waiting for the device: ${carrier} ${number}`,
};

type OrderReviewMessages = typeof en;
declare module '../core/localize.js' {
  interface Messages extends OrderReviewMessages {}
}

registerMessages(en, { de: () => import('./messages.de.js').then((m) => m.de) });
