// The date helpers at the instants where calendar arithmetic breaks: the instants
// `npm run test:clock` runs the whole Node suite at (scripts/test-clock.mjs), here checked
// directly and always, in UTC and in the zones furthest ahead of and behind it.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { addDays, anchorAfter, dateIn, daysBetween, daysInMonth, startOfDayIn } from '../dates.js';
import { billingPeriod, prorate } from '../features/orders/proration.js';
import { addMonths } from '../../plugins/local/billing.js';
import { clockFrom } from './helpers.js';

/** [instant, its calendar date in UTC, in Pacific/Kiritimati (UTC+14), in Pacific/Pago_Pago (UTC−11)] */
const INSTANTS = [
  ['2027-01-01T00:00:30Z', '2027-01-01', '2027-01-01', '2026-12-31'],
  ['2027-01-31T12:00:00Z', '2027-01-31', '2027-02-01', '2027-01-31'],
  ['2028-02-29T12:00:00Z', '2028-02-29', '2028-03-01', '2028-02-29'],
  ['2026-12-31T09:59:00Z', '2026-12-31', '2026-12-31', '2026-12-30'],
] as const;
const ZONES = ['UTC', 'Pacific/Kiritimati', 'Pacific/Pago_Pago', 'Europe/Berlin', 'America/New_York'] as const;

describe('date helpers at the clock matrix instants', () => {
  it('are the instants scripts/test-clock.mjs runs the suite at', () => {
    const script = readFileSync(new URL('../../scripts/test-clock.mjs', import.meta.url), 'utf8');
    for (const [instant] of INSTANTS) assert.ok(script.includes(`'${instant}'`), `${instant} is in the matrix`);
    assert.match(script, /'Pacific\/Kiritimati'/);
  });

  for (const [instant, utc, kiritimati, pagoPago] of INSTANTS) {
    const at = new Date(instant);

    it(`${instant}: today is the calendar date where the user is, whatever TZ the process has`, () => {
      assert.equal(dateIn(at, 'UTC'), utc);
      assert.equal(dateIn(at, 'Pacific/Kiritimati'), kiritimati);
      assert.equal(dateIn(at, 'Pacific/Pago_Pago'), pagoPago);
    });

    it(`${instant}: the day containing it starts at or before it and the next day after it, in every zone`, () => {
      for (const zone of ZONES) {
        const today = dateIn(at, zone);
        const start = startOfDayIn(today, zone);
        const end = startOfDayIn(addDays(today, 1), zone);
        assert.ok(start <= at && at < end, `${zone}: ${start.toISOString()} ≤ ${instant} < ${end.toISOString()}`);
        assert.equal(dateIn(start, zone), today);
        assert.equal(dateIn(new Date(end.getTime() - 1), zone), today);
      }
    });

    it(`${instant}: billing periods on every anchor contain today, start on the clamped anchor, and prorate to the whole amount and to nothing`, () => {
      for (const zone of ZONES) {
        const today = dateIn(at, zone);
        for (const anchor of [1, 15, 28, 29, 30, 31]) {
          const period = billingPeriod(today, anchor);
          assert.ok(period.start <= today && today < period.next, `${zone} anchor ${anchor}: ${period.start} ≤ ${today} < ${period.next}`);
          const [y, m] = period.start.split('-').map(Number) as [number, number];
          assert.equal(
            Number(period.start.slice(8)),
            Math.min(anchor, daysInMonth(y, m)),
            `${zone} anchor ${anchor}: starts on ${period.start}`,
          );
          assert.equal(period.next, anchorAfter(period.start, 1, anchor));
          assert.equal(period.days, daysBetween(period.start, period.next));
          assert.ok(period.days >= 28 && period.days <= 31);
          assert.equal(prorate(10_000, period.start, period), 10_000, 'the whole period: the whole amount');
          assert.equal(prorate(10_000, period.next, period), 0, 'from the next billing date: nothing');
          const remaining = prorate(10_000, today, period);
          assert.ok(remaining > 0 && remaining <= 10_000);
        }
      }
    });

    it(`${instant}: a subscription billed on the month's end keeps billing on month ends for a year`, () => {
      const today = dateIn(at, 'UTC');
      const [y, m] = today.split('-').map(Number) as [number, number];
      let next = `${today.slice(0, 8)}${daysInMonth(y, m)}`;
      for (let k = 0; k < 13; k++) {
        const [ny, nm, nd] = next.split('-').map(Number) as [number, number, number];
        assert.equal(nd, Math.min(31, daysInMonth(ny, nm)), `${next} is its month's end`);
        next = addMonths(next, 1, 31);
      }
      assert.equal(addMonths(today, 12, Number(today.slice(8))).slice(5), today === '2028-02-29' ? '02-28' : today.slice(5));
    });
  }

  it('plain-date arithmetic is clamped and never drifts', () => {
    assert.equal(anchorAfter('2027-01-31', 1, 31), '2027-02-28');
    assert.equal(anchorAfter('2027-02-28', 1, 31), '2027-03-31', 'from the anchor, not from the clamped date');
    assert.equal(anchorAfter('2028-01-31', 1, 31), '2028-02-29');
    assert.equal(anchorAfter('2027-01-15', -1, 1), '2026-12-01');
    assert.equal(anchorAfter('2027-03-01', -14, 1), '2026-01-01');
    assert.equal(addMonths('2027-01-31', 1), '2027-02-28');
    assert.equal(addMonths('2027-02-28', 1, 31), '2027-03-31');
    assert.equal(addDays('2028-02-28', 1), '2028-02-29');
    assert.equal(addDays('2027-02-28', 1), '2027-03-01');
    assert.equal(daysBetween('2027-12-31', '2028-03-01'), 61);
  });

  it('the test clock starts at GLASSPANE_TEST_NOW and runs on; a bad value is refused', () => {
    const clock = clockFrom('2028-02-29T23:59:59.900Z');
    const first = clock().getTime();
    assert.ok(first >= Date.parse('2028-02-29T23:59:59.900Z') && first < Date.parse('2028-03-01T00:01:00Z'));
    assert.ok(clock().getTime() >= first, 'it does not run backwards');
    assert.throws(() => clockFrom('next tuesday'), /GLASSPANE_TEST_NOW must be an ISO instant/);
    const before = Date.now();
    const real = clockFrom(undefined)().getTime();
    assert.ok(before <= real && real <= Date.now(), 'without it: the real clock');
  });
});
