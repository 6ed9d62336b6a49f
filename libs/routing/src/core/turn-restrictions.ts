import type { OsmTags } from './car-profile';

export interface RelationMember {
  type: string;
  ref: number;
  role: string;
}

/**
 * A turn restriction relation as OSRM's restriction parser reads it for the car profile
 * (`restrictions = motorcar, motor_vehicle, vehicle`): `no_*` forbids the turn from `fromWay`
 * to `toWay`, `only_*` forbids every other turn out of `fromWay` there. The via is a node, or a
 * chain of ways (`viaWays`, in relation order).
 */
export interface RawRestriction {
  only: boolean;
  fromWay: number;
  toWay: number;
  viaNode?: number;
  viaWays?: number[];
}

const VEHICLE_KEYS = ['motorcar', 'motor_vehicle', 'vehicle'];

/** Parses a `type=restriction` relation, or returns null when it does not bind cars. */
export function parseRestriction(
  members: readonly RelationMember[],
  tags: OsmTags,
): RawRestriction | null {
  const type = tags['type'];
  if (type !== 'restriction' && !VEHICLE_KEYS.some((k) => type === `restriction:${k}`)) {
    return null;
  }
  const except = (tags['except'] ?? '').split(';').map((s) => s.trim());
  if (except.some((e) => VEHICLE_KEYS.includes(e))) return null;
  let value: string | undefined;
  for (const k of VEHICLE_KEYS) value ??= tags[`restriction:${k}`];
  value ??= tags['restriction'];
  if (value === undefined) return null;
  const only = value.startsWith('only_');
  if (!only && !value.startsWith('no_')) return null;

  const from = members.filter((m) => m.role === 'from' && m.type === 'way');
  const to = members.filter((m) => m.role === 'to' && m.type === 'way');
  const via = members.filter((m) => m.role === 'via');
  if (from.length !== 1 || to.length !== 1 || via.length === 0) return null;
  if (via.length === 1 && via[0].type === 'node') {
    return { only, fromWay: from[0].ref, toWay: to[0].ref, viaNode: via[0].ref };
  }
  if (via.every((m) => m.type === 'way')) {
    return { only, fromWay: from[0].ref, toWay: to[0].ref, viaWays: via.map((m) => m.ref) };
  }
  return null;
}
