/**
 * Car profile after OSRM's `profiles/car.lua` and `profiles/lib/way_handlers.lua` of release
 * **v26.4.1** (the osrm-routed the issue compared against): which OSM ways a car may use, at
 * what speed, in which direction, and at what routability weight. Our own TypeScript, following
 * the rules; which rules are left out is listed in libs/routing/README.md.
 */

export type OsmTags = Readonly<Record<string, string>>;

export interface WayProfile {
  /** km/h along the node order; 0 = not allowed in that direction. */
  forwardKmh: number;
  /** km/h against the node order; 0 = not allowed. */
  backwardKmh: number;
  /**
   * car.lua `penalties`: routability weight = duration / factor (service roads, narrow or
   * single-lane two-way roads, alternating oneways, side roads). 1 = no penalty.
   */
  rateFactor: number;
  /** Local access only (`destination`, `private`, ...) in that direction: entering it costs OSRM's max turn weight. */
  forwardRestricted: boolean;
  backwardRestricted: boolean;
  /** car.lua `startpoint`: private service roads are never snapped to. */
  startpoint: boolean;
  roundabout: boolean;
  name: string;
}

/** Default speeds in km/h, from car.lua `speeds.highway`. */
export const HIGHWAY_SPEEDS_KMH: Readonly<Record<string, number>> = {
  motorway: 90,
  motorway_link: 45,
  trunk: 85,
  trunk_link: 40,
  primary: 65,
  primary_link: 30,
  secondary: 55,
  secondary_link: 25,
  tertiary: 40,
  tertiary_link: 20,
  unclassified: 25,
  residential: 25,
  living_street: 10,
  service: 15,
  winter_road: 20,
  ice_road: 15,
};

/** car.lua `default_speed`: ways a car may use only because a tag explicitly allows it. */
const DEFAULT_SPEED_KMH = 10;

/** car.lua `speed_reduction`: tagged maxspeeds are multiplied by this. */
export const MAXSPEED_REDUCTION = 0.8;

/** car.lua `maxspeed_table_default`. */
const MAXSPEED_DEFAULT: Readonly<Record<string, number>> = {
  urban: 50,
  rural: 90,
  trunk: 110,
  motorway: 130,
};
/** car.lua `maxspeed_table` (the exceptions that matter in Germany and its neighbours). */
const MAXSPEED_TABLE: Readonly<Record<string, number>> = {
  'de:living_street': 7,
  'de:rural': 100,
  'de:motorway': 0,
  'at:rural': 100,
  'at:trunk': 100,
  'fr:rural': 80,
  'ch:rural': 80,
  'ch:trunk': 100,
  'ch:motorway': 120,
  'be:motorway': 120,
  'nl:rural': 80,
  'nl:trunk': 100,
  'dk:rural': 80,
  'pl:rural': 100,
  none: 140,
};

export const ACCESS_BLACKLIST = new Set([
  'no',
  'agricultural',
  'forestry',
  'emergency',
  'psv',
  'taxi',
  'share_taxi',
  'minibus',
  'bus',
  'customers',
  'private',
  'delivery',
  'destination',
]);
export const RESTRICTED_ACCESS = new Set(['private', 'delivery', 'destination', 'customers']);
const RESTRICTED_HIGHWAYS = new Set([
  'motorway',
  'motorway_link',
  'trunk',
  'trunk_link',
  'primary',
  'primary_link',
  'secondary',
  'secondary_link',
  'tertiary',
  'tertiary_link',
  'residential',
  'living_street',
  'unclassified',
  'service',
]);
/** car.lua `access_tags_hierarchy`, most specific first. */
export const ACCESS_TAGS = ['motorcar', 'motor_vehicle', 'vehicle', 'access'] as const;
const AVOID_HIGHWAYS = new Set(['steps', 'construction', 'proposed']);
const CONSTRUCTION_WHITELIST = new Set(['no', 'widening', 'minor']);
const SERVICE_PENALTIES: Readonly<Record<string, number>> = {
  alley: 0.5,
  parking: 0.5,
  parking_aisle: 0.5,
  driveway: 0.5,
  'drive-through': 0.5,
  'drive-thru': 0.5,
};
const SURFACE_SPEEDS: Readonly<Record<string, number>> = {
  cement: 80,
  compacted: 80,
  fine_gravel: 80,
  paving_stones: 60,
  metal: 60,
  bricks: 60,
  grass: 40,
  wood: 40,
  sett: 40,
  grass_paver: 40,
  gravel: 40,
  unpaved: 40,
  ground: 40,
  dirt: 40,
  pebblestone: 40,
  tartan: 40,
  cobblestone: 30,
  clay: 30,
  earth: 20,
  stone: 20,
  rocky: 20,
  sand: 20,
  mud: 10,
  ice: 20,
  snow: 30,
};
const TRACKTYPE_SPEEDS: Readonly<Record<string, number>> = {
  grade1: 60,
  grade2: 40,
  grade3: 30,
  grade4: 25,
  grade5: 20,
};
const SMOOTHNESS_SPEEDS: Readonly<Record<string, number>> = {
  intermediate: 80,
  bad: 40,
  very_bad: 20,
  horrible: 10,
  very_horrible: 5,
  impassable: 0,
};
const ROUTE_SPEEDS: Readonly<Record<string, number>> = { ferry: 5, shuttle_train: 10 };

