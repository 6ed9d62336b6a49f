import type { FeatureCollection, LineString } from 'geojson';

/** The public booking API, as the driver app uses it. */
export interface Shift {
  shiftId: string;
  driver: { id: string; name: string };
  vehicle: { id: string; callSign: string; seats: number; wheelchairPlaces: number };
  startsAt: string;
  endsAt: string;
}

/** The way from the bus to a stop along the roads; geometry coordinates are [lon, lat]. */
export interface DriverRoute {
  durationS: number;
  distanceM: number;
  geometry: LineString;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

const TOKEN_KEY = 'rufbus.driver.token';
export const session = {
  get token(): string | null {
    return localStorage.getItem(TOKEN_KEY);
  },
  set token(t: string | null) {
    if (t) localStorage.setItem(TOKEN_KEY, t);
    else localStorage.removeItem(TOKEN_KEY);
  },
};

async function call<T>(method: string, path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (session.token) headers.authorization = `Bearer ${session.token}`;
  const res = await fetch(`/v1${path}`, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const data = await res.json().catch(() => null);
  if (!res.ok) {
    if (res.status === 401 && path !== '/auth/otp/verify') session.token = null;
    throw new ApiError(
      res.status,
      data?.code ?? `http_${res.status}`,
      data?.message ?? res.statusText,
    );
  }
  return data as T;
}

export const api = {
  requestCode: (phone: string) => call<unknown>('POST', '/auth/otp', { phone, role: 'driver' }),
  verifyCode: (phone: string, code: string) =>
    call<{ token: string; name: string }>('POST', '/auth/otp/verify', {
      phone,
      code,
      role: 'driver',
    }),
  shift: () => call<Shift>('GET', '/drivers/me/shift'),
  route: (fromLat: number, fromLon: number, toStopId: string) =>
    call<DriverRoute>(
      'GET',
      `/drivers/me/route?${new URLSearchParams({
        fromLat: String(fromLat),
        fromLon: String(fromLon),
        toStopId,
      })}`,
    ),
  roads: () => call<FeatureCollection>('GET', '/web/road-network'),
  clientConfig: () =>
    call<{ realtimeUrl: string | null; realtimePort: number }>('GET', '/client-config'),
};

export async function realtimeUrl(): Promise<string> {
  const c = await api.clientConfig();
  return c.realtimeUrl ?? `${location.protocol}//${location.hostname}:${c.realtimePort}`;
}
