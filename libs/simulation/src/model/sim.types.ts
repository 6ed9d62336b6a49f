/**
 * The simulated day's vocabulary. Times of day are seconds since local midnight of the simulated
 * service day (negative: the day before); places are named by the seed's stop codes
 * (`ags-<AGS>` for a village centre, `eva-<EVA>` for a rail station), so the same day can be
 * booked through the API or replayed in-process.
 */

/** A place riders start from or travel to. Coordinates WGS84 degrees. */
export interface SimPlace {
  code: string;
  name: string;
  lat: number;
  lon: number;
  kind: 'village' | 'rail_station' | 'hub';
  /** Inhabitants (Zensus 2022) for villages; 0 for stations. */
  population: number;
}

export type TripPurpose = 'to_rail' | 'from_rail' | 'village';

/** One rider's request as the generator invents it. */
export interface SimRequest {
  id: string;
  fromCode: string;
  toCode: string;
  purpose: TripPurpose;
  timeKind: 'depart_at' | 'arrive_by';
  /** Requested time: earliest pickup (depart_at) or latest arrival (arrive_by). */
  timeS: number;
  /** When the rider books: negative when booked the day before. */
  bookedAtS: number;
  passengers: number;
  /** How many of the passengers travel in a wheelchair (0 or 1). */
  wheelchairPlaces: number;
  /** When the rider cancels, if they do. */
  cancelAtS: number | null;
  /** The rider does not turn up at the pickup. */
  noShow: boolean;
}

/** A minibus of the simulated fleet with its shifts (seconds of the day). */
export interface SimVehicle {
  id: string;
  callSign: string;
  seats: number;
  wheelchairPlaces: number;
  depotCode: string;
  shifts: Array<{ startS: number; endS: number }>;
}

/** A service area's pooling rules, as the what-if varies them. */
export interface SimRules {
  pickupWindowMin: number;
  maxRideFactor: number;
  maxRideExtraMin: number;
  minNoticeMin: number;
  /** Local opening hours of the simulated day, seconds; requests outside are refused. */
  openS: number;
  closeS: number;
}

export const DEFAULT_SIM_RULES: SimRules = {
  pickupWindowMin: 15,
  maxRideFactor: 1.5,
  maxRideExtraMin: 10,
  minNoticeMin: 30,
  openS: 5 * 3600,
  closeS: 23 * 3600,
};
