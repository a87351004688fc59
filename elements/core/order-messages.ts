import { registerMessages } from './localize.js';

/** Words the order elements share: kinds of change, order states, why an order waits for review. */
export const en = {
  orderSystem: 'The order system',
  cancelLabel: (n: string) => `Cancel ${n}?`,
  cancelAsk: (n: string, type: string, service: string) => `Cancel ${n} (${type} of ${service})? The change will not be made.`,
  cancelNotCharged: (amount: string) => `The ${amount} it would have cost is not charged.`,
  cancelNoCredit: (amount: string) => `The credit of ${amount} it would have given is not given.`,
  cancelNothingCharged: 'Nothing has been charged for this order yet, so there is nothing to refund.',
  cancelConfirm: 'Yes, cancel the order',
  cancelKeep: 'Keep the order',
  orderType: { upgrade: 'Upgrade', downgrade: 'Downgrade', renewal: 'Renewal', refresh: 'Hardware refresh', addon: 'Add-on' } as Record<
    string,
    string
  >,
  orderState: {
    submitted: 'Submitted',
    in_review: 'With your account manager',
    approved: 'Approved',
    provisioning: 'Being set up',
    awaiting_delivery: 'New device on its way',
    awaiting_device_return: 'Waiting for the device to come back',
    device_received: 'Device received',
    completed: 'Completed',
    cancelled: 'Cancelled',
    rejected: 'Declined',
  } as Record<string, string>,
  reviewReason: {
    type_mismatch: 'The change does not match the kind of order you chose.',
    contraction: 'It lowers what you pay.',
    hardware: 'It ships hardware.',
    large_amount: 'The amount is large.',
  } as Record<string, string>,
};

type OrderMessages = typeof en;
declare module './localize.js' {
  interface Messages extends OrderMessages {}
}

registerMessages(en, { de: () => import('./order-messages.de.js').then((m) => m.de) });
