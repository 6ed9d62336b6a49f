/**
 * OSRM car.lua `process_turn` (v26.4.1): the time a turn costs, by its angle. A sigmoid that
 * tops out at `turn_penalty` (7.5 s) over 0..180 degrees, biased by `turn_bias` (1.075) so right
 * turns are cheaper than left ones in right-hand traffic, applied only at real intersections
 * (more than two roads) or on a u-turn; a u-turn adds `u_turn_penalty` (20 s). Obstacles at the
 * node (signals, stop, give way, gates) come on top; see node-profile.ts.
 */
export const TURN_PENALTY_S = 7.5;
export const TURN_BIAS = 1.075;
export const U_TURN_PENALTY_S = 20;
/** car.lua: entering a local-access-only road from a normal one (`constants.max_turn_weight`, deciseconds). */
export const MAX_TURN_WEIGHT_DS = 327_670;

/**
 * @param angleDeg deviation from straight on, -180..180, positive = to the right (OSRM's
 * `turn.angle` convention).
 */
export function turnDurationS(angleDeg: number, numberOfRoads: number, isUTurn: boolean): number {
  if (numberOfRoads <= 2 && !isUTurn) return 0;
  let s =
    angleDeg >= 0
      ? TURN_PENALTY_S / (1 + Math.exp(-(((13 / TURN_BIAS) * angleDeg) / 180 - 6.5 * TURN_BIAS)))
      : TURN_PENALTY_S / (1 + Math.exp(-((13 * TURN_BIAS * -angleDeg) / 180 - 6.5 / TURN_BIAS)));
  if (isUTurn) s += U_TURN_PENALTY_S;
  return s;
}

/** Initial bearing from a to b in degrees, 0 = north, clockwise. */
export function bearingDeg(lat1: number, lon1: number, lat2: number, lon2: number): number {
  const r = Math.PI / 180;
  const y = Math.sin((lon2 - lon1) * r) * Math.cos(lat2 * r);
  const x =
    Math.cos(lat1 * r) * Math.sin(lat2 * r) -
    Math.sin(lat1 * r) * Math.cos(lat2 * r) * Math.cos((lon2 - lon1) * r);
  return (((Math.atan2(y, x) / r) % 360) + 360) % 360;
}

/** Turn angle from driving on `bearingIn` to `bearingOut`: -180..180, positive = right. */
export function turnAngleDeg(bearingIn: number, bearingOut: number): number {
  let a = bearingOut - bearingIn;
  while (a > 180) a -= 360;
  while (a <= -180) a += 360;
  return a;
}
