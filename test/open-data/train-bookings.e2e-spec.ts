import { importGtfsFeed } from '@app/application';
import { addDays, toLocalTime } from '@app/domain';
import { KUSEL_TZ } from '@app/kusel-data';
import { join } from 'node:path';
import { BookingApiHarness, nextWeekdayAt, startBookingApi } from '../support/booking-api-harness';

const SAMPLE = join(__dirname, '..', '..', 'data', 'gtfs', 'kusel-line-sample');

interface Call {
  tripId: string;
  serviceDate: string;
  departureAt: string;
  arrivalAt: string;
  headsign: string;
  origin: string;
}

describe('booking a ride that connects with a train', () => {
  let h: BookingApiHarness;
  let token: string;
  let kusel: string;
  let albessen: string;
  let evening: Call;
  let morningArrival: Call;

  beforeAll(async () => {
    h = await startBookingApi();
    await importGtfsFeed(h.ds, SAMPLE, { name: 'sample' });
    ({ token } = await h.riderToken());
    kusel = h.stop('eva-8003481');
    albessen = h.stop('ags-07336002');
    const day = nextWeekdayAt('12:00');
    const date = toLocalTime(day, KUSEL_TZ).date;
    const at = (hhmm: string) => `${date}T${hhmm}:00${offset(date)}`;
    const dep = await h.http
      .get(`/v1/hubs/${kusel}/departures`)
      .query({ from: at('20:00'), to: at('21:00') })
      .expect(200);
    evening = dep.body.departures[0];
    const arr = await h.http
      .get(`/v1/hubs/${kusel}/arrivals`)
      .query({ from: at('09:00'), to: at('10:00') })
      .expect(200);
    morningArrival = arr.body.arrivals[0];
  });
  afterAll(() => h.close());

  /** Berlin's UTC offset on a date, e.g. `+01:00`. */
  function offset(date: string): string {
    const noonUtc = new Date(`${date}T12:00:00Z`);
    const local = toLocalTime(noonUtc, KUSEL_TZ);
    const diffMin = local.minuteOfDay - 12 * 60;
    return `+0${diffMin / 60}:00`;
  }

  const book = (body: Record<string, unknown>) =>
    h.http
      .post('/v1/bookings')
      .set('authorization', `Bearer ${token}`)
      .send({ passengers: 1, ...body });

  it('to the station: arrives by the departure less the transfer buffer, and shows the train', async () => {
    expect(evening).toBeDefined();
    const res = await book({
      fromStopId: albessen,
      toStopId: kusel,
      timeKind: 'arrive_by',
      train: { tripId: evening.tripId, serviceDate: evening.serviceDate },
    }).expect(201);
    expect(res.body.requestedTime).toBe(
      new Date(Date.parse(evening.departureAt) - 5 * 60_000).toISOString(),
    );
    expect(res.body.train).toEqual({
      role: 'catch',
      tripId: evening.tripId,
      serviceDate: evening.serviceDate,
      route: 'RB',
      headsign: 'Kaiserslautern Hbf',
      scheduledAt: evening.departureAt,
      delayMin: 0,
      cancelled: false,
    });
  });

  it('from the station after a train: the pickup window opens at its arrival', async () => {
    expect(morningArrival).toBeDefined();
    const res = await book({
      fromStopId: kusel,
      toStopId: albessen,
      timeKind: 'depart_at',
      train: { tripId: morningArrival.tripId, serviceDate: morningArrival.serviceDate },
    }).expect(201);
    expect(res.body.requestedTime).toBe(morningArrival.arrivalAt);
    expect(res.body.train).toMatchObject({
      role: 'arrive',
      scheduledAt: morningArrival.arrivalAt,
      headsign: morningArrival.origin,
    });
  });

  it('refuses a train that does not run that day, naming train.tripId', async () => {
    const res = await book({
      fromStopId: albessen,
      toStopId: kusel,
      timeKind: 'arrive_by',
      train: { tripId: evening.tripId, serviceDate: addDays(evening.serviceDate, 400) },
    }).expect(422);
    expect(res.body.errors).toEqual([
      expect.objectContaining({ field: 'train.tripId', code: 'unknown_train' }),
    ]);
  });

  it.each(['9999-99-99', '2027-02-29', '2026-13-01'])(
    'refuses the service date %s, which is no calendar date, naming train.serviceDate',
    async (serviceDate) => {
      const res = await book({
        fromStopId: albessen,
        toStopId: kusel,
        timeKind: 'arrive_by',
        train: { tripId: evening.tripId, serviceDate },
      }).expect(400);
      expect(res.body.errors).toEqual([
        expect.objectContaining({
          field: 'train.serviceDate',
          reason: expect.stringMatching(/calendar date YYYY-MM-DD/),
        }),
      ]);
    },
  );

  it('refuses leave-at to catch a train, naming timeKind', async () => {
    const res = await book({
      fromStopId: albessen,
      toStopId: kusel,
      timeKind: 'depart_at',
      train: { tripId: evening.tripId, serviceDate: evening.serviceDate },
    }).expect(422);
    expect(res.body.errors.map((e: { field: string }) => e.field)).toContain('timeKind');
  });

  it.each([
    [{ train: { tripId: 'x', serviceDate: '1.12.2026' } }, 'train.serviceDate'],
    [
      {
        train: { tripId: 'x', serviceDate: '2026-12-01' },
        trainDepartureAt: '2026-12-01T10:00:00+01:00',
      },
      'train',
    ],
  ])('answers 400 for %j naming %s', async (extra, field) => {
    const res = await book({
      fromStopId: albessen,
      toStopId: kusel,
      timeKind: 'arrive_by',
      ...extra,
    }).expect(400);
    expect(JSON.stringify(res.body.errors)).toContain(field);
  });

  describe('with an explicit time that fits the train (another time offered after a rejection)', () => {
    const minus = (iso: string, min: number) => new Date(Date.parse(iso) - min * 60_000);

    it('to the station: planned by the earlier time, and still tied to the train', async () => {
      const time = minus(evening.departureAt, 25).toISOString();
      const res = await book({
        fromStopId: albessen,
        toStopId: kusel,
        timeKind: 'arrive_by',
        time,
        train: { tripId: evening.tripId, serviceDate: evening.serviceDate },
      }).expect(201);
      expect(res.body.requestedTime).toBe(time);
      const got = await h.http
        .get(`/v1/bookings/${res.body.id}`)
        .set('authorization', `Bearer ${token}`)
        .expect(200);
      expect(got.body.train).toMatchObject({
        role: 'catch',
        tripId: evening.tripId,
        serviceDate: evening.serviceDate,
        scheduledAt: evening.departureAt,
      });
    });

    it('from the station: planned by the later time, and still tied to the train', async () => {
      const time = minus(morningArrival.arrivalAt, -20).toISOString();
      const res = await book({
        fromStopId: kusel,
        toStopId: albessen,
        timeKind: 'depart_at',
        time,
        train: { tripId: morningArrival.tripId, serviceDate: morningArrival.serviceDate },
      }).expect(201);
      expect(res.body.requestedTime).toBe(time);
      expect(res.body.train).toMatchObject({ role: 'arrive', tripId: morningArrival.tripId });
    });

    it('refuses an arrival after the departure less the transfer buffer, naming time', async () => {
      const res = await book({
        fromStopId: albessen,
        toStopId: kusel,
        timeKind: 'arrive_by',
        // The buffer is 5 minutes: 2 minutes before the departure misses the train.
        time: minus(evening.departureAt, 2).toISOString(),
        train: { tripId: evening.tripId, serviceDate: evening.serviceDate },
      }).expect(422);
      expect(res.body.errors).toEqual([
        expect.objectContaining({ field: 'time', code: 'after_train' }),
      ]);
    });

    it('refuses a pickup before the train arrives, naming time', async () => {
      const res = await book({
        fromStopId: kusel,
        toStopId: albessen,
        timeKind: 'depart_at',
        time: minus(morningArrival.arrivalAt, 10).toISOString(),
        train: { tripId: morningArrival.tripId, serviceDate: morningArrival.serviceDate },
      }).expect(422);
      expect(res.body.errors).toEqual([
        expect.objectContaining({ field: 'time', code: 'before_train' }),
      ]);
    });

    it('refuses leave-at to catch a train with a time, naming timeKind', async () => {
      const res = await book({
        fromStopId: albessen,
        toStopId: kusel,
        timeKind: 'depart_at',
        time: minus(evening.departureAt, 40).toISOString(),
        train: { tripId: evening.tripId, serviceDate: evening.serviceDate },
      }).expect(422);
      expect(res.body.errors).toEqual([
        expect.objectContaining({ field: 'timeKind', code: 'train_needs_arrive_by' }),
      ]);
    });
  });
});
