import { readFileSync } from 'node:fs';
import type { LatLon } from '../geo';

/** A village centre or railway station the synthetic road network must reach. */
export interface Place extends LatLon {
  id: string;
  name: string;
  kind: 'village' | 'station';
  /** Residents; for stations outside the county, a rough size of the town they serve. */
  population: number;
  inCounty: boolean;
}

/** Minimal CSV reader: the Kusel files are plain comma-separated with a header and no quotes. */
export function readCsv(file: string): Record<string, string>[] {
  const [header, ...lines] = readFileSync(file, 'utf8').trim().split(/\r?\n/);
  const keys = header.split(',');
  return lines
    .filter((l) => l.trim() !== '')
    .map((line) => {
      const cells = line.split(',');
      return Object.fromEntries(keys.map((k, i) => [k, (cells[i] ?? '').trim()]));
    });
}

/** Approximate towns served by the stations outside the county, for road classes only. */
const OUTSIDE_TOWN_POPULATION: Record<string, number> = {
  SLD: 8_500,
  SKL: 100_000,
  SHO: 41_000,
};

export function readKuselPlaces(municipalitiesCsv: string, stationsCsv: string): Place[] {
  const villages: Place[] = readCsv(municipalitiesCsv).map((r) => ({
    id: `ags:${r['ags']}`,
    name: r['name'],
    kind: 'village',
    lat: Number(r['lat']),
    lon: Number(r['lon']),
    population: Number(r['population']),
    inCounty: true,
  }));
  const stations: Place[] = readCsv(stationsCsv).map((r) => ({
    id: `eva:${r['eva_id']}`,
    name: r['name'],
    kind: 'station',
    lat: Number(r['lat']),
    lon: Number(r['lon']),
    population: OUTSIDE_TOWN_POPULATION[r['ds100']] ?? 0,
    inCounty: r['in_landkreis_kusel'] === 'yes',
  }));
  const bad = [...villages, ...stations].find(
    (p) => !Number.isFinite(p.lat) || !Number.isFinite(p.lon),
  );
  if (bad) throw new Error(`Place without coordinates: ${bad.name}`);
  return [...villages, ...stations];
}
