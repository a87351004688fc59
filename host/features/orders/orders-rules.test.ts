import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { anchorAfter, billingPeriod, dateIn, daysBetween, prorate } from './proration.js';
import { codeLine, typeMismatch, type LineChange, type OrderType } from './revenue.js';
import { ORDER_STATES, assertMove, canMove } from './states.js';

describe('proration', () => {
  it('bills on the anchor day, clamped to short months and leap Februaries', () => {
    assert.equal(anchorAfter('2027-01-31', 1, 31), '2027-02-28');
    assert.equal(anchorAfter('2028-01-31', 1, 31), '2028-02-29', 'leap year');
    assert.equal(anchorAfter('2027-02-28', 1, 31), '2027-03-31', 'back to the 31st after February');
    assert.equal(anchorAfter('2026-12-15', 1, 15), '2027-01-15', 'across the year end');
    assert.equal(anchorAfter('2027-03-31', -1, 30), '2027-02-28');
  });

  it('finds the period around today, the anchor day itself starting a new one', () => {
    assert.deepEqual(billingPeriod('2026-11-24', 15), { start: '2026-11-15', next: '2026-12-15', days: 30 });
    assert.deepEqual(billingPeriod('2026-11-15', 15), { start: '2026-11-15', next: '2026-12-15', days: 30 });
    assert.deepEqual(billingPeriod('2026-11-14', 15), { start: '2026-10-15', next: '2026-11-15', days: 31 });
    assert.deepEqual(
      billingPeriod('2027-02-28', 31),
      { start: '2027-02-28', next: '2027-03-31', days: 31 },
      'the 31st bills on 28 February',
    );
    assert.deepEqual(billingPeriod('2028-02-29', 30), { start: '2028-02-29', next: '2028-03-30', days: 30 });
    assert.deepEqual(billingPeriod('2028-02-10', 30), { start: '2028-01-30', next: '2028-02-29', days: 30 });
    assert.throws(() => billingPeriod('2026-11-24', 0), /1–31/);
  });

  it('prorates by the days left, today included, rounding to a minor unit', () => {
    const period = billingPeriod('2026-11-24', 15); // 21 of 30 days left
    assert.equal(prorate(3000, '2026-11-24', period), 2100);
    assert.equal(prorate(-3000, '2026-11-24', period), -2100, 'a downgrade is a credit');
    assert.equal(prorate(1000, '2026-11-15', period), 1000, 'the whole month on the billing day');
    assert.equal(prorate(1000, '2026-12-14', period), 33, 'one day left: 1000/30 = 33.33');
    assert.equal(prorate(1001, '2026-12-14', billingPeriod('2026-12-14', 15)), 33);
    assert.equal(daysBetween('2028-02-28', '2028-03-01'), 2, 'leap day counted');
  });

  it('takes "today" in the billing time zone, not the server clock', () => {
    const instant = new Date('2026-11-30T23:30:00Z');
    assert.equal(dateIn(instant, 'UTC'), '2026-11-30');
    assert.equal(dateIn(instant, 'Europe/Berlin'), '2026-12-01', 'already December in Berlin');
    assert.equal(dateIn(instant, 'America/Los_Angeles'), '2026-11-30');
    // On the 1st in Berlin a service billed on the 1st starts a new period: nothing of November is left.
    assert.deepEqual(billingPeriod(dateIn(instant, 'Europe/Berlin'), 1), { start: '2026-12-01', next: '2027-01-01', days: 31 });
    assert.deepEqual(billingPeriod(dateIn(instant, 'UTC'), 1), { start: '2026-11-01', next: '2026-12-01', days: 30 });
  });
});

describe('revenue coding', () => {
  const plan = (fromMonthly: number, toMonthly: number, fromRank = 1, toRank = 2): LineChange => ({
    kind: 'plan',
    fromMonthly,
    toMonthly,
    fromRank,
    toRank,
  });
  const addon = (toMonthly: number, fromMonthly = 0): LineChange => ({ kind: 'addon', fromMonthly, toMonthly });
  const table: [OrderType, LineChange, string, number, boolean][] = [
    // type, change, code, ΔMRR, type contradicts the change
    ['upgrade', plan(4000, 8000), 'expansion', 4000, false],
    ['upgrade', plan(4000, 4000, 1, 2), 'expansion', 0, false],
    ['upgrade', plan(8000, 4000, 2, 1), 'contraction', -4000, true],
    ['downgrade', plan(8000, 4000, 2, 1), 'contraction', -4000, false],
    ['downgrade', plan(4000, 8000), 'expansion', 4000, true],
    ['renewal', plan(4000, 4000, 1, 1), 'renewal', 0, false],
    ['renewal', plan(4000, 4400, 1, 1), 'renewal', 400, false],
    ['refresh', plan(9000, 9000, 3, 3), 'refresh', 0, false],
    ['refresh', plan(9000, 9900, 3, 4), 'refresh', 900, false],
    ['addon', addon(1500), 'add-on', 1500, false],
    ['upgrade', addon(1500), 'add-on', 1500, false],
    ['addon', addon(0, 1500), 'contraction', -1500, false],
  ];
  for (const [type, change, code, delta, mismatch] of table) {
    it(`${type} ${change.kind} ${change.fromMonthly}→${change.toMonthly} is ${code} ${delta}`, () => {
      assert.deepEqual(codeLine(type, change), { code, mrrDelta: delta });
      if (change.kind === 'plan') assert.equal(typeMismatch(type, change), mismatch);
    });
  }

  it('codes a mixed order line by line', () => {
    const lines = [plan(4000, 8000), addon(1500), addon(500)].map((c) => codeLine('upgrade', c));
    assert.deepEqual(
      lines.map((l) => l.code),
      ['expansion', 'add-on', 'add-on'],
    );
    assert.equal(
      lines.reduce((s, l) => s + l.mrrDelta, 0),
      6000,
    );
  });

  it('needs a plan line for every type but add-on', () => {
    assert.equal(typeMismatch('addon', undefined), false);
    assert.equal(typeMismatch('upgrade', undefined), true);
  });
});

describe('order states', () => {
  it('allows the documented steps and nothing else', () => {
    const allowed = new Set([
      'submitted>in_review',
      'submitted>approved',
      'submitted>cancelled',
      'in_review>approved',
      'in_review>rejected',
      'in_review>cancelled',
      'approved>provisioning',
      'approved>cancelled',
      'provisioning>completed',
      'provisioning>awaiting_delivery',
      'awaiting_delivery>awaiting_device_return',
      'awaiting_device_return>device_received',
      'device_received>completed',
      'provisioning>failed',
    ]);
    for (const from of ORDER_STATES)
      for (const to of ORDER_STATES) assert.equal(canMove(from, to), allowed.has(`${from}>${to}`), `${from} → ${to}`);
    assert.throws(
      () => assertMove('completed', 'cancelled'),
      (e: any) => e.status === 409 && /completed cannot become cancelled/.test(e.message + e.errors?.[0]?.detail),
    );
  });
});
