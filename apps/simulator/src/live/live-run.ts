import type { ClientConfig } from '@app/contracts';
import type { ServiceFigures } from '@app/domain';
import type { RoutingPort } from '@app/routing';
import { generateDay, type SimPlace, type SimRequest } from '@app/simulation';
import { BookingApiClient } from './http-client';
import { SimClock } from './sim-clock';
import { VehicleDriver } from './vehicle-driver';

export interface LiveRunOptions {
  apiUrl: string;
  gatewayUrl: string;
  routing: RoutingPort;
  places: SimPlace[];
  seed: number;
  /** Simulated seconds per real second. */
  speed: number;
  /** Share of the generated day to book (1: all), to keep demos light. */
  share?: number;
  /** Stop after this many real seconds (default: when the day is over and vehicles are idle). */
  maxRealS?: number;
  log?: (line: string) => void;
}

export interface LiveRunSummary {
  booked: number;
  confirmed: number;
  rejected: number;
  cancelled: number;
  failed: number;
  vehicles: number;
  positions: number;
  stopEvents: number;
  figures: ServiceFigures;
}

interface Stop {
  id: string;
  code: string;
  lat: number;
  lon: number;
}

/**
 * A generated day played against the running system as its users would: riders book through the
 * booking API (dev tokens), drivers of the shifts running now drive through the realtime gateway.
 * The simulated day starts at the server's current Kusel time of day and runs `speed` times as
 * fast (the server's own simulated clock when it runs one, as in `npm run demo`); see
 * {@link SimClock.requestedInstant} for how ride times meet the server's notice rule.
 */
