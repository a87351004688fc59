import type { InjectionToken } from 'tsyringe';

export interface CardDetails {
  kind: 'card';
  /** Digits only, already Luhn-checked by the host. */
  number: string;
  expMonth: number;
  expYear: number;
  cvc: string;
  holderName: string;
}

export interface AchDetails {
  kind: 'ach';
  /** Nine digits, ABA-checked by the host. */
  routingNumber: string;
  accountNumber: string;
  accountType: 'checking' | 'savings';
  holderName: string;
}

/** What the host keeps of a payment method: never the number itself. */
export interface TokenizedMethod {
  token: string;
  brand: string;
  last4: string;
  expMonth: number | null;
  expYear: number | null;
}

export interface ChargeInput {
  token: string;
  /** Minor units. */
  amount: number;
  currency: string;
  /** The same key never charges twice. */
  idempotencyKey: string;
  description: string;
}

export type ChargeResult =
  | { status: 'succeeded'; id: string }
  /** `code`: card_declined, insufficient_funds, expired_card, account_closed, … */
  | { status: 'declined'; id: string; code: string; message: string };

/**
 * Card and bank charges. The gateway holds the sensitive numbers and gives the host a
 * token; the host never stores or logs a card or account number.
 */
export interface PaymentGateway {
  readonly id: string;
  tokenize(details: CardDetails | AchDetails, signal?: AbortSignal): Promise<TokenizedMethod>;
  charge(input: ChargeInput, signal?: AbortSignal): Promise<ChargeResult>;
}

export const PaymentGatewayToken: InjectionToken<PaymentGateway> = Symbol.for('glasspane.PaymentGateway');
