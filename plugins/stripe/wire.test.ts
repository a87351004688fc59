import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { decodeForm, encodeForm } from './form.js';
import { verifyStripeWebhook, WebhookSignatureError } from './webhook.js';
import { stripeConfig } from './gateway.js';

describe('Stripe form encoding', () => {
  test('writes nested objects and arrays in bracket notation, brackets unescaped', () => {
    const body = encodeForm({
      customer: 'cus_1',
      metadata: { tenant: 'acme & co' },
      payment_method_types: ['card', 'sepa_debit'],
      automatic_payment_methods: { enabled: true },
      skip: undefined,
    });
    assert.equal(
      body,
      'customer=cus_1&metadata[tenant]=acme%20%26%20co&payment_method_types[0]=card&payment_method_types[1]=sepa_debit&automatic_payment_methods[enabled]=true',
    );
  });

  test('reads `[]` and indexed arrays and nested hashes as Stripe does', () => {
    assert.deepEqual(
      decodeForm('payment_method_types[]=card&payment_method_types[]=us_bank_account&metadata[k]=v&expand[0]=latest_charge&a[b][c]=d'),
      {
        payment_method_types: ['card', 'us_bank_account'],
        metadata: { k: 'v' },
        expand: ['latest_charge'],
        a: { b: { c: 'd' } },
      },
    );
  });
});

describe('Stripe webhook signatures', () => {
  const secret = 'whsec_test_secret';
  const now = Date.parse('2026-11-24T10:00:00Z');
  const t = Math.floor(now / 1000);
  const body = JSON.stringify({ id: 'evt_1', object: 'event', type: 'payment_intent.succeeded' });
  const sign = (payload: string, at = t, key = secret) => createHmac('sha256', key).update(`${at}.${payload}`).digest('hex');

  test('accepts a valid signature and returns the event', () => {
    const event = verifyStripeWebhook(body, `t=${t},v1=${sign(body)}`, secret, { now: () => now }) as { id: string };
    assert.equal(event.id, 'evt_1');
  });

  test('accepts when any of several v1 signatures matches (a secret being rolled)', () => {
    assert.doesNotThrow(() =>
      verifyStripeWebhook(body, `t=${t},v1=${sign(body, t, 'whsec_old')},v1=${sign(body)},v0=abc`, secret, { now: () => now }),
    );
    assert.doesNotThrow(() =>
      verifyStripeWebhook(body, `t=${t},v1=${sign(body, t, 'whsec_new')}`, ['whsec_new', secret], { now: () => now }),
    );
  });

  test('refuses a tampered body, a wrong secret, a missing or malformed header', () => {
    const header = `t=${t},v1=${sign(body)}`;
    assert.throws(
      () => verifyStripeWebhook(body.replace('succeeded', 'failed'), header, secret, { now: () => now }),
      WebhookSignatureError,
    );
    assert.throws(() => verifyStripeWebhook(body, header, 'whsec_other', { now: () => now }), WebhookSignatureError);
    assert.throws(() => verifyStripeWebhook(body, null, secret, { now: () => now }), /no Stripe-Signature/);
    assert.throws(() => verifyStripeWebhook(body, `v1=${sign(body)}`, secret, { now: () => now }), /no timestamp/);
    assert.throws(() => verifyStripeWebhook(body, `t=${t},v1=zz`, secret, { now: () => now }), WebhookSignatureError);
  });

  test('refuses signatures older (or newer) than 300 s, accepts within', () => {
    assert.doesNotThrow(() => verifyStripeWebhook(body, `t=${t - 300},v1=${sign(body, t - 300)}`, secret, { now: () => now }));
    assert.throws(() => verifyStripeWebhook(body, `t=${t - 301},v1=${sign(body, t - 301)}`, secret, { now: () => now }), /at most 300 s/);
    assert.throws(() => verifyStripeWebhook(body, `t=${t + 301},v1=${sign(body, t + 301)}`, secret, { now: () => now }), /at most 300 s/);
    const err = (() => {
      try {
        verifyStripeWebhook(body, `t=${t - 301},v1=${sign(body, t - 301)}`, secret, { now: () => now });
      } catch (e) {
        return e as WebhookSignatureError;
      }
    })();
    assert.equal(err?.status, 400);
    assert.equal(err?.errors[0]?.code, 'invalid_signature');
  });
});

describe('Stripe plugin configuration', () => {
  const good = { secretKey: 'sk_test_abc', publishableKey: 'pk_test_abc', webhookSecret: 'whsec_abc' };

  test('defaults the API base and Stripe.js URL', () => {
    const c = stripeConfig.parse(good);
    assert.equal(c.apiBase, 'https://api.stripe.com');
    assert.equal(c.jsUrl, 'https://js.stripe.com/v3/');
    assert.doesNotThrow(() => stripeConfig.parse({ ...good, secretKey: 'rk_test_abc' }));
  });

  test('refuses a publishable key as the secret, a secret as the publishable key, and mixed test/live keys', () => {
    const issues = (input: object) => {
      const r = stripeConfig.safeParse(input);
      return r.success ? [] : r.error.issues.map((i) => i.message);
    };
    assert.match(issues({ ...good, secretKey: 'pk_test_abc' }).join(), /STRIPE_SECRET_KEY must be a secret/);
    assert.match(issues({ ...good, publishableKey: 'sk_test_abc' }).join(), /STRIPE_PUBLISHABLE_KEY must be a publishable key/);
    assert.match(issues({ ...good, publishableKey: 'pk_live_abc' }).join(), /both be test keys or both live/);
    assert.match(issues({ ...good, webhookSecret: undefined }).join(), /STRIPE_WEBHOOK_SECRET is required/);
  });
});
