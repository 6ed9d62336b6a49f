import { CountyRoadNetworksService } from '@app/application';
import { addCounty, CountyDataError } from '@app/kusel-data';
import { CountyEntity, ServiceAreaEntity } from '@app/persistence';
import { EmbeddedRoutingAdapter, RoutingPort, StopMatrixCache } from '@app/routing';
import { copyFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BookingApiHarness, startBookingApi } from '../support/booking-api-harness';
import {
  KUSEL_SYNTHETIC_OSM,
  KUSEL_TRIP as KUSEL,
  ZWEIBRUECKEN_BOX as ZW_BOX,
  ZWEIBRUECKEN_OSM,
  ZWEIBRUECKEN_TRIP as ZW,
} from '../support/road-files';

const KL = {
  ags: '07335',
  name: 'Landkreis Kaiserslautern',
  municipalitiesFile: 'data/kaiserslautern/municipalities.csv',
  stationsFile: 'data/kaiserslautern/rail_stations.csv',
};
/**
 * A county with its own road file (`county:add --osm FILE`) next to Kusel on the installation's
 * file: the embedded router answers a route inside each county on that county's network, and the
 * county's road map is its own file.
 */
describe("a county's own road file", () => {
  let h: BookingApiHarness;
  let own: EmbeddedRoutingAdapter;
  let shared: EmbeddedRoutingAdapter;

  beforeAll(async () => {
    h = await startBookingApi();
    own = await EmbeddedRoutingAdapter.fromOsmFile(ZWEIBRUECKEN_OSM);
    shared = await EmbeddedRoutingAdapter.fromOsmFile(KUSEL_SYNTHETIC_OSM);
  }, 60_000);
  afterAll(() => h?.close());

  it('county:add refuses a road file that is not there, naming the option', async () => {
    await expect(addCounty(h.ds, { ...KL, osmFile: 'data/osm/nowhere.osm' })).rejects.toThrow(
      CountyDataError,
    );
    await expect(addCounty(h.ds, { ...KL, osmFile: 'data/osm/nowhere.osm' })).rejects.toThrow(
      /field "osm": no such file/,
    );
  });

  it('routes inside each county on its own network, and serves its road map', async () => {
    const kl = await addCounty(h.ds, { ...KL, osmFile: ZWEIBRUECKEN_OSM });
    expect(
      await h.ds.getRepository(CountyEntity).findOneByOrFail({ id: kl.countyId }),
    ).toMatchObject({ osmFile: ZWEIBRUECKEN_OSM });
    await h.ds
      .getRepository(ServiceAreaEntity)
      .update({ id: kl.serviceAreaId }, { geometry: ZW_BOX });
    await h.app.get(CountyRoadNetworksService).refresh();

    const routing = h.app.get(RoutingPort);
    const inKl = await routing.route(ZW);
    expect(inKl).toEqual(await own.route(ZW));
    expect(inKl.distanceM).toBeGreaterThan(1000);
    // the installation's file has no road there
    expect(await shared.route(ZW).catch((e: Error) => e)).not.toEqual(inKl);
    expect(await routing.table(ZW, ZW)).toEqual(await own.table(ZW, ZW));
    expect(await routing.route(KUSEL)).toEqual(await shared.route(KUSEL));

    const map = (await h.http.get('/v1/web/road-network?county=07335').expect(200)).body;
    expect(map.features.length).toBeGreaterThan(100);
    // OpenStreetMap's roads: the maps must credit OpenStreetMap (ODbL); the shared synthetic
    // network of the tests is invented and must not pass for real roads.
    expect(map.source).toBe('openstreetmap');
    expect((await h.http.get('/v1/web/road-network').expect(200)).body.source).toBe('synthetic');
    for (const f of map.features as Array<{ geometry: { coordinates: [number, number][] } }>)
      for (const [lon, lat] of f.geometry.coordinates) {
        expect(lon).toBeGreaterThan(7.2);
        expect(lon).toBeLessThan(7.5);
        expect(lat).toBeGreaterThan(49.1);
        expect(lat).toBeLessThan(49.4);
      }
  });

  it("picks up a running county's changed road file at its next look, no restart", async () => {
    const routing = h.app.get(RoutingPort);
    const matrix = h.app.get(StopMatrixCache);
    const refresh = () => h.app.get(CountyRoadNetworksService).refresh();
    const stops = ZW.map((p, i) => ({ id: `zw-${i}`, ...p }));
    const onOwn = (await own.table(ZW, ZW)).durationsS;
    const notOwn = async () => {
      expect(await routing.route(ZW).catch((e: Error) => e)).not.toEqual(await own.route(ZW));
      // Asked again on the new roads (which have none here), not the times kept from before.
      const times = await matrix.matrix(stops).then(
        (m) => m.durationsS,
        (e: Error) => e.message,
      );
      expect(times).not.toEqual(onOwn);
    };
    const roadMapLats = async () =>
      (
        (await h.http.get('/v1/web/road-network?county=07335').expect(200)).body.features as Array<{
          geometry: { coordinates: [number, number][] };
        }>
      ).flatMap((f) => f.geometry.coordinates.map(([, lat]) => lat));
    /** county:add --osm FILE once more; its area is put back on the extract's box. */
    const addAgain = async (osmFile: string) => {
      const kl = await addCounty(h.ds, { ...KL, osmFile });
      await h.ds
        .getRepository(ServiceAreaEntity)
        .update({ id: kl.serviceAreaId }, { geometry: ZW_BOX });
    };
    // As the previous test left it: on Zweibrücken's roads, travel times cached.
    expect((await matrix.matrix(stops)).durationsS).toEqual(onOwn);

    // county:add --osm again with another file.
    await addAgain(KUSEL_SYNTHETIC_OSM);
    await refresh();
    await notOwn();
    expect(Math.max(...(await roadMapLats()))).toBeGreaterThan(49.4);

    // The file replaced in place under the same name.
    const file = join(mkdtempSync(join(tmpdir(), 'county-roads-')), 'kaiserslautern.osm');
    copyFileSync(ZWEIBRUECKEN_OSM, file);
    await addAgain(file);
    await refresh();
    expect(await routing.route(ZW)).toEqual(await own.route(ZW));
    expect((await matrix.matrix(stops)).durationsS).toEqual(onOwn);
    expect(Math.max(...(await roadMapLats()))).toBeLessThan(49.4);
    copyFileSync(KUSEL_SYNTHETIC_OSM, file);
    await refresh();
    await notOwn();
    expect(Math.max(...(await roadMapLats()))).toBeGreaterThan(49.4);
  });
});
