import { ACCESS_BLACKLIST, ACCESS_TAGS, RESTRICTED_ACCESS, type OsmTags } from './car-profile';

/**
 * What a node means for a car, after car.lua `process_node` and lib/obstacles.lua of OSRM
 * v26.4.1: barriers (only a u-turn is possible there), designated turning places (u-turns
 * allowed), and obstacles that cost time when driven through (traffic signals 2 s, stop signs
 * 2 s, give way 1 s, gates and lift gates 60 s; crossings and traffic calming cost a car 0 s).
 */
export interface NodeProfile {
  barrier: boolean;
  turning: boolean;
  /** Seconds added to every turn through this node in the obstacle's direction. */
  penaltyS: number;
  /** Which travel direction the penalty applies to, relative to the way it lies on. */
  direction: 'both' | 'forward' | 'backward';
  /** `stop=minor`: only roads slower than the fastest other road at the node pay it. */
  minorOnly: boolean;
}

/** Node tags worth keeping while reading a file (everything else is dropped early). */
export const NODE_KEYS = new Set([
  'barrier',
  'highway',
  'access',
  'motorcar',
  'motor_vehicle',
  'vehicle',
  'bollard',
  'kerb',
  'maxheight',
  'sensory',
  'direction',
  'traffic_signals:direction',
  'stop',
]);

const BARRIER_WHITELIST = new Set([
  'cattle_grid',
  'border_control',
  'toll_booth',
  'sally_port',
  'no',
  'entrance',
  'height_restrictor',
  'arch',
]);
const BARRIER_PENALTIES_S: Readonly<Record<string, number>> = { gate: 60, lift_gate: 60 };
const TURNING = new Set(['turning_circle', 'turning_loop', 'mini_roundabout']);

/** The node's meaning for cars, or null when it is an ordinary node. */
export function carNodeProfile(tags: OsmTags): NodeProfile | null {
  const out: NodeProfile = {
    barrier: false,
    turning: false,
    penaltyS: 0,
    direction: 'both',
    minorOnly: false,
  };
  let access: string | undefined;
  for (const key of ACCESS_TAGS) {
    access = tags[key];
    if (access !== undefined) break;
  }
  const barrier = tags['barrier'];
  const highway = tags['highway'];
  if (access !== undefined) {
    if (ACCESS_BLACKLIST.has(access) && !RESTRICTED_ACCESS.has(access)) out.barrier = true;
  } else if (barrier !== undefined) {
    const maxheight = Number(tags['maxheight']);
    const tooLow = barrier === 'height_restrictor' && maxheight < 2.0;
    const risingBollard = tags['bollard'] === 'rising';
    const flatKerb = tags['kerb'] === 'lowered' || tags['kerb'] === 'flush';
    const crossingKerb = barrier === 'kerb' && highway === 'crossing';
    const audibleFence =
      barrier === 'fence' && (tags['sensory'] === 'audible' || tags['sensory'] === 'audio');
    const penalty = BARRIER_PENALTIES_S[barrier];
    if (
      (!BARRIER_WHITELIST.has(barrier) &&
        !risingBollard &&
        !flatKerb &&
        !crossingKerb &&
        !audibleFence &&
        penalty === undefined) ||
      tooLow
    ) {
      out.barrier = true;
    }
    if (penalty !== undefined) out.penaltyS += penalty;
  }
  if (highway !== undefined) {
    if (TURNING.has(highway)) out.turning = true;
    const dir = (v: string | undefined): NodeProfile['direction'] =>
      v === 'forward' ? 'forward' : v === 'backward' ? 'backward' : 'both';
    if (highway === 'traffic_signals') {
      out.penaltyS += 2;
      out.direction = dir(tags['traffic_signals:direction'] ?? tags['direction']);
    } else if (highway === 'stop') {
      out.penaltyS += 2;
      out.minorOnly = tags['stop'] === 'minor';
      out.direction = dir(tags['direction']);
    } else if (highway === 'give_way') {
      out.penaltyS += 1;
      out.direction = dir(tags['direction']);
    }
  }
  return out.barrier || out.turning || out.penaltyS > 0 ? out : null;
}
