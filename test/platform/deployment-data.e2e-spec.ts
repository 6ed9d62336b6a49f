import { DataRetentionService } from '@app/application';
import { seedKusel } from '@app/kusel-data';
import { INestApplication } from '@nestjs/common';
import { createDispatchWorker } from '../../apps/dispatch-worker/src/bootstrap';
import { BookingApiHarness, startBookingApi } from '../support/booking-api-harness';
import { truncateAll } from '../support/test-db';

/**
 * Issue 12, what production holds: the county seed without demo data unless asked for, the road
 * map drawn from the configured road data (the extract OSRM routes on), and positions and sent
 * messages' phone numbers removed after their retention period (DSGVO).
 */
describe('deployment data: seed, road map, retention', () => {
  let h: BookingApiHarness;
  let worker: INestApplication;

  beforeAll(async () => {
    h = await startBookingApi({
      ROUTER_OSM_FILE: 'data/osm/zweibruecken-roads.osm',
      POSITION_RETENTION_DAYS: '30',
      MESSAGE_PHONE_RETENTION_DAYS: '7',
    });
    worker = await createDispatchWorker(h.config);
    await worker.init();
  }, 60_000);

  afterAll(async () => {
    await worker?.close();
    await h?.close();
  });

  it('draws the road map from ROUTER_OSM_FILE, not always the synthetic network', async () => {
    const res = await h.http.get('/v1/web/road-network').expect(200);
    const lats = res.body.features.flatMap((f: { geometry: { coordinates: number[][] } }) =>
      f.geometry.coordinates.map(([, lat]) => lat),
    );
    expect(lats.length).toBeGreaterThan(1000);
    // Zweibrücken's real OSM roads (49.19–49.32 N), south of Kusel's villages (49.39–49.69 N).
    expect(Math.max(...lats)).toBeLessThan(49.33);
  });

  it('loads reference data only unless the demo fleet is asked for', async () => {
    await truncateAll(h.ds);
    const s = await seedKusel(h.ds, { demoFleet: false });
    expect(s).toMatchObject({ villages: 98, stations: 14, vehicles: 0, drivers: 0, shifts: 0 });
    const count = async (t: string) =>
      Number((await h.ds.query(`SELECT count(*) FROM ${t}`))[0].count);
    expect(await count('stops')).toBe(112);
    expect(await count('service_areas')).toBe(1);
    expect(await count('vehicles')).toBe(0);
    expect(await count('drivers')).toBe(0);
    expect(await count('shifts')).toBe(0);
    const demo = await seedKusel(h.ds, { days: 2 });
    expect(demo.vehicles).toBe(10);
  });

  it('deletes old positions and clears phone numbers of old sent messages, keeps the rest', async () => {
    const [{ id: vehicleId }] = await h.ds.query(`SELECT id FROM vehicles LIMIT 1`);
    const [{ id: driverId }] = await h.ds.query(`SELECT id FROM drivers LIMIT 1`);
    const day = 24 * 3600 * 1000;
    for (const ageDays of [31, 29]) {
      await h.ds.query(
        `INSERT INTO vehicle_track_points (vehicle_id, driver_id, recorded_at, lat, lon) VALUES ($1, $2, $3, 49.5, 7.4)`,
        [vehicleId, driverId, new Date(Date.now() - ageDays * day)],
      );
    }
    const { riderId } = await h.riderToken();
    for (const [ageDays, status] of [
      [8, 'sent'],
      [8, 'pending'],
      [6, 'sent'],
    ] as const) {
      await h.ds.query(
        `INSERT INTO rider_messages (event_id, rider_id, kind, channel, language, phone, body, status, created_at)
         VALUES ($1, $2, 'confirmed', 'sms', 'de', '+4915123456789', 'Ihre Fahrt', $3, $4)`,
        [`retention.${ageDays}.${status}`, riderId, status, new Date(Date.now() - ageDays * day)],
      );
    }
    const swept = await worker.get(DataRetentionService).sweep();
    expect(swept).toEqual({ positions: 1, messagePhones: 1 });
    const points = await h.ds.query(`SELECT recorded_at FROM vehicle_track_points`);
    expect(points).toHaveLength(1);
    const phones = await h.ds.query(`SELECT event_id, phone FROM rider_messages ORDER BY event_id`);
    expect(phones).toEqual([
      { event_id: 'retention.6.sent', phone: '+4915123456789' },
      { event_id: 'retention.8.pending', phone: '+4915123456789' },
      { event_id: 'retention.8.sent', phone: null },
    ]);
  });
});
