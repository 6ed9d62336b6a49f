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

/**
 * Most positions an area may have, all rings together. A request body is at most 100 kB, which
 * holds about 16,000 of the shortest positions (`[7,49],`); the cap keeps the crossing check's
 * cost bounded should that limit grow. A county boundary needs a few thousand.
 */
export const MAX_AREA_POSITIONS = 20_000;

/**
 * Checks a GeoJSON Polygon or MultiPolygon an operator sends; returns reasons, empty when fine.
 * Besides the shape of the JSON: no ring crosses or touches itself ({@link ringCrossing}). A
 * bow-tie once became an active area; on a ring that crosses itself "inside" depends on the rule
 * a library counts by (a place the ring winds round twice is outside by even-odd, inside by
 * winding number), so the office could not tell where riders may book.
 */
export function validateAreaGeometry(value: unknown): string[] {
  const g = value as { type?: unknown; coordinates?: unknown };
  if (typeof g !== 'object' || g === null) return ['must be a GeoJSON Polygon or MultiPolygon'];
  if (g.type !== 'Polygon' && g.type !== 'MultiPolygon')
    return ['type must be Polygon or MultiPolygon'];
  const polygons = (g.type === 'Polygon' ? [g.coordinates] : g.coordinates) as unknown;
  if (!Array.isArray(polygons) || polygons.length === 0)
    return ['coordinates must be a non-empty array'];
  let positions = 0;
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
      positions += ring.length;
      if (positions > MAX_AREA_POSITIONS)
        return [`has more than ${MAX_AREA_POSITIONS} positions; simplify it`];
    }
  }
  const budget = { left: MAX_EDGE_PAIRS };
  for (const [p, rings] of (polygons as number[][][][]).entries()) {
    for (const [r, ring] of rings.entries()) {
      const why = ringCrossing(ring, budget);
      if (why) {
        const which = polygons.length > 1 ? `polygon ${p + 1}, ring ${r + 1}` : `ring ${r + 1}`;
        return [`${which}: ${why}`];
      }
    }
  }
  return [];
}

/**
 * Most grid entries and pairs of edges the crossing check handles for one area, all its rings
 * together, so no geometry makes it slow (about 0.1 s at most; a 16,000-corner circle needs 2%).
 */
export const MAX_EDGE_PAIRS = 2_000_000;

/**
 * Why `ring` (closed, `[lon, lat]` positions) is not simple, or null when it is: two edges that
 * are not neighbours cross or touch, an edge turns straight back along the one before it (a spike
 * of no width), or fewer than three distinct corners enclose no area. Repeated consecutive
 * positions are allowed and skipped.
 *
 * Edges are bucketed by bounding box into a uniform grid of about one cell per edge, and only
 * edges sharing a cell are compared, each pair once (in the cell holding the lower-left corner of
 * their boxes' overlap): near-linear for the rings areas are made of, where every edge is short
 * next to the ring. A ring that would need more work than `budget` has left (many long edges
 * lying over each other's boxes; {@link MAX_EDGE_PAIRS} for a whole area) is refused as too
 * intricate rather than checked slowly. A hand-written grid rather than flatbush: flatbush ships ESM only, which this plain
 * domain lib would have to load around (see the routing lib's snapper), and the grid is enough.
 */
