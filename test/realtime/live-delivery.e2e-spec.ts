import {
  BookingEtaMessage,
  BookingStatusMessage,
  TripListMessage,
  VehiclePositionEvent,
  WsEvent,
} from '@app/contracts';
import { TrackHistoryWriter } from '@app/realtime';
import { BookingApiHarness } from '../support/booking-api-harness';
import {
  confirmedBooking,
  oneRideStops,
  position,
  publishSchedule,
  vehicleOnShift,
  useGatewaySuite,
} from './realtime-harness';

const ALBESSEN = 'ags-07336002';
const KUSEL_BF = 'eva-8003481';
const fromVehicle = (id: string) => (p: VehiclePositionEvent) => p.vehicleId === id;

describe('realtime gateway: positions, trip lists, ETAs and stop events', () => {
  const suite = useGatewaySuite();
  const { open } = suite;
  let h: BookingApiHarness;
  beforeAll(() => ({ h } = suite));

  it('sends a position to the vehicle’s rider and the office, and to nobody else', async () => {
    const [v1, v2] = [await vehicleOnShift(h), await vehicleOnShift(h)];
    const anna = await h.riderToken('Anna');
    const bert = await h.riderToken('Bert');
    const cleo = await h.riderToken('Cleo (no booking)');
    await confirmedBooking(h, anna.riderId, v1.vehicleId);
    await confirmedBooking(h, bert.riderId, v2.vehicleId);
    const [annaC, bertC, cleoC, office] = [
      await open(anna.token),
      await open(bert.token),
      await open(cleo.token),
      await open(await h.operatorToken()),
    ];
    const [d1, d2] = [await open(v1.token), await open(v2.token)];

    expect(await d1.request(WsEvent.vehiclePosition, position(49.55, 7.35))).toMatchObject({
      ok: true,
    });
    const atAnna = await annaC.waitFor(WsEvent.vehiclePosition, fromVehicle(v1.vehicleId));
    expect(atAnna).toMatchObject({
      lat: 49.55,
      lon: 7.35,
      headingDeg: 90,
      speedMps: 10,
      accuracyM: 5,
    });
    await office.waitFor(WsEvent.vehiclePosition, fromVehicle(v1.vehicleId));

    // Sent after v1's: once Bert has it, v1's would have reached him too had it been meant for him.
    expect(await d2.request(WsEvent.vehiclePosition, position(49.6, 7.5))).toMatchObject({
      ok: true,
    });
    await bertC.waitFor(WsEvent.vehiclePosition, fromVehicle(v2.vehicleId));
    await office.waitFor(WsEvent.vehiclePosition, fromVehicle(v2.vehicleId));
    expect(bertC.of<VehiclePositionEvent>(WsEvent.vehiclePosition).map((p) => p.vehicleId)).toEqual(
      [v2.vehicleId],
    );
    expect(annaC.of<VehiclePositionEvent>(WsEvent.vehiclePosition).map((p) => p.vehicleId)).toEqual(
      [v1.vehicleId],
    );
    expect(cleoC.of(WsEvent.vehiclePosition)).toEqual([]);
    expect(d2.of<VehiclePositionEvent>(WsEvent.vehiclePosition)).toEqual([]);

    // The history is thinned into PostgreSQL.
    await suite.gateway.get(TrackHistoryWriter).flush();
    const rows = await h.ds.query(
      `SELECT lat, lon FROM vehicle_track_points WHERE vehicle_id = $1`,
      [v1.vehicleId],
    );
    expect(rows).toEqual([{ lat: 49.55, lon: 7.35 }]);
  });

  it('pushes the trip list to the driver when the schedule changes, with riders’ needs', async () => {
    const v = await vehicleOnShift(h);
    const rider = await h.riderToken('Hildegard Becker');
    await h.ds.query(
      `UPDATE riders SET needs = '{walking_aid}', notes = 'klingelt zweimal' WHERE id = $1`,
      [rider.riderId],
    );
    const bookingId = await confirmedBooking(h, rider.riderId, v.vehicleId);
    const driver = await open(v.token);
    expect(driver.of(WsEvent.tripList)).toEqual([]);

    const { scheduleId, version } = await publishSchedule(
      h,
      v,
      oneRideStops(bookingId, h.stop(ALBESSEN), h.stop(KUSEL_BF)),
    );
    const trip = await driver.waitFor<TripListMessage>(
      WsEvent.tripList,
      (t) => t.version === version,
    );
    expect(trip).toMatchObject({ vehicleId: v.vehicleId, scheduleId });
    expect(trip.stops.map((s) => s.name)).toEqual(['Albessen, Ortsmitte', 'Kusel, Bahnhof']);
    const passenger = {
      bookingId,
      riderName: 'Hildegard Becker',
      passengers: 1,
      wheelchairPlaces: 0,
      needs: ['walking_aid'],
      notes: 'klingelt zweimal',
      status: 'confirmed',
    };
    expect(trip.stops[0]).toMatchObject({ boarding: [passenger], alighting: [] });
    expect(trip.stops[1]).toMatchObject({ boarding: [], alighting: [passenger] });

    // A driver who reconnects gets the current trip list at once.
    driver.close();
    const again = await open(v.token);
    expect(again.of<TripListMessage>(WsEvent.tripList)).toEqual([
      expect.objectContaining({ version }),
    ]);
  });

  it('gives the rider an ETA and every status change as the driver reports stops', async () => {
    const v = await vehicleOnShift(h);
    const rider = await h.riderToken('Otto');
    const other = await h.riderToken('Paula');
    const bookingId = await confirmedBooking(h, rider.riderId, v.vehicleId);
    // Due already: a no-show is reported once the rider's pickup window has opened.
    const noShowId = await confirmedBooking(h, other.riderId, v.vehicleId, ALBESSEN, KUSEL_BF, -5);
    const strangersId = await confirmedBooking(
      h,
      other.riderId,
      (await vehicleOnShift(h)).vehicleId,
    );
    // Both bookings are in this shift's schedule: a driver reports only those.
    const stops = oneRideStops(bookingId, h.stop(ALBESSEN), h.stop(KUSEL_BF));
    stops[0].pickups.push(noShowId);
    stops[1].dropoffs.push(noShowId);
    await publishSchedule(h, v, stops);
    const riderC = await open(rider.token);
    const office = await open(await h.operatorToken());
    const driver = await open(v.token);

    expect(await driver.request(WsEvent.vehiclePosition, position(49.55, 7.35))).toMatchObject({
      ok: true,
    });
    const eta = await riderC.waitFor<BookingEtaMessage>(
      WsEvent.eta,
      (e) => e.bookingId === bookingId,
    );
    expect(eta).toMatchObject({
      vehicleId: v.vehicleId,
      pickupAt: expect.any(String),
      method: 'routing',
    });
    expect(Date.parse(eta.arrivalAt)).toBeGreaterThan(Date.parse(eta.pickupAt!));

    const status = (id: string, s: string) => (m: BookingStatusMessage) =>
      m.bookingId === id && m.status === s;
    const boarded = await driver.request(WsEvent.stopEvent, {
      type: 'boarded',
      bookingId,
      stopId: h.stop(ALBESSEN),
    });
    expect(boarded).toEqual({
      ok: true,
      data: {
        type: 'boarded',
        vehicleId: v.vehicleId,
        stopId: h.stop(ALBESSEN),
        changed: [{ bookingId, from: 'confirmed', to: 'picked_up' }],
      },
    });
    await riderC.waitFor(WsEvent.bookingStatus, status(bookingId, 'picked_up'));
    await office.waitFor(WsEvent.bookingStatus, status(bookingId, 'picked_up'));

    expect(await driver.request(WsEvent.stopEvent, { type: 'boarded', bookingId })).toMatchObject({
      ok: false,
      error: { code: 'illegal_status_transition' },
    });
    expect(
      await driver.request(WsEvent.stopEvent, { type: 'boarded', bookingId: strangersId }),
    ).toMatchObject({
      ok: false,
      error: { code: 'not_found' },
    });
    expect(
      await driver.request(WsEvent.stopEvent, { type: 'landed', stopId: h.stop(KUSEL_BF) }),
    ).toMatchObject({
      ok: false,
      error: { code: 'invalid_type', field: 'type' },
    });
    expect(
      await driver.request(WsEvent.stopEvent, { type: 'no_show', bookingId: noShowId }),
    ).toMatchObject({
      ok: true,
      data: { changed: [{ bookingId: noShowId, from: 'confirmed', to: 'no_show' }] },
    });
    await office.waitFor(WsEvent.bookingStatus, status(noShowId, 'no_show'));

    const departed = await driver.request(WsEvent.stopEvent, {
      type: 'departed',
      stopId: h.stop(ALBESSEN),
    });
    expect(departed).toMatchObject({ ok: true, data: { changed: [] } });
    const trip = await driver.waitFor<TripListMessage>(
      WsEvent.tripList,
      (t) => !!t.stops[0].departedAt,
    );
    expect(trip.stops[1].departedAt).toBeNull();

    const arrived = await driver.request(WsEvent.stopEvent, {
      type: 'arrived',
      stopId: h.stop(KUSEL_BF),
    });
    expect(arrived).toMatchObject({
      ok: true,
      data: { changed: [{ bookingId, from: 'picked_up', to: 'dropped_off' }] },
    });
    await riderC.waitFor(WsEvent.bookingStatus, status(bookingId, 'dropped_off'));
    await office.waitFor(WsEvent.bookingStatus, status(bookingId, 'dropped_off'));
    const history = await h.ds.query(
      `SELECT to_status, actor FROM booking_events WHERE booking_id = $1 ORDER BY id`,
      [bookingId],
    );
    expect(history).toEqual([
      { to_status: 'picked_up', actor: v.driverId },
      { to_status: 'dropped_off', actor: v.driverId },
    ]);

    // Dropped off: the rider no longer sees the vehicle (the office still does).
    const before = riderC.of(WsEvent.vehiclePosition).length;
    expect(await driver.request(WsEvent.vehiclePosition, position(49.53, 7.39))).toMatchObject({
      ok: true,
    });
    await office.waitFor(WsEvent.vehiclePosition, (p: VehiclePositionEvent) => p.lat === 49.53);
    const probe = await riderC.request(WsEvent.subscribe, { bookingId });
    expect(probe).toMatchObject({
      ok: true,
      data: { booking: { status: 'dropped_off' }, position: null },
    });
    expect(riderC.of(WsEvent.vehiclePosition).length).toBe(before);
  });

  it('sends a reconnecting rider the booking status, last position and ETA again', async () => {
    const v = await vehicleOnShift(h);
    const rider = await h.riderToken('Rita');
    const bookingId = await confirmedBooking(h, rider.riderId, v.vehicleId);
    await publishSchedule(h, v, oneRideStops(bookingId, h.stop(ALBESSEN), h.stop(KUSEL_BF)));
    const first = await open(rider.token);
    const driver = await open(v.token);
    expect(await driver.request(WsEvent.vehiclePosition, position(49.56, 7.33))).toMatchObject({
      ok: true,
    });
    await first.waitFor(WsEvent.eta, (e: BookingEtaMessage) => e.bookingId === bookingId);
    first.close();

    const again = await open(rider.token);
    expect(again.of(WsEvent.sessionReady)).toEqual([
      expect.objectContaining({ bookingIds: [bookingId] }),
    ]);
    expect(again.of(WsEvent.bookingStatus)).toEqual([
      expect.objectContaining({ bookingId, status: 'confirmed', vehicleId: v.vehicleId }),
    ]);
    expect(again.of(WsEvent.vehiclePosition)).toEqual([
      expect.objectContaining({ vehicleId: v.vehicleId, lat: 49.56, lon: 7.33 }),
    ]);
    expect(again.of(WsEvent.eta)).toEqual([expect.objectContaining({ bookingId })]);
  });
});
