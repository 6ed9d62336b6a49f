import type { FeatureCollection } from 'geojson';

/** The public booking API, as the rider app uses it. Times are ISO 8601 instants. */

export interface Stop {
  id: string;
  name: string;
  lat: number;
  lon: number;
  isMainHub: boolean;
  wheelchairAccessible: boolean;
  distanceM?: number;
}

export type BookingStatus =
  | 'requested'
  | 'offered'
  | 'confirmed'
  | 'rejected'
  | 'picked_up'
  | 'dropped_off'
  | 'cancelled'
  | 'no_show'
  | 'expired';

export interface Booking {
  id: string;
  status: BookingStatus;
  fromStop: { id: string; name: string };
  toStop: { id: string; name: string };
  timeKind: 'depart_at' | 'arrive_by';
  requestedTime: string;
  passengers: number;
  wheelchairPlaces: number;
  promise: { pickupFrom: string; pickupTo: string; latestArrival: string } | null;
  vehicleId: string | null;
  offerExpiresAt: string | null;
  reason: { code: string; text: string | null } | null;
}

export interface BookingOptions {
  minNoticeMin: number;
  bookingHorizonDays: number;
  maxPassengersPerBooking: number;
  hub: { id: string; name: string; lat: number; lon: number } | null;
}

export interface NewBooking {
  fromStopId: string;
  toStopId: string;
  timeKind: 'depart_at' | 'arrive_by';
  time: string;
  passengers: number;
  wheelchairPlaces: number;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly fields: Array<{ field: string; code: string; reason: string }> = [],
  ) {
    super(message);
  }
}

const TOKEN_KEY = 'rufbus.rider.token';
export const session = {
  get token(): string | null {
    return localStorage.getItem(TOKEN_KEY);
  },
  set token(t: string | null) {
    if (t) localStorage.setItem(TOKEN_KEY, t);
    else localStorage.removeItem(TOKEN_KEY);
  },
};

async function call<T>(
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<T> {
  const h: Record<string, string> = { accept: 'application/json', ...headers };
  if (body !== undefined) h['content-type'] = 'application/json';
  if (session.token) h.authorization = `Bearer ${session.token}`;
  const res = await fetch(`/v1${path}`, {
    method,
    headers: h,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const data = res.status === 204 ? null : await res.json().catch(() => null);
  if (!res.ok) {
    if (res.status === 401 && path !== '/auth/otp/verify') session.token = null;
    throw new ApiError(
      res.status,
      data?.code ?? `http_${res.status}`,
      data?.message ?? res.statusText,
      data?.errors ?? [],
    );
  }
  return data as T;
}

export const api = {
  requestCode: (phone: string) =>
    call<{ expiresInS: number }>('POST', '/auth/otp', { phone, role: 'rider' }),
  verifyCode: (phone: string, code: string) =>
    call<{ token: string; subject: string; name: string }>('POST', '/auth/otp/verify', {
      phone,
      code,
      role: 'rider',
    }),
  clientConfig: () =>
    call<{ realtimeUrl: string | null; realtimePort: number }>('GET', '/client-config'),
  options: () => call<BookingOptions>('GET', '/web/booking-options'),
  roads: () => call<FeatureCollection>('GET', '/web/road-network'),
  stopsNear: (lat: number, lon: number) =>
    call<Stop[]>('GET', `/stops?lat=${lat}&lon=${lon}&limit=4`),
  stopsByName: (q: string) => call<Stop[]>('GET', `/stops?q=${encodeURIComponent(q)}&limit=8`),
  stop: (id: string) => call<Stop>('GET', `/stops/${id}`),
  bookings: () => call<{ items: Booking[] }>('GET', '/bookings?limit=50'),
  booking: (id: string) => call<Booking>('GET', `/bookings/${id}`),
  offer: (b: NewBooking) =>
    call<Booking>(
      'POST',
      '/bookings',
      { ...b, confirmation: 'rider' },
      { 'Idempotency-Key': crypto.randomUUID() },
    ),
  accept: (id: string) => call<Booking>('POST', `/bookings/${id}/accept`, {}),
  cancel: (id: string) => call<Booking>('POST', `/bookings/${id}/cancel`, {}),
};
