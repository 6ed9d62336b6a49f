import { OperatingHours, stopSearchKey } from '@app/domain';
import { existsSync, readFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { DataSource, EntityManager } from 'typeorm';
import { bufferedHull } from './county-area';
import { CsvRecord, parseCsvRecords } from './csv';
import type { Municipality, RailStation } from './kusel-data';

/** Bad reference data: the message names the file, the line and the field. */
export class CountyDataError extends Error {
  constructor(
    readonly file: string,
    readonly line: number,
    readonly field: string,
    reason: string,
  ) {
    super(`${file}, line ${line}, field "${field}": ${reason}`);
    this.name = 'CountyDataError';
  }
}

/** Service hours a new county starts with (Kusel's); the office sets its own in the console. */
export const DEFAULT_HOURS: OperatingHours = {
  mon: [{ start: '05:00', end: '23:00' }],
  tue: [{ start: '05:00', end: '23:00' }],
  wed: [{ start: '05:00', end: '23:00' }],
  thu: [{ start: '05:00', end: '23:00' }],
  fri: [{ start: '05:00', end: '23:00' }],
  sat: [{ start: '06:00', end: '23:00' }],
  sun: [{ start: '08:00', end: '22:00' }],
};

export interface CountyReferenceData {
  /** The county's key (AGS, 5 digits), e.g. `07335`. */
  code: string;
  name: string;
  timeZone: string;
  municipalities: Municipality[];
  /** Stations of the file; those whose AGS lies in the county are loaded. */
  stations: RailStation[];
  /** Stop code of the main hub (`eva-<id>`), or none. */
  mainHubCode: string | null;
}

export interface CountyImportResult {
  countyId: string;
  serviceAreaId: string;
  villages: number;
  stations: number;
  /** Stop ids by stop code (`ags-…`, `eva-…`). */
  stopIds: Map<string, string>;
}

type Check = (v: string) => string | null;
const decimal =
  (min: number, max: number): Check =>
  (v) =>
    /^-?\d+(\.\d+)?$/.test(v.trim()) && +v >= min && +v <= max
      ? null
      : `must be a number from ${min} to ${max} (got "${v}")`;
const nonEmpty: Check = (v) => (v.trim() ? null : 'must not be empty');

/** Reads one CSV file, checking its columns and each record's fields. */
function readChecked(
  file: string,
  checks: Record<string, Check>,
  optional: Record<string, Check> = {},
): CsvRecord[] {
  const name = basename(file);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new CountyDataError(name, 0, '(file)', `cannot be read: ${(e as Error).message}`);
  }
  const { header, records } = parseCsvRecords(text);
  for (const column of Object.keys(checks))
    if (!header.includes(column)) throw new CountyDataError(name, 1, column, 'column is missing');
  if (!records.length) throw new CountyDataError(name, 2, '(rows)', 'the file has no rows');
  for (const r of records) {
    for (const [column, check] of Object.entries(checks)) {
      const problem = check(r.values[column] ?? '');
      if (problem) throw new CountyDataError(name, r.line, column, problem);
    }
    for (const [column, check] of Object.entries(optional)) {
      const v = r.values[column];
      const problem = v ? check(v) : null;
      if (problem) throw new CountyDataError(name, r.line, column, problem);
    }
  }
  return records;
}

function unique(file: string, records: CsvRecord[], column: string): void {
  const seen = new Map<string, number>();
  for (const r of records) {
    const v = r.values[column];
    const first = seen.get(v);
    if (first !== undefined)
      throw new CountyDataError(basename(file), r.line, column, `"${v}" repeats line ${first}`);
    seen.set(v, r.line);
  }
}

/**
 * Reads a county's municipalities and stations from files in the format of `data/kusel/`
 * (see its SOURCES.md), checking every field; `municipalities_details.csv` beside the
 * municipalities file, when there, gives each municipality's type (Stadt or Ortsgemeinde).
 * @throws CountyDataError naming file, line and field of the first problem
 */
