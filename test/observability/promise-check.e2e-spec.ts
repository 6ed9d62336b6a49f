import { setLogDestination } from '@app/observability';
import { INestApplication } from '@nestjs/common';
import { DispatchStack, startDispatchStack } from '../support/dispatch-stack';
import { BookingApiHarness, bookRide } from '../support/booking-api-harness';
import { captureLogs } from '../support/log-capture';
import { Sample, scrape, total } from '../support/metrics-scrape';

/**
 * Issue 12: the dispatch worker checks the stored schedules against every promise on its own
 * schedule (PROMISE_CHECK_EVERY_MIN, here a fraction of a second), with the checker that shares
 * no code with the engine. It reports 0 while the dispatcher keeps its promises, and finds a
 * promise broken on purpose in the database: gauge, counter and one error log line each.
 */
describe('the periodic independent promise check', () => {
  const { lines, stream: capture } = captureLogs();
  let h: BookingApiHarness;
  let worker: INestApplication;
  let stack: DispatchStack | undefined;
  let county: string;

  /** Scrapes the worker until a check has run after this moment, then returns that scrape. */
  async function afterNextCheck(): Promise<Sample[]> {
    const checks = (s: Sample[]) => total(s, 'ridepool_promise_checks_total');
    const before = checks(await scrape(worker));
    const end = Date.now() + 20_000;
    for (;;) {
      // two more: the first may have started before the change being looked for
      const s = await scrape(worker);
      if (checks(s) >= before + 2) return s;
      if (Date.now() > end) throw new Error('no promise check ran');
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  beforeAll(async () => {
    setLogDestination(capture);
    ({ h, worker } = stack = await startDispatchStack({
      BOOKING_DECISION_WAIT_MS: '10000',
      PROMISE_CHECK_EVERY_MIN: '0.005',
    }));
    [{ code: county }] = await h.ds.query(`SELECT code FROM counties WHERE id = $1`, [
      h.seed.countyId,
    ]);
  }, 120_000);

  afterAll(async () => {
    await stack?.close();
    setLogDestination(process.stdout);
  });

  const book = async (from: string, at: string) => {
    const booking = await bookRide(h, { from, at });
    expect(booking.status).toBe('confirmed');
    return booking;
  };

  it('reports 0 on the schedules the dispatcher wrote', async () => {
    await book('ags-07336002', '07:30');
    await book('ags-07336092', '07:35');
    const s = await afterNextCheck();
    expect(total(s, 'ridepool_promise_violations', { county })).toBe(0);
    expect(total(s, 'ridepool_promise_checks_total', { result: 'clean' })).toBeGreaterThan(0);
    expect(total(s, 'ridepool_promise_checks_total', { result: 'violations' })).toBe(0);
  });

  it('finds a drop-off pushed past its promised latest arrival, and logs it as an error', async () => {
    const booking = await book('ags-07336016', '11:00');
    const late = new Date(Date.parse(booking.promise.latestArrival) + 20 * 60_000).toISOString();
    // the stored schedule corrupted on purpose: the rider's drop-off 20 minutes after the promise
    await h.ds.query(
      `UPDATE vehicle_schedules SET stops = (
         SELECT jsonb_agg(CASE WHEN r->'dropoffs' ? $1
           THEN r || jsonb_build_object('plannedArrivalAt', $2::text, 'plannedDepartureAt', $2::text)
           ELSE r END ORDER BY i)
         FROM jsonb_array_elements(stops) WITH ORDINALITY AS t(r, i))
       WHERE stops @> jsonb_build_array(jsonb_build_object('dropoffs', jsonb_build_array($1::text)))`,
      [booking.id, late],
    );
    const s = await afterNextCheck();
    expect(total(s, 'ridepool_promise_violations', { county })).toBeGreaterThan(0);
    expect(total(s, 'ridepool_promise_violations_found_total', { county })).toBeGreaterThan(0);
    expect(total(s, 'ridepool_promise_checks_total', { result: 'violations' })).toBeGreaterThan(0);
    const errors = lines
      .map((l) => JSON.parse(l) as { level: string; context: string; msg: string })
      .filter((l) => l.level === 'error' && l.msg.includes('promise violation'));
    expect(errors).toContainEqual(
      expect.objectContaining({
        context: 'PromiseCheckService',
        msg: expect.stringContaining(
          `booking ${booking.id}: arrives after its promised latest arrival`,
        ),
      }),
    );
  });
});
