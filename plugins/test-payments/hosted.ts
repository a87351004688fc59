import { createHmac, timingSafeEqual } from 'node:crypto';
import { closeSync, existsSync, openSync, readFileSync, renameSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { ApiError, ProviderError, cardBrand } from '@glasspane/host';
import type {
  ChargeOutcome,
  ChargeRequest,
  GatewayCustomer,
  GatewayEvent,
  HostedMethodKind,
  HostedPaymentGateway,
  HostedSetup,
  RefundOutcome,
  RefundRequest,
  SavedMethod,
  SetupOutcome,
} from '@glasspane/host';

/** One charge the test gateway made: its ledger is the world the tests assert on. */
export interface LedgerCharge {
  id: string;
  idempotencyKey: string;
  customerId: string;
  methodId: string;
  amount: number;
  currency: string;
  status: ChargeOutcome['status'];
  code?: string;
  message?: string;
  metadata: Record<string, string>;
  refunded: number;
  /** For the browser's 3-D Secure challenge (`requires_action`). */
  clientSecret?: string;
}

/** One refund the test gateway made, once per idempotency key. */
export interface LedgerRefund {
  id: string;
  idempotencyKey: string;
  paymentId: string;
  amount: number;
  reason: string | null;
}

interface Setup {
  id: string;
  customerId: string;
  clientSecret: string;
  /** requires_payment_method until the fields page confirms it. */
  status: 'requires_payment_method' | 'succeeded' | 'failed';
  method?: SavedMethod & { chargeOutcome: string };
  failure?: { code: string; message: string };
}

interface World {
  charges: LedgerCharge[];
  setups: Setup[];
  methods: (SavedMethod & { customerId: string; chargeOutcome: string; detached?: boolean })[];
  /** Absent in ledger files written before refunds were kept. */
  refunds?: LedgerRefund[];
}

export interface TestHostedGatewayOptions {
  /**
   * A JSON file holding the ledger (charges, setups, methods), so it outlives a host process
   * (the crash test reads it as the world). In memory when unset.
   */
  ledgerFile?: string;
  /** Signs test webhooks (`Test-Signature: hex HMAC-SHA256 of the raw body`). */
  webhookSecret?: string;
  /** Where the host serves the test fields (`/payments/test/fields.js`). */
  scriptUrl?: string;
}

const MESSAGES: Record<string, string> = {
  card_declined: 'Your card was declined.',
  insufficient_funds: 'Your card has insufficient funds.',
  account_closed: 'The bank account is closed.',
};

/**
 * The test numbers, as the gateway's own fields would take them: cards ending 4242 succeed,
 * 0002 and 9995 are declined at setup (never saved), 0341 saves but every charge is declined,
 * 3184 asks for 3-D Secure on every charge (the fields script shows the challenge);
 * US bank accounts ending 6789 settle, 1116 bounce (charges stay `processing` until `settle`).
 */
function outcomeOf(kind: HostedMethodKind, number: string): { setup: 'ok' | string; charge: string } {
  const last4 = number.slice(-4);
  if (kind === 'card') {
    if (last4 === '0002') return { setup: 'card_declined', charge: 'card_declined' };
    if (last4 === '9995') return { setup: 'insufficient_funds', charge: 'insufficient_funds' };
    if (last4 === '0341') return { setup: 'ok', charge: 'card_declined' };
    // Stripe's 4000 0027 6000 3184: every charge asks for 3-D Secure (off-session: declined).
    if (last4 === '3184') return { setup: 'ok', charge: 'authenticate' };
    return { setup: 'ok', charge: 'ok' };
  }
  return { setup: 'ok', charge: last4 === '1116' ? 'processing_fail' : 'processing_ok' };
}

const rid = (prefix: string) => `${prefix}_${crypto.randomUUID().replaceAll('-', '').slice(0, 20)}`;

/**
 * Takes a lock file (created exclusively), waiting up to ten seconds; a lock older than that
 * was left by a killed process (the crash tests SIGKILL hosts) and is taken over.
 */
function acquireLock(path: string): void {
  const deadline = Date.now() + 10_000;
  const pause = new Int32Array(new SharedArrayBuffer(4));
  for (;;) {
    try {
      closeSync(openSync(path, 'wx'));
      return;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
    try {
      if (Date.now() - statSync(path).mtimeMs > 10_000) unlinkSync(path);
    } catch {
      // Released meanwhile: try again.
    }
    if (Date.now() > deadline) throw new Error(`The test gateway's ledger stayed locked (${path}).`);
    // The holder needs well under a millisecond; a short blocking wait keeps the step synchronous.
    Atomics.wait(pause, 0, 0, 1);
  }
}

/**
 * A HostedPaymentGateway for tests and the demo, with the same flow as Stripe: the browser
 * types the card into the gateway's own fields (served by the host at `/payments/test/…`, not
 * under the API), the host only ever sees setup ids, method ids, brand, last four and expiry.
 * It keeps a ledger of every charge (`charges()`), optionally in a file.
 */
export class TestHostedGateway implements HostedPaymentGateway {
  readonly id = 'test';
  #world: World = { charges: [], setups: [], methods: [] };
  /** Test hooks: fail the next charge or refund after it was made (the answer is lost), or hang forever after a charge. */
  loseNextAnswer = false;
  hangAfterCharge = false;
  events: GatewayEvent[] = [];

  constructor(private readonly options: TestHostedGatewayOptions = {}) {
    this.#load();
  }

  #load(): void {
    if (this.options.ledgerFile && existsSync(this.options.ledgerFile))
      this.#world = JSON.parse(readFileSync(this.options.ledgerFile, 'utf8')) as World;
  }

  #save(): void {
    if (!this.options.ledgerFile) return;
    const tmp = `${this.options.ledgerFile}.${process.pid}.tmp`;
    writeFileSync(tmp, JSON.stringify(this.#world));
    renameSync(tmp, this.options.ledgerFile);
  }

  /**
   * Reads the ledger, changes it and writes it back as one step, also across processes
   * sharing the file (several host processes on one gateway, as the scale-out tests run it):
   * without the lock file, two processes' read-change-write could drop one's charge and hide
   * a double charge. The step is synchronous, so one process never interleaves with itself.
   */
  #update<T>(change: () => T): T {
    const lock = this.options.ledgerFile && `${this.options.ledgerFile}.lock`;
    if (lock) acquireLock(lock);
    try {
      this.#load();
      const result = change();
      this.#save();
      return result;
    } finally {
      if (lock) unlinkSync(lock);
    }
  }

  /** Every charge the gateway made (the world), read fresh from the ledger file when there is one. */
  charges(): LedgerCharge[] {
    this.#load();
    return this.#world.charges.map((c) => ({ ...c }));
  }

  /** Every refund the gateway made (the world). */
  refunds(): LedgerRefund[] {
    this.#load();
    return (this.#world.refunds ?? []).map((r) => ({ ...r }));
  }

  /** One customer per tenant, `cus_test_<tenant>`: a `knownId` of another tenant's customer is not answered. */
  async ensureCustomer(tenant: string, _who?: { knownId?: string | null }): Promise<GatewayCustomer> {
    return { id: `cus_test_${tenant}` };
  }

  async createSetup(customerId: string, _options?: { methodTypes: HostedMethodKind[]; idempotencyKey?: string }): Promise<HostedSetup> {
    return this.#update(() => {
      const setup: Setup = {
        id: rid('seti_test'),
        customerId,
        clientSecret: `${rid('seti_test')}_secret_${rid('s')}`,
        status: 'requires_payment_method',
      };
      this.#world.setups.push(setup);
      return {
        id: setup.id,
        gateway: this.id,
        clientSecret: setup.clientSecret,
        publishableKey: 'pk_test_glasspane',
        scriptUrl: this.options.scriptUrl ?? '/payments/test/fields.js',
      };
    });
  }

  /**
   * What the gateway's fields do in the browser: confirm a setup with the typed details.
   * The numbers stay here (the gateway's side); only the method's display facts go on.
   */
  completeSetup(
    clientSecret: string,
    details: { kind?: HostedMethodKind; number: string; expMonth?: number; expYear?: number },
  ): Setup['status'] {
    return this.#update(() => {
      const setup = this.#world.setups.find((s) => s.clientSecret === clientSecret);
      if (!setup) throw new ApiError(404, 'setup_not_found', 'No such setup', 'This setup does not exist or has expired.');
      if (setup.status !== 'requires_payment_method') return setup.status;
      const kind = details.kind ?? 'card';
      const number = details.number.replace(/[\s-]/g, '');
      const outcome = outcomeOf(kind, number);
      if (outcome.setup !== 'ok') {
        setup.status = 'failed';
        setup.failure = { code: outcome.setup, message: MESSAGES[outcome.setup] ?? 'Declined.' };
      } else {
        setup.status = 'succeeded';
        setup.method = {
          gatewayId: rid('pm_test'),
          kind,
          brand: kind === 'card' ? cardBrand(number) : kind === 'sepa_debit' ? 'sepa' : 'TEST BANK',
          last4: number.slice(-4),
          expMonth: kind === 'card' ? (details.expMonth ?? 12) : null,
          expYear: kind === 'card' ? (details.expYear ?? 2034) : null,
          country: kind === 'sepa_debit' ? number.slice(0, 2) : 'US',
          chargeOutcome: outcome.charge,
        };
        this.#world.methods.push({ ...setup.method, customerId: setup.customerId });
      }
      return setup.status;
    });
  }

  async confirmSetup(customerId: string, setupId: string): Promise<SetupOutcome> {
    this.#load();
    const setup = this.#world.setups.find((s) => s.id === setupId && s.customerId === customerId);
    if (!setup) throw new ProviderError('test-payments', `No such setup: ${setupId}`, { status: 404, code: 'resource_missing' });
    if (setup.status === 'failed')
      return { status: 'failed', code: 'card_declined', declineCode: setup.failure!.code, message: setup.failure!.message };
    if (setup.status !== 'succeeded' || !setup.method)
      return { status: 'pending', code: 'requires_payment_method', message: 'The setup was not confirmed yet.' };
    const { chargeOutcome: _, ...method } = setup.method;
    return { status: 'saved', method };
  }

  async listMethods(customerId: string): Promise<SavedMethod[]> {
    this.#load();
    return this.#world.methods
      .filter((m) => m.customerId === customerId && !m.detached)
      .map(({ customerId: _c, chargeOutcome: _o, detached: _d, ...m }) => m);
  }

  async detachMethod(customerId: string, methodId: string): Promise<void> {
    return this.#update(() => {
      const method = this.#world.methods.find((m) => m.gatewayId === methodId && m.customerId === customerId);
      if (!method)
        throw new ProviderError('test-payments', `No such payment method: ${methodId}`, { status: 404, code: 'resource_missing' });
      method.detached = true;
    });
  }

  async charge(request: ChargeRequest): Promise<ChargeOutcome> {
    const made = this.#update((): { charge: LedgerCharge; replayed: boolean } => {
      const previous = this.#world.charges.find((c) => c.idempotencyKey === request.idempotencyKey);
      if (previous) {
        if (
          previous.amount !== request.amount ||
          previous.currency !== request.currency.toLowerCase() ||
          previous.methodId !== request.methodId
        ) {
          throw new ProviderError(
            'test-payments',
            'Keys for idempotent requests can only be used with the same parameters they were first used with.',
            { status: 400, code: 'idempotency_error' },
          );
        }
        return { charge: previous, replayed: true };
      }
      const method = this.#world.methods.find(
        (m) => m.gatewayId === request.methodId && m.customerId === request.customerId && !m.detached,
      );
      const outcome = method?.chargeOutcome ?? 'token_unknown';
      const id = rid('pi_test');
      const charge: LedgerCharge = {
        id,
        idempotencyKey: request.idempotencyKey,
        customerId: request.customerId,
        methodId: request.methodId,
        amount: request.amount,
        currency: request.currency.toLowerCase(),
        status:
          outcome === 'ok'
            ? 'succeeded'
            : outcome.startsWith('processing')
              ? 'processing'
              : outcome === 'authenticate' && !request.offSession
                ? 'requires_action'
                : 'declined',
        metadata: { ...request.metadata },
        refunded: 0,
      };
      if (charge.status === 'requires_action') charge.clientSecret = `${id}_secret_${rid('s')}`;
      else if (outcome === 'authenticate')
        Object.assign(charge, {
          code: 'authentication_required',
          message: 'Your card was declined. This transaction requires authentication.',
        });
      if (charge.status === 'declined' && !charge.code) {
        charge.code = outcome === 'token_unknown' ? 'payment_method_unavailable' : outcome;
        charge.message = MESSAGES[outcome] ?? 'The payment method is no longer valid; add it again.';
      }
      if (outcome === 'processing_fail') charge.code = 'will_fail';
      this.#world.charges.push(charge);
      return { charge, replayed: false };
    });
    if (made.replayed) return this.#outcome(made.charge);
    const charge = made.charge;
    if (this.hangAfterCharge) {
      process.stdout.write(`charged ${charge.id}\n`);
      return new Promise<never>(() => {});
    }
    if (this.loseNextAnswer) {
      this.loseNextAnswer = false;
      throw new ProviderError('test-payments', 'The connection was reset before the gateway answered.', {
        failure: 'unavailable',
        code: 'connection_reset',
      });
    }
    return this.#outcome(charge);
  }

  #outcome(c: LedgerCharge): ChargeOutcome {
    return {
      status: c.status,
      id: c.id,
      amount: c.amount,
      currency: c.currency,
      metadata: { ...c.metadata },
      ...(c.status === 'declined' ? { code: c.code, message: c.message } : {}),
      ...(c.status === 'requires_action'
        ? {
            clientSecret: c.clientSecret,
            code: 'authentication_required',
            message: 'The customer must authenticate this payment with their bank.',
          }
        : {}),
    };
  }

  get browser() {
    return { publishableKey: 'pk_test_glasspane', scriptUrl: this.options.scriptUrl ?? '/payments/test/fields.js' };
  }

  /**
   * What the fields script's challenge does in the browser: the customer passes (or fails)
   * 3-D Secure for the payment named by its client secret. Passed, the card is charged; failed,
   * nothing is. Returns the event the gateway sends its webhook, or `null` when the payment
   * was not waiting for a challenge.
   */
  authenticate(clientSecret: string, pass: boolean): GatewayEvent | null {
    return this.#update(() => {
      const charge = this.#world.charges.find((c) => c.clientSecret === clientSecret);
      if (!charge || charge.status !== 'requires_action') return null;
      if (pass) charge.status = 'succeeded';
      else
        Object.assign(charge, {
          status: 'declined',
          code: 'payment_intent_authentication_failure',
          message: 'Your bank could not confirm this payment.',
        });
      return this.#event(charge);
    });
  }

  /** Cancels a payment waiting for its challenge (abandoned) or failed; a completed one is answered as it is. */
  async cancelCharge(id: string): Promise<ChargeOutcome> {
    return this.#update(() => {
      const charge = this.#world.charges.find((c) => c.id === id);
      if (!charge) throw new ProviderError('test-payments', `No such payment: ${id}`, { status: 404, code: 'resource_missing' });
      if (charge.status === 'requires_action' || charge.status === 'declined')
        Object.assign(charge, { status: 'declined', code: 'canceled', message: 'The payment was canceled.' });
      return this.#outcome(charge);
    });
  }

  #event(charge: LedgerCharge): GatewayEvent {
    const failed = charge.status !== 'succeeded';
    return {
      id: rid('evt_test'),
      type: failed ? 'payment_intent.payment_failed' : 'payment_intent.succeeded',
      created: Math.floor(Date.now() / 1000),
      paymentId: charge.id,
      status: failed ? 'requires_payment_method' : 'succeeded',
      amount: charge.amount,
      currency: charge.currency,
      metadata: charge.metadata,
      ...(failed ? { failureCode: charge.code, failureMessage: charge.message } : {}),
    };
  }

  async findCharge(by: { id: string } | { metadata: Record<string, string> }): Promise<ChargeOutcome | null> {
    this.#load();
    const found =
      'id' in by
        ? this.#world.charges.find((c) => c.id === by.id)
        : this.#world.charges.find((c) => Object.entries(by.metadata).every(([k, v]) => c.metadata[k] === v));
    return found ? this.#outcome(found) : null;
  }

  async refund(request: RefundRequest): Promise<RefundOutcome> {
    const outcome = this.#update(() => {
      const charge = this.#world.charges.find((c) => c.id === request.paymentId);
      if (!charge || charge.status !== 'succeeded')
        throw new ProviderError('test-payments', `No refundable payment ${request.paymentId}`, { status: 404, code: 'resource_missing' });
      // Once per key, as a real gateway: a retry gets the first refund back.
      const previous = this.#world.refunds?.find((r) => r.idempotencyKey === request.idempotencyKey);
      if (previous) {
        if (previous.paymentId !== request.paymentId || (request.amount !== undefined && previous.amount !== request.amount)) {
          throw new ProviderError(
            'test-payments',
            'Keys for idempotent requests can only be used with the same parameters they were first used with.',
            { status: 400, code: 'idempotency_error' },
          );
        }
        return { previous: { id: previous.id, status: 'succeeded' as const, amount: previous.amount, currency: charge.currency } };
      }
      const remaining = charge.amount - charge.refunded;
      const amount = request.amount ?? remaining;
      if (amount <= 0 || amount > remaining)
        throw new ProviderError('test-payments', `Refund amount (${amount}) is greater than unrefunded amount on charge (${remaining})`, {
          status: 400,
          code: 'amount_too_large',
        });
      charge.refunded += amount;
      const refund: LedgerRefund = {
        id: rid('re_test'),
        idempotencyKey: request.idempotencyKey,
        paymentId: charge.id,
        amount,
        reason: request.reason ?? null,
      };
      (this.#world.refunds ??= []).push(refund);
      return { refund, charge };
    });
    if (outcome.previous) return outcome.previous;
    const { refund, charge } = outcome as { refund: LedgerRefund; charge: LedgerCharge };
    if (this.loseNextAnswer) {
      this.loseNextAnswer = false;
      throw new ProviderError('test-payments', 'The connection was reset before the gateway answered.', {
        failure: 'unavailable',
        code: 'connection_reset',
      });
    }
    return { id: refund.id, status: 'succeeded', amount: refund.amount, currency: charge.currency };
  }

  /** A bank debit settles days later: the test moves it and returns the event the gateway would send. */
  settle(paymentId: string): GatewayEvent {
    return this.#update(() => {
      const charge = this.#world.charges.find((c) => c.id === paymentId && c.status === 'processing');
      if (!charge) throw new Error(`no processing charge ${paymentId}`);
      const failed = charge.code === 'will_fail';
      charge.status = failed ? 'declined' : 'succeeded';
      if (failed) Object.assign(charge, { code: 'insufficient_funds', message: 'The bank account has insufficient funds.' });
      return this.#event(charge);
    });
  }

  /** Signs an event as the test gateway's webhook would send it. */
  signWebhook(event: GatewayEvent): { body: string; signature: string } {
    const body = JSON.stringify(event);
    return {
      body,
      signature: createHmac('sha256', this.options.webhookSecret ?? 'whsec_test')
        .update(body)
        .digest('hex'),
    };
  }

  parseWebhook(rawBody: string | Uint8Array, signatureHeader: string | null | undefined): GatewayEvent {
    const body = typeof rawBody === 'string' ? rawBody : Buffer.from(rawBody).toString('utf8');
    const expected = createHmac('sha256', this.options.webhookSecret ?? 'whsec_test')
      .update(body)
      .digest();
    const given = Buffer.from(signatureHeader ?? '', 'hex');
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
      throw new ApiError(400, 'invalid_signature', 'Invalid signature', 'The webhook signature does not verify.');
    }
    return JSON.parse(body) as GatewayEvent;
  }
}
