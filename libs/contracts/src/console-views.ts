/** What the transport office's console reads from `GET /v1/admin/console/vehicles`. */
export interface LiveTripStop {
  stopId: string;
  name: string;
  lat: number;
  lon: number;
  plannedArrivalAt: string;
  plannedDepartureAt: string;
  departedAt: string | null;
  boarding: number;
  alighting: number;
  load: { seats: number; wheelchairPlaces: number };
}

export interface LiveVehicle {
  vehicleId: string;
  callSign: string;
  seats: number;
  wheelchairPlaces: number;
  shift: { startsAt: string; endsAt: string } | null;
  /** On board now: the load after the last stop the driver departed from. */
  load: { seats: number; wheelchairPlaces: number };
  stops: LiveTripStop[];
}