/** car.lua vehicle size: ways whose legal or physical limits are below these are closed. */
const VEHICLE = { heightM: 2.0, widthM: 1.9, lengthM: 4.8, weightT: 2.0 };

/**
 * Parses an OSM `maxspeed` value to km/h as car.lua's `parse_maxspeed`: "50", "30 mph",
 * "DE:urban", "DE:rural", "none" (140). Returns undefined when it gives no positive speed.
 */
export function parseMaxspeedKmh(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const v = value.trim().toLowerCase();
  const numeric = /^(\d+(?:\.\d+)?)\s*(mph|km\/h|kmh|kph|knots)?$/.exec(v);
  if (numeric) {
    const n = Number(numeric[1]);
    if (n <= 0) return undefined;
    if (numeric[2] === 'mph') return n * 1.609344;
    if (numeric[2] === 'knots') return n * 1.852;
    return n;
  }
  let n = MAXSPEED_TABLE[v];
  if (n === undefined) {
    const zone = /^[a-z]{2}:([a-z]+)/.exec(v)?.[1];
    n = zone !== undefined ? (MAXSPEED_DEFAULT[zone] ?? 0) : 0;
  }
  return n > 0 ? n : undefined;
}

/** Metres (or tonnes) from "2.5", "2.5 m", "7'6\"" is not parsed (treated as no limit). */
function parseMeasure(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const m = /^\s*(\d+(?:\.\d+)?)\s*(m|t)?\s*$/.exec(value);
  return m ? Number(m[1]) : undefined;
}

/** lib/tags.lua `get_forward_backward_by_set`. */
function forwardBackward(tags: OsmTags, keys: readonly string[]): [string?, string?] {
  let forward: string | undefined;
  let backward: string | undefined;
  for (const key of keys) {
    forward ??= tags[`${key}:forward`];
    backward ??= tags[`${key}:backward`];
    if (forward === undefined || backward === undefined) {
      const common = tags[key];
      forward ??= common;
      backward ??= common;
    }
    if (forward !== undefined && backward !== undefined) break;
  }
  return [forward, backward];
}

/** 1 = oneway along the node order, -1 = against it, 0 = both directions. */
export function onewayDirection(tags: OsmTags): 1 | -1 | 0 {
  const v =
    tags['oneway:motorcar'] ??
    tags['oneway:motor_vehicle'] ??
    tags['oneway:vehicle'] ??
    tags['oneway'];
  if (v === '-1') return -1;
  if (v === 'yes' || v === '1' || v === 'true') return 1;
  if (v === 'no') return 0;
  const junction = tags['junction'];
  if (tags['highway'] === 'motorway' || junction === 'roundabout' || junction === 'circular') {
    return 1;
  }
  return 0;
}

/** car.lua `blocked_ways`, `avoid_ways` and the vehicle size handlers. */
function blocked(tags: OsmTags, highway: string | undefined): boolean {
  if (tags['area'] === 'yes') return true;
  if (highway !== undefined && AVOID_HIGHWAYS.has(highway)) return true;
  if (tags['railway'] === 'construction') return true;
  const construction = tags['construction'];
  if (construction !== undefined && !CONSTRUCTION_WHITELIST.has(construction)) return true;
  if (tags['proposed'] !== undefined && (!highway || highway === 'proposed')) return true;
  if (tags['oneway'] === 'reversible' || highway === 'reversible') return true;
  if (tags['impassable'] === 'yes' || tags['status'] === 'impassable') return true;
  if (highway === 'impassable' || highway === 'hov_lanes') return true;
  if (tags['service'] === 'emergency_access') return true;
  const below = (key: string, limit: number): boolean => {
    const v = parseMeasure(tags[key]);
    return v !== undefined && v < limit;
  };
  return (
    below('maxheight', VEHICLE.heightM) ||
    below('maxwidth', VEHICLE.widthM) ||
    below('maxlength', VEHICLE.lengthM) ||
    below('maxweight', VEHICLE.weightT)
  );
}