export function ringCrossing(
  ring: readonly (readonly number[])[],
  budget = { left: MAX_EDGE_PAIRS },
): string | null {
  // Corners without consecutive repeats, and each one's position in the ring as sent (1-based,
  // as the reasons name them).
  const xs: number[] = [];
  const ys: number[] = [];
  const at: number[] = [];
  for (let i = 0; i < ring.length - 1; i++) {
    const [x, y] = ring[i];
    if (xs.length && xs[xs.length - 1] === x && ys[ys.length - 1] === y) continue;
    xs.push(x);
    ys.push(y);
    at.push(i + 1);
  }
  while (xs.length > 1 && xs[xs.length - 1] === xs[0] && ys[ys.length - 1] === ys[0]) {
    xs.pop();
    ys.pop();
    at.pop();
  }
  const n = xs.length; // edges: i → (i + 1) % n
  if (n < 3) return 'needs at least 3 distinct corners';
  const next = (i: number) => (i + 1 === n ? 0 : i + 1);
  const edge = (i: number) => `${at[i]}–${at[next(i)]}`;

  // Each edge's bounding box, and the ring's.
  const [x0s, y0s, x1s, y1s] = [0, 0, 0, 0].map(() => new Float64Array(n));
  let [minX, minY, maxX, maxY] = [Infinity, Infinity, -Infinity, -Infinity];
  for (let i = 0; i < n; i++) {
    const j = next(i);
    x0s[i] = Math.min(xs[i], xs[j]);
    y0s[i] = Math.min(ys[i], ys[j]);
    x1s[i] = Math.max(xs[i], xs[j]);
    y1s[i] = Math.max(ys[i], ys[j]);
    minX = Math.min(minX, x0s[i]);
    minY = Math.min(minY, y0s[i]);
    maxX = Math.max(maxX, x1s[i]);
    maxY = Math.max(maxY, y1s[i]);
  }
  const side = Math.ceil(Math.sqrt(n));
  const cellW = (maxX - minX) / side || 1;
  const cellH = (maxY - minY) / side || 1;
  // `| 0` and min2/max2 rather than Math's: the loops below run up to MAX_EDGE_PAIRS times, and
  // Math's functions are not inlined everywhere (under jest each call costs a microsecond).
  const col = (x: number) => min2(side - 1, ((x - minX) / cellW) | 0);
  const row = (y: number) => min2(side - 1, ((y - minY) / cellH) | 0);
  const cellsOf = (i: number) => (col(x1s[i]) - col(x0s[i]) + 1) * (row(y1s[i]) - row(y0s[i]) + 1);

  // The grid as one array of edge ids, cell after cell (`first[cell]` to `first[cell + 1]`).
  const first = new Int32Array(side * side + 1);
  for (let i = 0; i < n; i++) {
    budget.left -= cellsOf(i);
    if (budget.left < 0) return TOO_INTRICATE;
    for (let c = col(x0s[i]); c <= col(x1s[i]); c++)
      for (let r = row(y0s[i]); r <= row(y1s[i]); r++) first[r * side + c + 1]++;
  }
  for (let k = 0; k < side * side; k++) first[k + 1] += first[k];
  const ids = new Int32Array(first[side * side]);
  const fill = first.slice(0, side * side);
  for (let i = 0; i < n; i++)
    for (let c = col(x0s[i]); c <= col(x1s[i]); c++)
      for (let r = row(y0s[i]); r <= row(y1s[i]); r++) ids[fill[r * side + c]++] = i;

  for (let cell = 0; cell < side * side; cell++) {
    const from = first[cell];
    const to = first[cell + 1];
    budget.left -= ((to - from) * (to - from - 1)) / 2;
    if (budget.left < 0) return TOO_INTRICATE;
    const c = cell % side;
    const r = (cell - c) / side;
    for (let a = from; a < to; a++) {
      const i = ids[a];
      for (let b = a + 1; b < to; b++) {
        const j = ids[b];
        const ox = max2(x0s[i], x0s[j]);
        const oy = max2(y0s[i], y0s[j]);
        if (ox > min2(x1s[i], x1s[j]) || oy > min2(y1s[i], y1s[j])) continue;
        if (col(ox) !== c || row(oy) !== r) continue; // compared in another cell
        const lo = min2(i, j);
        const hi = max2(i, j);
        if (hi === lo + 1 || (lo === 0 && hi === n - 1)) {
          // Neighbours share a corner; they meet elsewhere only by turning back along each other.
          const [p, q, s] = hi === lo + 1 ? [lo, hi, next(hi)] : [hi, lo, next(lo)];
          if (turnsBack(xs, ys, p, q, s))
            return `the edge at positions ${edge(q)} turns back along ${edge(p)}; a ring must not overlap itself`;
          continue;
        }
        if (segmentsMeet(xs, ys, i, next(i), j, next(j)))
          return `the edges at positions ${edge(lo)} and ${edge(hi)} cross or touch; a ring must not cross itself`;
      }
    }
  }
  return null;
}

const TOO_INTRICATE =
  'is too intricate to check that its edges do not cross (many long edges over each other); simplify it';

const min2 = (a: number, b: number) => (a < b ? a : b);
const max2 = (a: number, b: number) => (a > b ? a : b);

/** Orientation of c against the line a→b: > 0 left, < 0 right, 0 on it. */
function orient(xs: number[], ys: number[], a: number, b: number, c: number): number {
  return (xs[b] - xs[a]) * (ys[c] - ys[a]) - (ys[b] - ys[a]) * (xs[c] - xs[a]);
}

/** Does corner c, on the line a→b, lie within the segment's box (so on the segment)? */
function onSegment(xs: number[], ys: number[], a: number, b: number, c: number): boolean {
  return (
    Math.min(xs[a], xs[b]) <= xs[c] &&
    xs[c] <= Math.max(xs[a], xs[b]) &&
    Math.min(ys[a], ys[b]) <= ys[c] &&
    ys[c] <= Math.max(ys[a], ys[b])
  );
}

/** Do the closed segments a→b and c→d share a point (cross, touch or overlap)? */
function segmentsMeet(
  xs: number[],
  ys: number[],
  a: number,
  b: number,
  c: number,
  d: number,
): boolean {
  const o1 = orient(xs, ys, a, b, c);
  const o2 = orient(xs, ys, a, b, d);
  const o3 = orient(xs, ys, c, d, a);
  const o4 = orient(xs, ys, c, d, b);
  if (((o1 > 0 && o2 < 0) || (o1 < 0 && o2 > 0)) && ((o3 > 0 && o4 < 0) || (o3 < 0 && o4 > 0)))
    return true;
  return (
    (o1 === 0 && onSegment(xs, ys, a, b, c)) ||
    (o2 === 0 && onSegment(xs, ys, a, b, d)) ||
    (o3 === 0 && onSegment(xs, ys, c, d, a)) ||
    (o4 === 0 && onSegment(xs, ys, c, d, b))
  );
}

/** Edges p→q and q→s meet at q; does s lie back along p→q (collinear, the same way as p)? */
function turnsBack(xs: number[], ys: number[], p: number, q: number, s: number): boolean {
  if (orient(xs, ys, p, q, s) !== 0) return false;
  return (xs[p] - xs[q]) * (xs[s] - xs[q]) + (ys[p] - ys[q]) * (ys[s] - ys[q]) > 0;
}
