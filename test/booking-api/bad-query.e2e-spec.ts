import { TokenService } from '@app/auth';
import { BookingApiHarness, startBookingApi } from '../support/booking-api-harness';

/**
 * Query strings and path parameters that once reached a 500, a misleading 422 or a silent 200
 * (found probing the running API): each is now a 400 naming the parameter and the reason.
 */
describe('booking API: bad query and path parameters are a 400 naming the parameter', () => {
  let h: BookingApiHarness;
  let operator: string;
  let admin: string;
  const auth = (t: string) => ({ Authorization: `Bearer ${t}` });

  beforeAll(async () => {
    h = await startBookingApi();
    operator = await h.operatorToken();
    admin = h.app.get(TokenService).sign({ sub: 'admin-1', role: 'admin' });
  });
  afterAll(() => h.close());

  const expectProblem = (
    res: { status: number; body: { code?: string; errors?: Array<{ field: string }> } },
    field: string,
    code: string,
  ) =>
    expect({ status: res.status, code: res.body.code, errors: res.body.errors }).toEqual({
      status: 400,
      code,
      errors: [expect.objectContaining({ field, reason: expect.stringMatching(/\w/) })],
    });

  it.each([
    ['/v1/gtfs-flex.zip?county=%00', undefined, 'county'],
    ['/v1/gtfs-flex.zip?county=07%0036', undefined, 'county'],
    ['/v1/admin/audit?entityId=%00', 'admin', 'entityId'],
    ['/v1/admin/audit?actor=a%00b', 'admin', 'actor'],
    ['/v1/admin/audit?actor=%00', 'operator', 'actor'],
    ['/v1/admin/riders?q=%00', 'operator', 'q'],
    ['/v1/stops?q=M%00', undefined, 'q'],
  ])('a NUL character in the query string (%s) is a 400 naming it', async (url, who, field) => {
    const req = h.http.get(url);
    if (who) req.set(auth(who === 'admin' ? admin : operator));
    expectProblem(await req, field, 'nul_character');
  });

  it.each([
    ['/v1/admin/service-areas/%00', 'id'],
    ['/v1/admin/riders/a%00b', 'id'],
    ['/v1/admin/vehicles/%00', 'id'],
    ['/v1/stops/%00', 'id'],
    ['/v1/bookings/%00', 'id'],
  ])('a NUL character in a path parameter (%s) is a 400 naming it', async (url, field) => {
    expectProblem(await h.http.get(url).set(auth(operator)), field, 'nul_character');
  });

  it('an escaped percent sign before 00 is text, not a NUL', async () => {
    const res = await h.http.get('/v1/admin/audit?actor=%2500').set(auth(admin));
    expect(res.status).toBe(200);
  });

  it.each([
    ['offset', 'offset=99999999999999999999'],
    ['offset', 'offset=1000001'],
    ['limit', 'limit=201'],
  ])('a page of the audit trail past the bounds of every list is a 400 (%s)', async (f, q) => {
    expectProblem(
      await h.http.get(`/v1/admin/audit?${q}`).set(auth(admin)),
      f,
      'validation_failed',
    );
  });

  it('a repeated parameter that takes one value is a 400 saying so', async () => {
    const gtfs = await h.http.get('/v1/gtfs-flex.zip?county=07336&county=07335');
    expectProblem(gtfs, 'county', 'repeated_parameter');
    expect(gtfs.body.message).toMatch(/one value/);
    expectProblem(
      await h.http.get('/v1/stops?county=07336&county=07336'),
      'county',
      'repeated_parameter',
    );
    expectProblem(
      await h.http.get('/v1/admin/audit?limit=5&limit=6').set(auth(operator)),
      'limit',
      'repeated_parameter',
    );
    // A parameter that takes a list still may be repeated.
    await h.http
      .get('/v1/bookings?status=requested&status=confirmed')
      .set(auth(operator))
      .expect(200);
    await h.http.get('/v1/gtfs-flex.zip?county=07336').expect(200);
  });

  it.each([
    ['/v1/admin/console/stats', 'to'],
    ['/v1/admin/shifts', 'to'],
    ['/v1/admin/audit', 'to'],
  ])('%s with from after to is a 400 naming the fields', async (path, field) => {
    const res = await h.http
      .get(`${path}?from=2026-11-24T00:00:00%2B01:00&to=2026-11-23T00:00:00%2B01:00`)
      .set(auth(operator));
    expectProblem(res, field, 'validation_failed');
    expect(res.body.message).toMatch(/to: must be after from/);
    await h.http
      .get(`${path}?from=2026-11-23T00:00:00%2B01:00&to=2026-11-24T00:00:00%2B01:00`)
      .set(auth(operator))
      .expect(200);
  });

  it('/v1/admin/console/stats with one end only, beyond the default other, is a 400 naming it', async () => {
    const stats = (query: string) =>
      h.http.get(`/v1/admin/console/stats?${query}`).set(auth(operator));
    // the default from is 12 h before now, the default to 36 h after
    const early = await stats('to=2020-01-01T00:00:00%2B01:00');
    expectProblem(early, 'to', 'validation_failed');
    expect(early.body.errors[0]).toMatchObject({ code: 'isAfter' });
    expect(early.body.message).toMatch(/^to: must be after from \(not given: 12 h before now, /);
    const late = await stats('from=2099-01-01T00:00:00%2B01:00');
    expectProblem(late, 'from', 'validation_failed');
    expect(late.body.message).toMatch(/^from: must be before to \(not given: 36 h after now, /);
    await stats('to=2099-01-01T00:00:00%2B01:00').expect(200);
    await stats('from=2020-01-01T00:00:00%2B01:00').expect(200);
  });
});
