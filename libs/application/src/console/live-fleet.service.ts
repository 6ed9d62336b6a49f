import type { LiveTripStop, LiveVehicle } from '@app/contracts';
import { ScheduledStopRecord } from '@app/persistence';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

export type { LiveTripStop, LiveVehicle };

/** Every vehicle of the county with the trip list of its shift running now, for the console. */
@Injectable()
export class LiveFleetService {
  constructor(private readonly ds: DataSource) {}

  async list(countyId: string, now = new Date()): Promise<LiveVehicle[]> {
    const rows: Array<{
      id: string;
      call_sign: string;
      seats: number;
      wheelchair_places: number;
      starts_at: Date | null;
      ends_at: Date | null;
      stops: ScheduledStopRecord[] | null;
    }> = await this.ds.query(
      `SELECT v.id, v.call_sign, v.seats, v.wheelchair_places, s.starts_at, s.ends_at, vs.stops
         FROM vehicles v
         LEFT JOIN shifts s ON s.vehicle_id = v.id AND s.starts_at <= $2 AND s.ends_at > $2
          AND s.cancelled_at IS NULL
         LEFT JOIN vehicle_schedules vs ON vs.shift_id = s.id
        WHERE v.county_id = $1 AND v.active ORDER BY v.call_sign`,
      [countyId, now],
    );
    const ids = new Set<string>();
    rows.forEach((r) => (r.stops ?? []).forEach((s) => ids.add(s.stopId)));
    const stops: Array<{ id: string; name: string; lat: number; lon: number }> = ids.size
      ? await this.ds.query(`SELECT id, name, lat, lon FROM stops WHERE id = ANY($1)`, [[...ids]])
      : [];
    const byId = new Map(stops.map((s) => [s.id, s]));
    return rows.map((r) => {
      const recs = r.stops ?? [];
      const driven = recs.filter((s) => s.departedAt);
      const last = driven[driven.length - 1];
      return {
        vehicleId: r.id,
        callSign: r.call_sign,
        seats: r.seats,
        wheelchairPlaces: r.wheelchair_places,
        shift:
          r.starts_at && r.ends_at
            ? { startsAt: r.starts_at.toISOString(), endsAt: r.ends_at.toISOString() }
            : null,
        load: last ? last.load : { seats: 0, wheelchairPlaces: 0 },
        stops: recs.map((s) => {
          const stop = byId.get(s.stopId);
          return {
            stopId: s.stopId,
            name: stop?.name ?? s.stopId,
            lat: stop?.lat ?? 0,
            lon: stop?.lon ?? 0,
            plannedArrivalAt: s.plannedArrivalAt,
            plannedDepartureAt: s.plannedDepartureAt,
            departedAt: s.departedAt ?? null,
            boarding: s.pickups.length,
            alighting: s.dropoffs.length,
            load: s.load,
          };
        }),
      };
    });
  }
}
