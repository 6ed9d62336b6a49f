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

/**
 * What `GET /v1/web/road-network` and the console's road network answer: drivable roads as
 * GeoJSON LineStrings ([lon, lat]), `main` for roads of 50 km/h or more, and where the roads come
 * from (a foreign member of the collection): a map of `openstreetmap` roads must credit
 * "© OpenStreetMap contributors" (ODbL 1.0); `synthetic` roads are invented (development and
 * tests) and must say so.
 */
export interface RoadMapView {
  type: 'FeatureCollection';
  features: Array<{
    type: 'Feature';
    properties: { main: boolean };
    geometry: { type: 'LineString'; coordinates: Array<[number, number]> };
  }>;
  source: 'openstreetmap' | 'synthetic';
}