export function readCountyFiles(
  code: string,
  municipalitiesFile: string,
  stationsFile: string,
): { municipalities: Municipality[]; stations: RailStation[] } {
  const ags: Check = (v) =>
    /^\d{8}$/.test(v) && v.startsWith(code)
      ? null
      : `must be an 8-digit municipality key of county ${code} (got "${v}")`;
  const m = readChecked(
    municipalitiesFile,
    {
      ags,
      name: nonEmpty,
      lat: decimal(-90, 90),
      lon: decimal(-180, 180),
    },
    { population: decimal(0, 10_000_000) },
  );
  unique(municipalitiesFile, m, 'ags');
  const detailsFile = join(dirname(municipalitiesFile), 'municipalities_details.csv');
  const types = new Map(
    existsSync(detailsFile)
      ? parseCsvRecords(readFileSync(detailsFile, 'utf8')).records.map((r) => [
          r.values.ags,
          r.values.type,
        ])
      : [],
  );
  const s = readChecked(
    stationsFile,
    {
      eva_id: (v) => (/^\d{6,8}$/.test(v) ? null : `must be a DB station number (got "${v}")`),
      name: nonEmpty,
      lat: decimal(-90, 90),
      lon: decimal(-180, 180),
    },
    { ags: (v) => (/^\d{8}$/.test(v) ? null : `must be an 8-digit municipality key (got "${v}")`) },
  );
  unique(stationsFile, s, 'eva_id');
  return {
    municipalities: m.map(({ values: r }) => ({
      ags: r.ags,
      name: r.name.trim(),
      verbandsgemeinde: r.verbandsgemeinde ?? '',
      type: r.type || types.get(r.ags) || 'Ortsgemeinde',
      lat: Number(r.lat),
      lon: Number(r.lon),
      population: Number(r.population || 0),
    })),
    stations: s.map(({ values: r }) => ({
      evaId: r.eva_id,
      name: r.name.trim(),
      lat: Number(r.lat),
      lon: Number(r.lon),
      inCounty: (r.ags ?? '').startsWith(code),
      ags: r.ags || null,
      line: r.line ?? '',
      steplessAccess: r.stepless_access ?? '',
    })),
  };
}

/**
 * Loads a county's reference data: a virtual stop at each municipality's centre, its rail
 * stations (those whose AGS lies in the county), the main hub, and one active service area over
 * them all (the convex hull widened by 3 km; the office may replace the polygon). Idempotent:
 * a re-run updates the county, its stops and the area's polygon in place and adds what is new;
 * the office's changes to hours and rules stay. Shared by `npm run seed` and `npm run county:add`.
 */
