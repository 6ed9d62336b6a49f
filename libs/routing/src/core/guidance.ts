import type { LatLon } from '../geo';
import type { RouteStep } from '../routing.port';
import { EDGE_FLAG, type RoadGraph } from './road-graph';
import type { Phantom } from './snapper';
import { bearingDeg, turnAngleDeg } from './turn-model';

/** Below this deviation a bend at a junction is "straight" (OSRM's guidance uses a similar band). */
const STRAIGHT_DEG = 25;

/** OSRM's direction modifiers by turn angle (positive = right). */
export function modifierFor(angleDeg: number, isUTurn = false): string {
  if (isUTurn) return 'uturn';
  const a = Math.abs(angleDeg);
  const side = angleDeg > 0 ? 'right' : 'left';
  if (a < STRAIGHT_DEG) return 'straight';
  if (a < 60) return `slight ${side}`;
  if (a < 140) return side;
  if (a < 170) return `sharp ${side}`;
  return 'uturn';
}

interface Piece {
  /** Where the piece starts: the phantom or the tail node of an edge. */
  from: LatLon;
  to: LatLon;
  edge: number;
  fraction: number;
  /** Turn cost paid on entering this piece. */
  turnS: number;
}

const round1 = (x: number): number => Math.round(x * 10) / 10;
const pt = (g: RoadGraph, v: number): LatLon => ({ lat: g.lat[v], lon: g.lon[v] });
const bearing = (a: LatLon, b: LatLon): number =>
  Math.round(bearingDeg(a.lat, a.lon, b.lat, b.lon)) % 360;

/**
 * Turn-by-turn steps for one leg, in the shape of OSRM's RouteStep: a `depart`, one step per
 * maneuver (turn, continue, new name, end of road, roundabout with its exit number), an
 * `arrive`. A simplified version of OSRM's guidance (src/guidance): maneuvers come from the turn
 * angle, the number of roads at the node and name changes; lanes, forks, ramps and merges are not
 * told apart (see the README).
 *
 * @param edges the driven edges after the source edge, from `ChQuery.route` (empty when source and
 *   target lie on one edge)
 */
