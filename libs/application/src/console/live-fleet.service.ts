import type { LiveTripStop, LiveVehicle } from '@app/contracts';
import { Clock } from '@app/domain';
import { VehicleSchedulesRepository } from '@app/persistence';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

export type { LiveTripStop, LiveVehicle };

/** Every vehicle of the county with the trip list of its shift running now, for the console. */
@Injectable()
export class LiveFleetService {
  constructor(
    private readonly ds: DataSource,
    private readonly schedules: VehicleSchedulesRepository,
    private readonly clock: Clock,
  ) {}

  async list(countyId: string, now = this.clock.now()): Promise<LiveVehicle[]> {
    const rows = await this.schedules.fleetAt(countyId, now);
    const ids = new Set<string>();
    rows.forEach((r) => (r.schedule?.stops ?? []).forEach((s) => ids.add(s.stopId)));
    const stops: Array<{ id: string; name: string; lat: number; lon: number }> = ids.size
      ? await this.ds.query(`SELECT id, name, lat, lon FROM stops WHERE id = ANY($1)`, [[...ids]])
      : [];
    const byId = new Map(stops.map((s) => [s.id, s]));
    return rows.map((r) => {
      const recs = r.schedule?.stops ?? [];
      const driven = recs.filter((s) => s.departedAt);
      const last = driven[driven.length - 1];
      return {
        vehicleId: r.vehicleId,
        callSign: r.callSign,
        seats: r.seats,
        wheelchairPlaces: r.wheelchairPlaces,
        shift: r.shift
          ? { startsAt: r.shift.startsAt.toISOString(), endsAt: r.shift.endsAt.toISOString() }
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
