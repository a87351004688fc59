import { registerMessages } from '../core/localize.js';

/** English messages of `gp-order-status`; other languages load when a page first needs them. */
export const en = {
  /** A load that failed, and the system it comes from, as the error state names them. */
  ordersFailed: 'Orders could not be loaded',
  ordersTitle: 'Your orders',
  noOrders: 'No orders yet. Plan changes you order appear here with each step.',
  orderHeading: (n: string, type: string, service: string) => `${n}: ${type}, ${service}`,
  placedOn: (when: string, who: string) => `Placed ${when} by ${who}`,
  progress: 'Progress',
  yourTurn: 'What you need to do',
  attestIntro: 'Before you send the device back, erase its disks and confirm it here. We accept the device only with this confirmation.',
  attestCheck: 'I confirm that all data on this device was erased.',
  attestStatement: 'How was it erased? (optional)',
  attestSend: 'Confirm erasure',
  attestNeedsRole: 'Confirming needs the technical or billing role.',
  attested: (who: string, when: string) => `Erasure confirmed by ${who} on ${when}.`,
  shipIntro: 'Pack the device, attach the label and hand it to the carrier.',
  downloadLabel: 'Download the return label (PDF)',
  tracking: (carrier: string, number: string) => `${carrier}, tracking number ${number}`,
  received: (when: string) => `We received the device on ${when}.`,
  deliveryPreparing: (model: string) =>
    `Your new ${model} is being prepared for shipping. Your contract stays on the current device until it arrives.`,
  deliveryShipped: (model: string, carrier: string, number: string) =>
    `Your new ${model} is on its way: ${carrier}, tracking number ${number}. Your contract moves to it when it arrives.`,
  deliveryDone: (model: string, when: string) => `Your new ${model} was delivered on ${when}.`,
  fromManager: 'From your account manager',
  cancelOrder: 'Cancel order',
  cancelled: 'The order was cancelled.',
  questionsTitle: 'Your questions to the account manager',
  answered: 'Answered',
  waitingAnswer: 'Waiting for an answer',
  mustConfirm: 'Tick the box to confirm.',
};

type OrderStatusMessages = typeof en;
declare module '../core/localize.js' {
  interface Messages extends OrderStatusMessages {}
}

registerMessages(en, { de: () => import('./messages.de.js').then((m) => m.de) });
