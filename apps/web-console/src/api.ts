import { serverClock, type ClientConfig } from '@app/contracts';
import { authHeaders, refresh } from './session';

export type { ClientConfig };

let clock: () => Date = serverClock(undefined);
/** The server's time (simulated in a development demo): default booking times and today's date. */
export const serverNow = (): Date => clock();

/** The booking API as the console uses it, with the signed-in session's token. */
export async function clientConfig(): Promise<ClientConfig> {
  const config = (await (await fetch('/v1/client-config')).json()) as ClientConfig;
  clock = serverClock(config.clock);
  return config;
}

/** The session is over (refresh refused): the app shows the sign-in page. */
export class SessionEndedError extends Error {
  constructor() {
    super('session ended');
    this.name = 'SessionEndedError';
  }
}

/** One API call; an expired access token is refreshed silently and the call tried again. */
export async function api<T>(method: string, path: string, body?: unknown): Promise<T> {
  const call = () =>
    fetch(path, {
      method,
      headers: {
        ...authHeaders(),
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      },
      body: body !== undefined ? JSON.stringify(body) : undefined,
    });
  let res = await call();
  if (res.status === 401) {
    if (!(await refresh())) throw new SessionEndedError();
    res = await call();
  }
  const data = res.status === 204 ? null : await res.json();
  if (!res.ok) {
    const msg = (data as { message?: string } | null)?.message ?? `HTTP ${res.status}`;
    throw new Error(msg);
  }
  return data as T;
}

export interface Stop {
  id: string;
  code: string;
  name: string;
  kind: 'village' | 'rail_station' | 'hub' | string;
  isMainHub: boolean;
  lat: number;
  lon: number;
}
export interface Booking {
  id: string;
  status: string;
  fromStop: { id: string; name: string };
  toStop: { id: string; name: string };
  requestedTime: string;
  timeKind: string;
  passengers: number;
  wheelchairPlaces: number;
  vehicleId: string | null;
  channel: string;
  /** A round trip's other leg, and which leg this is; null for single rides. */
  linkedBookingId: string | null;
  tripLeg: 'outbound' | 'return' | null;
  /** With a rejection for lack of room: the nearest times a vehicle could have taken it. */
  alternatives?: string[];
}
export type { LiveTripStop as TripStop, LiveVehicle } from '@app/contracts';
export interface Area {
  id: string;
  name: string;
  status: 'active' | 'draft';
  geometry:
    | { type: 'Polygon'; coordinates: number[][][] }
    | { type: 'MultiPolygon'; coordinates: number[][][][] };
  operatingHours: Record<string, Array<{ start: string; end: string }>>;
  pickupWindowMin: number;
  maxRideFactor: number;
  maxRideExtraMin: number;
  minNoticeMin: number;
  maxOverlappingBookingsPerRider: number;
  maxOpenBookingsPerRider: number;
  bookingHorizonDays: number;
  timeZone: string;
}
export type { Distribution, ServiceFigures as Figures } from '@app/domain';

/** A booking at risk after a fleet change (`GET /v1/admin/bookings/at-risk`). */
export interface AtRiskBooking {
  id: string;
  rider: { id: string; name: string; phone: string | null };
  fromStop: { id: string; name: string };
  toStop: { id: string; name: string };
  passengers: number;
  wheelchairPlaces: number;
  promise: { pickupFrom: string; pickupTo: string; latestArrival: string };
  reason: { code: string; text: string | null };
  since: string;
}

/** A vehicle as the office keeps it (`GET /v1/admin/vehicles`). */
export interface FleetVehicle {
  id: string;
  callSign: string;
  seats: number;
  wheelchairPlaces: number;
  active: boolean;
}

export interface FleetDriver {
  id: string;
  name: string;
}

/** One line of the weekly shift roster (`/v1/admin/roster`). */
export interface RosterLine {
  id: string;
  vehicleId: string;
  driverId: string;
  weekday: 'mon' | 'tue' | 'wed' | 'thu' | 'fri' | 'sat' | 'sun';
  start: string;
  end: string;
  validFrom: string;
  validTo: string | null;
}
