import { toLocalTime, addDays } from '@app/domain';
import { KUSEL_TZ } from '@app/kusel-data';
import { DISPATCH_QUEUE } from '@app/contracts';
import { Queue } from 'bullmq';
import { INestApplication } from '@nestjs/common';
import { createDispatchWorker } from '../../apps/dispatch-worker/src/bootstrap';
import { BookingApiHarness, startBookingApi } from '../support/booking-api-harness';

/** Shifts come from the weekly roster the office keeps, rolled forward every night (issue 11). */
describe('shift roster', () => {
  jest.setTimeout(60_000);
  let h: BookingApiHarness;
  let op: string;
  const auth = () => ({ Authorization: `Bearer ${op}` });

  beforeAll(async () => {
    h = await startBookingApi();
    op = await h.operatorToken();
  }, 120_000);

  afterAll(async () => {
    await h?.close();
  });

  const today = () => toLocalTime(new Date(), KUSEL_TZ).date;
  const weekdayOf = (date: string) => toLocalTime(new Date(`${date}T12:00:00Z`), KUSEL_TZ).weekday;

  it('the seed writes a weekly roster and rolls it forward: shifts today and the next days', async () => {
    const roster = await h.http.get('/v1/admin/roster').set(auth()).expect(200);
    // Weekdays: 10 buses early and late; Saturday 5, Sunday 3.
    expect(roster.body).toHaveLength(2 * (5 * 10 + 5 + 3));
    const rows: Array<{ service_date: string; n: number }> = await h.ds.query(
      `SELECT service_date::text, count(*)::int AS n FROM shifts WHERE roster_entry_id IS NOT NULL
        GROUP BY service_date ORDER BY service_date`,
    );
    expect(rows[0].service_date).toBe(today());
    expect(rows).toHaveLength(15);
    const wd = weekdayOf(today());
    expect(rows[0].n).toBe(wd === 'sat' ? 10 : wd === 'sun' ? 6 : 20);
  });

  it('rolling forward again makes nothing twice', async () => {
    const before = await h.ds.query(`SELECT count(*)::int AS n FROM shifts`);
    const res = await h.http.post('/v1/admin/roster/roll-forward').set(auth()).expect(200);
    expect(res.body).toMatchObject({ created: 0, changed: 0, cancelled: 0 });
    const after = await h.ds.query(`SELECT count(*)::int AS n FROM shifts`);
    expect(after[0].n).toBe(before[0].n);
  });

  it('a new roster line makes its shifts; single days are called off or changed', async () => {
    const [depot] = await h.ds.query(`SELECT id FROM stops WHERE code = 'eva-8003481'`);
    const v = await h.http
      .post('/v1/admin/vehicles')
      .set(auth())
      .send({ callSign: 'KUS-R1', seats: 8, wheelchairPlaces: 0, homeDepotStopId: depot.id })
      .expect(201);
    const d = await h.http
      .post('/v1/admin/drivers')
      .set(auth())
      .send({ name: 'Rosa Dienst' })
      .expect(201);
    const first = addDays(today(), 1);
    const created = await h.http
      .post('/v1/admin/roster')
      .set(auth())
      .send({
        vehicleId: v.body.id,
        driverId: d.body.id,
        weekday: weekdayOf(first),
        start: '06:00',
        end: '12:00',
        validFrom: first,
      })
      .expect(201);
    const entryId = created.body.entry.id as string;
    expect(created.body.rollForward.created).toBe(2); // this weekday and the same one a week on
    const shifts = () =>
      h.ds.query(
        `SELECT service_date::text, starts_at, ends_at, cancelled_at, driver_id FROM shifts
          WHERE roster_entry_id = $1 ORDER BY service_date`,
        [entryId],
      );
    const made = await shifts();
    expect(made.map((s: { service_date: string }) => s.service_date)).toEqual([
      first,
      addDays(first, 7),
    ]);

    // Called off on the first day: the shift is cancelled (kept as a record).
    await h.http
      .put(`/v1/admin/roster/${entryId}/exceptions`)
      .set(auth())
      .send({ date: first, kind: 'cancel' })
      .expect(200);
    // Other hours on the second.
    await h.http
      .put(`/v1/admin/roster/${entryId}/exceptions`)
      .set(auth())
      .send({ date: addDays(first, 7), kind: 'change', start: '07:00', end: '11:00' })
      .expect(200);
    // The called-off day is kept as a cancelled record (with bookings they would have been
    // re-planned: the fleet changes); the other has its new hours.
    const after = await shifts();
    expect(after.map((x: { service_date: string }) => x.service_date)).toEqual([
      first,
      addDays(first, 7),
    ]);
    expect(after[0].cancelled_at).not.toBeNull();
    expect(after[1].cancelled_at).toBeNull();
    expect(toLocalTime(after[1].starts_at, KUSEL_TZ).minuteOfDay).toBe(7 * 60);
    expect(toLocalTime(after[1].ends_at, KUSEL_TZ).minuteOfDay).toBe(11 * 60);
    // Rolling forward again does not bring the called-off day back.
    const again = await h.http.post('/v1/admin/roster/roll-forward').set(auth()).expect(200);
    expect(again.body).toMatchObject({ created: 0, changed: 0 });
    // A change the office makes by hand to a roster day stays through the nightly roll-forward.
    const [byHand] = await h.ds.query(
      `SELECT id FROM shifts WHERE roster_entry_id = $1 AND service_date = $2`,
      [entryId, addDays(first, 7)],
    );
    const handEnd = new Date(after[1].ends_at.getTime() - 30 * 60_000);
    await h.http
      .patch(`/v1/admin/shifts/${byHand.id}`)
      .set(auth())
      .send({ endsAt: handEnd.toISOString() })
      .expect(200);
    await h.http.post('/v1/admin/roster/roll-forward').set(auth()).expect(200);
    const [kept] = await h.ds.query(`SELECT ends_at FROM shifts WHERE id = $1`, [byHand.id]);
    expect(kept.ends_at.toISOString()).toBe(handEnd.toISOString());
    const listed = await h.http
      .get(`/v1/admin/shifts?from=${first}T00:00:00Z&to=${first}T23:59:59Z&vehicleId=${v.body.id}`)
      .set(auth())
      .expect(200);
    expect(listed.body).toEqual([]);

    // Deleting a roster day's shift (no bookings) cancels it: the roll-forward leaves it off.
    const del = await h.http.delete(`/v1/admin/shifts/${byHand.id}`).set(auth()).expect(200);
    expect(del.body.shift.state).toBe('cancelled');
    const rolled = await h.http.post('/v1/admin/roster/roll-forward').set(auth()).expect(200);
    expect(rolled.body.created).toBe(0);
    const [off] = await h.ds.query(`SELECT cancelled_at FROM shifts WHERE id = $1`, [byHand.id]);
    expect(off.cancelled_at).not.toBeNull();

    // The roster line ends: no more shifts after its last day.
    await h.http
      .patch(`/v1/admin/roster/${entryId}`)
      .set(auth())
      .send({ validTo: first })
      .expect(200);
  });

  it('refuses a roster line that makes no shift, naming the field', async () => {
    const res = await h.http
      .post('/v1/admin/roster')
      .set(auth())
      .send({
        vehicleId: '00000000-0000-4000-8000-000000000000',
        driverId: '00000000-0000-4000-8000-000000000000',
        weekday: 'mon',
        start: '14:00',
        end: '06:00',
        validFrom: today(),
      })
      .expect(422);
    const fields = res.body.errors.map((e: { field: string }) => e.field);
    expect(fields).toEqual(expect.arrayContaining(['end', 'vehicleId', 'driverId']));
    await h.http
      .post('/v1/admin/roster')
      .set(auth())
      .send({ weekday: 'someday', start: '5', end: '6', validFrom: 'tomorrow' })
      .expect(400);
  });

  it('the dispatch worker schedules the nightly roll-forward per county', async () => {
    let worker: INestApplication | undefined;
    try {
      worker = await createDispatchWorker(h.config);
      await worker.init();
      const queue = new Queue(DISPATCH_QUEUE, {
        connection: { url: h.config.REDIS_URL },
        prefix: `${h.config.REDIS_PREFIX}:bull`,
      });
      const schedulers = await queue.getJobSchedulers();
      await queue.close();
      expect(schedulers.map((s) => s.key)).toContain(`roll-roster.${h.seed.countyId}`);
      const nightly = schedulers.find((s) => s.key === `roll-roster.${h.seed.countyId}`)!;
      expect(nightly).toMatchObject({ pattern: '0 30 2 * * *', tz: 'Europe/Berlin' });
    } finally {
      await worker?.close();
    }
  });
});
