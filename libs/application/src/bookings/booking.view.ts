import type { BookingStatus, TimeKind } from '@app/domain';
import type { BookingEntity, StopEntity } from '@app/persistence';

/** What riders, drivers and the office see of a booking. Times are ISO 8601 instants. */
export interface BookingView {
  id: string;
  status: BookingStatus;
  riderId: string;
  serviceAreaId: string;
  fromStop: { id: string; name: string };
  toStop: { id: string; name: string };
  timeKind: TimeKind;
  requestedTime: string;
  passengers: number;
  wheelchairPlaces: number;
  /** The promise made at confirmation (or with the offer); null until then. */
  promise: { pickupFrom: string; pickupTo: string; latestArrival: string } | null;
  vehicleId: string | null;
  /** `rider`: the rider sees an offer and accepts it; `auto`: confirmed at once. */
  confirmation: 'auto' | 'rider';
  /** While `offered`: accept before this instant, or the held seat is released. */
  offerExpiresAt: string | null;
  reason: { code: string; text: string | null } | null;
  /**
   * With a rejection for lack of room: the nearest requested times (same `timeKind`, nearest
   * first, at most one earlier and one later) at which a vehicle could have taken the ride when it
   * was rejected. Nothing is held: book one as a new booking. Empty otherwise.
   */
  alternatives: string[];
  /** The train the ride connects with: caught at (`catch`) or arriving at (`arrive`) the station. */
  train: {
    role: 'catch' | 'arrive';
    tripId: string;
    serviceDate: string;
    route: string | null;
    headsign: string | null;
    scheduledAt: string;
    /** Minutes late as reported by GTFS-Realtime and applied to the ride (0: on time). */
    delayMin: number;
    /** The train was reported cancelled (or not calling at the station). */
    cancelled: boolean;
  } | null;
  /** A round trip's other leg, and which leg this is; null for single rides. */
  linkedBookingId: string | null;
  tripLeg: 'outbound' | 'return' | null;
  channel: 'rider' | 'operator';
  createdAt: string;
  updatedAt: string;
}

export function toBookingView(
  b: BookingEntity,
  from: Pick<StopEntity, 'id' | 'name'>,
  to: Pick<StopEntity, 'id' | 'name'>,
): BookingView {
  return {
    id: b.id,
    status: b.status,
    riderId: b.riderId,
    serviceAreaId: b.serviceAreaId,
    fromStop: { id: from.id, name: from.name },
    toStop: { id: to.id, name: to.name },
    timeKind: b.timeKind,
    requestedTime: b.requestedTime.toISOString(),
    passengers: b.passengers,
    wheelchairPlaces: b.wheelchairPlaces,
    promise:
      b.promisedPickupFrom && b.promisedPickupTo && b.promisedLatestArrival
        ? {
            pickupFrom: b.promisedPickupFrom.toISOString(),
            pickupTo: b.promisedPickupTo.toISOString(),
            latestArrival: b.promisedLatestArrival.toISOString(),
          }
        : null,
    vehicleId: b.vehicleId,
    confirmation: b.confirmation ?? 'auto',
    offerExpiresAt:
      b.status === 'offered' && b.offerExpiresAt ? b.offerExpiresAt.toISOString() : null,
    reason: b.reasonCode ? { code: b.reasonCode, text: b.reasonText } : null,
    alternatives: b.status === 'rejected' ? (b.alternatives ?? []) : [],
    train:
      b.trainRole && b.trainTripId && b.trainServiceDate && b.trainScheduledAt
        ? {
            role: b.trainRole,
            tripId: b.trainTripId,
            serviceDate: b.trainServiceDate,
            route: b.trainRoute,
            headsign: b.trainHeadsign,
            scheduledAt: b.trainScheduledAt.toISOString(),
            delayMin: Math.round((b.trainDelayS ?? 0) / 60),
            cancelled: !!b.trainCancelledAt,
          }
        : null,
    linkedBookingId: b.linkedBookingId ?? null,
    tripLeg: b.tripLeg ?? null,
    channel: b.channel,
    createdAt: b.createdAt.toISOString(),
    updatedAt: b.updatedAt.toISOString(),
  };
}
