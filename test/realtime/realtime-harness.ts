import { AppConfig } from '@app/config';
import { WsAck, WsEvent } from '@app/contracts';
import { EventPublisher } from '@app/messaging';
import { ScheduledStopRecord } from '@app/persistence';
import { INestApplication } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { io, Socket } from 'socket.io-client';
import { createRealtimeGateway } from '../../apps/realtime-gateway/src/bootstrap';
import { BookingApiHarness, startBookingApi } from '../support/booking-api-harness';

export const WAIT_MS = 10_000;

export async function startGateway(
  config: AppConfig,
): Promise<{ app: INestApplication; url: string }> {
  const app = await createRealtimeGateway(config);
  await app.listen(0, '127.0.0.1');
  return { app, url: await app.getUrl() };
}

/** A socket.io client that records every event it receives, for waiting on them. */
export class TestClient {
  readonly received: Array<{ event: string; payload: unknown }> = [];
  private waiters: Array<() => void> = [];

  constructor(readonly socket: Socket) {
    socket.onAny((event: string, payload: unknown) => {
      this.received.push({ event, payload });
      for (const w of this.waiters) w();
    });
  }

  of<T>(event: string): T[] {
    return this.received.filter((r) => r.event === event).map((r) => r.payload as T);
  }

  /** Resolves with the first (already or later) received `event` payload matching `match`. */
  waitFor<T>(
    event: string,
    match: (p: T) => boolean = () => true,
    timeoutMs = WAIT_MS,
  ): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const check = (): boolean => {
        const hit = this.of<T>(event).find(match);
        if (hit === undefined) return false;
        clearTimeout(timer);
        this.waiters = this.waiters.filter((w) => w !== waiter);
        resolve(hit);
        return true;
      };
      const waiter = () => void check();
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w !== waiter);
        reject(new Error(`no ${event} matching within ${timeoutMs} ms`));
      }, timeoutMs);
      if (!check()) this.waiters.push(waiter);
    });
  }

  request<T>(event: string, payload: unknown): Promise<WsAck<T>> {
    return this.socket.timeout(WAIT_MS).emitWithAck(event, payload) as Promise<WsAck<T>>;
  }

  close(): void {
    this.socket.close();
  }
}

/** Connects and resolves once the gateway has sent `session.ready`. */
export async function connect(url: string, token: string): Promise<TestClient> {
  const socket = io(url, { auth: { token }, transports: ['websocket'], reconnection: false });
  const client = new TestClient(socket);
  await client.waitFor(WsEvent.sessionReady);
  return client;
}

export interface VehicleOnShift {
  vehicleId: string;
  driverId: string;
  shiftId: string;
  token: string;
}

/** A fresh vehicle and driver with a shift running now (the seed's shifts follow the clock). */
export async function vehicleOnShift(h: BookingApiHarness): Promise<VehicleOnShift> {
  const [v] = await h.ds.query(
    `INSERT INTO vehicles (county_id, call_sign, seats, wheelchair_places, home_depot_stop_id)
     VALUES ($1, $2, 8, 1, $3) RETURNING id`,
    [h.seed.countyId, `T-${randomUUID().slice(0, 8)}`, h.stop('eva-8003481')],
  );
  const [d] = await h.ds.query(
    `INSERT INTO drivers (county_id, name) VALUES ($1, 'Testfahrer/in') RETURNING id`,
    [h.seed.countyId],
  );
  const [s] = await h.ds.query(
    `INSERT INTO shifts (vehicle_id, driver_id, starts_at, ends_at)
     VALUES ($1, $2, now() - interval '1 hour', now() + interval '6 hours') RETURNING id`,
    [v.id, d.id],
  );
  const res = await h.http
    .post('/v1/dev/tokens')
    .send({ role: 'driver', subject: d.id })
    .expect(201);
  return { vehicleId: v.id, driverId: d.id, shiftId: s.id, token: res.body.token };
}

/**
 * A booking as the dispatch worker leaves it once confirmed on a vehicle, its pickup window
 * opening `opensInMin` minutes from now (negative: already open) and lasting 15 minutes.
 */
