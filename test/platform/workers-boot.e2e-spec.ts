import { BookingEntity } from '@app/persistence';
import { INestApplication } from '@nestjs/common';
import { io } from 'socket.io-client';
import request from 'supertest';
import { createDispatchWorker } from '../../apps/dispatch-worker/src/bootstrap';
import { DispatchProcessor } from '../../apps/dispatch-worker/src/dispatch.processor';
import { RequestedBookingsSweeper } from '@app/application';
import { DispatchJob } from '@app/contracts';
import { createRealtimeGateway } from '../../apps/realtime-gateway/src/bootstrap';
import { BookingApiHarness, nextWeekdayAt, startBookingApi } from '../support/booking-api-harness';
import {
  confirmedBooking,
  oneRideStops,
  publishSchedule,
  vehicleOnShift,
} from '../realtime/realtime-harness';

describe('dispatch worker and realtime gateway boot and connect', () => {
  let h: BookingApiHarness;
  let worker: INestApplication;
  let gateway: INestApplication;
  let gatewayUrl: string;

  beforeAll(async () => {
    h = await startBookingApi();
    worker = await createDispatchWorker(h.config);
    await worker.init();
    gateway = await createRealtimeGateway(h.config);
    await gateway.listen(0, '127.0.0.1');
    gatewayUrl = await gateway.getUrl();
  });
  afterAll(async () => {
    await gateway?.close();
    await worker?.close();
    await h.close();
  });

  it('both report their database and Redis as up', async () => {
    for (const app of [worker, gateway]) {
      const res = await request(app.getHttpServer()).get('/health').expect(200);
      expect(res.body.info).toMatchObject({
        database: { status: 'up' },
        redis: { status: 'up' },
      });
    }
  });

  it('the worker re-enqueues a requested booking whose queue job was lost, and the release of a cancelled one', async () => {
    const processor = worker.get(DispatchProcessor);
    await processor.pause(); // keep the job on the queue for this test
    const { token } = await h.riderToken();
    const res = await h.http
      .post('/v1/bookings')
      .set('Authorization', `Bearer ${token}`)
      .send({
        fromStopId: h.stop('ags-07336002'),
        toStopId: h.stop('eva-8003481'),
        timeKind: 'depart_at',
        time: nextWeekdayAt('08:00').toISOString(),
        passengers: 1,
      })
      .expect(201);
    // as if the API had crashed between its commit and the enqueue
    await h.queue.removeJob(DispatchJob.assignBooking, res.body.id);
    await h.ds
      .getRepository(BookingEntity)
      .update({ id: res.body.id }, { createdAt: new Date(Date.now() - 60_000) });
    const sweeper = worker.get(RequestedBookingsSweeper);
    expect(await sweeper.sweep()).toBe(1);
    expect(await h.queue.findJob(DispatchJob.assignBooking, res.body.id)).toMatchObject({
      payload: { bookingId: res.body.id },
    });
    expect(await sweeper.sweep()).toBe(0);

    // Cancelled while Redis was away and its release job lost: the seat would stay held.
    const [shift] = await h.ds.query(
      `SELECT id, vehicle_id FROM shifts WHERE ends_at > now() ORDER BY starts_at LIMIT 1`,
    );
    const at = nextWeekdayAt('08:05').toISOString();
    await h.ds.query(
      `INSERT INTO vehicle_schedules (shift_id, vehicle_id, stops, version) VALUES ($1, $2, $3::jsonb, 1)
       ON CONFLICT (shift_id) DO UPDATE SET stops = EXCLUDED.stops`,
      [
        shift.id,
        shift.vehicle_id,
        JSON.stringify([
          {
            stopId: h.stop('ags-07336002'),
            plannedArrivalAt: at,
            plannedDepartureAt: at,
            pickups: [res.body.id],
            dropoffs: [],
            load: { seats: 1, wheelchairPlaces: 0 },
          },
        ]),
      ],
    );
    await h.ds.query(`UPDATE bookings SET status = 'cancelled' WHERE id = $1`, [res.body.id]);
    await h.queue.removeJob(DispatchJob.assignBooking, res.body.id);
    expect(await sweeper.sweepReleases()).toBe(1);
    expect(await h.queue.hasOpenJob(DispatchJob.releaseBooking, res.body.id)).toBe(true);
    expect(await sweeper.sweepReleases()).toBe(0);
    await processor.resume();
  });

  it('the worker re-queues the lost release of an offer expired as the bus left its pickup stop', async () => {
    const processor = worker.get(DispatchProcessor);
    await processor.pause(); // keep the job on the queue for this test
    try {
      const v = await vehicleOnShift(h);
      const { riderId } = await h.riderToken();
      const offer = await confirmedBooking(h, riderId, v.vehicleId);
      const stops = oneRideStops(offer, h.stop('ags-07336002'), h.stop('eva-8003481'));
      stops[0].departedAt = new Date().toISOString();
      await publishSchedule(h, v, stops);
      // expired with the departure while Redis was away: only its drop-off is still ahead
      await h.ds.query(`UPDATE bookings SET status = 'expired' WHERE id = $1`, [offer]);
      const sweeper = worker.get(RequestedBookingsSweeper);
      expect(await sweeper.sweepReleases()).toBe(1);
      expect(await h.queue.hasOpenJob(DispatchJob.releaseBooking, offer)).toBe(true);
      expect(await sweeper.sweepReleases()).toBe(0);
    } finally {
      await processor.resume();
    }
  });

  it('the gateway accepts a valid token at the handshake and refuses a missing one', async () => {
    const { token } = await h.riderToken();
    const good = io(gatewayUrl, {
      auth: { token },
      transports: ['websocket'],
      reconnection: false,
    });
    await new Promise<void>((resolve, reject) => {
      good.on('connect', () => setTimeout(resolve, 100));
      good.on('connect_error', reject);
    });
    expect(good.connected).toBe(true);
    good.close();

    const bad = io(gatewayUrl, { transports: ['websocket'], reconnection: false });
    const error = await new Promise<{ code: string }>((resolve) => bad.on('error', resolve));
    expect(error.code).toBe('unauthorized');
    await new Promise((r) => setTimeout(r, 100));
    expect(bad.connected).toBe(false);
    bad.close();
  });
});
