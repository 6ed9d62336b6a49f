import { BookingEtaMessage, WsEvent } from '@app/contracts';
import { addCounty } from '@app/kusel-data';
import { ServiceAreaEntity } from '@app/persistence';
import { EmbeddedRoutingAdapter } from '@app/routing';
import { INestApplication } from '@nestjs/common';
import { BookingApiHarness, startBookingApi } from '../support/booking-api-harness';
import { ZWEIBRUECKEN_BOX, ZWEIBRUECKEN_OSM, ZWEIBRUECKEN_TRIP as ZW } from '../support/road-files';
import {
  connect,
  oneRideStops,
  position,
  publishSchedule,
  startGateway,
  TestClient,
  VehicleOnShift,
} from './realtime-harness';

/**
 * A county with its own road file (`county:add --osm FILE`) beside Kusel on the installation's
 * file: the realtime gateway computes the ETAs of that county's vehicles on its roads, as the
 * booking API and the dispatch worker plan them, not on the shared file.
 */
describe("realtime gateway: ETAs on a county's own road file", () => {
  let h: BookingApiHarness;
  let gateway: INestApplication;
  let url: string;
  let own: EmbeddedRoutingAdapter;
  let countyId: string;
  let serviceAreaId: string;
  const clients: TestClient[] = [];

  beforeAll(async () => {
    h = await startBookingApi();
    const kl = await addCounty(h.ds, {
      ags: '07335',
      name: 'Landkreis Kaiserslautern',
      municipalitiesFile: 'data/kaiserslautern/municipalities.csv',
      stationsFile: 'data/kaiserslautern/rail_stations.csv',
      osmFile: ZWEIBRUECKEN_OSM,
    });
    await h.ds
      .getRepository(ServiceAreaEntity)
      .update({ id: kl.serviceAreaId }, { geometry: ZWEIBRUECKEN_BOX });
    countyId = kl.countyId;
    serviceAreaId = kl.serviceAreaId;
    own = await EmbeddedRoutingAdapter.fromOsmFile(ZWEIBRUECKEN_OSM);
    // Started after the county came: it looks the road files up as it starts.
    ({ app: gateway, url } = await startGateway(h.config));
  }, 90_000);
  afterAll(async () => {
    clients.forEach((c) => c.close());
    await gateway?.close();
    await h?.close();
  });
  /** Two stops of the county at the two places of the Zweibrücken trip. */
  const stops = async () => {
    const ids: string[] = [];
    for (const [i, p] of ZW.entries()) {
      const [s] = await h.ds.query(
        `INSERT INTO stops (county_id, code, name, search_key, kind, lat, lon)
         VALUES ($1, $2, $3, $3, 'village', $4, $5) RETURNING id`,
        [countyId, `zw-${i}`, `Zweibrücken ${i}`, p.lat, p.lon],
      );
      ids.push(s.id);
    }
    return ids;
  };

  /** A token of the county (two are served: the county key is needed). */
  const devToken = async (body: Record<string, string>) =>
    (
      await h.http
        .post('/v1/dev/tokens')
        .send({ ...body, countyCode: '07335' })
        .expect(201)
    ).body as { token: string; subject: string };

  /** A vehicle, driver and running shift of the county. */
  const vehicleOnShift = async (depot: string): Promise<VehicleOnShift> => {
    const [v] = await h.ds.query(
      `INSERT INTO vehicles (county_id, call_sign, seats, wheelchair_places, home_depot_stop_id)
       VALUES ($1, 'KL-1', 8, 1, $2) RETURNING id`,
      [countyId, depot],
    );
    const [d] = await h.ds.query(
      `INSERT INTO drivers (county_id, name) VALUES ($1, 'Fahrer/in KL') RETURNING id`,
      [countyId],
    );
    const [s] = await h.ds.query(
      `INSERT INTO shifts (vehicle_id, driver_id, starts_at, ends_at)
       VALUES ($1, $2, now() - interval '1 hour', now() + interval '6 hours') RETURNING id`,
      [v.id, d.id],
    );
    const { token } = await devToken({ role: 'driver', subject: d.id });
    return { vehicleId: v.id, driverId: d.id, shiftId: s.id, token };
  };

  it("gives the rider a pickup ETA driven on the county's roads", async () => {
    const [start, pickup] = await stops();
    const v = await vehicleOnShift(start);
    const rider = await devToken({ role: 'rider', name: 'Klara' });
    const [b] = await h.ds.query(
      `INSERT INTO bookings (rider_id, service_area_id, from_stop_id, to_stop_id, time_kind,
         requested_time, passengers, wheelchair_places, status, promised_pickup_from,
         promised_pickup_to, promised_latest_arrival, vehicle_id, channel, created_by, version)
       VALUES ($1, $2, $3, $4, 'depart_at', now() + interval '10 minutes', 1, 0, 'confirmed',
         now() + interval '10 minutes', now() + interval '25 minutes',
         now() + interval '60 minutes', $5, 'rider', $6, 1) RETURNING id`,
      [rider.subject, serviceAreaId, pickup, start, v.vehicleId, rider.subject],
    );
    await publishSchedule(h, v, oneRideStops(b.id, pickup, start));
    const riderC = await connect(url, rider.token);
    const driver = await connect(url, v.token);
    clients.push(riderC, driver);

    expect(await driver.request(WsEvent.vehiclePosition, position(ZW[0].lat, ZW[0].lon))).toEqual(
      expect.objectContaining({ ok: true }),
    );
    const eta = await riderC.waitFor<BookingEtaMessage>(WsEvent.eta, (e) => e.bookingId === b.id);
    expect(eta.method).toBe('routing');
    // The vehicle stands where the trip starts, the pickup is where it ends: the ETA is the
    // drive the county's roads give (the shared file has no road there).
    const legS = (await own.table([ZW[0]], [ZW[1]])).durationsS[0][0]!;
    expect(legS).toBeGreaterThan(60);
    expect(Date.parse(eta.pickupAt!) - Date.parse(eta.computedAt)).toBeCloseTo(legS * 1000, -1);
  });
});
