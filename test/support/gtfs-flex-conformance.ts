import { parse } from 'csv-parse/sync';

/**
 * Checks a GTFS-Flex feed against the rules of the GTFS reference (revised 2026-03) that apply
 * to an on-demand zone service: required files and fields, ids unique, references between files,
 * the conditional rules of stop_times.txt (windows vs. times, pickup/drop-off types), booking
 * rules by booking_type, locations.geojson's shape, and the zone-overlap rule. Returns the
 * problems found, empty when the feed conforms. Written from the reference, independent of the
 * exporter.
 */
export function checkGtfsFlex(files: Record<string, string>): string[] {
  const problems: string[] = [];
  const table = (name: string): Array<Record<string, string>> => {
    const text = files[name];
    if (text === undefined) return [];
    return parse(text, { columns: true, skip_empty_lines: true, bom: true }) as Array<
      Record<string, string>
    >;
  };
  const requireFields = (name: string, rows: Array<Record<string, string>>, fields: string[]) => {
    if (files[name] === undefined) {
      problems.push(`${name}: required file missing`);
      return;
    }
    rows.forEach((r, i) => {
      for (const f of fields) {
        if (!(f in r) || r[f] === '') problems.push(`${name} row ${i + 1}: ${f} is required`);
      }
    });
  };
  const unique = (
    name: string,
    rows: Array<Record<string, string>>,
    key: (r: Record<string, string>) => string,
  ) => {
    const seen = new Set<string>();
    for (const r of rows) {
      const k = key(r);
      if (seen.has(k)) problems.push(`${name}: duplicate key ${k}`);
      seen.add(k);
    }
  };
  const timeS = (v: string): number | null => {
    const m = /^(\d{1,2}):([0-5]\d):([0-5]\d)$/.exec(v ?? '');
    return m ? Number(m[1]) * 3600 + Number(m[2]) * 60 + Number(m[3]) : null;
  };

  const agency = table('agency.txt');
  requireFields('agency.txt', agency, ['agency_name', 'agency_url', 'agency_timezone']);
  if (files['agency.txt'] !== undefined && agency.length === 0)
    problems.push('agency.txt: no agency');
  if (agency.length > 1)
    agency.forEach(
      (a, i) =>
        !a.agency_id &&
        problems.push(`agency.txt row ${i + 1}: agency_id required with several agencies`),
    );
  const agencyIds = new Set(agency.map((a) => a.agency_id));

  const routes = table('routes.txt');
  requireFields('routes.txt', routes, ['route_id', 'route_type']);
  unique('routes.txt', routes, (r) => r.route_id);
  routes.forEach((r, i) => {
    if (!r.route_short_name && !r.route_long_name)
      problems.push(`routes.txt row ${i + 1}: route_short_name or route_long_name required`);
    if (agency.length > 1 && !agencyIds.has(r.agency_id))
      problems.push(`routes.txt row ${i + 1}: agency_id ${r.agency_id} unknown`);
    if (r.agency_id && !agencyIds.has(r.agency_id))
      problems.push(`routes.txt row ${i + 1}: agency_id ${r.agency_id} unknown`);
  });
  const routeIds = new Set(routes.map((r) => r.route_id));

  const calendar = table('calendar.txt');
  const days = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'];
  requireFields('calendar.txt', calendar, ['service_id', ...days, 'start_date', 'end_date']);
  unique('calendar.txt', calendar, (r) => r.service_id);
  calendar.forEach((c, i) => {
    for (const d of days)
      if (!['0', '1'].includes(c[d]))
        problems.push(`calendar.txt row ${i + 1}: ${d} must be 0 or 1`);
    if (!/^\d{8}$/.test(c.start_date) || !/^\d{8}$/.test(c.end_date) || c.end_date < c.start_date)
      problems.push(`calendar.txt row ${i + 1}: bad date range`);
  });
  const serviceIds = new Set(calendar.map((c) => c.service_id));

  const trips = table('trips.txt');
  requireFields('trips.txt', trips, ['route_id', 'service_id', 'trip_id']);
  unique('trips.txt', trips, (t) => t.trip_id);
  trips.forEach((t, i) => {
    if (!routeIds.has(t.route_id))
      problems.push(`trips.txt row ${i + 1}: route_id ${t.route_id} unknown`);
    if (!serviceIds.has(t.service_id))
      problems.push(`trips.txt row ${i + 1}: service_id ${t.service_id} unknown`);
  });
  const tripIds = new Set(trips.map((t) => t.trip_id));

  let locationIds = new Set<string>();
  if (files['locations.geojson'] !== undefined) {
    let fc: { type?: string; features?: Array<Record<string, unknown>> };
    try {
      fc = JSON.parse(files['locations.geojson']);
    } catch {
      fc = {};
      problems.push('locations.geojson: not JSON');
    }
    if (fc.type !== 'FeatureCollection' || !Array.isArray(fc.features))
      problems.push('locations.geojson: must be a FeatureCollection');
    for (const [i, f] of (fc.features ?? []).entries()) {
      const g = f.geometry as { type?: string; coordinates?: unknown } | undefined;
      if (f.type !== 'Feature')
        problems.push(`locations.geojson feature ${i}: type must be Feature`);
      if (typeof f.id !== 'string' || !f.id)
        problems.push(`locations.geojson feature ${i}: id required`);
      if (typeof f.properties !== 'object' || f.properties === null)
        problems.push(`locations.geojson feature ${i}: properties required`);
      if (
        !g ||
        !['Polygon', 'MultiPolygon'].includes(g.type ?? '') ||
        !Array.isArray(g.coordinates)
      )
        problems.push(`locations.geojson feature ${i}: geometry must be a Polygon or MultiPolygon`);
      else {
        const rings =
          g.type === 'Polygon'
            ? (g.coordinates as number[][][])
            : (g.coordinates as number[][][][]).flat();
        for (const ring of rings) {
          const [a, b] = [ring[0], ring[ring.length - 1]];
          if (ring.length < 4 || a[0] !== b[0] || a[1] !== b[1])
            problems.push(`locations.geojson feature ${i}: ring not closed or too short`);
          if (ring.some(([lon, lat]) => Math.abs(lon) > 180 || Math.abs(lat) > 90))
            problems.push(`locations.geojson feature ${i}: coordinate out of range`);
        }
      }
    }
    locationIds = new Set((fc.features ?? []).map((f) => String(f.id)));
    if (locationIds.size !== (fc.features ?? []).length)
      problems.push('locations.geojson: ids not unique');
  }

  const rules = table('booking_rules.txt');
  unique('booking_rules.txt', rules, (r) => r.booking_rule_id);
  rules.forEach((r, i) => {
    const at = `booking_rules.txt row ${i + 1}`;
    if (!r.booking_rule_id) problems.push(`${at}: booking_rule_id required`);
    const type = r.booking_type;
    if (!['0', '1', '2'].includes(type)) problems.push(`${at}: booking_type must be 0, 1 or 2`);
    const has = (f: string) => r[f] !== undefined && r[f] !== '';
    if (type === '1' && !has('prior_notice_duration_min'))
      problems.push(`${at}: prior_notice_duration_min required for type 1`);
    if (type !== '1' && has('prior_notice_duration_min'))
      problems.push(`${at}: prior_notice_duration_min forbidden`);
    if (type !== '1' && has('prior_notice_duration_max'))
      problems.push(`${at}: prior_notice_duration_max forbidden`);
    if (type === '2' && !has('prior_notice_last_day'))
      problems.push(`${at}: prior_notice_last_day required for type 2`);
    if (type !== '2' && has('prior_notice_last_day'))
      problems.push(`${at}: prior_notice_last_day forbidden`);
    if (has('prior_notice_last_day') !== has('prior_notice_last_time'))
      problems.push(`${at}: prior_notice_last_time goes with prior_notice_last_day`);
    if (type === '0' && has('prior_notice_start_day'))
      problems.push(`${at}: prior_notice_start_day forbidden for type 0`);
    if (type === '1' && has('prior_notice_duration_max') && has('prior_notice_start_day'))
      problems.push(`${at}: prior_notice_start_day forbidden with prior_notice_duration_max`);
    if (has('prior_notice_start_day') !== has('prior_notice_start_time'))
      problems.push(`${at}: prior_notice_start_time goes with prior_notice_start_day`);
    if (type !== '2' && has('prior_notice_service_id'))
      problems.push(`${at}: prior_notice_service_id forbidden`);
    if (
      has('prior_notice_duration_min') &&
      has('prior_notice_duration_max') &&
      Number(r.prior_notice_duration_max) < Number(r.prior_notice_duration_min)
    )
      problems.push(`${at}: prior_notice_duration_max below min`);
  });
  const ruleIds = new Set(rules.map((r) => r.booking_rule_id));

  const stopTimes = table('stop_times.txt');
  requireFields('stop_times.txt', stopTimes, ['trip_id', 'stop_sequence']);
  unique('stop_times.txt', stopTimes, (s) => `${s.trip_id}#${s.stop_sequence}`);
  const byTrip = new Map<string, Array<Record<string, string>>>();
  stopTimes.forEach((s, i) => {
    const at = `stop_times.txt row ${i + 1}`;
    const has = (f: string) => s[f] !== undefined && s[f] !== '';
    if (!tripIds.has(s.trip_id)) problems.push(`${at}: trip_id ${s.trip_id} unknown`);
    const places = ['stop_id', 'location_group_id', 'location_id'].filter(has);
    if (places.length !== 1)
      problems.push(`${at}: exactly one of stop_id, location_group_id, location_id`);
    if (has('location_id') && !locationIds.has(s.location_id))
      problems.push(`${at}: location_id ${s.location_id} not in locations.geojson`);
    const windowed = has('start_pickup_drop_off_window') || has('end_pickup_drop_off_window');
    if (
      (has('location_id') || has('location_group_id')) &&
      !(has('start_pickup_drop_off_window') && has('end_pickup_drop_off_window'))
    )
      problems.push(`${at}: windows required for a location`);
    if (has('start_pickup_drop_off_window') !== has('end_pickup_drop_off_window'))
      problems.push(`${at}: both window ends required`);
    if (windowed && (has('arrival_time') || has('departure_time')))
      problems.push(`${at}: times forbidden with windows`);
    if (windowed) {
      const a = timeS(s.start_pickup_drop_off_window);
      const b = timeS(s.end_pickup_drop_off_window);
      if (a === null || b === null || b <= a) problems.push(`${at}: bad window`);
      if (['', '0', '3'].includes(s.pickup_type ?? ''))
        problems.push(`${at}: pickup_type 0/3/empty forbidden with windows`);
      if (['', '0'].includes(s.drop_off_type ?? ''))
        problems.push(`${at}: drop_off_type 0/empty forbidden with windows`);
      for (const f of ['continuous_pickup', 'continuous_drop_off'])
        if (has(f) && s[f] !== '1') problems.push(`${at}: ${f} forbidden with windows`);
    }
    for (const f of ['pickup_booking_rule_id', 'drop_off_booking_rule_id'])
      if (has(f) && !ruleIds.has(s[f])) problems.push(`${at}: ${f} ${s[f]} unknown`);
    byTrip.set(s.trip_id, [...(byTrip.get(s.trip_id) ?? []), s]);
  });
  for (const t of tripIds)
    if (!byTrip.has(t)) problems.push(`trips.txt: trip ${t} has no stop_times`);
  // Zone overlap: two records of a trip in the same zone with overlapping windows must not both
  // allow pickups, nor both drop-offs.
  for (const [trip, rows] of byTrip) {
    for (let i = 0; i < rows.length; i++)
      for (let j = i + 1; j < rows.length; j++) {
        const [a, b] = [rows[i], rows[j]];
        if (!a.location_id || a.location_id !== b.location_id) continue;
        const overlap =
          (timeS(a.start_pickup_drop_off_window) ?? 0) <
            (timeS(b.end_pickup_drop_off_window) ?? 0) &&
          (timeS(b.start_pickup_drop_off_window) ?? 0) < (timeS(a.end_pickup_drop_off_window) ?? 0);
        if (!overlap) continue;
        if (a.pickup_type !== '1' && b.pickup_type !== '1')
          problems.push(`stop_times.txt: trip ${trip} zone overlap in pickups`);
        if (a.drop_off_type !== '1' && b.drop_off_type !== '1')
          problems.push(`stop_times.txt: trip ${trip} zone overlap in drop-offs`);
      }
    if (rows.length < 2) problems.push(`stop_times.txt: trip ${trip} needs at least two records`);
  }
  return problems;
}