export async function runLive(opts: LiveRunOptions): Promise<LiveRunSummary> {
  const log = opts.log ?? console.log;
  const api = new BookingApiClient(opts.apiUrl);
  const op = (await api.token('operator')).token;
  const stops = await api.call<Stop[]>('GET', '/v1/stops?limit=200', null);
  const stopId = new Map(stops.map((s) => [s.code, s.id]));
  const [area] = await api.call<Array<{ minNoticeMin: number; status: string }>>(
    'GET',
    '/v1/admin/service-areas',
    op,
  );
  const minNotice = area?.minNoticeMin ?? 30;
  const { clock: serverClock } = await api.call<ClientConfig>('GET', '/v1/client-config', null);
  const clock = new SimClock(serverClock, opts.speed);
  const all = generateDay(opts.places, { seed: opts.seed });
  const share = opts.share ?? 1;
  const day = all.filter(
    (r, i) => (i * 7919) % 1000 < share * 1000 && r.timeS > clock.startS + minNotice * 60,
  );
  log(
    `simulated day: ${day.length} of ${all.length} requests still ahead at ${hhmm(clock.startS)}, speed ×${clock.speed}${serverClock.simulated ? ' (the server’s simulated clock)' : ''}`,
  );

  // Drivers of the shifts running now (on the server's clock).
  const now = clock.serverNow();
  const shifts = await api.call<
    Array<{ vehicleId: string; driverId: string; startsAt: string; endsAt: string }>
  >(
    'GET',
    `/v1/admin/shifts?from=${now.toISOString()}&to=${new Date(now.getTime() + 60_000).toISOString()}`,
    op,
  );
  const vehicles = await api.call<Array<{ id: string; homeDepotStopId: string }>>(
    'GET',
    '/v1/admin/vehicles',
    op,
  );
  const noShows = new Set<string>();
  const drivers: VehicleDriver[] = [];
  for (const s of shifts.filter((x) => new Date(x.startsAt) <= now && new Date(x.endsAt) > now)) {
    const depot = stops.find(
      (st) => st.id === vehicles.find((v) => v.id === s.vehicleId)?.homeDepotStopId,
    );
    const { token } = await api.token('driver', { subject: s.driverId });
    const d = new VehicleDriver(
      opts.gatewayUrl,
      token,
      depot ?? stops[0],
      opts.routing,
      clock.speed,
      (id) => noShows.has(id),
      () => clock.serverNow(),
    );
    d.start();
    drivers.push(d);
  }
  log(`${drivers.length} vehicles on shift now`);

  const counts = { booked: 0, confirmed: 0, rejected: 0, cancelled: 0, failed: 0 };
  const bookings = new Map<string, { bookingId: string; token: string }>();
  const book = async (r: SimRequest) => {
    try {
      const rider = await api.token('rider', { name: `Sim ${r.id}` });
      const b = await api.call<{ id: string; status: string }>(
        'POST',
        '/v1/bookings',
        rider.token,
        {
          fromStopId: stopId.get(r.fromCode),
          toStopId: stopId.get(r.toCode),
          timeKind: r.timeKind,
          time: clock.requestedInstant(r.timeS, minNotice).toISOString(),
          passengers: r.passengers,
          wheelchairPlaces: r.wheelchairPlaces,
        },
      );
      counts.booked++;
      if (b.status === 'confirmed') counts.confirmed++;
      if (b.status === 'rejected') counts.rejected++;
      bookings.set(r.id, { bookingId: b.id, token: rider.token });
      if (r.noShow) noShows.add(b.id);
    } catch {
      counts.failed++;
    }
  };
  const cancel = async (r: SimRequest) => {
    const b = bookings.get(r.id);
    if (!b) return;
    await api
      .call('POST', `/v1/bookings/${b.bookingId}/cancel`, b.token, { reason: 'simulated' })
      .then(
        () => counts.cancelled++,
        () => undefined,
      );
  };

  const events = [
    ...day.map((r) => ({ t: Math.max(r.bookedAtS, 0), r, kind: 'book' as const })),
    ...day
      .filter((r) => r.cancelAtS !== null)
      .map((r) => ({ t: r.cancelAtS as number, r, kind: 'cancel' as const })),
  ].sort((a, b) => a.t - b.t);
  const started = Date.now();
  let next = 0;
  let lastLog = 0;
  for (;;) {
    const simNow = clock.nowS();
    const due: Array<Promise<void>> = [];
    while (next < events.length && events[next].t <= simNow && due.length < 8) {
      const e = events[next++];
      due.push(e.kind === 'book' ? book(e.r) : cancel(e.r));
    }
    await Promise.all(due);
    const realS = (Date.now() - started) / 1000;
    if (realS - lastLog >= 10) {
      lastLog = realS;
      log(progressLine(simNow, next, events.length, counts, drivers));
    }
    const over = next >= events.length && drivers.every((d) => d.idle);
    if (over || (opts.maxRealS !== undefined && realS >= opts.maxRealS)) break;
    if (!due.length) await new Promise((r) => setTimeout(r, 500));
  }
  drivers.forEach((d) => d.stop());
  const figures = await api.call<ServiceFigures>('GET', '/v1/admin/console/stats', op);
  return {
    ...counts,
    vehicles: drivers.length,
    positions: drivers.reduce((s, d) => s + d.stats.positions, 0),
    stopEvents: drivers.reduce((s, d) => s + d.stats.stopEvents, 0),
    figures,
  };
}

function progressLine(
  simNow: number,
  done: number,
  total: number,
  c: { booked: number; confirmed: number; rejected: number },
  drivers: VehicleDriver[],
): string {
  const width = 30;
  const bar = '#'.repeat(Math.round((width * done) / Math.max(1, total))).padEnd(width, '.');
  const moving = drivers.filter((d) => !d.idle).length;
  return `[${bar}] sim ${hhmm(simNow)}  events ${done}/${total}  booked ${c.booked} (confirmed ${c.confirmed}, rejected ${c.rejected})  vehicles moving ${moving}/${drivers.length}`;
}

function hhmm(s: number): string {
  const p = (n: number) => String(Math.floor(n)).padStart(2, '0');
  return `${p((s / 3600) % 24)}:${p((s / 60) % 60)}`;
}
