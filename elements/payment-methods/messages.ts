import { registerMessages } from '../core/localize.js';

/**
 * English messages of `gp-payment-methods`; other languages load when a page first needs
 * them. `provider` is the creditor's name, null when the page did not give one. The mandate texts follow what the networks require: SEPA
 * Direct Debit's
 * authorisation of the creditor and the debtor's bank with the 8-week refund right, and
 * an ACH debit authorisation that says how much, when, and how to revoke it.
 */
export const en = {
  pmTitle: 'Payment methods',
  methodsFailed: 'Your payment methods could not be loaded',
  pmNone: 'No saved cards or bank accounts yet.',
  pmKind: { card: 'Card', ach: 'US bank account', sepa: 'SEPA bank account' } as Record<string, string>,
  pmExpires: (date: string) => `Expires ${date}`,
  pmExpired: (date: string) => `Expired ${date}`,
  pmDefault: 'Default',
  pmAutopayBadge: 'Autopay',
  pmMakeDefault: 'Make default',
  pmMakeDefaultLabel: (label: string) => `Make default: ${label}`,
  pmRemove: 'Remove',
  pmRemoveLabel: (label: string) => `Remove: ${label}`,
  pmRemoveAutopayAsk: (label: string) =>
    `Automatic payment charges ${label}. Removing it turns automatic payment off; invoices are then paid only when you pay them.`,
  pmRemoveAutopayConfirm: 'Remove and turn off automatic payment',
  pmCancel: 'Cancel',
  pmRemoved: (label: string) => `${label} removed.`,
  pmDefaultSet: (label: string) => `${label} is now the default.`,
  pmAdd: 'Add a card or bank account',
  pmAddTitle: 'New card or bank account',
  pmAddConsent: (provider: string | null) =>
    `Saved with ${provider ?? 'your provider'} for your invoices. Card and bank numbers go to the payment service only; you can remove the method here at any time.`,
  pmMakeDefaultNew: 'Make it the default',
  pmSave: 'Save',
  pmSaving: 'Saving…',
  pmAdded: (label: string) => `${label} saved.`,
  pmLoadingFields: 'Loading the secure payment form…',
  pmDeclined: 'The card or account was declined. Nothing was saved; try another one.',
  pmNeedsBilling: 'Managing payment methods needs the billing role. Ask the person who manages billing for your account.',
  pmAutopay: 'Automatic payment',
  pmAutopayOn: (label: string) => `On: ${label} is charged for each invoice on its due date.`,
  pmAutopayOff: 'Off. Invoices are paid when you pay them.',
  pmNext: (date: string, amount: string) => `Next charge: ${amount} on ${date}.`,
  pmNothingDue: 'Nothing is due now; each new invoice is charged on its due date.',
  pmAutopayMethod: 'Charge',
  pmTurnOn: 'Turn on…',
  pmSwitch: 'Use this method…',
  pmTurnOff: 'Turn off',
  pmNeedsMethod: 'Save a card or bank account first; automatic payment charges a saved method.',
  pmConsentTitle: 'Confirm automatic payment',
  pmConsentCard: (provider: string | null, label: string) =>
    `You allow ${provider ?? 'your provider'} to charge ${label} for each invoice on its due date, for the invoice's amount, until you turn automatic payment off here.`,
  pmConsentWhen: (date: string, amount: string) => `The first charge: ${amount} on ${date}.`,
  pmConsentNothingDue: 'Nothing is due now; the first charge is the next invoice, on its due date.',
  pmMandateSepa: (provider: string | null, label: string) =>
    `By confirming, you authorise (A) ${provider ?? 'your provider'} to send instructions to your bank to debit your account ${label} by SEPA Direct Debit and (B) your bank to debit your account in accordance with those instructions. ` +
    'As part of your rights, you are entitled to a refund from your bank under the terms and conditions of your agreement with your bank. A refund must be claimed within 8 weeks starting from the date on which your account was debited. ' +
    'Your rights are explained in a statement that you can obtain from your bank.',
  pmMandateAch: (provider: string | null, label: string) =>
    `By confirming, you authorise ${provider ?? 'your provider'} to debit the bank account ${label} electronically (ACH) for the amount of each invoice on or after its due date. ` +
    `This authorisation stays in effect until you revoke it. You can revoke it at any time by turning automatic payment off or removing the account here, or by contacting ${provider ?? 'your provider'}; ` +
    'revoking takes effect for debits not yet initiated. If a debit is returned, your bank may charge a fee.',
  pmConfirm: 'Confirm automatic payment',
  pmConfirmMandate: 'I authorise these debits',
  pmAutopayEnabled: 'Automatic payment is on.',
  pmAutopayDisabled: 'Automatic payment is off.',
};

type PaymentMethodsMessages = typeof en;
declare module '../core/localize.js' {
  interface Messages extends PaymentMethodsMessages {}
}

registerMessages(en, { de: () => import('./messages.de.js').then((m) => m.de) });
