import { loadMunicipalities, loadRailStations } from '@app/kusel-data';
import { OsrmRoutingAdapter, RunningRouterServer, startRouterServer } from '@app/routing';
import {
  buildTravelMatrix,
  DEFAULT_SIM_RULES,
  generateDay,
  kuselPlaces,
  runDay,
  type SimVehicle,
} from '@app/simulation';
import { INestApplication } from '@nestjs/common';
import { createDispatchWorker } from '../../apps/dispatch-worker/src/bootstrap';
import { BookingApiHarness, nextWeekdayAt, startBookingApi } from '../support/booking-api-harness';

/**
 * The faithful twin: a short generated morning booked through the booking API and decided by
 * the real dispatch worker (PostgreSQL, Redis, the routing server), and the same morning replayed
 * in-process by the day replay over the same fleet and road network. Both run the one dispatch
 * policy, so each request gets the same answer, the same vehicle and the same promise.
 */
describe('day replay and dispatch worker decide alike', () => {
  let router: RunningRouterServer;
  let h: BookingApiHarness;
  let worker: INestApplication;

  beforeAll(async () => {
    router = await startRouterServer({
      osmFile: 'data/osm/kusel-synthetic.osm',
      port: 0,
      host: '127.0.0.1',
      maxTableSize: 1000,
    });
    h = await startBookingApi({
      OSRM_URL: router.url,
      BOOKING_DECISION_WAIT_MS: '10000',
      DISPATCH_CONCURRENCY: '1',
    });
    worker = await createDispatchWorker(h.config);
    await worker.init();
  }, 120_000);

  afterAll(async () => {
    await worker?.close();
    await h?.close();
    await router?.close();
  });

  it('gives each request of a short morning the same answer, vehicle and promise', async () => {
    const places = kuselPlaces(loadMunicipalities(), loadRailStations());
    // Booked the evening before, one after the other: nothing drives between the decisions.
    const morning = generateDay(places, { seed: 11 })
      .filter((r) => r.timeS >= 6 * 3600 && r.timeS < 9 * 3600)
      .slice(0, 24)
      .map((r, i) => ({ ...r, bookedAtS: -7200 + i, cancelAtS: null, noShow: false }));
    const dayStart = nextWeekdayAt('00:00');
    const at = (s: number) => new Date(dayStart.getTime() + s * 1000);

    const worker: Array<{
      id: string;
      status: string;
      vehicle: string | null;
      pickupFromS: number | null;
    }> = [];
    for (const r of morning) {
      // Each request by its rider, as in the day replay (a rider holds one ride at a time).
      const { token } = await h.riderToken();
      const res = await h.http
        .post('/v1/bookings')
        .set({ Authorization: `Bearer ${token}` })
        .send({
          fromStopId: h.stop(r.fromCode),
          toStopId: h.stop(r.toCode),
          timeKind: r.timeKind,
          time: at(r.timeS).toISOString(),
          passengers: r.passengers,
          wheelchairPlaces: r.wheelchairPlaces,
        })
        .expect(201);
      const [v] = res.body.vehicleId
        ? await h.ds.query(`SELECT call_sign FROM vehicles WHERE id = $1`, [res.body.vehicleId])
        : [null];
      worker.push({
        id: r.id,
        status: res.body.status,
        vehicle: v?.call_sign ?? null,
        pickupFromS: res.body.promise
          ? Math.round((Date.parse(res.body.promise.pickupFrom) - dayStart.getTime()) / 1000)
          : null,
      });
    }

    // The same fleet as the worker sees it: one replay vehicle per shift, in the worker's order.
    const rows: Array<{
      call_sign: string;
      seats: number;
      wheelchair_places: number;
      depot: string;
      starts_at: Date;
      ends_at: Date;
    }> = await h.ds.query(
      `SELECT v.call_sign, v.seats, v.wheelchair_places, st.code AS depot, s.starts_at, s.ends_at
         FROM shifts s JOIN vehicles v ON v.id = s.vehicle_id
         JOIN stops st ON st.id = v.home_depot_stop_id
        WHERE s.starts_at >= $1 AND s.starts_at < $2 AND s.cancelled_at IS NULL AND v.active
        ORDER BY s.starts_at, s.id`,
      [dayStart, at(86_400)],
    );
    const fleet: SimVehicle[] = rows.map((s, i) => ({
      id: `s${i}`,
      callSign: s.call_sign,
      seats: s.seats,
      wheelchairPlaces: s.wheelchair_places,
      depotCode: s.depot,
      shifts: [
        {
          startS: (s.starts_at.getTime() - dayStart.getTime()) / 1000,
          endS: (s.ends_at.getTime() - dayStart.getTime()) / 1000,
        },
      ],
    }));
    const matrix = await buildTravelMatrix(places, new OsrmRoutingAdapter({ baseUrl: router.url }));
    const replay = runDay(morning, fleet, matrix, { rules: DEFAULT_SIM_RULES, cadence: null });
    const twin = replay.rides.map((r) => ({
      id: r.id,
      status: r.outcome === 'planned' || r.outcome === 'served' ? 'confirmed' : 'rejected',
      vehicle: r.vehicleId,
      pickupFromS: r.promise ? Math.round(r.promise.pickupFromS) : null,
    }));
    expect(worker.filter((w) => w.status === 'confirmed').length).toBeGreaterThan(10);
    expect(twin).toEqual(worker);
  }, 180_000);
});
