import { cardBrand } from '@glasspane/host';
import type { AchDetails, CardDetails, ChargeInput, ChargeResult, PaymentGateway, TokenizedMethod } from '@glasspane/host';

/**
 * A payment gateway for tests and the demo, with the test numbers gateways publish:
 * cards ending 4242 succeed, 0002 are declined, 9995 lack funds; ACH accounts ending
 * 1116 succeed, 2227 bounce as closed. It keeps nothing but a token.
 */
export class TestPaymentGateway implements PaymentGateway {
  readonly id = 'test';
  readonly #charges = new Map<string, ChargeResult>();

  async tokenize(details: CardDetails | AchDetails): Promise<TokenizedMethod> {
    const digits = details.kind === 'card' ? details.number : details.accountNumber;
    const last4 = digits.slice(-4);
    const outcome =
      details.kind === 'card'
        ? (({ '0002': 'card_declined', '9995': 'insufficient_funds' } as Record<string, string>)[last4] ?? 'ok')
        : last4 === '2227'
          ? 'account_closed'
          : 'ok';
    // The outcome travels in the token, so saved methods behave the same after a restart.
    const token = `tok_test_${outcome}_${crypto.randomUUID().replaceAll('-', '')}`;
    return {
      token,
      brand: details.kind === 'card' ? cardBrand(details.number) : 'ach',
      last4,
      expMonth: details.kind === 'card' ? details.expMonth : null,
      expYear: details.kind === 'card' ? details.expYear : null,
    };
  }

  async charge(input: ChargeInput): Promise<ChargeResult> {
    const previous = this.#charges.get(input.idempotencyKey);
    if (previous) return previous;
    const outcome = /^tok_test_([a-z_]+)_[0-9a-f]{32}$/.exec(input.token)?.[1] ?? 'token_unknown';
    const id = `ch_${crypto.randomUUID().replaceAll('-', '').slice(0, 16)}`;
    const MESSAGES: Record<string, string> = {
      card_declined: 'The card was declined by the issuing bank.',
      insufficient_funds: 'The card has insufficient funds.',
      account_closed: 'The bank account is closed.',
      token_unknown: 'The payment method is no longer valid; add it again.',
    };
    const result: ChargeResult =
      outcome === 'ok' ? { status: 'succeeded', id } : { status: 'declined', id, code: outcome, message: MESSAGES[outcome] ?? 'Declined.' };
    this.#charges.set(input.idempotencyKey, result);
    return result;
  }
}
