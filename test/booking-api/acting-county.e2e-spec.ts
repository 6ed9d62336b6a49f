import { TokenService } from '@app/auth';
import { addCounty } from '@app/kusel-data';
import { bookRide, BookingApiHarness, startBookingApi } from '../support/booking-api-harness';
import { signedInLocalAccount } from '../support/local-office-account';
import { KAISERSLAUTERN } from '../support/second-county';

/**
 * `X-County-Id`: the county an admin acts for. Only an admin of every county (a token without a
 * county) may name one; an admin of one county stays in it. Kusel (07336) and Landkreis
 * Kaiserslautern (07335) on one installation, as in production.
 */
describe('the county an admin acts for (X-County-Id)', () => {
  let h: BookingApiHarness;
  let klAdmin: string;
  let globalAdmin: string;
  let klCountyId: string;
  let kuselBooking: string;
  let kuselRider: string;
  const auth = (t: string, county?: string) => ({
    Authorization: `Bearer ${t}`,
    ...(county ? { 'X-County-Id': county } : {}),
  });

  beforeAll(async () => {
    h = await startBookingApi();
    // Dev rider tokens need no county while Kusel is the only one.
    kuselBooking = (await bookRide(h, { from: 'ags-07336002', at: '09:00' })).id;
    kuselRider = (await h.riderToken('Kuselerin')).riderId;
    klCountyId = (await addCounty(h.ds, KAISERSLAUTERN)).countyId;
    klAdmin = (
      await signedInLocalAccount(h, {
        email: 'admin@kreis-kl.de',
        role: 'admin',
        countyCode: '07335',
      })
    ).token;
    globalAdmin = h.app.get(TokenService).sign({ sub: 'it-1', role: 'admin', name: 'IT' });
  });
  afterAll(() => h?.close());

  it("refuses a county admin that names another county, and keeps it out of that county's records", async () => {
    const reads = [
      () => h.http.get(`/v1/bookings/${kuselBooking}`),
      () => h.http.get(`/v1/admin/riders/${kuselRider}`),
    ];
    for (const read of reads) {
      await read().set(auth(klAdmin)).expect(404);
      const refused = await read().set(auth(klAdmin, h.seed.countyId)).expect(403);
      expect(refused.body.message).toMatch(/X-County-Id/);
      expect(refused.body.message).toMatch(/own county/);
    }
    await h.http
      .post(`/v1/bookings/${kuselBooking}/cancel`)
      .set(auth(klAdmin, h.seed.countyId))
      .send({})
      .expect(403);
    const booking = await h.http
      .get(`/v1/bookings/${kuselBooking}`)
      .set(auth(globalAdmin, h.seed.countyId))
      .expect(200);
    expect(booking.body.status).not.toBe('cancelled');
  });

  it('lets a county admin name its own county, as the console does', async () => {
    const own = await h.http
      .get('/v1/admin/service-areas')
      .set(auth(klAdmin, klCountyId.toUpperCase()))
      .expect(200);
    expect(own.body.map((a: { countyId: string }) => a.countyId)).toEqual([klCountyId]);
    await h.http.get(`/v1/bookings/${kuselBooking}`).set(auth(klAdmin, klCountyId)).expect(404);
  });

  it('lets an admin of every county act for the county it names', async () => {
    await h.http.get(`/v1/bookings/${kuselBooking}`).set(auth(globalAdmin)).expect(200);
    await h.http
      .get(`/v1/admin/riders/${kuselRider}`)
      .set(auth(globalAdmin, h.seed.countyId))
      .expect(200);
    await h.http
      .get(`/v1/admin/riders/${kuselRider}`)
      .set(auth(globalAdmin, klCountyId))
      .expect(404);
  });

  it('answers 404 naming X-County-Id, not 500, when the county named does not exist', async () => {
    const nowhere = '00000000-0000-4000-8000-000000000000';
    const writes: Array<[string, object]> = [
      ['/v1/admin/drivers', { name: 'Erika Niemand', phone: '0160 555 0401' }],
      ['/v1/admin/riders', { name: 'Hans Niemand', phone: '+49 6381 555401' }],
      [
        '/v1/admin/stops',
        { code: 'nowhere-1', name: 'Nirgends', kind: 'village', lat: 49.5, lon: 7.4 },
      ],
      [
        '/v1/admin/service-areas',
        {
          name: 'Nirgendwo',
          geometry: {
            type: 'Polygon',
            coordinates: [
              [
                [7.0, 49.0],
                [7.1, 49.0],
                [7.1, 49.1],
                [7.0, 49.0],
              ],
            ],
          },
          operatingHours: { mon: [{ start: '06:00', end: '20:00' }] },
        },
      ],
    ];
    const answers: Array<{ path: string; status: number; message: string }> = [];
    for (const [path, body] of writes) {
      const res = await h.http.post(path).set(auth(globalAdmin, nowhere)).send(body);
      answers.push({ path, status: res.status, message: res.body.message });
    }
    expect(answers).toEqual(
      writes.map(([path]) => ({
        path,
        status: 404,
        message: expect.stringMatching(/X-County-Id.*no such county/),
      })),
    );
    const read = await h.http
      .get('/v1/admin/service-areas')
      .set(auth(globalAdmin, nowhere))
      .expect(404);
    expect(read.body.message).toMatch(/X-County-Id/);
  });
});
