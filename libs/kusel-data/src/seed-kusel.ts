import {
  expandRoster,
  rosterAskOf,
  OperatingHours,
  RosterEntry,
  RosterException,
  toLocalTime,
  Weekday,
  WEEKDAYS,
} from '@app/domain';
import { DataSource, EntityManager } from 'typeorm';
import { DEFAULT_HOURS, importCounty } from './county-import';
import { loadMunicipalities, loadRailStations } from './kusel-data';

export const KUSEL_COUNTY_CODE = '07336';
export const KUSEL_TZ = 'Europe/Berlin';
export const MAIN_HUB_CODE = 'eva-8003481'; // Bahnhof Kusel

export const KUSEL_HOURS: OperatingHours = DEFAULT_HOURS;

/** Demo fleet: 10 eight-seat minibuses, 3 with a wheelchair place, at four depots. */
const FLEET: Array<{ callSign: string; wheelchairPlaces: number; depot: string }> = [
  { callSign: 'KUS-01', wheelchairPlaces: 1, depot: MAIN_HUB_CODE },
  { callSign: 'KUS-02', wheelchairPlaces: 0, depot: MAIN_HUB_CODE },
  { callSign: 'KUS-03', wheelchairPlaces: 0, depot: MAIN_HUB_CODE },
  { callSign: 'KUS-04', wheelchairPlaces: 1, depot: 'eva-8000547' }, // Lauterecken-Grumbach
  { callSign: 'KUS-05', wheelchairPlaces: 0, depot: 'eva-8000547' },
  { callSign: 'KUS-06', wheelchairPlaces: 0, depot: 'eva-8006555' }, // Wolfstein
  { callSign: 'KUS-07', wheelchairPlaces: 1, depot: 'ags-07336092' }, // Schönenberg-Kübelberg
  { callSign: 'KUS-08', wheelchairPlaces: 0, depot: 'ags-07336092' },
  { callSign: 'KUS-09', wheelchairPlaces: 0, depot: 'eva-8000491' }, // Altenglan
  { callSign: 'KUS-10', wheelchairPlaces: 0, depot: 'eva-8002286' }, // Glan-Münchweiler
];

/** Vehicles in service per weekday; weekdays have an early and a late shift each. */
const SHIFT_PLAN: Record<
  Weekday,
  { vehicles: number; early: [string, string]; late: [string, string] }
> = {
  mon: { vehicles: 10, early: ['05:00', '14:00'], late: ['14:00', '23:00'] },
  tue: { vehicles: 10, early: ['05:00', '14:00'], late: ['14:00', '23:00'] },
  wed: { vehicles: 10, early: ['05:00', '14:00'], late: ['14:00', '23:00'] },
  thu: { vehicles: 10, early: ['05:00', '14:00'], late: ['14:00', '23:00'] },
  fri: { vehicles: 10, early: ['05:00', '14:00'], late: ['14:00', '23:00'] },
  sat: { vehicles: 5, early: ['06:00', '14:30'], late: ['14:30', '23:00'] },
  sun: { vehicles: 3, early: ['08:00', '15:00'], late: ['15:00', '22:00'] },
};

export interface SeedOptions {
  /** First service day (local date); default today in Kusel. */
  fromDate?: string;
  /** Days of shifts to roll the roster forward over, default the 14-day booking horizon and one. */
  days?: number;
  now?: Date;
  /**
   * Also load the demo fleet (10 minibuses, 20 demo drivers, shifts). Default true for
   * development and tests; production loads reference data only (`npm run seed` without
   * `--demo-fleet`, infra/k8s/seed-job.yaml).
   */
  demoFleet?: boolean;
}

export interface SeedSummary {
  countyId: string;
  serviceAreaId: string;
  villages: number;
  stations: number;
  vehicles: number;
  drivers: number;
  shifts: number;
}

/**
 * Loads Landkreis Kusel: 98 municipalities as virtual village stops, the 13 rail stations in the
 * county (Bahnhof Kusel the main hub), one active service area and a demo fleet with shifts.
 * Idempotent: run it again and it updates in place and adds only missing shifts.
 */
