import { addCounty, CountyDataError } from '@app/kusel-data';
import { SmsSenderPort } from '@app/application';
import { CountyEntity, RiderEntity, ServiceAreaEntity, StopEntity } from '@app/persistence';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BookingApiHarness, nextWeekdayAt, startBookingApi } from '../support/booking-api-harness';
import { KAISERSLAUTERN } from '../support/second-county';

const KL = KAISERSLAUTERN;

/**
 * A second county on the same installation (Landkreis Kaiserslautern's sample next to Kusel):
 * `county:add` and the public endpoints that take their county from a parameter, a stop or a
 * position instead of a key written into the code.
 */
describe('several counties: onboarding and public endpoints', () => {
  let h: BookingApiHarness;
  let kl: Awaited<ReturnType<typeof addCounty>>;
  const auth = (t: string) => ({ Authorization: `Bearer ${t}` });
  const token = async (body: object) =>
    (await h.http.post('/v1/dev/tokens').send(body).expect(201)).body as {
      token: string;
      subject: string;
    };

  beforeAll(async () => {
    h = await startBookingApi();
    kl = await addCounty(h.ds, KL);
  });
  afterAll(() => h?.close());

  it('county:add loads the county once: a re-run updates in place and duplicates nothing', async () => {
    const count = async () => ({
      counties: await h.ds.getRepository(CountyEntity).count(),
      stops: await h.ds.getRepository(StopEntity).countBy({ countyId: kl.countyId }),
      areas: await h.ds.getRepository(ServiceAreaEntity).countBy({ countyId: kl.countyId }),
    });
    expect(await count()).toEqual({ counties: 2, stops: 8, areas: 1 });
    expect(kl).toMatchObject({ villages: 7, stations: 1 });
    const again = await addCounty(h.ds, { ...KL, name: 'Kreis Kaiserslautern' });
    expect(again.countyId).toBe(kl.countyId);
    expect(again.serviceAreaId).toBe(kl.serviceAreaId);
    expect(await h.ds.getRepository(CountyEntity).findOneByOrFail({ code: '07335' })).toMatchObject(
      { name: 'Kreis Kaiserslautern' },
    );
    await addCounty(h.ds, KL);
    expect(await count()).toEqual({ counties: 2, stops: 8, areas: 1 });
    const county = await h.ds.getRepository(CountyEntity).findOneByOrFail({ code: '07335' });
    expect(county.name).toBe('Landkreis Kaiserslautern');
    const hub = await h.ds.getRepository(StopEntity).findOneByOrFail({ code: 'eva-8003515' });
    expect(hub).toMatchObject({
      countyId: kl.countyId,
      isMainHub: true,
      name: 'Landstuhl, Bahnhof',
    });
  });

  it('county:add rejects a malformed file naming file, line and field, and writes nothing', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'county-add-'));
    const bad = join(dir, 'gemeinden.csv');
    writeFileSync(
      bad,
      'ags,name,verbandsgemeinde,lat,lon,population,source\n' +
        '07337001,Albersweiler,Annweiler,49.219,8.030,1900,x\n' +
        '07337002,"Annweiler am\nTrifels",Annweiler,49.2o4,7.966,7000,x\n',
    );
    const run = addCounty(h.ds, { ...KL, ags: '07337', municipalitiesFile: bad });
    await expect(run).rejects.toThrow(CountyDataError);
    await expect(run).rejects.toThrow(
      'gemeinden.csv, line 3, field "lat": must be a number from -90 to 90 (got "49.2o4")',
    );
    writeFileSync(bad, 'ags,name,lat\n07337001,Albersweiler,49.2\n');
    await expect(addCounty(h.ds, { ...KL, ags: '07337', municipalitiesFile: bad })).rejects.toThrow(
      'gemeinden.csv, line 1, field "lon": column is missing',
    );
    writeFileSync(bad, 'ags,name,lat,lon\n07336001,Adenbach,49.6,7.6\n');
    await expect(addCounty(h.ds, { ...KL, ags: '07337', municipalitiesFile: bad })).rejects.toThrow(
      'gemeinden.csv, line 2, field "ags": must be an 8-digit municipality key of county 07337',
    );
    expect(await h.ds.getRepository(CountyEntity).countBy({ code: '07337' })).toBe(0);
  });

  it('stop search takes a county, or near a position the county whose area contains it', async () => {
    const inKl = await h.http.get('/v1/stops').query({ county: '07335', limit: 200 }).expect(200);
    expect(inKl.body.map((s: { code: string }) => s.code).sort()).toEqual(
      [...kl.stopIds.keys()].sort(),
    );
    const kusel = await h.http.get('/v1/stops').query({ q: 'kusel', county: '07336' }).expect(200);
    expect(kusel.body.length).toBeGreaterThan(0);
    expect(kusel.body.every((s: { code: string }) => !kl.stopIds.has(s.code))).toBe(true);
    // Kindsbach lies in Kaiserslautern's area only: the stops near it are that county's
    const near = await h.http
      .get('/v1/stops')
      .query({ lat: 49.4161, lon: 7.615, limit: 5 })
      .expect(200);
    expect(near.body[0].name).toBe('Kindsbach, Ortsmitte');
    expect(near.body.every((s: { code: string }) => kl.stopIds.has(s.code))).toBe(true);
    const bad = await h.http.get('/v1/stops').query({ county: '7335' }).expect(400);
    expect(bad.body.errors[0].field).toBe('county');
  });

  it("booking options come from the county named, or the stop's county; none named is a 422", async () => {
    const byKey = await h.http.get('/v1/web/booking-options?county=07335').expect(200);
    expect(byKey.body).toMatchObject({ countyCode: '07335', hub: { name: 'Landstuhl, Bahnhof' } });
    const byStop = await h.http
      .get('/v1/web/booking-options')
      .query({ stopId: h.stop('eva-8003481') })
      .expect(200);
    expect(byStop.body).toMatchObject({ countyCode: '07336', hub: { name: 'Kusel, Bahnhof' } });
    const none = await h.http.get('/v1/web/booking-options').expect(422);
    expect(none.body.errors[0]).toMatchObject({ field: 'county', code: 'required' });
    await h.http.get('/v1/web/booking-options?county=09999').expect(404);
  });

  it("lists each county's transport office with its booking phone, the county set up first first", async () => {
    const areas = h.ds.getRepository(ServiceAreaEntity);
    await h.ds.query('UPDATE service_areas SET booking_phone = NULL');
    expect((await h.http.get('/v1/web/offices').expect(200)).body).toEqual([]);
    await areas.update({ countyId: kl.countyId }, { bookingPhone: '+496317105100' });
    const kusel = await h.ds.getRepository(CountyEntity).findOneByOrFail({ code: '07336' });
    await areas.update({ countyId: kusel.id }, { bookingPhone: '+496381424123' });
    const res = await h.http.get('/v1/web/offices').expect(200);
    expect(res.body).toEqual([
      {
        countyCode: '07336',
        name: kusel.name,
        bookingPhone: { e164: '+496381424123', display: '06381 424123' },
      },
      {
        countyCode: '07335',
        name: 'Landkreis Kaiserslautern',
        bookingPhone: { e164: '+496317105100', display: '0631 7105100' },
      },
    ]);
    // the booking options of a stop's county carry the same number
    const byStop = await h.http
      .get('/v1/web/booking-options')
      .query({ stopId: kl.stopIds.get('eva-8003515') })
      .expect(200);
    expect(byStop.body.bookingPhone).toEqual(res.body[1].bookingPhone);
  });

  it("the road network for a county is the shared network cut to the county's surroundings", async () => {
    const all = (await h.http.get('/v1/web/road-network').expect(200)).body.features.length;
    const kusel = (await h.http.get('/v1/web/road-network?county=07336').expect(200)).body;
    const kaiserslautern = (await h.http.get('/v1/web/road-network?county=07335').expect(200)).body;
    expect(kaiserslautern.features.length).toBeGreaterThan(0);
    expect(kaiserslautern.features.length).toBeLessThan(kusel.features.length);
    expect(kusel.features.length).toBeLessThanOrEqual(all);
  });

  it("the console's road map is the signed-in office's county, not the whole network", async () => {
    const roads = async (t: string, county?: string) =>
      (
        await h.http
          .get('/v1/admin/console/road-network')
          .set({ ...auth(t), ...(county ? { 'x-county-id': county } : {}) })
          .expect(200)
      ).body.features.length as number;
    const count = async (q: string) =>
      (await h.http.get(`/v1/web/road-network${q}`).expect(200)).body.features.length as number;
    const opKl = await token({ role: 'operator', countyCode: '07335' });
    const opKusel = await token({ role: 'operator', countyCode: '07336' });
    const admin = await token({ role: 'admin' });
    const kl07335 = await count('?county=07335');
    expect(kl07335).toBeLessThan(await count(''));
    expect(await roads(opKl.token)).toBe(kl07335);
    expect(await roads(opKusel.token)).toBe(await count('?county=07336'));
    expect(await roads(admin.token, kl.countyId)).toBe(kl07335);
    expect(await roads(admin.token)).toBe(await count(''));
    await h.http.get('/v1/admin/console/road-network').expect(401);
  });

  it('a dev token names its county when there are several; an admin without one sees all', async () => {
    const res = await h.http.post('/v1/dev/tokens').send({ role: 'operator' }).expect(422);
    expect(res.body.errors[0].field).toBe('countyCode');
    const admin = await h.http.post('/v1/dev/tokens').send({ role: 'admin' }).expect(201);
    expect(admin.body.countyId).toBeNull();
  });

  it('a sign-in code needs no county: a known rider signs in to their own county', async () => {
    const sent: Array<{ to: string; code: string }> = [];
    jest
      .spyOn(h.app.get(SmsSenderPort), 'send')
      .mockImplementation(
        async (to: string, text: string) =>
          void sent.push({ to, code: /\b(\d{6})\b/.exec(text)![1] }),
      );
    const rider = await h.ds
      .getRepository(RiderEntity)
      .save({ countyId: kl.countyId, name: 'Ramsteinerin', phone: '+4915123450777', needs: [] });
    await h.http.post('/v1/auth/otp').send({ phone: '0151 2345 0777' }).expect(202);
    const signedIn = await h.http
      .post('/v1/auth/otp/verify')
      .send({ phone: '0151 2345 0777', code: sent[sent.length - 1].code })
      .expect(200);
    expect(signedIn.body.subject).toBe(rider.id);
    const claims = JSON.parse(
      Buffer.from(signedIn.body.token.split('.')[1], 'base64url').toString('utf8'),
    );
    expect(JSON.stringify(claims)).toContain(kl.countyId);
  });

  it('a new rider signing in without a county stays with the county set up first, not the lowest key', async () => {
    // Kaiserslautern (07335) was added after Kusel (07336): the rider app, which names no
    // county, once registered every new villager there, in the other office's rider list.
    const sent: string[] = [];
    jest
      .spyOn(h.app.get(SmsSenderPort), 'send')
      .mockImplementation(async (_to: string, text: string) => {
        sent.push(/\b(\d{6})\b/.exec(text)![1]);
      });
    const phone = '0151 2345 0888';
    await h.http.post('/v1/auth/otp').send({ phone }).expect(202);
    const signedIn = await h.http
      .post('/v1/auth/otp/verify')
      .send({ phone, code: sent.at(-1) })
      .expect(200);
    const kusel = await h.ds.getRepository(CountyEntity).findOneByOrFail({ code: '07336' });
    const rider = await h.ds.getRepository(RiderEntity).findOneByOrFail({
      id: signedIn.body.subject,
    });
    expect(rider.countyId).toBe(kusel.id);
    const opKl = await token({ role: 'operator', countyCode: '07335' });
    await h.http.get(`/v1/admin/riders/${rider.id}`).set(auth(opKl.token)).expect(404);
  });

  it("a rider books in another county: that county's office sees the ride, their own does not", async () => {
    const rider = await token({ role: 'rider', countyCode: '07336', name: 'Pendlerin' });
    const res = await h.http
      .post('/v1/bookings')
      .set(auth(rider.token))
      .send({
        fromStopId: kl.stopIds.get('ags-07335038'), // Ramstein-Miesenbach
        toStopId: kl.stopIds.get('eva-8003515'), // Landstuhl, Bahnhof
        timeKind: 'depart_at',
        time: nextWeekdayAt('09:00').toISOString(),
        passengers: 1,
      })
      .expect(201);
    const id = res.body.id;
    const opKl = await token({ role: 'operator', countyCode: '07335' });
    const opKusel = await token({ role: 'operator', countyCode: '07336' });
    await h.http.get(`/v1/bookings/${id}`).set(auth(opKl.token)).expect(200);
    await h.http.get(`/v1/bookings/${id}`).set(auth(opKusel.token)).expect(404);
    const listKl = await h.http.get('/v1/bookings').set(auth(opKl.token)).expect(200);
    expect(listKl.body.items.map((b: { id: string }) => b.id)).toContain(id);
    const listKusel = await h.http.get('/v1/bookings').set(auth(opKusel.token)).expect(200);
    expect(listKusel.body.items.map((b: { id: string }) => b.id)).not.toContain(id);
    await h.http.get(`/v1/bookings/${id}`).set(auth(rider.token)).expect(200);
    // one ride does not cross counties
    const cross = await h.http
      .post('/v1/bookings')
      .set(auth(rider.token))
      .send({
        fromStopId: kl.stopIds.get('ags-07335038'),
        toStopId: h.stop('eva-8003481'),
        timeKind: 'depart_at',
        time: nextWeekdayAt('09:00').toISOString(),
        passengers: 1,
      })
      .expect(422);
    expect(cross.body.errors[0].field).toBe('toStopId');
  });
});