/** car.lua `penalties`: the smallest of the service, width, alternating and side-road factors. */
function rateFactor(tags: OsmTags, bidirectional: boolean): number {
  const service = SERVICE_PENALTIES[tags['service'] ?? ''] ?? 1;
  let width = 1;
  const w = Number(/^\d*/.exec(tags['width'] ?? '')?.[0] || NaN);
  const lanes = Number(/^\d*/.exec(tags['lanes'] ?? '')?.[0] || NaN);
  if (tags['lane_markings'] === 'no' && bidirectional) width = 0.75;
  if (w <= 3 || (lanes <= 1 && bidirectional)) width = 0.5;
  const alternating = tags['oneway'] === 'alternating' ? 0.4 : 1;
  const side = tags['side_road'] === 'yes' || tags['side_road'] === 'rotary' ? 0.8 : 1;
  return Math.min(service, width, alternating, side);
}

/** The car profile of one way, or `null` when a car may not use it at all. */
export function carWayProfile(tags: OsmTags): WayProfile | null {
  const highway = tags['highway'];
  const route = tags['route'];
  if (!highway && !route) return null;
  if (blocked(tags, highway)) return null;

  const [fwdAccess, bwdAccess] = forwardBackward(tags, ACCESS_TAGS);
  const restrictable = highway !== undefined && RESTRICTED_HIGHWAYS.has(highway);
  const fwdRestricted = restrictable && RESTRICTED_ACCESS.has(fwdAccess ?? '');
  const bwdRestricted = restrictable && RESTRICTED_ACCESS.has(bwdAccess ?? '');
  let fwdOpen = !(ACCESS_BLACKLIST.has(fwdAccess ?? '') && !fwdRestricted);
  let bwdOpen = !(ACCESS_BLACKLIST.has(bwdAccess ?? '') && !bwdRestricted);
  if (!fwdOpen && !bwdOpen) return null;

  const oneway = onewayDirection(tags);
  if (oneway === -1) fwdOpen = false;
  if (oneway === 1) bwdOpen = false;

  let fwdKmh = -1;
  let bwdKmh = -1;
  const routeSpeed = route !== undefined ? ROUTE_SPEEDS[route] : undefined;
  const highwaySpeed = highway !== undefined ? HIGHWAY_SPEEDS_KMH[highway] : undefined;
  if (routeSpeed !== undefined) {
    fwdKmh = bwdKmh = routeSpeed;
  } else if (highwaySpeed !== undefined) {
    fwdKmh = bwdKmh = highwaySpeed;
  } else {
    const speedFor = (access: string | undefined, other: string | undefined): number => {
      if (access !== undefined && !ACCESS_BLACKLIST.has(access)) return DEFAULT_SPEED_KMH;
      if (access === undefined && other !== undefined) return 0;
      return -1;
    };
    fwdKmh = speedFor(fwdAccess, bwdAccess);
    bwdKmh = speedFor(bwdAccess, fwdAccess);
    if (fwdKmh <= 0 && bwdKmh <= 0) return null;
  }

  if (routeSpeed === undefined) {
    const [fwdMax, bwdMax] = forwardBackward(tags, [
      'maxspeed:advisory',
      'maxspeed',
      'source:maxspeed',
      'maxspeed:type',
    ]);
    const f = parseMaxspeedKmh(fwdMax);
    const b = parseMaxspeedKmh(bwdMax);
    if (f !== undefined) fwdKmh = f * MAXSPEED_REDUCTION;
    if (b !== undefined) bwdKmh = b * MAXSPEED_REDUCTION;
    for (const [key, table] of [
      ['surface', SURFACE_SPEEDS],
      ['tracktype', TRACKTYPE_SPEEDS],
      ['smoothness', SMOOTHNESS_SPEEDS],
    ] as const) {
      const cap = table[tags[key] ?? ''];
      if (cap !== undefined) {
        fwdKmh = Math.min(fwdKmh, cap);
        bwdKmh = Math.min(bwdKmh, cap);
      }
    }
  }

  const forwardKmh = fwdOpen && fwdKmh > 0 ? fwdKmh : 0;
  const backwardKmh = bwdOpen && bwdKmh > 0 ? bwdKmh : 0;
  if (forwardKmh === 0 && backwardKmh === 0) return null;
  const junction = tags['junction'];
  return {
    forwardKmh,
    backwardKmh,
    rateFactor: rateFactor(tags, forwardKmh > 0 && backwardKmh > 0),
    forwardRestricted: fwdRestricted,
    backwardRestricted: bwdRestricted,
    startpoint: !(highway === 'service' && fwdAccess === 'private'),
    roundabout: junction === 'roundabout' || junction === 'circular',
    name: tags['name'] ?? tags['ref'] ?? '',
  };
}
