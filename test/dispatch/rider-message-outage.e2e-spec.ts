import { SmsSenderPort, SmsSendError } from '@app/application';
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
    await stack?.close();
  });

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
});
