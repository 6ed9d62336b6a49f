import { recordRiderMessage, SmsSenderPort, SmsSendError } from '@app/application';
import { Clock } from '@app/domain';
import { INestApplication } from '@nestjs/common';
import { DispatchStack, startDispatchStack } from '../support/dispatch-stack';
import { BookingApiHarness, nextWeekdayAt } from '../support/booking-api-harness';

/**
 * Rider messages through an outage of the SMS provider (issue 11: a message is never lost),
 * against the real PostgreSQL, Redis and dispatch worker. The delivery job's own retries are
 * cut short (2 tries, 50 ms apart) so the outage outlasts them within the test.
 */
describe('rider messages while the SMS provider is down', () => {
  jest.setTimeout(120_000);
  let h: BookingApiHarness;
  let worker: INestApplication;
  let stack: DispatchStack | undefined;
  let down = 0;
  const sent: Array<{ to: string; text: string }> = [];

  beforeAll(async () => {
    ({ h, worker } = stack = await startDispatchStack({
      BOOKING_DECISION_WAIT_MS: '15000',
      DISPATCH_JOB_ATTEMPTS: '2',
      DISPATCH_JOB_BACKOFF_MS: '50',
    }));
    const sms = worker.get(SmsSenderPort, { strict: false });
    jest.spyOn(sms, 'send').mockImplementation(async (to: string, text: string) => {
      if (down > 0) {
        down--;
        throw new SmsSendError('smpp', 'no connection to the SMSC (ECONNREFUSED)', true);
      }
      sent.push({ to, text });
    });
  }, 180_000);

  afterAll(async () => {
    jest.restoreAllMocks();
    await stack?.close();
  });

  const settledKinds = async (bookingId: string, kinds: string[], done: (m: Row) => boolean) => {
    let rows: Row[] = [];
    for (let i = 0; i < 600; i++) {
      rows = await h.ds.query(
        `SELECT kind, status, attempts, body FROM rider_messages
          WHERE booking_id = $1 AND kind = ANY($2) ORDER BY kind`,
        [bookingId, kinds],
      );
      if (rows.length === kinds.length && rows.every(done)) break;
      await new Promise((ok) => setTimeout(ok, 100));
    }
    return rows;
  };
  type Row = { kind: string; status: string; attempts: number; body: string };

  it('holds a message back while the provider is away, longer than its job retries, and sends it once when it is back', async () => {
    const r = await h.riderToken('Käthe Ausfall');
    await h.ds.query(`UPDATE riders SET phone = '+4915112340000' WHERE id = $1`, [r.riderId]);
    // Ten refusals: five delivery jobs' worth, more than the eight tries a message had in all.
    down = 10;
    const res = await h.http
      .post('/v1/bookings')
      .set({ Authorization: `Bearer ${r.token}` })
      .send({
        fromStopId: h.stop('ags-07336002'),
        toStopId: h.stop('eva-8003481'),
        timeKind: 'depart_at',
        time: nextWeekdayAt('09:40').toISOString(),
        passengers: 1,
      })
      .expect(201);
    expect(res.body.status).toBe('confirmed');
    let m: { status: string; attempts: number; body: string } | undefined;
    for (let i = 0; i < 600; i++) {
      [m] = await h.ds.query(
        `SELECT status, attempts, body FROM rider_messages WHERE booking_id = $1 AND kind = 'confirmed'`,
        [res.body.id],
      );
      if (m && m.status !== 'pending') break;
      await new Promise((ok) => setTimeout(ok, 100));
    }
    expect(m).toMatchObject({ status: 'sent', attempts: 11 });
    expect(sent.filter((s) => s.to === '+4915112340000')).toEqual([
      { to: '+4915112340000', text: m!.body },
    ]);
  });

  it('does not send an arriving message held back past its limit (stale), but still sends the confirmation held by the same outage', async () => {
    const r = await h.riderToken('Erwin Spät');
    const phone = '+4915112340001';
    await h.ds.query(`UPDATE riders SET phone = $2 WHERE id = $1`, [r.riderId, phone]);
    down = Number.MAX_SAFE_INTEGER;
    const res = await h.http
      .post('/v1/bookings')
      .set({ Authorization: `Bearer ${r.token}` })
      .send({
        fromStopId: h.stop('ags-07336002'),
        toStopId: h.stop('eva-8003481'),
        timeKind: 'depart_at',
        time: nextWeekdayAt('10:40').toISOString(),
        passengers: 1,
      })
      .expect(201);
    expect(res.body.status).toBe('confirmed');
    // The bus leaves the stop before: 'Ihr Bus ist gleich da', arrival in 3 minutes.
    const clock = worker.get(Clock, { strict: false });
    const start = clock.now().getTime();
    await h.ds.transaction((em) =>
      recordRiderMessage(em, {
        kind: 'arriving',
        bookingId: res.body.id,
        facts: { plannedPickup: new Date(start + 3 * 60_000) },
      }),
    );
    // Both held back by the outage, past their jobs' retries.
    const held = await settledKinds(res.body.id, ['arriving', 'confirmed'], (m) => m.attempts >= 3);
    expect(held.map((m) => [m.kind, m.status])).toEqual([
      ['arriving', 'pending'],
      ['confirmed', 'pending'],
    ]);
    // The outage lasts 40 minutes of the worker's clock: the bus has come and gone.
    jest.spyOn(clock, 'now').mockImplementation(() => new Date(start + 40 * 60_000));
    down = 0;
    const after = await settledKinds(
      res.body.id,
      ['arriving', 'confirmed'],
      (m) => m.status !== 'pending',
    );
    expect(after.map((m) => [m.kind, m.status])).toEqual([
      ['arriving', 'stale'],
      ['confirmed', 'sent'],
    ]);
    const confirmed = after.find((m) => m.kind === 'confirmed')!;
    expect(sent.filter((s) => s.to === phone)).toEqual([{ to: phone, text: confirmed.body }]);
    // Never sent afterwards: the relay hands on pending messages only.
    await new Promise((ok) => setTimeout(ok, 2 * 2_000 + 500));
    expect(sent.filter((s) => s.to === phone)).toHaveLength(1);
    const [again] = await h.ds.query(
      `SELECT status FROM rider_messages WHERE booking_id = $1 AND kind = 'arriving'`,
      [res.body.id],
    );
    expect(again.status).toBe('stale');
  });
});