export async function importCounty(
  em: EntityManager,
  c: CountyReferenceData,
): Promise<CountyImportResult> {
  const stations = c.stations.filter((s) => s.ags?.startsWith(c.code));
  const [county] = await em.query(
    `INSERT INTO counties (code, name, time_zone) VALUES ($1, $2, $3)
     ON CONFLICT (code) DO UPDATE SET name = EXCLUDED.name RETURNING id`,
    [c.code, c.name, c.timeZone],
  );
  const countyId: string = county.id;

  const upsertStop = async (s: {
    code: string;
    name: string;
    kind: string;
    lat: number;
    lon: number;
    ags: string | null;
    accessible: boolean;
    hub: boolean;
    population?: number;
  }) => {
    const [row] = await em.query(
      `INSERT INTO stops (county_id, code, name, search_key, kind, is_main_hub, lat, lon, ags, wheelchair_accessible, population)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
       ON CONFLICT (county_id, code) DO UPDATE SET name = EXCLUDED.name, search_key = EXCLUDED.search_key,
         kind = EXCLUDED.kind, is_main_hub = EXCLUDED.is_main_hub, lat = EXCLUDED.lat, lon = EXCLUDED.lon,
         ags = EXCLUDED.ags, wheelchair_accessible = EXCLUDED.wheelchair_accessible,
         population = EXCLUDED.population, updated_at = now()
       RETURNING id`,
      [
        countyId,
        s.code,
        s.name,
        stopSearchKey(s.name),
        s.kind,
        s.hub,
        s.lat,
        s.lon,
        s.ags,
        s.accessible,
        s.population || null,
      ],
    );
    return row.id as string;
  };

  const stopIds = new Map<string, string>();
  for (const m of c.municipalities) {
    const name = `${m.name}, ${m.type === 'Stadt' ? 'Stadtmitte' : 'Ortsmitte'}`;
    // A virtual stop at the village centre is a kerbside meeting point: level boarding by ramp.
    const code = `ags-${m.ags}`;
    stopIds.set(
      code,
      await upsertStop({
        code,
        name,
        kind: 'village',
        lat: m.lat,
        lon: m.lon,
        ags: m.ags,
        accessible: true,
        hub: false,
        population: m.population,
      }),
    );
  }
  for (const s of stations) {
    const code = `eva-${s.evaId}`;
    const hub = code === c.mainHubCode;
    stopIds.set(
      code,
      await upsertStop({
        code,
        name: `${s.name}, Bahnhof`,
        kind: hub ? 'hub' : 'rail_station',
        lat: s.lat,
        lon: s.lon,
        ags: s.ags,
        accessible: s.steplessAccess === 'yes',
        hub,
      }),
    );
  }

  const geometry = bufferedHull([...c.municipalities, ...stations]);
  // The county's first area is the one this import made; areas the office added stay as they are.
  const existingArea = await em.query(
    `SELECT id FROM service_areas WHERE county_id = $1 ORDER BY created_at, id LIMIT 1`,
    [countyId],
  );
  let serviceAreaId: string;
  if (existingArea.length) {
    serviceAreaId = existingArea[0].id;
    await em.query(`UPDATE service_areas SET geometry = $2 WHERE id = $1`, [
      serviceAreaId,
      JSON.stringify(geometry),
    ]);
  } else {
    const [row] = await em.query(
      `INSERT INTO service_areas (county_id, name, status, geometry, time_zone, operating_hours, booking_horizon_days,
         min_notice_min, pickup_window_min, max_ride_factor, max_ride_extra_min, transfer_buffer_min,
         max_passengers_per_booking, max_wheelchair_places_per_booking)
       VALUES ($1, $2, 'active', $3, $4, $5, 14, 30, 15, 1.5, 10, 5, 6, 1) RETURNING id`,
      [countyId, c.name, JSON.stringify(geometry), c.timeZone, JSON.stringify(DEFAULT_HOURS)],
    );
    serviceAreaId = row.id;
  }
  return {
    countyId,
    serviceAreaId,
    villages: c.municipalities.length,
    stations: stations.length,
    stopIds,
  };
}

export interface AddCountyOptions {
  /** The county's key (AGS, 5 digits). */
  ags: string;
  /** Default `Landkreis <ags>`; a re-run may rename. */
  name?: string;
  municipalitiesFile: string;
  stationsFile: string;
  /** DB station number of the main hub, one of the county's stations. */
  hubEvaId?: string;
  timeZone?: string;
  /** The county's own road data (OSM file) for the embedded router; left out: the shared one. */
  osmFile?: string;
}

/**
 * `npm run county:add`: checks both files completely, then loads the county in one transaction
 * ({@link importCounty}). The dispatch worker picks the new county up without a restart.
 * @throws CountyDataError for bad files or options, before anything is written
 */
export async function addCounty(ds: DataSource, o: AddCountyOptions): Promise<CountyImportResult> {
  if (!/^\d{5}$/.test(o.ags))
    throw new CountyDataError(
      '(options)',
      0,
      'ags',
      `must be a 5-digit county key (got "${o.ags}")`,
    );
  const { municipalities, stations } = readCountyFiles(o.ags, o.municipalitiesFile, o.stationsFile);
  const mainHubCode = o.hubEvaId ? `eva-${o.hubEvaId}` : null;
  if (o.hubEvaId && !stations.some((s) => s.evaId === o.hubEvaId && s.inCounty))
    throw new CountyDataError(
      basename(o.stationsFile),
      0,
      'eva_id',
      `the hub ${o.hubEvaId} is not one of the county's stations`,
    );
  if (o.osmFile !== undefined && !existsSync(o.osmFile))
    throw new CountyDataError('(options)', 0, 'osm', `no such file (got "${o.osmFile}")`);
  return ds.transaction(async (em) => {
    const r = await importCounty(em, {
      code: o.ags,
      name: o.name ?? `Landkreis ${o.ags}`,
      timeZone: o.timeZone ?? 'Europe/Berlin',
      municipalities,
      stations,
      mainHubCode,
    });
    if (o.osmFile !== undefined)
      await em.query(`UPDATE counties SET osm_file = $1 WHERE id = $2`, [o.osmFile, r.countyId]);
    return r;
  });
}
