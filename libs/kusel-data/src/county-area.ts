import type { Polygon } from 'geojson';

type XY = [number, number];

function cross(o: XY, a: XY, b: XY): number {
  return (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0]);
}

/** Andrew's monotone chain; returns the hull counter-clockwise, not closed. */
export function convexHull(points: XY[]): XY[] {
  const p = [...points].sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  if (p.length < 3) return p;
  const lower: XY[] = [];
  for (const pt of p) {
    while (lower.length >= 2 && cross(lower[lower.length - 2], lower[lower.length - 1], pt) <= 0)
      lower.pop();
    lower.push(pt);
  }
  const upper: XY[] = [];
  for (let i = p.length - 1; i >= 0; i--) {
    while (upper.length >= 2 && cross(upper[upper.length - 2], upper[upper.length - 1], p[i]) <= 0)
      upper.pop();
    upper.push(p[i]);
  }
  return lower.slice(0, -1).concat(upper.slice(0, -1));
}

/**
 * An approximation of the county as a service area: the convex hull of every village centre and
 * station, each widened by `bufferM` metres. The official boundary is not in our data; the office
 * replaces this polygon with the real one through the admin API.
 */
export function bufferedHull(
  points: Array<{ lat: number; lon: number }>,
  bufferM = 3000,
  steps = 16,
): Polygon {
  const ring: XY[] = [];
  for (const { lat, lon } of points) {
    const dLat = bufferM / 111_320;
    const dLon = bufferM / (111_320 * Math.cos((lat * Math.PI) / 180));
    for (let k = 0; k < steps; k++) {
      const a = (2 * Math.PI * k) / steps;
      ring.push([+(lon + dLon * Math.cos(a)).toFixed(6), +(lat + dLat * Math.sin(a)).toFixed(6)]);
    }
  }
  const hull = convexHull(ring);
  return { type: 'Polygon', coordinates: [[...hull, hull[0]]] };
}
