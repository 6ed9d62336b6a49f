import { DataSource, EntityManager } from 'typeorm';

export interface PlanCheck {
  violations: string[];
  confirmed: number;
  planned: number;
}

/** What to look at; unset: every stored schedule and booking. */
export interface PlanCheckScope {
  /** Only this county's vehicles and bookings. */
  countyId?: string;
  /**
   * Only shifts ending after this instant, and of the bookings not planned on them those whose
   * promised pickup starts after it (the current schedules; what was driven long ago is history).
   */
  since?: Date;
}

/**
 * An independent look at what the dispatcher stored, written apart from the engine (it shares
 * no code with libs/dispatch): every confirmed booking is planned exactly once, boards before it
 * alights, inside its promised pickup window and arrives by its promised latest arrival; no
 * vehicle ever carries more people or wheelchairs than it has places; planned times follow each
 * other with the real travel time. After fleet changes also: no stop still to drive is planned
 * on a cancelled shift or an inactive vehicle (unless riders aboard a broken-down vehicle),
 * offered bookings are planned like confirmed ones, riders on board stay planned, and a booking
 * at risk is on no vehicle.
 *
 * The tests and bench:burst run it over everything they stored; the dispatch worker runs it
 * every PROMISE_CHECK_EVERY_MIN minutes over each county's current schedules (issue 12).
 * @param travelS driving time in seconds between two stops (by id), from the router
 */
