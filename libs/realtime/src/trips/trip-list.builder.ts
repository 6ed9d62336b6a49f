import { TripListMessage, TripPassenger } from '@app/contracts';
import type { BookingStatus } from '@app/domain';
import type { ScheduledStopRecord } from '@app/persistence';

export interface TripBookingFacts {
  id: string;
  riderId: string;
  riderName: string;
  passengers: number;
  wheelchairPlaces: number;
  needs: string[];
  notes: string | null;
  status: BookingStatus;
}

export interface TripStopFacts {
  id: string;
  name: string;
  lat: number;
  lon: number;
}

export interface ScheduleFacts {
  id: string;
  vehicleId: string;
  version: number;
  stops: ScheduledStopRecord[];
}

/**
 * The driver's trip list from a vehicle schedule: stops in order with their planned times and
 * who boards and alights, with what a driver must know (seats, wheelchair places, needs, notes).
 * A booking missing from `bookings` (deleted meanwhile) is left out rather than shown half.
 */
export function buildTripList(
  schedule: ScheduleFacts,
  bookings: ReadonlyMap<string, TripBookingFacts>,
  stops: ReadonlyMap<string, TripStopFacts>,
): TripListMessage {
  const passenger = (id: string): TripPassenger[] => {
    const b = bookings.get(id);
    return b
      ? [
          {
            bookingId: b.id,
            riderName: b.riderName,
            passengers: b.passengers,
            wheelchairPlaces: b.wheelchairPlaces,
            needs: b.needs,
            notes: b.notes,
            status: b.status,
          },
        ]
      : [];
  };
  return {
    vehicleId: schedule.vehicleId,
    scheduleId: schedule.id,
    version: schedule.version,
    stops: schedule.stops.map((s, index) => {
      const stop = stops.get(s.stopId);
      return {
        index,
        stopId: s.stopId,
        name: stop?.name ?? '(unknown stop)',
        lat: stop?.lat ?? Number.NaN,
        lon: stop?.lon ?? Number.NaN,
        plannedArrivalAt: s.plannedArrivalAt,
        plannedDepartureAt: s.plannedDepartureAt,
        departedAt: s.departedAt ?? null,
        boarding: s.pickups.flatMap(passenger),
        alighting: s.dropoffs.flatMap(passenger),
        load: s.load,
      };
    }),
  };
}
