/**
 * The clock test hosts get unless a test injects its own: the real time, or, with
 * `GLASSPANE_TEST_NOW=<ISO instant>` (what `npm run test:clock` sets), a clock that reads that
 * instant when the process starts and runs on at real speed, so "today" can be a month's
 * first second, its 31st or 29 February. Production code never reads the variable.
 */
export const testNow: () => Date = clockFrom(process.env.GLASSPANE_TEST_NOW);

/** A clock starting at `start` (an ISO instant) and running at real speed; the real clock without one. */
export function clockFrom(start: string | undefined): () => Date {
  if (!start) return () => new Date();
  const at = Date.parse(start);
  if (Number.isNaN(at)) throw new Error(`GLASSPANE_TEST_NOW must be an ISO instant (2028-02-29T12:00:00Z), not "${start}"`);
  const began = performance.now();
  return () => new Date(at + Math.round(performance.now() - began));
}