export async function checkStoredPlans(
  ds: DataSource | EntityManager,
  travelS: (fromStopId: string, toStopId: string) => number,
  scope: PlanCheckScope = {},
): Promise<PlanCheck> {
  const violations: string[] = [];
  const countyId = scope.countyId ?? null;
  const since = scope.since ?? null;
  const schedules: Array<{
    id: string;
    stops: StopRec[];
    seats: number;
    wheelchair_places: number;
    starts_at: Date;
    ends_at: Date;
    active: boolean;
    cancelled: boolean;
  }> = await ds.query(
    `SELECT s.id, s.stops, v.seats, v.wheelchair_places, sh.starts_at, sh.ends_at,
        v.active, sh.cancelled_at IS NOT NULL AS cancelled
      FROM vehicle_schedules s JOIN vehicles v ON v.id = s.vehicle_id JOIN shifts sh ON sh.id = s.shift_id
      WHERE ($1::uuid IS NULL OR v.county_id = $1) AND ($2::timestamptz IS NULL OR sh.ends_at > $2)`,
    [countyId, since],
  );
  const referenced = new Set<string>();
  for (const s of schedules)
    for (const r of s.stops) [...r.pickups, ...r.dropoffs].forEach((id) => referenced.add(id));
  const bookings: Array<{
    id: string;
    status: string;
    passengers: number;
    wheelchair_places: number;
    promised_pickup_from: Date;
    promised_pickup_to: Date;
    promised_latest_arrival: Date;
    vehicle_id: string;
  }> = await ds.query(
    `SELECT b.id, b.status, b.passengers, b.wheelchair_places, b.promised_pickup_from,
        b.promised_pickup_to, b.promised_latest_arrival, b.vehicle_id
      FROM bookings b LEFT JOIN service_areas a ON a.id = b.service_area_id
      WHERE b.id = ANY($3::uuid[]) OR (($1::uuid IS NULL OR a.county_id = $1)
        AND ($2::timestamptz IS NULL OR b.promised_pickup_from > $2))`,
    [countyId, since, [...referenced]],
  );
  const byId = new Map(bookings.map((b) => [b.id, b]));
  const missing = [...referenced].filter((id) => !byId.has(id));
  for (const id of missing) violations.push(`booking ${id} is planned but does not exist`);
  const seen = new Map<string, { pickups: number; dropoffs: number }>();
  const tol = 1;

  for (const s of schedules) {
    let seats = 0;
    let wheelchairs = 0;
    let prev: StopRec | null = null;
    const boarded = new Map<string, number>();
    for (const r of s.stops) {
      const ahead = !r.departedAt;
      if (ahead && r.pickups.length && (s.cancelled || !s.active))
        violations.push(
          `schedule ${s.id}: pickups planned on a ${s.cancelled ? 'cancelled shift' : 'vehicle out of service'}`,
        );
      const arr = Date.parse(r.plannedArrivalAt) / 1000;
      const dep = Date.parse(r.plannedDepartureAt) / 1000;
      if (dep + tol < arr)
        violations.push(`schedule ${s.id}: departs before it arrives at ${r.stopId}`);
      if (
        prev &&
        arr + tol < Date.parse(prev.plannedDepartureAt) / 1000 + travelS(prev.stopId, r.stopId)
      ) {
        violations.push(`schedule ${s.id}: reaches ${r.stopId} faster than the road allows`);
      }
      if (arr + tol < s.starts_at.getTime() / 1000 || dep - tol > s.ends_at.getTime() / 1000) {
        violations.push(`schedule ${s.id}: stop outside the shift`);
      }
      for (const id of r.pickups) {
        const b = byId.get(id);
        if (!b) continue;
        const count = seen.get(id) ?? { pickups: 0, dropoffs: 0 };
        count.pickups++;
        seen.set(id, count);
        seats += b.passengers - b.wheelchair_places;
        wheelchairs += b.wheelchair_places;
        boarded.set(id, dep);
        // boarding starts inside the promised window
        const start = Math.max(arr, b.promised_pickup_from.getTime() / 1000);
        if (
          start + tol < b.promised_pickup_from.getTime() / 1000 ||
          start - tol > b.promised_pickup_to.getTime() / 1000
        ) {
          violations.push(`booking ${id}: planned pickup outside its promised window`);
        }
      }
      for (const id of r.dropoffs) {
        const b = byId.get(id);
        if (!b) continue;
        const count = seen.get(id) ?? { pickups: 0, dropoffs: 0 };
        count.dropoffs++;
        seen.set(id, count);
        if (!boarded.has(id)) violations.push(`booking ${id}: alights before it boards`);
        seats -= b.passengers - b.wheelchair_places;
        wheelchairs -= b.wheelchair_places;
        if (arr - tol > b.promised_latest_arrival.getTime() / 1000) {
          violations.push(`booking ${id}: arrives after its promised latest arrival`);
        }
      }
      if (seats > s.seats)
        violations.push(`schedule ${s.id}: ${seats} seated passengers in ${s.seats} seats`);
      if (wheelchairs > s.wheelchair_places)
        violations.push(
          `schedule ${s.id}: ${wheelchairs} wheelchairs in ${s.wheelchair_places} places`,
        );
      prev = r;
    }
  }
  const confirmed = bookings.filter((b) => b.status === 'confirmed' || b.status === 'offered');
  for (const b of confirmed) {
    const c = seen.get(b.id);
    if (!c || c.pickups !== 1 || c.dropoffs !== 1)
      violations.push(
        `booking ${b.id}: planned ${c?.pickups ?? 0}x/${c?.dropoffs ?? 0}x instead of once`,
      );
  }
  const planned = new Set(['confirmed', 'offered', 'picked_up', 'dropped_off', 'no_show']);
  for (const [id, c] of seen) {
    const status = byId.get(id)!.status;
    if (!planned.has(status))
      violations.push(`booking ${id} is ${status} but still planned (${c.pickups})`);
  }
  for (const b of bookings.filter((x) => x.status === 'picked_up')) {
    const c = seen.get(b.id);
    if (!c || c.dropoffs !== 1)
      violations.push(`booking ${b.id}: on board but no drop-off planned`);
  }
  for (const b of bookings.filter((x) => x.status === 'at_risk')) {
    if (b.vehicle_id)
      violations.push(`booking ${b.id}: at risk but still on vehicle ${b.vehicle_id}`);
    if (!b.promised_pickup_from) violations.push(`booking ${b.id}: at risk without its promise`);
  }
  return { violations, confirmed: confirmed.length, planned: seen.size };
}

interface StopRec {
  stopId: string;
  plannedArrivalAt: string;
  plannedDepartureAt: string;
  pickups: string[];
  dropoffs: string[];
  departedAt?: string;
}
