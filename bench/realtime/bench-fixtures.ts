import { TokenService } from '@app/auth';
import { seedKusel } from '@app/kusel-data';
import { createDataSource, runMigrationsLocked, ScheduledStopRecord } from '@app/persistence';
import { Client } from 'pg';

export interface BenchFleet {
  countyId: string;
  vehicles: Array<{ id: string; driverToken: string; from: LatLon; to: LatLon }>;
  riderTokens: string[];
  officeTokens: string[];
}

interface LatLon {
  lat: number;
  lon: number;
}

/**
 * A fresh benchmark database: migrations, the Kusel seed, then `vehicles` extra vehicles with a
 * driver and a shift running now, `riders` riders each with a confirmed booking on one of them
 * (round robin), and a schedule per vehicle, so ETAs are computed as in service.
 */
export async function prepareFleet(
  databaseUrl: string,
  jwtSecret: string,
  counts: { vehicles: number; riders: number; offices: number },
): Promise<BenchFleet> {
  await ensureDatabase(databaseUrl);
  const ds = createDataSource(databaseUrl);
  await ds.initialize();
  try {
    await runMigrationsLocked(ds);
    await ds.query(
      `TRUNCATE ${ds.entityMetadatas.map((m) => `"${m.tableName}"`).join(', ')} RESTART IDENTITY CASCADE`,
    );
    const seed = await seedKusel(ds, { days: 1 });
    const stops = (await ds.query(
      `SELECT id, lat, lon, is_main_hub FROM stops WHERE county_id = $1 ORDER BY code`,
      [seed.countyId],
    )) as Array<{ id: string; lat: number; lon: number; is_main_hub: boolean }>;
    const hub = stops.find((s) => s.is_main_hub)!;
    const villages = stops.filter((s) => !s.is_main_hub);
    const ids = async (sql: string, params: unknown[]) =>
      ((await ds.query(sql, params)) as Array<{ id: string }>).map((r) => r.id);

    const vehicleIds = await ids(
      `INSERT INTO vehicles (county_id, call_sign, seats, wheelchair_places, home_depot_stop_id)
       SELECT $1, 'BENCH-' || lpad(g::text, 4, '0'), 8, 1, $2 FROM generate_series(1, $3) g
       RETURNING id`,
      [seed.countyId, hub.id, counts.vehicles],
    );
    const driverIds = await ids(
      `INSERT INTO drivers (county_id, name)
       SELECT $1, 'Bench-Fahrer/in ' || g FROM generate_series(1, $2) g RETURNING id`,
      [seed.countyId, counts.vehicles],
    );
    const shiftIds = await ids(
      `INSERT INTO shifts (vehicle_id, driver_id, starts_at, ends_at)
       SELECT v, d, now() - interval '1 hour', now() + interval '3 hours'
         FROM unnest($1::uuid[], $2::uuid[]) AS t(v, d) RETURNING id`,
      [vehicleIds, driverIds],
    );
    const riderIds = await ids(
      `INSERT INTO riders (county_id, name, needs)
       SELECT $1, 'Bench-Fahrgast ' || g, CASE WHEN g % 7 = 0 THEN '{walking_aid}'::varchar[] ELSE '{}' END
         FROM generate_series(1, $2) g RETURNING id`,
      [seed.countyId, counts.riders],
    );
    const fromOf = (i: number) => villages[i % villages.length];
    const bookingIds = await ids(
      `INSERT INTO bookings (rider_id, service_area_id, from_stop_id, to_stop_id, time_kind, requested_time,
         passengers, wheelchair_places, status, promised_pickup_from, promised_pickup_to,
         promised_latest_arrival, vehicle_id, channel, created_by, version)
       SELECT r, $2, f, $3, 'depart_at', now() + interval '20 minutes', 1, 0, 'confirmed',
         now() + interval '20 minutes', now() + interval '35 minutes', now() + interval '90 minutes',
         v, 'rider', r::text, 1
         FROM unnest($1::uuid[], $4::uuid[], $5::uuid[]) AS t(r, f, v) RETURNING id`,
      [
        riderIds,
        seed.serviceAreaId,
        hub.id,
        riderIds.map((_, i) => fromOf(i).id),
        riderIds.map((_, i) => vehicleIds[i % vehicleIds.length]),
      ],
    );
    const t0 = Date.now();
    const iso = (min: number) => new Date(t0 + min * 60_000).toISOString();
    for (let v = 0; v < vehicleIds.length; v++) {
      const mine = bookingIds
        .map((id, i) => ({ id, i }))
        .filter(({ i }) => i % vehicleIds.length === v);
      const stopsOfPlan: ScheduledStopRecord[] = mine.map(({ id, i }, k) => ({
        stopId: fromOf(i).id,
        plannedArrivalAt: iso(20 + 4 * k),
        plannedDepartureAt: iso(21 + 4 * k),
        pickups: [id],
        dropoffs: [],
        load: { seats: k + 1, wheelchairPlaces: 0 },
      }));
      stopsOfPlan.push({
        stopId: hub.id,
        plannedArrivalAt: iso(30 + 4 * mine.length),
        plannedDepartureAt: iso(31 + 4 * mine.length),
        pickups: [],
        dropoffs: mine.map((m) => m.id),
        load: { seats: 0, wheelchairPlaces: 0 },
      });
      await ds.query(
        `INSERT INTO vehicle_schedules (vehicle_id, shift_id, stops, version) VALUES ($1, $2, $3, 1)`,
        [vehicleIds[v], shiftIds[v], JSON.stringify(stopsOfPlan)],
      );
    }

    const tokens = new TokenService({
      keys: [{ kid: 'default', secret: jwtSecret }],
      activeKid: 'default',
      accessTtlS: 3600,
    });
    const countyId = seed.countyId;
    return {
      countyId,
      vehicles: vehicleIds.map((id, v) => ({
        id,
        driverToken: tokens.sign({ sub: driverIds[v], role: 'driver', countyId }),
        from: fromOf(v),
        to: hub,
      })),
      riderTokens: riderIds.map((sub) => tokens.sign({ sub, role: 'rider', countyId })),
      officeTokens: Array.from({ length: counts.offices }, (_, i) =>
        tokens.sign({ sub: `office-${i}`, role: 'operator', countyId }),
      ),
    };
  } finally {
    await ds.destroy();
  }
}

async function ensureDatabase(url: string): Promise<void> {
  const u = new URL(url);
  const name = u.pathname.slice(1);
  u.pathname = '/postgres';
  const c = new Client({ connectionString: u.toString() });
  await c.connect();
  try {
    const { rowCount } = await c.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (!rowCount) await c.query(`CREATE DATABASE "${name}"`);
  } finally {
    await c.end();
  }
}
