import booleanPointInPolygon from '@turf/boolean-point-in-polygon';
import type { MultiPolygon, Polygon } from 'geojson';

/** A WGS84 position with named fields, so lat/lon order is never guessed. */
export interface LatLon {
  lat: number;
  lon: number;
}

export type AreaGeometry = Polygon | MultiPolygon;

const EARTH_RADIUS_M = 6_371_008.8;
const rad = (deg: number) => (deg * Math.PI) / 180;

/** Great-circle distance in metres (haversine). */
export function haversineM(a: LatLon, b: LatLon): number {
  const dLat = rad(b.lat - a.lat);
  const dLon = rad(b.lon - a.lon);
  const h =
    Math.sin(dLat / 2) ** 2 + Math.cos(rad(a.lat)) * Math.cos(rad(b.lat)) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(h)));
}

/** GeoJSON stores [lon, lat]; this is the one place that knows it. */
export function isInsideArea(point: LatLon, area: AreaGeometry): boolean {
  return booleanPointInPolygon([point.lon, point.lat], area);
}

export function isValidLatLon(p: LatLon): boolean {
  return (
    Number.isFinite(p.lat) &&
    Number.isFinite(p.lon) &&
    Math.abs(p.lat) <= 90 &&
    Math.abs(p.lon) <= 180
  );
}

/** Checks a GeoJSON Polygon or MultiPolygon an operator sends; returns reasons, empty when fine. */
export function validateAreaGeometry(value: unknown): string[] {
  const g = value as { type?: unknown; coordinates?: unknown };
  if (typeof g !== 'object' || g === null) return ['must be a GeoJSON Polygon or MultiPolygon'];
  if (g.type !== 'Polygon' && g.type !== 'MultiPolygon')
    return ['type must be Polygon or MultiPolygon'];
  const polygons = (g.type === 'Polygon' ? [g.coordinates] : g.coordinates) as unknown;
  if (!Array.isArray(polygons) || polygons.length === 0)
    return ['coordinates must be a non-empty array'];
  for (const rings of polygons) {
    if (!Array.isArray(rings) || rings.length === 0)
      return ['each polygon needs at least one ring'];
    for (const ring of rings) {
      if (!Array.isArray(ring) || ring.length < 4) return ['each ring needs at least 4 positions'];
      for (const pos of ring) {
        if (
          !Array.isArray(pos) ||
          pos.length < 2 ||
          !isValidLatLon({ lon: Number(pos[0]), lat: Number(pos[1]) }) ||
          typeof pos[0] !== 'number' ||
          typeof pos[1] !== 'number'
        ) {
          return ['positions must be [lon, lat] numbers within WGS84 range'];
        }
      }
      const [first, last] = [ring[0], ring[ring.length - 1]];
      if (first[0] !== last[0] || first[1] !== last[1])
        return ['each ring must be closed (first = last)'];
    }
  }
  return [];
}
