import { AppConfig, APP_CONFIG } from '@app/config';
import { readOsmFile } from '@app/routing';
import { Inject, Injectable, Logger } from '@nestjs/common';
import type { FeatureCollection, LineString } from 'geojson';
import { existsSync } from 'node:fs';

export type RoadMap = FeatureCollection<LineString, { main: boolean }>;

/**
 * The drivable roads of the router's OSM file as GeoJSON, so browser maps can draw the network
 * without a tile server. Coordinates are [lon, lat] (GeoJSON order), rounded to about 1 m.
 * Read once and kept; empty when the file is not on this machine (e.g. OSRM elsewhere).
 */
@Injectable()
export class RoadMapService {
  private readonly log = new Logger(RoadMapService.name);
  private cached?: Promise<RoadMap>;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  get(): Promise<RoadMap> {
    this.cached ??= this.load().catch((e: Error) => {
      this.cached = undefined;
      throw e;
    });
    return this.cached;
  }

  private async load(): Promise<RoadMap> {
    const file = this.config.ROUTER_OSM_FILE;
    if (!existsSync(file)) {
      this.log.warn(`no road network: ${file} not found`);
      return { type: 'FeatureCollection', features: [] };
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
    return { type: 'FeatureCollection', features };
  }
}
