/**
 * Car profile after OSRM's `profiles/car.lua` (v5.27): which OSM ways a car may use, at what
 * speed and in which direction. Turn penalties, surfaces and traffic signals are left out, so
 * durations come out a little shorter than OSRM's on the same data.
 */

export type OsmTags = Readonly<Record<string, string>>;

export interface WayProfile {
  /** km/h along the node order; 0 = not allowed in that direction. */
  forwardKmh: number;
  /** km/h against the node order; 0 = not allowed. */
  backwardKmh: number;
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
};

/** Ways a car may use only when a tag explicitly allows it (e.g. `motor_vehicle=yes`). */
const EXPLICIT_ONLY_SPEED_KMH = 10;

/** car.lua multiplies tagged maxspeeds by this: people rarely drive at the limit. */
export const MAXSPEED_REDUCTION = 0.8;

/** car.lua `maxspeed_table_default` and `maxspeed_table` (German values where they differ). */
const MAXSPEED_ZONES_KMH: Readonly<Record<string, number>> = {
  urban: 50,
  rural: 100,
  trunk: 110,
  motorway: 130,
  living_street: 7,
  zone30: 30,
  zone20: 20,
  'zone:30': 30,
  'zone:20': 20,
  walk: 7,
};

/** car.lua `access_tag_blacklist`. */
const ACCESS_DENIED = new Set([
  'no',
  'private',
  'agricultural',
  'forestry',
  'emergency',
  'psv',
  'customers',
  'delivery',
]);
const ACCESS_ALLOWED = new Set(['yes', 'permissive', 'designated', 'destination']);
/** Most specific first, as car.lua's `access_tags_hierarchy`. */
const ACCESS_TAGS = ['motorcar', 'motor_vehicle', 'vehicle', 'access'] as const;

/**
 * Parses an OSM `maxspeed` value to km/h: "50", "30 mph", "DE:urban", "DE:rural", "none"
 * (returns undefined: keep the highway default), "walk".
 */
export function parseMaxspeedKmh(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const v = value.trim().toLowerCase();
  const numeric = /^(\d+(?:\.\d+)?)\s*(mph|km\/h|kmh|kph)?$/.exec(v);
  if (numeric) {
    const n = Number(numeric[1]);
    if (n <= 0) return undefined;
    return numeric[2] === 'mph' ? n * 1.609344 : n;
  }
  const zone = v.includes(':') ? v.slice(v.indexOf(':') + 1) : v;
  return MAXSPEED_ZONES_KMH[zone] ?? MAXSPEED_ZONES_KMH[v];
}

/** `undefined` when no access tag says anything, else whether cars may use the way. */
function carAccess(tags: OsmTags): boolean | undefined {
  for (const key of ACCESS_TAGS) {
    const v = tags[key];
    if (v === undefined) continue;
    if (ACCESS_DENIED.has(v)) return false;
    if (ACCESS_ALLOWED.has(v)) return true;
  }
  return undefined;
}

/** 1 = oneway along the node order, -1 = against it, 0 = both directions. */
export function onewayDirection(tags: OsmTags): 1 | -1 | 0 {
  const v = tags['oneway'];
  if (v === '-1' || v === 'reverse') return -1;
  if (v === 'yes' || v === '1' || v === 'true') return 1;
  if (v === 'no' || v === '0' || v === 'false') return 0;
  const junction = tags['junction'];
  if (junction === 'roundabout' || junction === 'circular') return 1;
  if (tags['highway'] === 'motorway') return 1;
  return 0;
}

/** The car profile of one way, or `null` when a car may not use it at all. */
export function carWayProfile(tags: OsmTags): WayProfile | null {
  const highway = tags['highway'];
  if (highway === undefined || tags['area'] === 'yes') return null;
  const access = carAccess(tags);
  if (access === false) return null;
  let speedKmh = HIGHWAY_SPEEDS_KMH[highway];
  if (speedKmh === undefined) {
    // footway, path, cycleway, pedestrian, steps, track, bridleway, construction, ...
    if (access !== true || highway === 'construction' || highway === 'proposed') return null;
    speedKmh = EXPLICIT_ONLY_SPEED_KMH;
  }
  if (tags['service'] === 'emergency_access') return null;

  const both = parseMaxspeedKmh(tags['maxspeed']);
  const fwdLimit = parseMaxspeedKmh(tags['maxspeed:forward']) ?? both;
  const bwdLimit = parseMaxspeedKmh(tags['maxspeed:backward']) ?? both;
  const forward = fwdLimit !== undefined ? fwdLimit * MAXSPEED_REDUCTION : speedKmh;
  const backward = bwdLimit !== undefined ? bwdLimit * MAXSPEED_REDUCTION : speedKmh;

  const oneway = onewayDirection(tags);
  return {
    forwardKmh: oneway === -1 ? 0 : forward,
    backwardKmh: oneway === 1 ? 0 : backward,
    name: tags['name'] ?? tags['ref'] ?? '',
  };
}
