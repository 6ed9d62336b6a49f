import { importGtfsFeed, TRAIN_UPDATES_SCHEDULER_ID, TrainUpdatesPoller } from '@app/application';
import { formatGtfsDate, toLocalTime } from '@app/domain';
import { KUSEL_TZ } from '@app/kusel-data';
import { RunningRouterServer } from '@app/routing';
import { INestApplication, Logger } from '@nestjs/common';
import { transit_realtime as rt } from 'gtfs-realtime-bindings';
import { createServer, Server, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { createDispatchWorker } from '../../apps/dispatch-worker/src/bootstrap';
import { DispatchProcessor } from '../../apps/dispatch-worker/src/dispatch.processor';
import { checkStoredPlans, roadTravelS, startKuselRouter } from '../dispatch/dispatch-check';
import { BookingApiHarness, nextWeekdayAt, startBookingApi } from '../support/booking-api-harness';

const SAMPLE = join(__dirname, '..', '..', 'data', 'gtfs', 'kusel-line-sample');

/**
 * Late and cancelled trains from a GTFS-Realtime feed (issue 14), against the real PostgreSQL,
 * Redis, the dispatch worker and the embedded router. The feed is served by a local HTTP server
 * as protobuf encoded with gtfs-realtime-bindings, over the sample timetable of the Kusel line.
 */
describe('trains reported late or cancelled (GTFS-Realtime)', () => {
  jest.setTimeout(90_000);
  let router: RunningRouterServer;
  let feed: Server;
  let respond: (res: ServerResponse) => void = (res) => res.end(encode([]));
  let h: BookingApiHarness;
  let worker: INestApplication;
  let poller: TrainUpdatesPoller;
  let travel: (a: string, b: string) => number;
  let kusel: string;
  let albessen: string;
  let serviceDate: string;

  beforeAll(async () => {
    router = await startKuselRouter();
    feed = createServer((_, res) => respond(res));
    await new Promise<void>((ok) => feed.listen(0, '127.0.0.1', ok));
    const feedUrl = `http://127.0.0.1:${(feed.address() as AddressInfo).port}/tripupdates.pb`;
    h = await startBookingApi({
      OSRM_URL: router.url,
      BOOKING_DECISION_WAIT_MS: '15000',
      GTFS_RT_TRIP_UPDATES_URL: feedUrl,
      // The worker's own polls would race the test's; the test polls by hand.
      GTFS_RT_POLL_INTERVAL_S: '3600',
    });
    await importGtfsFeed(h.ds, SAMPLE, { name: 'sample' });
    worker = await createDispatchWorker(h.config);
    await worker.init();
    poller = worker.get(TrainUpdatesPoller);
    travel = await roadTravelS(router.url, h.ds);
    kusel = h.stop('eva-8003481');
    albessen = h.stop('ags-07336002');
    serviceDate = toLocalTime(nextWeekdayAt('12:00'), KUSEL_TZ).date;
  }, 180_000);

  afterAll(async () => {
    await worker?.close();
    await h?.close();
    await router?.close();
    await new Promise((ok) => feed?.close(ok));
  });

  function encode(updates: rt.ITripUpdate[]): Uint8Array {
    return rt.FeedMessage.encode({
      header: { gtfsRealtimeVersion: '2.0', timestamp: Math.floor(Date.now() / 1000) },
      entity: updates.map((tripUpdate, i) => ({ id: `e${i}`, tripUpdate })),
    }).finish();
  }
  const serve = (...updates: rt.ITripUpdate[]) => {
    respond = (res) => {
      res.setHeader('content-type', 'application/x-protobuf');
      res.end(encode(updates));
    };
  };
  const trip = (tripId: string, extra: rt.ITripDescriptor = {}) => ({
    tripId,
    startDate: formatGtfsDate(serviceDate),
    ...extra,
  });

  /**
   * A rider books a ride tied to a train through the API; the worker confirms it (or offers it,
   * with `confirmation: 'rider'`; or has not decided it, while its queue stands still).
   */
  const book = async (
    role: 'arrive' | 'catch',
    tripId: string,
    expected: 'confirmed' | 'offered' | 'requested' = 'confirmed',
  ) => {
    const { token } = await h.riderToken(`Fahrgast ${Math.random().toString(36).slice(2, 7)}`);
    const res = await h.http
      .post('/v1/bookings')
      .set({ Authorization: `Bearer ${token}` })
      .send({
        passengers: 1,
        ...(role === 'arrive'
          ? { fromStopId: kusel, toStopId: albessen, timeKind: 'depart_at' }
          : { fromStopId: albessen, toStopId: kusel, timeKind: 'arrive_by' }),
        train: { tripId, serviceDate },
        ...(expected === 'offered' ? { confirmation: 'rider' } : {}),
      })
      .expect(201);
    expect(res.body.status).toBe(expected);
    return { id: res.body.id as string, token };
  };
  const row = async (id: string) =>
    (
      await h.ds.query(
        `SELECT status, vehicle_id, reason_code, promised_pickup_from, promised_pickup_to,
                promised_latest_arrival, train_delay_s, requested_time, offer_expires_at
           FROM bookings WHERE id = $1`,
        [id],
      )
    )[0];
  const messages = async (id: string) =>
    (await h.ds.query(
      `SELECT kind, body FROM rider_messages WHERE booking_id = $1 AND kind <> 'confirmed' ORDER BY created_at`,
      [id],
    )) as Array<{ kind: string; body: string }>;
  /**
   * Runs `run` while the worker's queue stands still (bookings made meanwhile wait for their
   * decision); `run` may let it go on early with `resume`, and it goes on in any case after.
   */
  const whileWorkerPaused = async (run: (resume: () => Promise<void>) => Promise<void>) => {
    const processor = worker.get(DispatchProcessor);
    await processor.pause();
    let paused = true;
    const resume = async () => {
      if (paused) await processor.resume();
      paused = false;
    };
    try {
      await run(resume);
    } finally {
      await resume();
    }
  };
  const expectStoredPlansHold = async () =>
    expect((await checkStoredPlans(h.ds, travel)).violations).toEqual([]);

  it('the worker schedules the poll of the configured feed', async () => {
    expect(await h.queue.hasScheduler(TRAIN_UPDATES_SCHEDULER_ID)).toBe(true);
  });

  it('a train 12 minutes late moves the pickup after it by 12 minutes, told once over 3 polls', async () => {
    const id = (await book('arrive', 'weekday-kus-0835')).id;
    const before = await row(id);
    serve({
      trip: trip('weekday-kus-0835'),
      stopTimeUpdate: [{ stopSequence: 9, stopId: '8003481:2', arrival: { delay: 720 } }],
    });
    const outcomes = [await poller.poll(), await poller.poll(), await poller.poll()];
    expect(outcomes.map((o) => (o.status === 'applied' ? o.moved : o.status))).toEqual([
      [id],
      [],
      [],
    ]);
    const after = await row(id);
    expect(after.status).toBe('confirmed');
    expect(after.train_delay_s).toBe(720);
    for (const k of ['promised_pickup_from', 'promised_pickup_to', 'promised_latest_arrival'])
      expect(after[k].getTime() - before[k].getTime()).toBe(720_000);
    const told = await messages(id);
    expect(told.map((m) => m.kind)).toEqual(['train_delayed']);
    expect(told[0].body).toContain('12 Min. Verspätung');
    // The rider's booking shows it too.
    const view = await h.http
      .get(`/v1/bookings/${id}`)
      .set({ Authorization: `Bearer ${await h.operatorToken()}` })
      .expect(200);
    expect(view.body.train).toMatchObject({ delayMin: 12, cancelled: false });
    await expectStoredPlansHold();
  });

  it('a delay no vehicle can keep (past the last shift) puts the ride at risk and says so', async () => {
    const id = (await book('arrive', 'weekday-kus-2035')).id;
    const before = await row(id);
    serve({
      trip: trip('weekday-kus-2035'),
      stopTimeUpdate: [{ stopSequence: 9, arrival: { delay: 90 * 60 } }],
    });
    const outcome = await poller.poll();
    expect(outcome).toMatchObject({ status: 'applied', moved: [], atRisk: [id] });
    const after = await row(id);
    expect([after.status, after.reason_code, after.vehicle_id]).toEqual([
      'at_risk',
      'train_delayed',
      null,
    ]);
    // The promise the office now works with follows the train.
    expect(after.promised_pickup_from.getTime() - before.promised_pickup_from.getTime()).toBe(
      90 * 60_000,
    );
    const told = await messages(id);
    expect(told.map((m) => m.kind)).toEqual(['train_delayed']);
    expect(told[0].body).toContain('Leitstelle');
    await poller.poll();
    expect(await messages(id)).toHaveLength(1);
    await expectStoredPlansHold();
  });

  it('a cancelled train puts the rides tied to it at risk and tells the riders', async () => {
    const catching = (await book('catch', 'weekday-kl-2020')).id;
    const arriving = (await book('arrive', 'weekday-kus-1835')).id;
    serve(
      { trip: trip('weekday-kl-2020', { scheduleRelationship: 3 /* CANCELED */ }) },
      {
        trip: trip('weekday-kus-1835'),
        stopTimeUpdate: [{ stopSequence: 9, scheduleRelationship: 1 }],
      },
    );
    const first = await poller.poll();
    await poller.poll();
    expect(first.status === 'applied' && first.atRisk.sort()).toEqual([catching, arriving].sort());
    for (const id of [catching, arriving]) {
      const r = await row(id);
      expect([r.status, r.reason_code, r.vehicle_id]).toEqual(['at_risk', 'train_cancelled', null]);
      const told = await messages(id);
      expect(told.map((m) => m.kind)).toEqual(['train_cancelled']);
      expect(told[0].body).toContain('fällt aus');
    }
    // The rider going to catch it hears of the next train the timetable has.
    expect((await messages(catching))[0].body).toContain(
      'Nächste Abfahrt laut Fahrplan: 21:20 Uhr',
    );
    await expectStoredPlansHold();
  });

  it('a ride not yet decided whose train is cancelled is turned down with the train as reason, never confirmed', async () => {
    // The worker's queue stands still: these bookings wait for their decision.
    await whileWorkerPaused(async (resume) => {
      const catching = (await book('catch', 'weekday-kl-1420', 'requested')).id;
      const arriving = (await book('arrive', 'weekday-kus-1535', 'requested')).id;
      serve(
        { trip: trip('weekday-kl-1420', { scheduleRelationship: 3 /* CANCELED */ }) },
        {
          trip: trip('weekday-kus-1535'),
          stopTimeUpdate: [{ stopSequence: 9, scheduleRelationship: 1 /* SKIPPED */ }],
        },
      );
      const first = await poller.poll();
      await resume();
      for (const id of [catching, arriving]) {
        let r = await row(id);
        for (let i = 0; i < 100 && r.status === 'requested'; i++) {
          await new Promise((ok) => setTimeout(ok, 200));
          r = await row(id);
        }
        expect([r.status, r.reason_code, r.vehicle_id]).toEqual([
          'rejected',
          'train_cancelled',
          null,
        ]);
        const told = (
          await h.ds.query(`SELECT kind, body FROM rider_messages WHERE booking_id = $1`, [id])
        ).map((m: { kind: string; body: string }) => [m.kind, m.body]);
        expect(told).toHaveLength(1);
        expect(told[0][0]).toBe('rejected');
        expect(told[0][1]).toContain('Ihr Zug fällt aus');
      }
      expect(first.status === 'applied' && first.rejected.sort()).toEqual(
        [catching, arriving].sort(),
      );
      // The worker's jobs found them decided; a later poll changes nothing.
      expect(await poller.poll()).toMatchObject({ status: 'applied', rejected: [], atRisk: [] });
      await expectStoredPlansHold();
    });
  });

  it('a ride booked after the poll that saw its train cancelled is refused naming train; a known delay applies from the start', async () => {
    serve(
      { trip: trip('weekday-kl-1220', { scheduleRelationship: 3 /* CANCELED */ }) },
      {
        trip: trip('weekday-kus-1235'),
        stopTimeUpdate: [{ stopSequence: 9, scheduleRelationship: 1 /* SKIPPED */ }],
      },
      {
        trip: trip('weekday-kus-1335'),
        stopTimeUpdate: [{ stopSequence: 9, arrival: { delay: 15 * 60 } }],
      },
    );
    expect(await poller.poll()).toMatchObject({ status: 'applied' });
    const { token } = await h.riderToken('Fahrgast nach der Meldung');
    for (const [role, tripId] of [
      ['catch', 'weekday-kl-1220'],
      ['arrive', 'weekday-kus-1235'],
    ]) {
      const res = await h.http
        .post('/v1/bookings')
        .set({ Authorization: `Bearer ${token}` })
        .send({
          passengers: 1,
          ...(role === 'arrive'
            ? { fromStopId: kusel, toStopId: albessen, timeKind: 'depart_at' }
            : { fromStopId: albessen, toStopId: kusel, timeKind: 'arrive_by' }),
          train: { tripId, serviceDate },
        })
        .expect(422);
      expect(res.body.errors).toEqual([
        expect.objectContaining({ field: 'train', code: 'train_cancelled' }),
      ]);
    }
    expect(
      await h.ds.query(`SELECT id FROM bookings WHERE train_trip_id IN ($1, $2)`, [
        'weekday-kl-1220',
        'weekday-kus-1235',
      ]),
    ).toEqual([]);

    // After a train the last poll saw 15 minutes late, the ride starts moved by the delay (and
    // is confirmed on it); the next poll with the same news moves nothing more.
    const lateRide = await book('arrive', 'weekday-kus-1335');
    const late = lateRide.id;
    const [b] = await h.ds.query(
      `SELECT train_delay_s, requested_time, train_scheduled_at, promised_pickup_from
         FROM bookings WHERE id = $1`,
      [late],
    );
    expect(b.train_delay_s).toBe(15 * 60);
    expect(b.requested_time.getTime()).toBe(b.train_scheduled_at.getTime() + 15 * 60_000);
    expect(b.promised_pickup_from.getTime()).toBeGreaterThanOrEqual(b.requested_time.getTime());
    expect(await poller.poll()).toMatchObject({ status: 'applied', moved: [], atRisk: [] });
    expect(await messages(late)).toEqual([]);

    // A feed that no longer lists the cancelled train says nothing against it: bookable again.
    serve();
    await poller.poll();
    const again = await book('catch', 'weekday-kl-1220');
    await expectStoredPlansHold();
    // Off the bus again, so the later cases plan as before.
    for (const r of [lateRide, again])
      await h.http
        .post(`/v1/bookings/${r.id}/cancel`)
        .set({ Authorization: `Bearer ${r.token}` })
        .send({})
        .expect(200);
  });

  it('a feed outage (500, garbage bytes) changes nothing and is logged', async () => {
    const id = (await book('arrive', 'weekday-kus-0935')).id;
    const warn = jest.spyOn(Logger.prototype, 'warn');
    const state = async () => ({
      booking: await row(id),
      messages: (await h.ds.query(`SELECT count(*)::int AS n FROM rider_messages`))[0].n,
      schedules: await h.ds.query(`SELECT id, version FROM vehicle_schedules ORDER BY id`),
    });
    const before = await state();
    try {
      for (const fail of [
        (res: ServerResponse) => {
          res.statusCode = 500;
          res.end('Internal Server Error');
        },
        (res: ServerResponse) => res.end(Buffer.from('<html>Wartungsarbeiten</html>')),
      ]) {
        respond = fail;
        const outcome = await poller.poll();
        expect(outcome.status).toBe('unavailable');
      }
      const logged = warn.mock.calls.map((c) => String(c[0]));
      expect(logged.some((l) => l.includes('HTTP 500') && l.includes('last state stands'))).toBe(
        true,
      );
      expect(logged.some((l) => l.includes('not a GTFS-Realtime feed'))).toBe(true);
    } finally {
      warn.mockRestore();
    }
    expect(await state()).toEqual(before);
  });

  it('a delay for a trip we do not know, or a late train to catch, moves nothing', async () => {
    const catching = (await book('catch', 'weekday-kl-1720')).id;
    const before = await row(catching);
    const messagesBefore = (await h.ds.query(`SELECT count(*)::int AS n FROM rider_messages`))[0].n;
    serve(
      {
        trip: trip('no-such-trip'),
        stopTimeUpdate: [{ stopSequence: 1, arrival: { delay: 900 } }],
      },
      {
        trip: trip('weekday-kl-1720'),
        stopTimeUpdate: [{ stopSequence: 1, departure: { delay: 900 } }],
      },
    );
    const outcome = await poller.poll();
    expect(outcome).toMatchObject({
      status: 'applied',
      reports: 2,
      matched: 1,
      moved: [],
      atRisk: [],
    });
    expect(await row(catching)).toEqual(before);
    expect((await h.ds.query(`SELECT count(*)::int AS n FROM rider_messages`))[0].n).toBe(
      messagesBefore,
    );
  });

  it('a late train moves an open offer (made again) and a ride not yet decided (decided on the new time)', async () => {
    const offer = await book('arrive', 'weekday-kus-1035', 'offered');
    const offerBefore = await row(offer.id);
    // The worker's queue stands still: this booking waits for its decision.
    await whileWorkerPaused(async (resume) => {
      const waiting = await book('arrive', 'weekday-kus-1035', 'requested');
      const waitingBefore = await row(waiting.id);
      serve({
        trip: trip('weekday-kus-1035'),
        stopTimeUpdate: [{ stopSequence: 9, arrival: { delay: 15 * 60 } }],
      });
      const first = await poller.poll();
      await poller.poll();
      expect(first.status === 'applied' && first.moved.sort()).toEqual(
        [offer.id, waiting.id].sort(),
      );

      // The offer follows the train and is made again: the rider gets a fresh expiry.
      const offerAfter = await row(offer.id);
      expect([offerAfter.status, offerAfter.train_delay_s]).toEqual(['offered', 900]);
      for (const k of ['promised_pickup_from', 'promised_pickup_to', 'promised_latest_arrival'])
        expect(offerAfter[k].getTime() - offerBefore[k].getTime()).toBe(900_000);
      expect(offerAfter.offer_expires_at.getTime()).toBeGreaterThan(
        offerBefore.offer_expires_at.getTime(),
      );
      const told = await messages(offer.id);
      expect(told.map((m) => m.kind)).toEqual(['train_delayed']);
      expect(told[0].body).toContain('15 Min. Verspätung');
      await h.http
        .post(`/v1/bookings/${offer.id}/accept`)
        .set({ Authorization: `Bearer ${offer.token}` })
        .expect(200);
      const accepted = await row(offer.id);
      expect(accepted.status).toBe('confirmed');
      expect(accepted.promised_pickup_from).toEqual(offerAfter.promised_pickup_from);

      // The undecided one is decided against the train's new arrival, not the timetable's.
      expect(
        (await row(waiting.id)).requested_time.getTime() - waitingBefore.requested_time.getTime(),
      ).toBe(900_000);
      await resume();
      let decided = await row(waiting.id);
      for (let i = 0; i < 100 && decided.status === 'requested'; i++) {
        await new Promise((r) => setTimeout(r, 200));
        decided = await row(waiting.id);
      }
      expect(decided.status).toBe('confirmed');
      expect(decided.promised_pickup_from.getTime()).toBeGreaterThanOrEqual(
        waitingBefore.requested_time.getTime() + 900_000,
      );
      // Its confirmation tells the new window; the next poll moves nothing more.
      expect((await messages(waiting.id)).map((m) => m.kind)).toEqual([]);
      const again = await poller.poll();
      expect(again).toMatchObject({ status: 'applied', moved: [], atRisk: [] });
      await expectStoredPlansHold();
    });
  });

  it('a cancellation the feed withdraws puts the rides back on a vehicle and tells the riders', async () => {
    const catching = (await book('catch', 'weekday-kl-1120')).id;
    const arriving = (await book('arrive', 'weekday-kus-1135')).id;
    const before = await row(arriving);
    const cancelled = [
      { trip: trip('weekday-kl-1120', { scheduleRelationship: 3 /* CANCELED */ }) },
      {
        trip: trip('weekday-kus-1135'),
        stopTimeUpdate: [{ stopSequence: 9, scheduleRelationship: 1 /* SKIPPED */ }],
      },
    ];
    serve(...cancelled);
    expect(await poller.poll()).toMatchObject({ status: 'applied' });
    expect((await row(catching)).status).toBe('at_risk');
    expect((await row(arriving)).status).toBe('at_risk');

    // Back to SCHEDULED: one with no times, one running 6 minutes late.
    serve(
      { trip: trip('weekday-kl-1120') },
      {
        trip: trip('weekday-kus-1135'),
        stopTimeUpdate: [{ stopSequence: 9, arrival: { delay: 360 } }],
      },
    );
    const restored = await poller.poll();
    await poller.poll();
    expect(restored.status === 'applied' && restored.restored.sort()).toEqual(
      [catching, arriving].sort(),
    );
    for (const id of [catching, arriving]) {
      const r = await row(id);
      expect([r.status, r.reason_code]).toEqual(['confirmed', null]);
      expect(r.vehicle_id).not.toBeNull();
      const told = await messages(id);
      expect(told.map((m) => m.kind)).toEqual(['train_cancelled', 'train_restored']);
      expect(told[1].body).toContain('fährt doch');
      expect(told[1].body).toContain('findet statt');
    }
    // The ride after the train follows its delay now.
    const after = await row(arriving);
    expect(after.promised_pickup_from.getTime() - before.promised_pickup_from.getTime()).toBe(
      360_000,
    );
    expect((await messages(arriving))[1].body).toContain('etwa 6 Min. später');
    const view = await h.http
      .get(`/v1/bookings/${catching}`)
      .set({ Authorization: `Bearer ${await h.operatorToken()}` })
      .expect(200);
    expect(view.body.train).toMatchObject({ cancelled: false });
    await expectStoredPlansHold();

    // Cancelled once more: at risk again, and told again.
    serve(...cancelled);
    await poller.poll();
    expect((await row(catching)).status).toBe('at_risk');
    expect((await messages(catching)).map((m) => m.kind)).toEqual([
      'train_cancelled',
      'train_restored',
      'train_cancelled',
    ]);
    await expectStoredPlansHold();
  });

  it('a withdrawn cancellation no vehicle can take back (the train now 150 min late) stays with the office, told once', async () => {
    const id = (await book('arrive', 'weekday-kus-1935')).id;
    const before = await row(id);
    serve({
      trip: trip('weekday-kus-1935'),
      stopTimeUpdate: [{ stopSequence: 9, scheduleRelationship: 1 /* SKIPPED */ }],
    });
    await poller.poll();
    expect((await row(id)).reason_code).toBe('train_cancelled');
    serve({
      trip: trip('weekday-kus-1935'),
      stopTimeUpdate: [{ stopSequence: 9, arrival: { delay: 150 * 60 } }],
    });
    const outcome = await poller.poll();
    await poller.poll();
    expect(outcome).toMatchObject({ status: 'applied', restored: [id], moved: [], atRisk: [] });
    const after = await row(id);
    expect([after.status, after.reason_code, after.vehicle_id]).toEqual([
      'at_risk',
      'train_restored',
      null,
    ]);
    expect(after.promised_pickup_from.getTime() - before.promised_pickup_from.getTime()).toBe(
      150 * 60_000,
    );
    const told = await messages(id);
    expect(told.map((m) => m.kind)).toEqual(['train_cancelled', 'train_restored']);
    expect(told[1].body).toContain('fährt doch, etwa 150 Min. später');
    expect(told[1].body).toContain('weiter gefährdet');
    const listed = await h.http
      .get('/v1/admin/bookings/at-risk')
      .set({ Authorization: `Bearer ${await h.operatorToken()}` })
      .expect(200);
    expect(listed.body).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          id,
          reason: expect.objectContaining({ code: 'train_restored' }),
        }),
      ]),
    );
    await expectStoredPlansHold();
  });
  it('a ride booked 30 min after its train arrives moves only by the delay past that time: not for 15 min, 10 min for 40 min', async () => {
    // The 16:35 from Kaiserslautern arrives in Kusel at 17:39; the ride was booked for 18:09
    // (another time taken after a rejection, the train kept).
    const arrival = nextWeekdayAt('17:39');
    const bookLater = async () => {
      const { token } = await h.riderToken(`Fahrgast ${Math.random().toString(36).slice(2, 7)}`);
      const res = await h.http
        .post('/v1/bookings')
        .set({ Authorization: `Bearer ${token}` })
        .send({
          passengers: 1,
          fromStopId: kusel,
          toStopId: albessen,
          timeKind: 'depart_at',
          time: new Date(arrival.getTime() + 30 * 60_000).toISOString(),
          train: { tripId: 'weekday-kus-1635', serviceDate },
        })
        .expect(201);
      expect(res.body.status).toBe('confirmed');
      return { id: res.body.id as string, token };
    };
    const ride = await bookLater();
    const before = await row(ride.id);
    expect(before.requested_time.getTime()).toBe(arrival.getTime() + 30 * 60_000);
    const late = (min: number) =>
      serve({
        trip: trip('weekday-kus-1635'),
        stopTimeUpdate: [{ stopSequence: 9, arrival: { delay: min * 60 } }],
      });

    // 15 minutes late (17:54): the rider still is not there before 18:09; nothing moves.
    late(15);
    expect(await poller.poll()).toMatchObject({ status: 'applied', moved: [], atRisk: [] });
    const at15 = await row(ride.id);
    for (const k of ['promised_pickup_from', 'promised_pickup_to', 'promised_latest_arrival'])
      expect(at15[k]).toEqual(before[k]);
    expect(await messages(ride.id)).toEqual([]);

    // 40 minutes late (18:19): 10 minutes past the booked time, so the ride moves by 10, not 40.
    late(40);
    const moved = [await poller.poll(), await poller.poll()];
    expect(moved.map((o) => (o.status === 'applied' ? o.moved : o.status))).toEqual([
      [ride.id],
      [],
    ]);
    const at40 = await row(ride.id);
    expect([at40.status, at40.train_delay_s]).toEqual(['confirmed', 40 * 60]);
    for (const k of ['promised_pickup_from', 'promised_pickup_to', 'promised_latest_arrival'])
      expect(at40[k].getTime() - before[k].getTime()).toBe(10 * 60_000);
    const told = await messages(ride.id);
    expect(told.map((m) => m.kind)).toEqual(['train_delayed']);
    expect(told[0].body).toContain('40 Min. Verspätung');

    // Booked after the poll that saw it 40 minutes late: it starts at 18:19, not 18:49, and the
    // next poll moves neither ride.
    const afterPoll = await bookLater();
    const fresh = await row(afterPoll.id);
    expect(fresh.requested_time.getTime()).toBe(arrival.getTime() + 40 * 60_000);
    expect(fresh.train_delay_s).toBe(40 * 60);
    expect(await poller.poll()).toMatchObject({ status: 'applied', moved: [], atRisk: [] });
    expect(await messages(afterPoll.id)).toEqual([]);
    await expectStoredPlansHold();
  });
});
