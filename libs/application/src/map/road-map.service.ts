import { AppConfig, APP_CONFIG } from '@app/config';
import type { RoadMapView } from '@app/contracts';
import { readOsmFile, roadFileSource } from '@app/routing';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { existsSync } from 'node:fs';
import { CountyEntity, ServiceAreaEntity } from '@app/persistence';
import { DataSource } from 'typeorm';
import { roadFileVersion } from '../routing/road-file-version';

/** Roads as GeoJSON with where they come from ({@link RoadMapView}). */
export type RoadMap = RoadMapView;

/**
 * The drivable roads of the router's OSM file as GeoJSON, so browser maps can draw the network
 * without a tile server. Coordinates are [lon, lat] (GeoJSON order), rounded to about 1 m.
 * Read once per version of the file ({@link roadFileVersion}: a county's file replaced, or
 * given another with `county:add --osm`, is read again at the next request); empty when the
 * file is not on this machine (e.g. OSRM elsewhere).
 */
@Injectable()
export class RoadMapService {
  private readonly log = new Logger(RoadMapService.name);
  /** Road maps by OSM file, the installation's and counties' own, with the version read. */
  private readonly files = new Map<string, { version: string; map: Promise<RoadMap> }>();

  private readonly clipped = new Map<string, Promise<RoadMap>>();

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly ds: DataSource,
  ) {}

  /**
   * The roads near one county: its own road file when it has one, else the shared network (one
   * extract for the state) cut to the box around the county's active service areas, widened by
   * about 5 km, kept per county.
   */
  async forCounty(countyId: string): Promise<RoadMap> {
    // a county with its own road data: its file as it is now, as the router routes its rides on it
    const county = await this.ds.getRepository(CountyEntity).findOneBy({ id: countyId });
    if (county?.osmFile) return this.ofFile(county.osmFile);
    return kept(this.clipped, countyId, () => this.clip(countyId));
  }

  private async clip(countyId: string): Promise<RoadMap> {
    const areas = await this.ds
      .getRepository(ServiceAreaEntity)
      .findBy({ countyId, status: 'active' });
    const lons: number[] = [];
    const lats: number[] = [];
    for (const a of areas)
      for (const [lon, lat] of a.geometry.coordinates.flat(
        a.geometry.type === 'Polygon' ? 1 : 2,
      ) as [number, number][]) {
        lons.push(lon);
        lats.push(lat);
      }
    const all = await this.get();
    if (!lons.length) return { type: 'FeatureCollection', features: [], source: all.source };
    const m = 0.05; // about 5 km north-south, 3.5 km east-west here
    const [w, e, s, n] = [
      Math.min(...lons) - m,
      Math.max(...lons) + m,
      Math.min(...lats) - m,
      Math.max(...lats) + m,
    ];
    return {
      type: 'FeatureCollection',
      source: all.source,
      features: all.features.filter((f) =>
        f.geometry.coordinates.some(([lon, lat]) => lon >= w && lon <= e && lat >= s && lat <= n),
      ),
    };
  }

  get(): Promise<RoadMap> {
    return this.ofFile(this.config.ROUTER_OSM_FILE);
  }

  private async ofFile(file: string): Promise<RoadMap> {
    const version = (await roadFileVersion(file)) ?? file;
    const had = this.files.get(file);
    if (had?.version === version) return had.map;
    const map = this.load(file).catch((e: Error) => {
      if (this.files.get(file)?.map === map) this.files.delete(file);
      throw e;
    });
    this.files.set(file, { version, map });
    return map;
  }

  private async load(file: string): Promise<RoadMap> {
    if (!existsSync(file)) {
      this.log.warn(`no road network: ${file} not found`);
      return { type: 'FeatureCollection', features: [], source: 'openstreetmap' };
    }
    const osm = await readOsmFile(file);
    const r = (x: number) => Math.round(x * 1e5) / 1e5;
    const features: RoadMap['features'] = [];
    for (const way of osm.ways) {
      const coordinates: [number, number][] = [];
      for (const ref of way.refs) {
        const i = osm.nodeIndex.get(ref);
        if (i !== undefined) coordinates.push([r(osm.lon[i]), r(osm.lat[i])]);
      }
      if (coordinates.length < 2) continue;
      const main = Math.max(way.profile.forwardKmh, way.profile.backwardKmh) >= 50;
      features.push({
        type: 'Feature',
        properties: { main },
        geometry: { type: 'LineString', coordinates },
      });
    }
    return { type: 'FeatureCollection', features, source: await roadFileSource(file) };
  }
}

/** The promise kept under `key`, made once; a failed one is dropped so the next call retries. */
function kept<T>(cache: Map<string, Promise<T>>, key: string, make: () => Promise<T>): Promise<T> {
  let p = cache.get(key);
  if (!p) {
    p = make().catch((e: Error) => {
      cache.delete(key);
      throw e;
    });
    cache.set(key, p);
  }
  return p;
}
