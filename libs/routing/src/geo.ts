/** A WGS84 coordinate with named fields, so lat/lon order can never be mixed up. */
export interface LatLon {
  lat: number;
  lon: number;
}

const EARTH_RADIUS_M = 6_371_008.8;
const RAD = Math.PI / 180;

/** Great-circle distance in metres (haversine). */
export function haversineM(a: LatLon, b: LatLon): number {
  const dLat = (b.lat - a.lat) * RAD;
  const dLon = (b.lon - a.lon) * RAD;
  const h =
    Math.sin(dLat / 2) ** 2 +
    Math.cos(a.lat * RAD) * Math.cos(b.lat * RAD) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(h)));
}

/** True when both fields are finite and inside the WGS84 ranges. */
export function isValidLatLon(p: LatLon): boolean {
  return (
    Number.isFinite(p.lat) &&
    Number.isFinite(p.lon) &&
    Math.abs(p.lat) <= 90 &&
    Math.abs(p.lon) <= 180
  );
}

/**
 * Local equirectangular projection to metres around a reference latitude. Accurate to well under
 * 0.1 % over a county, which is all snapping needs, and far cheaper than haversine per segment.
 */
export class LocalProjection {
  private readonly kx: number;
  private readonly ky = EARTH_RADIUS_M * RAD;

  constructor(refLat: number) {
    this.kx = EARTH_RADIUS_M * RAD * Math.cos(refLat * RAD);
  }

  x(lon: number): number {
    return lon * this.kx;
  }

  y(lat: number): number {
    return lat * this.ky;
  }

  lon(x: number): number {
    return x / this.kx;
  }

  lat(y: number): number {
    return y / this.ky;
  }
}
