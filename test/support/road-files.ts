import type { LatLon } from '@app/routing';
import type { Polygon } from 'geojson';

/** `data/osm/zweibruecken-roads.osm`, a real OSM extract, and a bbox of it. */
export const ZWEIBRUECKEN_OSM = 'data/osm/zweibruecken-roads.osm';
export const KUSEL_SYNTHETIC_OSM = 'data/osm/kusel-synthetic.osm';

/** A box (south, west, north, east) as a GeoJSON polygon ([lon, lat] ring). */
export const box = (s: number, w: number, n: number, e: number): Polygon => ({
  type: 'Polygon',
  coordinates: [
    [
      [w, s],
      [e, s],
      [e, n],
      [w, n],
      [w, s],
    ],
  ],
});

/** The area `zweibruecken-roads.osm` covers. */
export const ZWEIBRUECKEN_BOX = box(49.19, 7.29, 49.32, 7.45);

/** Two places in Zweibrücken, on that extract. */
export const ZWEIBRUECKEN_TRIP: LatLon[] = [
  { lat: 49.2465, lon: 7.3625 },
  { lat: 49.2694, lon: 7.3968 },
];
/** Kusel station to Altenglan station, on the synthetic Kusel network. */
export const KUSEL_TRIP: LatLon[] = [
  { lat: 49.538282, lon: 7.410329 },
  { lat: 49.548643, lon: 7.461841 },
];
