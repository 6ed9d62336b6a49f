import osrmTextInstructions from 'osrm-text-instructions';
import type { DriverRoute, DriverRouteStep } from './api';
import type { Lang } from './i18n';

const instructions = osrmTextInstructions('v5');

/** The bus is off the route when it is farther than this from the line, metres. */
export const OFF_ROUTE_M = 40;

/** What to tell the driver now: the next maneuver and how far away it is. */
export interface Guidance {
  step: DriverRouteStep;
  /** Metres along the route from the bus to the maneuver. */
  inM: number;
  /** Metres from the bus to the route line. */
  offRouteM: number;
  /** The bus has left the route (set by the map, which knows where the route was asked from). */
  offRoute?: boolean;
}

const R = 6_371_008.8;
const RAD = Math.PI / 180;

/** Local metres around a point (equirectangular, fine over a route's length). */
function project(lat0: number) {
  const kx = R * RAD * Math.cos(lat0 * RAD);
  const ky = R * RAD;
  return ([lon, lat]: [number, number] | number[]) => ({ x: lon * kx, y: lat * ky });
}

/**
 * Where the bus is on the route (distance along it and off it), and the next maneuver ahead:
 * the first step whose maneuver lies more than 5 m ahead of the bus along the route.
 */
export function guidanceFor(route: DriverRoute, lat: number, lon: number): Guidance | null {
  const line = route.geometry.coordinates;
  if (line.length < 2 || route.steps.length === 0) return null;
  const p = project(lat);
  const bus = p([lon, lat]);
  let best = { d: Infinity, along: 0 };
  let along = 0;
  for (let i = 1; i < line.length; i++) {
    const a = p(line[i - 1]);
    const b = p(line[i]);
    const dx = b.x - a.x;
    const dy = b.y - a.y;
    const len2 = dx * dx + dy * dy;
    const t =
      len2 > 0 ? Math.max(0, Math.min(1, ((bus.x - a.x) * dx + (bus.y - a.y) * dy) / len2)) : 0;
    const d = Math.hypot(bus.x - (a.x + t * dx), bus.y - (a.y + t * dy));
    const len = Math.sqrt(len2);
    if (d < best.d) best = { d, along: along + t * len };
    along += len;
  }
  // Maneuver i happens after the distances of steps 0..i-1.
  let at = 0;
  for (let i = 0; i < route.steps.length; i++) {
    const step = route.steps[i];
    if (i > 0 && at > best.along + 5) return { step, inM: at - best.along, offRouteM: best.d };
    at += step.distanceM;
  }
  const last = route.steps[route.steps.length - 1];
  return { step: last, inM: Math.max(0, at - best.along), offRouteM: best.d };
}

/** "300 m", "1,2 km": rounded as a driver would say it. */
export function spokenDistance(m: number, lang: Lang): string {
  if (m >= 1000)
    return `${(Math.round(m / 100) / 10).toLocaleString(lang === 'de' ? 'de-DE' : 'en-GB')} km`;
  const step = m < 100 ? 10 : 50;
  return `${Math.max(step, Math.round(m / step) * step)}\u00a0m`;
}

/** The instruction in the driver's language, e.g. "In 300 m: Links abbiegen auf Hauptstraße". */
export function instructionText(g: Guidance, lang: Lang): string {
  const step = g.step;
  const sentence = instructions.compile(lang, {
    maneuver: {
      type: step.type,
      modifier:
        step.modifier ??
        (step.type === 'depart' || step.type === 'arrive' ? undefined : 'straight'),
      ...(step.exit !== undefined ? { exit: step.exit } : {}),
    },
    name: step.name,
    mode: 'driving',
    driving_side: 'right',
  });
  return `In ${spokenDistance(g.inM, lang)}: ${sentence}`;
}

/** Reads the instruction aloud with the browser's speech synthesis, when it has one. */
export function speak(text: string, lang: Lang): boolean {
  if (typeof speechSynthesis === 'undefined') return false;
  const utterance = new SpeechSynthesisUtterance(text);
  utterance.lang = lang === 'de' ? 'de-DE' : 'en-GB';
  speechSynthesis.cancel();
  speechSynthesis.speak(utterance);
  return true;
}