export function legSteps(
  g: RoadGraph,
  source: Phantom,
  target: Phantom,
  sourceEdge: number,
  sourceFraction: number,
  edges: readonly number[],
  targetFraction: number,
): RouteStep[] {
  const pieces: Piece[] = [];
  if (edges.length === 0) {
    pieces.push({
      from: source.location,
      to: target.location,
      edge: sourceEdge,
      fraction: targetFraction - sourceFraction,
      turnS: 0,
    });
  } else {
    pieces.push({
      from: source.location,
      to: pt(g, g.edgeHead[sourceEdge]),
      edge: sourceEdge,
      fraction: 1 - sourceFraction,
      turnS: 0,
    });
    let prev = sourceEdge;
    edges.forEach((e, i) => {
      const last = i === edges.length - 1;
      pieces.push({
        from: pt(g, g.edgeTail[e]),
        to: last ? target.location : pt(g, g.edgeHead[e]),
        edge: e,
        fraction: last ? targetFraction : 1,
        turnS: turnSeconds(g, prev, e),
      });
      prev = e;
    });
  }

  const steps: RouteStep[] = [];
  const degreeOf = segmentDegrees(g);
  const degree = (v: number): number => degreeOf[v];
  const nameOf = (e: number): string => g.names[g.edgeName[e]] ?? '';
  let current: RouteStep & { coords: LatLon[] } = {
    maneuver: {
      type: 'depart',
      location: source.location,
      bearingBefore: 0,
      bearingAfter: bearing(pieces[0].from, pieces[0].to),
    },
    name: nameOf(sourceEdge),
    distanceM: 0,
    durationS: 0,
    geometry: { type: 'LineString', coordinates: [] },
    coords: [source.location],
  };
  let roundabout: (RouteStep & { coords: LatLon[] }) | null = null;
  const finish = (s: RouteStep & { coords: LatLon[] }): void => {
    const { coords, ...step } = s;
    steps.push({
      ...step,
      distanceM: round1(step.distanceM),
      durationS: round1(step.durationS),
      geometry: {
        type: 'LineString',
        coordinates: coords.map((c) => [round6(c.lon), round6(c.lat)]),
      },
    });
  };

  pieces.forEach((p, i) => {
    if (i > 0) {
      const a = pieces[i - 1].edge;
      const b = p.edge;
      const v = g.edgeTail[b];
      const inBearing = bearingDeg(g.lat[g.edgeTail[a]], g.lon[g.edgeTail[a]], g.lat[v], g.lon[v]);
      const outBearing = bearingDeg(g.lat[v], g.lon[v], g.lat[g.edgeHead[b]], g.lon[g.edgeHead[b]]);
      const isUTurn = g.edgeSegment[a] === g.edgeSegment[b];
      const angle = isUTurn ? 180 : turnAngleDeg(inBearing, outBearing);
      const inRoundabout = (g.edgeFlags[a] & EDGE_FLAG.roundabout) !== 0;
      const intoRoundabout = (g.edgeFlags[b] & EDGE_FLAG.roundabout) !== 0;
      let maneuver: RouteStep['maneuver'] | null = null;
      if (!inRoundabout && intoRoundabout) {
        maneuver = {
          type: 'roundabout',
          modifier: 'straight',
          exit: 0,
          location: pt(g, v),
          bearingBefore: Math.round(inBearing),
          bearingAfter: Math.round(outBearing),
        };
      } else if (inRoundabout && intoRoundabout) {
        if (roundabout && hasExit(g, v, b))
          roundabout.maneuver.exit = (roundabout.maneuver.exit ?? 0) + 1;
      } else if (inRoundabout && !intoRoundabout) {
        if (roundabout) roundabout.maneuver.exit = (roundabout.maneuver.exit ?? 0) + 1;
        if (roundabout) roundabout.name = nameOf(b);
        roundabout = null;
      } else {
        const junction = degree(v) > 2;
        const renamed = nameOf(b) !== current.name;
        const modifier = modifierFor(angle, isUTurn);
        let type: string | null = null;
        if (isUTurn) type = 'continue';
        else if (junction && modifier !== 'straight') {
          type = hasStraightOn(g, a, v, inBearing)
            ? renamed
              ? 'turn'
              : 'continue'
            : 'end of road';
        } else if (renamed) type = 'new name';
        if (type) {
          maneuver = {
            type,
            modifier,
            location: pt(g, v),
            bearingBefore: Math.round(inBearing),
            bearingAfter: Math.round(outBearing),
          };
        }
      }
      if (maneuver) {
        current.coords.push(pt(g, v));
        finish(current);
        current = {
          maneuver,
          name: nameOf(b),
          distanceM: 0,
          durationS: 0,
          geometry: { type: 'LineString', coordinates: [] },
          coords: [pt(g, v)],
        };
        if (maneuver.type === 'roundabout') roundabout = current;
      } else {
        current.coords.push(pt(g, v));
      }
    }
    current.distanceM += p.fraction * g.edgeDistanceM[p.edge];
    current.durationS += p.fraction * g.edgeDurationS[p.edge] + p.turnS;
  });
  current.coords.push(target.location);
  finish(current);
  const last = pieces[pieces.length - 1];
  steps.push({
    maneuver: {
      type: 'arrive',
      location: target.location,
      bearingBefore: bearing(last.from, last.to),
      bearingAfter: 0,
    },
    name: nameOf(last.edge),
    distanceM: 0,
    durationS: 0,
    geometry: {
      type: 'LineString',
      coordinates: [
        [round6(target.location.lon), round6(target.location.lat)],
        [round6(target.location.lon), round6(target.location.lat)],
      ],
    },
  });
  return steps;
}

const round6 = (x: number): number => Math.round(x * 1e6) / 1e6;

function turnSeconds(g: RoadGraph, from: number, to: number): number {
  for (let t = g.turnFirst[from]; t < g.turnFirst[from + 1]; t++) {
    if (g.turnTo[t] === to) return g.turnDurationS[t];
  }
  return 0;
}

const degrees = new WeakMap<RoadGraph, Uint32Array>();
/** Number of road segments meeting at each node (OSRM's number of roads at an intersection). */
function segmentDegrees(g: RoadGraph): Uint32Array {
  let d = degrees.get(g);
  if (!d) {
    d = new Uint32Array(g.nodeCount);
    for (let s = 0; s < g.segA.length; s++) {
      d[g.segA[s]]++;
      d[g.segB[s]]++;
    }
    degrees.set(g, d);
  }
  return d;
}

/** Whether some road leaves v roughly straight on (else a turn there is an "end of road"). */
function hasStraightOn(g: RoadGraph, from: number, v: number, inBearing: number): boolean {
  for (let e = g.firstEdge[v]; e < g.firstEdge[v + 1]; e++) {
    if (g.edgeSegment[e] === g.edgeSegment[from]) continue;
    const out = bearingDeg(g.lat[v], g.lon[v], g.lat[g.edgeHead[e]], g.lon[g.edgeHead[e]]);
    if (Math.abs(turnAngleDeg(inBearing, out)) < 35) return true;
  }
  return false;
}

/** Whether a roundabout node has a way out besides the roundabout itself (counts as an exit). */
function hasExit(g: RoadGraph, v: number, next: number): boolean {
  for (let e = g.firstEdge[v]; e < g.firstEdge[v + 1]; e++) {
    if (e !== next && (g.edgeFlags[e] & EDGE_FLAG.roundabout) === 0) return true;
  }
  return false;
}
