import type { LatLon, RoutingPort } from '@app/routing';
import { io, type Socket } from 'socket.io-client';

interface TripStop {
  stopId: string;
  name: string;
  lat: number;
  lon: number;
  departedAt: string | null;
  boarding: Array<{ bookingId: string; status: string }>;
}

export interface DriverStats {
  positions: number;
  stopEvents: number;
  refused: number;
}

/**
 * A driver's phone: follows the trip list pushed by the realtime gateway, drives each leg along
 * the routing port's geometry at `speed` times real speed, sends `vehicle.position` about once a
 * second and reports arrived / boarded (or no_show) / departed at each stop. Simulated riders are
 * always ready, so the vehicle does not wait for the promised window, except for a rider who
 * does not come: a no-show counts only once the window has opened, so the bus waits until then.
 */
export class VehicleDriver {
  readonly stats: DriverStats = { positions: 0, stopEvents: 0, refused: 0 };
  private readonly socket: Socket;
  private stops: TripStop[] = [];
  private leg: {
    path: LatLon[];
    stepM: number[];
    doneM: number;
    lengthM: number;
    stop: TripStop;
  } | null = null;
  private busy = false;
  private timer: NodeJS.Timeout | null = null;

  constructor(
    gatewayUrl: string,
    token: string,
    private position: LatLon,
    private readonly routing: RoutingPort,
    private readonly speed: number,
    private readonly isNoShow: (bookingId: string) => boolean,
    /** The server's clock, which positions are stamped with (it refuses far-off stamps). */
    private readonly serverNow: () => Date = () => new Date(),
  ) {
    this.socket = io(gatewayUrl, { auth: { token }, transports: ['websocket'] });
    this.socket.on('trip-list', (t: { stops: TripStop[] }) => (this.stops = t.stops));
  }

  get idle(): boolean {
    return !this.leg && !this.stops.some((s) => !s.departedAt);
  }

  start(tickMs = 1000): void {
    this.timer = setInterval(
      () => void this.tick(tickMs / 1000).catch(() => this.stats.refused++),
      tickMs,
    );
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.socket.close();
  }

  private async tick(dtS: number): Promise<void> {
    if (this.busy) return;
    this.busy = true;
    try {
      if (!this.leg) {
        const next = this.stops.find((s) => !s.departedAt);
        if (next) await this.startLeg(next);
      }
      if (this.leg) {
        // 13 m/s is about 47 km/h, a country minibus's average over villages and main roads.
        this.leg.doneM += 13 * this.speed * dtS;
        this.position = pointAlong(this.leg.path, this.leg.stepM, this.leg.doneM);
        await this.send('vehicle.position', {
          ...this.position,
          speed: 13,
          accuracy: 10,
          time: this.serverNow().toISOString(),
        });
        this.stats.positions++;
        if (this.leg.doneM >= this.leg.lengthM) await this.serve(this.leg.stop);
      }
    } finally {
      this.busy = false;
    }
  }

  private async startLeg(stop: TripStop): Promise<void> {
    const target = { lat: stop.lat, lon: stop.lon };
    const route = await this.routing.route([this.position, target]).catch(() => null);
    const path = route
      ? route.geometry.coordinates.map(([lon, lat]) => ({ lat, lon }))
      : [this.position, target];
    const stepM = [0];
    for (let i = 1; i < path.length; i++) stepM.push(stepM[i - 1] + metres(path[i - 1], path[i]));
    this.leg = { path, stepM, doneM: 0, lengthM: stepM[stepM.length - 1], stop };
  }

  private async serve(stop: TripStop): Promise<void> {
    this.leg = null;
    await this.event({ type: 'arrived', stopId: stop.stopId });
    for (const p of stop.boarding.filter((b) => b.status === 'confirmed')) {
      const type = this.isNoShow(p.bookingId) ? 'no_show' : 'boarded';
      while (
        (await this.event({ type, bookingId: p.bookingId, stopId: stop.stopId })) === 'too_early' &&
        this.socket.connected
      )
        await new Promise((r) => setTimeout(r, NO_SHOW_RETRY_MS));
    }
    await this.event({ type: 'departed', stopId: stop.stopId });
    stop.departedAt = new Date().toISOString();
  }

  /** @returns the refusal's code, if refused. */
  private async event(body: Record<string, string>): Promise<string | undefined> {
    const refused = await this.send('stop.event', body);
    this.stats.stopEvents++;
    return refused;
  }

  private async send(event: string, body: unknown): Promise<string | undefined> {
    const ack = (await this.socket.timeout(10_000).emitWithAck(event, body)) as {
      ok: boolean;
      error?: { code: string };
    };
    if (ack.ok) return undefined;
    // Waiting for a rider's window to open is no refusal worth counting.
    if (ack.error?.code !== 'too_early') this.stats.refused++;
    return ack.error?.code ?? 'refused';
  }
}

/** How often a waiting bus asks again whether a rider who did not come may be reported. */
const NO_SHOW_RETRY_MS = 2000;

function metres(a: LatLon, b: LatLon): number {
  const k = Math.PI / 180;
  const x = (b.lon - a.lon) * k * Math.cos(((a.lat + b.lat) / 2) * k);
  const y = (b.lat - a.lat) * k;
  return Math.sqrt(x * x + y * y) * 6_371_000;
}

function pointAlong(path: LatLon[], stepM: number[], d: number): LatLon {
  if (d <= 0) return path[0];
  for (let i = 1; i < path.length; i++) {
    if (stepM[i] >= d) {
      const f = (d - stepM[i - 1]) / Math.max(1e-9, stepM[i] - stepM[i - 1]);
      return {
        lat: path[i - 1].lat + f * (path[i].lat - path[i - 1].lat),
        lon: path[i - 1].lon + f * (path[i].lon - path[i - 1].lon),
      };
    }
  }
  return path[path.length - 1];
}