export async function seedKusel(ds: DataSource, opts: SeedOptions = {}): Promise<SeedSummary> {
  const municipalities = loadMunicipalities();
  const stations = loadRailStations();
  return ds.transaction(async (em) => {
    const imported = await importCounty(em, {
      code: KUSEL_COUNTY_CODE,
      name: 'Landkreis Kusel',
      timeZone: KUSEL_TZ,
      municipalities,
      stations,
      mainHubCode: MAIN_HUB_CODE,
    });
    const { countyId, serviceAreaId, stopIds, villages } = imported;

    if (opts.demoFleet === false) {
      return {
        countyId,
        serviceAreaId,
        villages,
        stations: imported.stations,
        vehicles: 0,
        drivers: 0,
        shifts: 0,
      };
    }
    const vehicleIds: string[] = [];
    for (const v of FLEET) {
      const [row] = await em.query(
        `INSERT INTO vehicles (county_id, call_sign, seats, wheelchair_places, home_depot_stop_id)
         VALUES ($1, $2, 8, $3, $4)
         ON CONFLICT (county_id, call_sign) DO UPDATE SET wheelchair_places = EXCLUDED.wheelchair_places,
           home_depot_stop_id = EXCLUDED.home_depot_stop_id, updated_at = now()
         RETURNING id`,
        [countyId, v.callSign, v.wheelchairPlaces, stopIds.get(v.depot)],
      );
      vehicleIds.push(row.id);
    }

    const driverIds = await ensureDrivers(em, countyId, 2 * FLEET.length);
    const shifts = await planShifts(em, countyId, vehicleIds, driverIds, opts);
    return {
      countyId,
      serviceAreaId,
      villages,
      stations: imported.stations,
      vehicles: vehicleIds.length,
      drivers: driverIds.length,
      shifts,
    };
  });
}

async function ensureDrivers(
  em: EntityManager,
  countyId: string,
  count: number,
): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 1; i <= count; i++) {
    const name = `Fahrer/in ${String(i).padStart(2, '0')}`;
    const found = await em.query(`SELECT id FROM drivers WHERE county_id = $1 AND name = $2`, [
      countyId,
      name,
    ]);
    if (found.length) ids.push(found[0].id);
    else
      ids.push(
        (
          await em.query(`INSERT INTO drivers (county_id, name) VALUES ($1, $2) RETURNING id`, [
            countyId,
            name,
          ])
        )[0].id,
      );
  }
  return ids;
}

/**
 * The demo fleet's weekly roster (an early and a late shift per vehicle in service that weekday,
 * valid from the first service day), then its roll-forward over `days` days: the same expansion
 * the nightly job uses ({@link expandRoster}), each shift made once per roster line and date.
 */
async function planShifts(
  em: EntityManager,
  countyId: string,
  vehicleIds: string[],
  driverIds: string[],
  opts: SeedOptions,
): Promise<number> {
  const from = opts.fromDate ?? toLocalTime(opts.now ?? new Date(), KUSEL_TZ).date;
  const entries: RosterEntry[] = [];
  for (const weekday of WEEKDAYS) {
    const plan = SHIFT_PLAN[weekday];
    for (let v = 0; v < plan.vehicles; v++) {
      for (const [half, [start, end]] of [plan.early, plan.late].entries()) {
        const driverId = driverIds[v + half * vehicleIds.length];
        const found: Array<{ id: string; valid_from: string; valid_to: string | null }> =
          await em.query(
            `SELECT id, valid_from::text, valid_to::text FROM shift_roster_entries
              WHERE county_id = $1 AND vehicle_id = $2 AND weekday = $3 AND start_local = $4`,
            [countyId, vehicleIds[v], weekday, start],
          );
        const row =
          found[0] ??
          (
            await em.query(
              `INSERT INTO shift_roster_entries (county_id, vehicle_id, driver_id, weekday, start_local, end_local, valid_from)
               VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id, valid_from::text, valid_to::text`,
              [countyId, vehicleIds[v], driverId, weekday, start, end, from],
            )
          )[0];
        entries.push({
          id: row.id,
          vehicleId: vehicleIds[v],
          driverId,
          weekday,
          start,
          end,
          validFrom: row.valid_from,
          validTo: row.valid_to,
        });
      }
    }
  }
  const exceptions: RosterException[] = await em.query(
    `SELECT entry_id AS "entryId", service_date::text AS date, kind, start_local AS start,
            end_local AS "end", driver_id AS "driverId"
       FROM shift_roster_exceptions WHERE entry_id = ANY($1)`,
    [entries.map((e) => e.id)],
  );
  const { shifts } = expandRoster(entries, exceptions, from, opts.days ?? 15, KUSEL_TZ);
  let added = 0;
  for (const s of shifts) {
    // ON CONFLICT DO NOTHING covers the roster day made before and the overlap constraints.
    const rows = await em.query(
      `INSERT INTO shifts (vehicle_id, driver_id, starts_at, ends_at, roster_entry_id, service_date, roster_ask)
       VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT DO NOTHING RETURNING id`,
      [s.vehicleId, s.driverId, s.startsAt, s.endsAt, s.entryId, s.date, rosterAskOf(s)],
    );
    added += rows.length;
  }
  return added;
}
