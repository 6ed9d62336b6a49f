/**
 * A train calling at a station, as `GET /v1/hubs/{stopId}/departures` and `.../arrivals` list
 * it; shared by the booking API and the rider and console apps. Times are ISO 8601 instants.
 */
export interface TrainCall {
  tripId: string;
  /** The service date the trip runs on, `YYYY-MM-DD` (a trip past midnight keeps its date). */
  serviceDate: string;
  route: string;
  /** Where the train goes, and where it comes from. */
  headsign: string;
  origin: string;
  arrivalAt: string;
  departureAt: string;
  platform: string | null;
  /** The trip starts here (nobody arrives by it) or ends here (nobody departs with it). */
  originatesHere: boolean;
  terminatesHere: boolean;
}
