/** A county's transport office, as `GET /v1/web/offices` lists it. */
export interface TransportOffice {
  countyCode: string;
  /** The county's name, e.g. "Landkreis Kusel". */
  name: string;
  bookingPhone: { e164: string; display: string };
}

const LAST_COUNTY = 'rufbus.rider.county';

/** Remembers the county of the stops the rider chose last (kept on this phone). */
export function rememberCounty(countyCode: string): void {
  try {
    localStorage.setItem(LAST_COUNTY, countyCode);
  } catch {
    // private mode: the sign-in page lists every office instead
  }
}

export function lastCounty(): string | null {
  try {
    return localStorage.getItem(LAST_COUNTY);
  } catch {
    return null;
  }
}

/**
 * The offices to show a rider who cannot get a code: the one of the county they booked in last,
 * else the only one, else all of them (each with its county's name, so the rider picks theirs).
 */
export function officesFor(offices: TransportOffice[], last: string | null): TransportOffice[] {
  const mine = offices.find((o) => o.countyCode === last);
  return mine ? [mine] : offices;
}
