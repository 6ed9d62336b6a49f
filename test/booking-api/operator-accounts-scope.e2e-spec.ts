import { createOperatorAccount } from '@app/application';
import { TokenService } from '@app/auth';
import { addCounty } from '@app/kusel-data';
import { OperatorAccountEntity } from '@app/persistence';
import { BookingApiHarness, startBookingApi } from '../support/booking-api-harness';
import { signedInLocalAccount } from '../support/local-office-account';
import { KAISERSLAUTERN } from '../support/second-county';

/**
 * Who manages which office accounts: an admin of one county the accounts of its county, and
 * only an admin of every county accounts without a county (admins of every county) or of
 * several counties. Kusel (07336) and Landkreis Kaiserslautern (07335) on one installation.
 */
describe('office accounts stay in the county of the admin managing them', () => {
  let h: BookingApiHarness;
  let klCountyId: string;
  let klAdmin: { token: string; accountId: string };
  let globalAdmin: string;
  let kuselOperatorId: string;
  const auth = (t: string, county?: string) => ({
    Authorization: `Bearer ${t}`,
    ...(county ? { 'X-County-Id': county } : {}),
  });
  const accounts = () => h.ds.getRepository(OperatorAccountEntity);

  beforeAll(async () => {
    h = await startBookingApi();
    klCountyId = (await addCounty(h.ds, KAISERSLAUTERN)).countyId;
    klAdmin = await signedInLocalAccount(h, {
      email: 'admin@kreis-kl.de',
      role: 'admin',
      countyCode: '07335',
    });
    globalAdmin = h.app.get(TokenService).sign({ sub: 'it-1', role: 'admin', name: 'IT' });
    kuselOperatorId = (
      await createOperatorAccount(h.ds, {
        email: 'leitstelle@kv-kusel.de',
        role: 'operator',
        countyCode: '07336',
      })
    ).account.id;
  });
  afterAll(() => h?.close());

  it('never lets a county admin create an admin of every county or an account of another county', async () => {
    const global = await h.http
      .post('/v1/admin/operators')
      .set(auth(klAdmin.token))
      .send({ email: 'evil-global@kl.de', role: 'admin' })
      .expect(403);
    expect(global.body.message).toMatch(/every county/);
    expect(global.body).not.toHaveProperty('password');
    const elsewhere = await h.http
      .post('/v1/admin/operators')
      .set(auth(klAdmin.token))
      .send({ email: 'evil-kusel@kl.de', role: 'operator', countyCode: '07336' })
      .expect(403);
    expect(elsewhere.body.message).toMatch(/07336/);
    expect(
      await accounts().countBy([{ email: 'evil-global@kl.de' }, { email: 'evil-kusel@kl.de' }]),
    ).toBe(0);

    const own = await h.http
      .post('/v1/admin/operators')
      .set(auth(klAdmin.token))
      .send({ email: 'disponent@kreis-kl.de', role: 'operator', countyCode: '07335' })
      .expect(201);
    expect(own.body.account).toMatchObject({ role: 'operator', countyId: klCountyId });
  });

  it("lists only its own county's accounts to a county admin", async () => {
    const res = await h.http.get('/v1/admin/operators').set(auth(klAdmin.token)).expect(200);
    expect(res.body.length).toBeGreaterThan(0);
    expect(res.body.every((a: { countyId: string }) => a.countyId === klCountyId)).toBe(true);
  });

  it("refuses a county admin switching off another county's account, and files its own under its county", async () => {
    const refused = await h.http
      .patch(`/v1/admin/operators/${kuselOperatorId}`)
      .set(auth(klAdmin.token))
      .send({ active: false })
      .expect(404);
    expect(refused.body.message).toMatch(/operator account/);
    expect((await accounts().findOneByOrFail({ id: kuselOperatorId })).active).toBe(true);

    const colleague = await accounts().findOneByOrFail({ email: 'disponent@kreis-kl.de' });
    await h.http
      .patch(`/v1/admin/operators/${colleague.id}`)
      .set(auth(klAdmin.token))
      .send({ active: false })
      .expect(200);
    const trail = await h.http
      .get('/v1/admin/audit?entityType=operator_account')
      .set(auth(globalAdmin))
      .expect(200);
    expect(trail.body.items.map((e: { countyId: string }) => e.countyId)).toEqual([
      klCountyId,
      klCountyId,
    ]);
  });

  it('lets an admin of every county manage every county, and act for one through X-County-Id', async () => {
    const global = await h.http
      .post('/v1/admin/operators')
      .set(auth(globalAdmin))
      .send({ email: 'zweite-it@land.de', role: 'admin' })
      .expect(201);
    expect(global.body.account.countyId).toBeNull();
    await h.http
      .post('/v1/admin/operators')
      .set(auth(globalAdmin))
      .send({ email: 'fahrdienst@kv-kusel.de', role: 'operator', countyCode: '07336' })
      .expect(201);
    await h.http
      .patch(`/v1/admin/operators/${kuselOperatorId}`)
      .set(auth(globalAdmin))
      .send({ active: false })
      .expect(200);
    const all = await h.http.get('/v1/admin/operators').set(auth(globalAdmin)).expect(200);
    expect(new Set(all.body.map((a: { countyId: string | null }) => a.countyId))).toEqual(
      new Set([null, klCountyId, h.seed.countyId]),
    );

    // Acting for Kaiserslautern, it manages Kaiserslautern's accounts only.
    const acting = await h.http
      .get('/v1/admin/operators')
      .set(auth(globalAdmin, klCountyId))
      .expect(200);
    expect(acting.body.every((a: { countyId: string }) => a.countyId === klCountyId)).toBe(true);
    await h.http
      .post('/v1/admin/operators')
      .set(auth(globalAdmin, klCountyId))
      .send({ email: 'quer@kv-kusel.de', role: 'operator', countyCode: '07336' })
      .expect(403);

    // Each entry is filed under the county of the account it concerns.
    const trail = await h.http
      .get('/v1/admin/audit?entityType=operator_account&actor=it-1')
      .set(auth(globalAdmin))
      .expect(200);
    const countyOf = (id: string) =>
      trail.body.items.find((e: { entityId: string }) => e.entityId === id)?.countyId;
    expect(countyOf(global.body.account.id)).toBeNull();
    expect(countyOf(kuselOperatorId)).toBe(h.seed.countyId);
  });
});