export async function confirmedBooking(
  h: BookingApiHarness,
  riderId: string,
  vehicleId: string,
  fromCode = 'ags-07336002',
  toCode = 'eva-8003481',
  opensInMin = 10,
): Promise<string> {
  const [b] = await h.ds.query(
    `INSERT INTO bookings (rider_id, service_area_id, from_stop_id, to_stop_id, time_kind, requested_time,
       passengers, wheelchair_places, status, promised_pickup_from, promised_pickup_to,
       promised_latest_arrival, vehicle_id, channel, created_by, version)
     VALUES ($1, $2, $3, $4, 'depart_at', now() + $7::float8 * interval '1 minute', 1, 0, 'confirmed',
       now() + $7::float8 * interval '1 minute', now() + ($7::float8 + 15) * interval '1 minute',
       now() + ($7::float8 + 50) * interval '1 minute', $5, 'rider', $6, 1) RETURNING id`,
    [
      riderId,
      h.seed.serviceAreaId,
      h.stop(fromCode),
      h.stop(toCode),
      vehicleId,
      riderId,
      opensInMin,
    ],
  );
  return b.id;
}

/** What the dispatch worker will do: write the schedule, then announce it. */
export async function publishSchedule(
  h: BookingApiHarness,
  v: VehicleOnShift,
  stops: ScheduledStopRecord[],
): Promise<{ scheduleId: string; version: number }> {
  const [row] = await h.ds.query(
    `INSERT INTO vehicle_schedules (vehicle_id, shift_id, stops, version) VALUES ($1, $2, $3, 1)
     ON CONFLICT (shift_id) DO UPDATE SET stops = EXCLUDED.stops, version = vehicle_schedules.version + 1,
       updated_at = now()
     RETURNING id, version`,
    [v.vehicleId, v.shiftId, JSON.stringify(stops)],
  );
  await h.app.get(EventPublisher).publish('events.schedule-changed', {
    vehicleId: v.vehicleId,
    scheduleId: row.id,
    version: row.version,
    at: new Date().toISOString(),
  });
  return { scheduleId: row.id, version: row.version };
}

/** A plan for one booking: pick up at `from`, drop off at `to`, times from now. */
export function oneRideStops(bookingId: string, from: string, to: string): ScheduledStopRecord[] {
  const at = (min: number) => new Date(Date.now() + min * 60_000).toISOString();
  return [
    {
      stopId: from,
      plannedArrivalAt: at(10),
      plannedDepartureAt: at(11),
      pickups: [bookingId],
      dropoffs: [],
      load: { seats: 1, wheelchairPlaces: 0 },
    },
    {
      stopId: to,
      plannedArrivalAt: at(30),
      plannedDepartureAt: at(31),
      pickups: [],
      dropoffs: [bookingId],
      load: { seats: 0, wheelchairPlaces: 0 },
    },
  ];
}

export function position(lat: number, lon: number, time = Date.now()) {
  return { lat, lon, heading: 90, speed: 10, accuracy: 5, time: new Date(time).toISOString() };
}

/** The booking API and one realtime gateway a suite's tests share; set once `beforeAll` ran. */
export interface GatewaySuite {
  h: BookingApiHarness;
  gateway: INestApplication;
  url: string;
  /** Clients to close after the suite's tests. */
  clients: TestClient[];
  /** Connects a client with `token`, closed after the suite's tests. */
  open(token: string): Promise<TestClient>;
}

/**
 * Starts the booking API (with `env`) and a gateway on it before the suite's tests, and closes
 * every client, the gateway and the API after them. Call it in a `describe` body.
 */
export function useGatewaySuite(env: Record<string, string> = {}): GatewaySuite {
  const suite = {
    clients: [] as TestClient[],
    open: async (token: string) => {
      const c = await connect(suite.url, token);
      suite.clients.push(c);
      return c;
    },
  } as GatewaySuite;
  beforeAll(async () => {
    suite.h = await startBookingApi(env);
    ({ app: suite.gateway, url: suite.url } = await startGateway(suite.h.config));
  });
  afterAll(async () => {
    suite.clients.forEach((c) => c.close());
    await suite.gateway?.close();
    await suite.h?.close();
  });
  return suite;
}
