import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseCsv } from './csv';

/** Where the county's reference data lives in the repository (see data/kusel/SOURCES.md). */
export const KUSEL_DATA_DIR = resolve(__dirname, '../../../data/kusel');

export interface Municipality {
  ags: string;
  name: string;
  verbandsgemeinde: string;
  /** Stadt or Ortsgemeinde */
  type: string;
  lat: number;
  lon: number;
  /** Zensus 2022 */
  population: number;
}

export interface RailStation {
  evaId: string;
  name: string;
  lat: number;
  lon: number;
  inCounty: boolean;
  ags: string | null;
  line: string;
  steplessAccess: 'yes' | 'no' | 'partial' | string;
}

function dataFile(dir: string, name: string): string {
  return readFileSync(join(dir, name), 'utf8');
}

export function loadMunicipalities(dir = findDataDir()): Municipality[] {
  const details = new Map(
    parseCsv(dataFile(dir, 'municipalities_details.csv')).map((r) => [r.ags, r]),
  );
  return parseCsv(dataFile(dir, 'municipalities.csv')).map((r) => ({
    ags: r.ags,
    name: r.name,
    verbandsgemeinde: r.verbandsgemeinde,
    type: details.get(r.ags)?.type ?? 'Ortsgemeinde',
    lat: Number(r.lat),
    lon: Number(r.lon),
    population: Number(r.population),
  }));
}

export function loadRailStations(dir = findDataDir()): RailStation[] {
  return parseCsv(dataFile(dir, 'rail_stations.csv')).map((r) => ({
    evaId: r.eva_id,
    name: r.name,
    lat: Number(r.lat),
    lon: Number(r.lon),
    inCounty: r.in_landkreis_kusel === 'yes',
    ags: r.ags || null,
    line: r.line,
    steplessAccess: r.stepless_access,
  }));
}

/** The data folder next to the sources, or from the working directory when run from dist/. */
export function findDataDir(): string {
  const candidates = [
    KUSEL_DATA_DIR,
    resolve(__dirname, '../../../../data/kusel'),
    resolve(process.cwd(), 'data/kusel'),
  ];
  for (const c of candidates) {
    try {
      readFileSync(join(c, 'municipalities.csv'));
      return c;
    } catch {
      /* next */
    }
  }
  throw new Error(`Kusel data not found; looked in ${candidates.join(', ')}`);
}
